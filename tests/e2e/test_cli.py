"""The `presensi` command line as an admin uses it, on a real database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.conftest import count, load_example

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture
def loaded(cli):
    load_example(cli)
    return cli


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("org-*.yaml")))
def test_every_example_organisation_loads_and_reloads_unchanged(cli, name):
    cli("db", "upgrade")
    code, out, _ = cli("org", "load", str(EXAMPLES / name))
    assert code == 0 and " added" in out
    code, out, _ = cli("org", "load", str(EXAMPLES / name))
    assert code == 0 and ": 0 added, 0 updated," in out


def test_a_bad_organisation_file_names_field_and_line_and_writes_nothing(cli, tmp_path):
    cli("db", "upgrade")
    text = (EXAMPLES / "org-sungai-penuh.yaml").read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("radius_m: 60", "radius_m: 0"))
    code, _, err = cli("org", "load", str(bad))
    assert code == 1
    assert "line" in err and "radius" in err
    assert count(cli.database, "organisations") == 0
    assert count(cli.database, "audit_log") == 0


def test_employees_import_reports_every_bad_row_and_writes_nothing(cli, tmp_path):
    cli("db", "upgrade")
    cli("org", "load", str(EXAMPLES / "org-sungai-penuh.yaml"))
    lines = (EXAMPLES / "employees-sungai-penuh.csv").read_text().splitlines()
    lines.append(lines[2])  # the same NIP a second time
    lines.append("19780412200501100,,Short NIP,PNS,setda,,,,")
    bad = tmp_path / "staff.csv"
    bad.write_text("\n".join(lines) + "\n")
    before = count(cli.database, "audit_log")
    code, _, err = cli("employees", "import", str(bad), "--org", "pemkot-sungai-penuh")
    assert code == 1
    assert "line 15: nip" in err and "already on line 3" in err
    assert "line 16: nip: NIP must have 18 digits" in err
    assert count(cli.database, "employees") == 0
    assert count(cli.database, "audit_log") == before


def test_import_to_an_unknown_organisation_is_refused(cli):
    cli("db", "upgrade")
    code, _, err = cli(
        "employees", "import", str(EXAMPLES / "employees-sungai-penuh.csv"), "--org", "nowhere"
    )
    assert code == 1 and "no organisation 'nowhere'" in err


def verdict(cli, *args: str) -> dict:
    code, out, err = cli("policy", "check", *args)
    assert code == 0, err
    return json.loads(out)


# (preset, local time, direction, outcome, minutes, article) straight from each regulation.
WINDOWS = [
    ("dinkes-muba-dinas", "2026-11-24 07:30", "in", "on_time", 0, "Pasal 6 ayat (1) huruf a"),
    ("dinkes-muba-dinas", "2026-11-24 07:45", "in", "late", 15, "Pasal 6 ayat (3)"),
    ("dinkes-muba-dinas", "2026-11-27 16:10", "out", "left_early", 20, "Pasal 6 ayat (1) huruf b"),
    ("dinkes-muba-puskesmas", "2026-11-24 14:00", "out", "on_time", 0, "Pasal 6 ayat (2) huruf a"),
    ("dinkes-muba-puskesmas", "2026-11-28 07:10", "in", "on_time", 0, "Pasal 6 ayat (2) huruf a"),
    ("dinkes-muba-dinas", "2026-11-28 07:10", "in", "not_work_day", 0, "Pasal 6 ayat (1)"),
    ("sungai-penuh", "2026-11-24 06:59", "in", "too_early", 1, "Pasal 11 ayat (2)"),
    ("sungai-penuh", "2026-11-24 07:31", "in", "late", 1, "Pasal 11 ayat (7)"),
    ("sungai-penuh", "2026-11-24 16:31", "out", "late", 1, "Pasal 11 ayat (7)"),
    ("eoffice-muba", "2026-11-24 06:59", "in", "too_early", 1, "Pasal 7 ayat (6)"),
    ("eoffice-muba", "2026-11-24 17:31", "out", "outside_window", 0, "Pasal 7 ayat (7)"),
    ("balangan", "2026-11-24 08:05", "in", "on_time", 0, "Pasal 4 ayat (1)"),
    ("balangan", "2026-11-24 08:06", "in", "outside_window", 0, "Pasal 4 ayat (1)"),
    ("balangan", "2026-11-27 11:00", "out", "on_time", 0, "Pasal 4 ayat (4)"),
    ("balangan", "2026-11-23 08:20", "in", "on_time", 0, "Pasal 4 ayat (3)"),
    ("konawe-kepulauan", "2026-11-24 07:45", "in", "late", 15, ""),
]


@pytest.mark.parametrize(("preset", "when", "direction", "outcome", "minutes", "article"), WINDOWS)
def test_policy_check_gives_each_regulations_verdict_and_article(
    cli, preset, when, direction, outcome, minutes, article
):
    result = verdict(cli, "--preset", preset, "--at", when, "--direction", direction)
    assert (result["outcome"], result["minutes"]) == (outcome, minutes)
    assert article in result["rule"]["article"]


def test_policy_check_measures_the_radius_in_metres(cli):
    """Perwal Sungai Penuh 12/2023 Pasal 13: radius maksimal 30 (tiga puluh) meter."""
    office = "-2.06012,101.39531"
    inside = verdict(
        cli,
        "--preset",
        "sungai-penuh",
        "--site",
        office,
        "--position",
        "-2.06012,101.39557",
        "--at",
        "2026-11-24 07:10",
    )
    outside = verdict(
        cli,
        "--preset",
        "sungai-penuh",
        "--site",
        office,
        "--position",
        "-2.06012,101.39567",
        "--at",
        "2026-11-24 07:10",
    )
    assert inside["outcome"] == "on_time"
    # 0.00036 degrees of longitude at 2 S is 40.0 m on the ground: 10 m beyond the radius,
    # reported rounded up.
    assert outside["outcome"] == "outside_area" and 10 <= outside["distance_m"] <= 11
    assert outside["rule"]["article"] == "Pasal 13"


def test_policy_check_on_an_event_day_uses_the_event_site(cli):
    """Perbup Balangan 32/2020 Pasal 6 ayat (2): apel Senin at the event's location."""
    org = str(EXAMPLES / "org-balangan.yaml")
    code, _, err = cli("policy", "check", "--org", org, "--at", "2026-11-23 07:40")
    assert code == 1 and "--unit is needed" in err
    units = err.split(": ", 2)[-1].split(", ")
    result = verdict(
        cli, "--org", org, "--unit", units[0], "--at", "2026-11-23 07:40", "--position", "0.5,0.5"
    )
    assert (result["outcome"], result["event"]) == ("outside_area", "apel_gabungan")


