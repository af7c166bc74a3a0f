"""`presensi attendance correct`: a day's time corrected from the command line, for an admin."""

from __future__ import annotations

import sqlite3

import pytest
import time_machine
from sqlalchemy import text

from tests.e2e.conftest import load_example
from tests.e2e.test_cli_attendance import NOW, ORG, STAFF

ADMIN = "198203252008012004"  # setda admin: administers STAFF's unit
NURSE = "199203152023212003"  # pkm-sungai-penuh: not in the admin's unit
GOOD = ("--date", "2026-11-24", "--direction", "masuk", "--at", "07:25")


@pytest.fixture
def run(cli):
    with time_machine.travel(NOW, tick=False):
        load_example(cli)
        code, _, err = cli(
            "attendance", "manual", STAFF, "--org", ORG, "--direction", "masuk",
            "--at", "2026-11-24 07:45", "--reason", "lupa_hp",
        )  # fmt: skip
        assert code == 0, err
        yield cli


def correct(run, *extra: str, who: str = STAFF):
    return run("attendance", "correct", who, "--org", ORG, *extra)


def records(run) -> list[tuple]:
    with sqlite3.connect(run.database) as connection:
        query = "SELECT id, outcome, minutes, source, corrects_id, reason FROM attendance"
        return connection.execute(query + " ORDER BY id").fetchall()


def test_a_late_check_in_corrected_to_on_time(run):
    code, out, err = correct(run, *GOOD, "--reason", "antrean mesin", "--by", ADMIN)

    assert (code, err) == (0, "")
    assert out == (
        "corrected: Dewi Lestari A.Md in 2026-11-24 from record 1 to 07:25 WIB (on_time), "
        "record 2; the day is marked revised\n"
    )
    old, new = records(run)
    assert old[1:3] == ("late", 15)
    assert new[1:] == ("on_time", 0, "correction", 1, "antrean mesin")
    with sqlite3.connect(run.database) as connection:
        actor = connection.execute(
            "SELECT actor FROM audit_log WHERE action = 'attendance.correct'"
        ).fetchone()[0]
    assert actor.startswith("employee:")


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (("--date", "24-11-2026", *GOOD[2:], "--reason", "x", "--by", ADMIN), "cannot read --date"),
        ((*GOOD[:4], "--at", "7.25", "--reason", "x", "--by", ADMIN), "cannot read --at '7.25'"),
        ((*GOOD[:4], "--at", "07:5", "--reason", "x", "--by", ADMIN), "cannot read --at '07:5'"),
        (("--date", "0001-01-01", *GOOD[2:], "--reason", "x", "--by", ADMIN), "cannot read --date"),
        ((*GOOD[:2], "--direction", "datang", *GOOD[4:], "--reason", "x", "--by", ADMIN),
         "unknown direction 'datang'"),
        (("--date", "2026-11-25", *GOOD[2:], "--reason", "x", "--by", ADMIN),
         "2026-11-25 has not come yet"),
        (("--date", "2026-11-23", *GOOD[2:], "--reason", "x", "--by", ADMIN),
         "has no such record on 2026-11-23"),
        ((*GOOD, "--reason", " ", "--by", ADMIN), "a correction needs a --reason"),
        ((*GOOD, "--reason", "x", "--by", STAFF), "does not administer"),
        ((*GOOD, "--reason", "x", "--by", "199611302022032099"), "no employee 199611302022032099"),
        ((*GOOD[:4], "--at", "07:45", "--reason", "x", "--by", ADMIN), "already at 07:45"),
        ((*GOOD[:4], "--at", "05:00", "--reason", "x", "--by", ADMIN), "not corrected: that time"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_1(run, extra, said):
    code, out, err = correct(run, *extra)

    assert code == 1 and out == ""
    assert err.startswith("error: ") and said in err and err.count("\n") == 1, err
    assert len(records(run)) == 1


def test_an_employee_outside_the_admins_units(run):
    code, _, err = correct(run, *GOOD, "--reason", "x", "--by", ADMIN, who=NURSE)
    assert code == 1 and "does not administer" in err


def test_on_postgresql(pg_cli):
    with time_machine.travel(NOW, tick=False):
        load_example(pg_cli)
        pg_cli(
            "attendance", "manual", STAFF, "--org", ORG, "--direction", "masuk",
            "--at", "2026-11-24 07:45", "--reason", "lupa_hp",
        )  # fmt: skip
        code, out, err = correct(pg_cli, *GOOD, "--reason", "salah", "--by", ADMIN)

    assert (code, err) == (0, "") and "(on_time)" in out
    with pg_cli.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT source, outcome, corrects_id IS NOT NULL FROM attendance ORDER BY id")
        ).all()
    assert [tuple(r) for r in rows] == [("manual", "late", False), ("correction", "on_time", True)]
