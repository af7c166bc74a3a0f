"""`presensi rota show`: a month's rota read back as a grid, employees by day.

Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf g: the pengelola "menentukan pengaturan
shift"; the example's Puskesmas Langara defines P, S, M (21:00-07:00) and L (off).
"""

from __future__ import annotations

import pytest

from tests.e2e.test_cli_rota import GOOD, ORG, rota
from tests.e2e.test_cli_rota import konkep as konkep_fixture

konkep = konkep_fixture  # the Konawe Kepulauan example with two Puskesmas staff


@pytest.fixture
def shown(konkep, tmp_path):
    path = rota(tmp_path, *GOOD)
    assert konkep("rota", "import", str(path), "--org", ORG, "--month", "2026-11")[0] == 0
    return konkep


def test_the_month_is_printed_as_a_grid_with_what_each_code_means(shown):
    code, out, err = shown("rota", "show", "--org", ORG, "--month", "2026-11")

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "rota pemkab-konkep 2026-11"
    assert lines[1].startswith("NIP/NIK             name              1  2  3  4  5  6")
    assert lines[2].strip().startswith("Su Mo Tu We Th Fr Sa")  # 1 November 2026 is a Sunday
    dots = "  ." * 25
    assert lines[3] == "198505052010011002  dr. La Ode Hasan  .  .  S  M  L" + dots  # by name
    assert lines[4] == "199001012015032001  Wa Ode Sitti      P  S  M  L  L" + dots
    assert lines[5] == (
        "codes: L day off; M 21:00-07:00 (+1); P 07:00-14:00; S 14:00-21:00; "
        ". the weekday's schedule"
    )


def test_a_unit_without_rota_entries_and_a_month_without_any(shown):
    code, out, _ = shown("rota", "show", "--org", ORG, "--month", "2026-11", "--unit", "setda")
    assert code == 0
    assert out == (
        "rota pemkab-konkep unit setda 2026-11: no rota entries; every day follows the "
        "weekday's schedule\n"
    )
    code, out, _ = shown("rota", "show", "--org", ORG, "--month", "2026-12")
    assert code == 0 and "no rota entries" in out
    code, out, _ = shown(
        "rota", "show", "--org", ORG, "--month", "2026-11", "--unit", "pkm-langara"
    )
    assert code == 0 and len(out.splitlines()) == 6


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--org", "nowhere", "--month", "2026-11"), "error: no organisation 'nowhere'\n"),
        (
            ("--org", ORG, "--month", "2026-13"),
            "error: bad month '2026-13': use YYYY-MM, e.g. 2026-11\n",
        ),
        (
            ("--org", ORG, "--month", "2026-11", "--unit", "entah"),
            "error: no unit 'entah' in pemkab-konkep\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_1(shown, args, said):
    code, out, err = shown("rota", "show", *args)
    assert (code, out, err) == (1, "", said)
