"""`presensi demo` plays the same realistic day whenever it runs, for every size it accepts."""

from __future__ import annotations

import re

import pytest

UNITS = ("bkpsdm ", "diskominfo ", "dinkes ")


def play(cli, tmp_path, *options: str) -> tuple[int, str, str]:
    return cli("demo", "--database", f"sqlite:///{tmp_path / 'demo.db'}", *options)


def rows(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(UNITS)]


def check_outs(out: str) -> list[str]:
    """The check-out column of the status table (HH.MM or HH:MM, '-' when none)."""
    times = [re.findall(r"\b\d\d[.:]\d\d\b", line) for line in rows(out)]
    return [found[1] for found in times if len(found) == 2]


@pytest.mark.parametrize("size", [6, 7, 12, 18])
def test_a_small_demo_plays_every_size_the_option_accepts(cli, tmp_path, size):
    code, out, err = play(cli, tmp_path, "--employees", str(size))
    assert code == 0, err
    assert len(rows(out)) == size
    assert out.rstrip().endswith("rantai utuh")


def test_fewer_than_six_employees_is_refused_by_the_option(cli, tmp_path):
    code, _, err = play(cli, tmp_path, "--employees", "5")
    assert code != 0 and "--employees" in err


def test_the_default_day_is_a_fixed_tuesday(cli, tmp_path):
    code, out, err = play(cli, tmp_path, "--employees", "6")
    assert code == 0, err
    assert "Selasa, 24 November 2026" in out.splitlines()[0]


def test_a_friday_follows_the_friday_hours(cli, tmp_path):
    """Work ends 16:30 on a Friday: the staff leave after it, only the story's early leaver
    leaves before."""
    code, out, err = play(cli, tmp_path, "--employees", "26", "--day", "2026-11-27")
    assert code == 0, err
    leaving = check_outs(out)
    early = [t for t in leaving if t.replace(".", ":") < "16:30"]
    assert len(leaving) > 15 and len(early) == 1, leaving


@pytest.mark.parametrize(
    ("day", "why"),
    [("2026-11-28", "not a work day"), ("2026-12-25", "a holiday"), ("24/11/2026", "YYYY-MM-DD")],
)
def test_a_day_off_or_a_bad_date_is_refused_in_one_line(cli, tmp_path, day, why):
    code, out, err = play(cli, tmp_path, "--day", day)
    assert code == 1 and why in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_the_month_recap_of_the_demo_reads_like_a_real_month(cli, tmp_path, monkeypatch):
    assert play(cli, tmp_path, "--employees", "12")[0] == 0
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    from presensi.settings import get_settings

    get_settings.cache_clear()
    code, out, err = cli("recap", "--org", "demo-sungai-penuh", "--month", "2026-11")
    assert code == 0, err
    rates = [float(r.replace(",", ".")) for r in re.findall(r"(\d+[,.]\d+)%", out)]
    assert len(rates) == 3 and all(85 <= rate <= 100 for rate in rates), out