def test_policy_check_against_the_stored_organisation(loaded):
    result = verdict(
        loaded,
        "--org",
        "pemkot-sungai-penuh",
        "--unit",
        "setda",
        "--at",
        "2026-11-24T00:35:00+00:00",
        "--position",
        "-2.06198,101.39280",
    )
    assert (result["outcome"], result["minutes"], result["zone"]) == ("late", 5, "Asia/Jakarta")


def test_policy_check_knows_national_holidays_by_preset_and_by_organisation(loaded):
    """Both routes judge with the same calendar: Christmas (Friday 2026-12-25) is a holiday."""
    by_preset = verdict(loaded, "--preset", "sungai-penuh", "--at", "2026-12-25 07:20")
    by_org = verdict(
        loaded, "--org", "pemkot-sungai-penuh", "--unit", "setda", "--at", "2026-12-25 07:20"
    )
    for result in (by_preset, by_org):
        assert (result["outcome"], result["accepted"]) == ("holiday", False)
        assert "Natal" in result["holiday"]
    workday = verdict(loaded, "--preset", "sungai-penuh", "--at", "2026-12-22 07:20")
    assert (workday["outcome"], workday["holiday"]) == ("on_time", None)


def test_policy_check_after_a_missed_apel_is_late_with_the_apel_named(cli):
    org = str(EXAMPLES / "org-sungai-penuh.yaml")
    monday = verdict(cli, "--org", org, "--unit", "setda", "--at", "2026-11-23 09:00")
    assert (monday["outcome"], monday["minutes"], monday["band"]) == ("late", 90, "TL3")
    assert (monday["missed_event"], monday["event"]) == ("apel_gabungan", None)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--preset", "jakarta", "--at", "2026-11-24 07:00"], "unknown preset 'jakarta'"),
        (["--preset", "sungai-penuh", "--at", "tomorrow"], "is not a time"),
        (
            ["--preset", "sungai-penuh", "--at", "2026-11-24 07:00", "--direction", "up"],
            "--direction must be",
        ),
        (
            [
                "--preset",
                "sungai-penuh",
                "--at",
                "2026-11-24 07:00",
                "--site",
                "91,101,30",
                "--position",
                "1,1",
            ],
            "latitude 91",
        ),
        (
            ["--preset", "sungai-penuh", "--at", "2026-11-24 07:00", "--param", "nope=1"],
            "no parameter 'nope'",
        ),
        (["--at", "2026-11-24 07:00"], "either --org or --preset"),
    ],
)
def test_policy_check_bad_input_gets_a_clear_error(cli, args, message):
    code, _, err = cli("policy", "check", *args)
    assert code == 1 and message in err


def test_audit_verify_passes_then_finds_tampering(loaded):
    code, out, _ = loaded("audit", "verify")
    assert code == 0 and "chain intact" in out
    with sqlite3.connect(loaded.database) as connection:
        connection.execute("UPDATE employees SET name = 'Ghost' WHERE id = 3")
    code, _, err = loaded("audit", "verify")
    assert code == 1 and "employees row 3 was edited" in err


def test_demo_plays_a_day_through_the_bot_and_prints_every_status(cli, tmp_path):
    code, out, err = cli(
        "demo", "--employees", "26", "--database", f"sqlite:///{tmp_path / 'demo.db'}"
    )
    assert code == 0, err
    transcript, _, table = out.partition("Status per pegawai")  # LANGUAGE defaults to id
    for seen in (
        "Akun terhubung",
        "tepat waktu",
        "bukan lokasi terkini",
        "di luar area",
        "DISETUJUI oleh",
        "▶ /rekap",
        "pulang 40 menit sebelum waktunya",
    ):
        assert seen in transcript, seen
    rows = [
        line
        for line in table.splitlines()
        if line.startswith(("bkpsdm ", "diskominfo ", "dinkes "))
    ]
    assert len(rows) == 26
    assert " Sakit " in table and " Tanpa Keterangan " in table and " Terlambat " in table
    assert "di luar area sejauh" in table  # refused attempts are listed with their distance
    assert out.rstrip().endswith("rantai utuh")  # the audit chain, in Bahasa Indonesia


def test_a_jabatan_column_is_stored_and_a_file_without_it_keeps_it(cli, tmp_path):
    cli("db", "upgrade")
    cli("org", "load", str(EXAMPLES / "org-sungai-penuh.yaml"))
    lines = (EXAMPLES / "employees-sungai-penuh.csv").read_text().splitlines()
    with_position = [lines[0] + ",jabatan"] + [f"{line},Analis SDM" for line in lines[1:]]
    path = tmp_path / "staff.csv"
    path.write_text("\n".join(with_position) + "\n")
    assert cli("employees", "import", str(path), "--org", "pemkot-sungai-penuh")[0] == 0
    path.write_text("\n".join(lines) + "\n")  # the next file has no jabatan column
    code, out, _ = cli("employees", "import", str(path), "--org", "pemkot-sungai-penuh")
    assert code == 0 and "0 updated" in out
    with sqlite3.connect(cli.database) as connection:
        positions = {p for (p,) in connection.execute("SELECT position FROM employees")}
    assert positions == {"Analis SDM"}
