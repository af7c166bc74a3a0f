"""`presensi attendance manual`: a fallback record from the command line, one line per result."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import text

from tests.e2e.conftest import load_example

WIB = ZoneInfo("Asia/Jakarta")
ORG = "pemkot-sungai-penuh"
STAFF = "199611302022032007"  # setda CPNS
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=WIB)  # a Tuesday


@pytest.fixture
def run(cli):
    with time_machine.travel(NOW, tick=False):  # the staff join the day they are imported
        load_example(cli)
        yield cli


def manual(run, *extra: str):
    return run("attendance", "manual", STAFF, "--org", ORG, *extra)


def records(run) -> list[tuple]:
    with sqlite3.connect(run.database) as connection:
        query = "SELECT direction, outcome, minutes, source, evidence FROM attendance"
        return connection.execute(query).fetchall()


def test_a_late_check_in_from_the_fingerprint_machine(run):
    code, out, err = manual(
        run,
        "--direction",
        "masuk",
        "--at",
        "2026-11-24 07:45",
        "--reason",
        "lupa_hp",
        "--source",
        "fingerprint",
        "--note",
        "SK 800/12",
    )

    assert (code, err) == (0, "")
    assert out == (
        "recorded: Dewi Lestari A.Md in 2026-11-24 07:45 WIB fingerprint (phone_forgotten): "
        "late 15 min\n"
    )
    [(direction, outcome, minutes, source, evidence)] = records(run)
    assert (direction, outcome, minutes, source) == ("in", "late", 15, "fingerprint")
    assert '"note": "SK 800/12"' in evidence and '"phone_forgotten"' in evidence


def test_without_at_it_is_now_and_the_audit_names_the_cli(run):
    code, out, _ = manual(run, "--direction", "pulang", "--reason", "tanpa_sinyal")

    assert code == 0 and out.endswith("08:00 WIB manual (no_signal): left_early 480 min\n")
    with sqlite3.connect(run.database) as connection:
        actor = connection.execute(
            "SELECT actor FROM audit_log WHERE entity = 'attendance'"
        ).fetchone()
    assert actor == ("cli",)


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (("--direction", "datang", "--reason", "lupa_hp"), "unknown direction 'datang'"),
        (("--direction", "masuk", "--reason", "ngantuk"), "unknown reason 'ngantuk'"),
        (
            ("--direction", "masuk", "--reason", "lupa_hp", "--at", "2026-11-24 25:00"),
            "cannot read --at '2026-11-24 25:00'; write 'YYYY-MM-DD HH:MM'",
        ),
        (
            ("--direction", "masuk", "--reason", "lupa_hp", "--at", "2026-11-24 09:00"),
            "09:00 has not come yet",
        ),
        (
            ("--direction", "masuk", "--reason", "lupa_hp", "--at", "2026-11-24 07:5"),
            "cannot read --at '2026-11-24 07:5'",
        ),
        (
            ("--direction", "masuk", "--reason", "lupa_hp", "--at", "0001-01-01 07:30"),
            "cannot read --at '0001-01-01 07:30'",
        ),
        (
            ("--direction", "masuk", "--reason", "lupa_hp", "--at", "2026-11-20 07:30"),
            "only started on 2026-11-24",
        ),
        (
            ("--direction", "masuk", "--reason", "lupa_hp", "--source", "mesin"),
            "unknown source 'mesin'; use manual or fingerprint",
        ),
        (
            ("--direction", "masuk", "--reason", "lupa_hp", "--at", "2026-11-22 07:30"),
            "not recorded: that time is judged not_work_day",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_1(run, extra, said):
    code, out, err = manual(run, *extra)

    assert code == 1 and out == ""
    assert err.startswith("error: ") and said in err and err.count("\n") == 1
    assert records(run) == []


def test_an_unknown_employee_and_a_duplicate(run):
    unknown = run(
        "attendance", "manual", "199611302022032099", "--org", ORG,
        "--direction", "masuk", "--reason", "lupa_hp",
    )  # fmt: skip
    first = manual(run, "--direction", "masuk", "--at", "2026-11-24 07:40", "--reason", "lupa_hp")
    again = manual(run, "--direction", "masuk", "--at", "2026-11-24 07:50", "--reason", "lupa_hp")

    assert unknown[:2] == (1, "") and "no employee 199611302022032099" in unknown[2]
    assert first[0] == 0
    assert again[2] == (
        "error: Dewi Lestari A.Md already has an accepted in at 07:40 (manual) that day\n"
    )


def test_on_postgresql(pg_cli):
    with time_machine.travel(NOW, tick=False):
        load_example(pg_cli)
        code, out, err = pg_cli(
            "attendance", "manual", STAFF, "--org", ORG,
            "--direction", "masuk", "--at", "2026-11-24 07:30", "--reason", "tanpa_sinyal",
        )  # fmt: skip

    assert (code, err) == (0, "")
    assert out.endswith("07:30 WIB manual (no_signal): on_time\n")
    with pg_cli.engine.connect() as connection:
        row = connection.execute(text("SELECT source, outcome FROM attendance")).one()
    assert tuple(row) == ("manual", "on_time")


def test_the_daily_list_says_which_times_a_fallback_gave(run, tmp_path):
    manual(run, "--direction", "masuk", "--at", "2026-11-24 07:45", "--reason", "lupa_hp")
    with time_machine.travel(datetime(2026, 11, 24, 17, 0, tzinfo=WIB), tick=False):
        manual(
            run, "--direction", "pulang", "--at", "2026-11-24 16:05", "--reason", "lupa_hp",
            "--source", "fingerprint",
        )  # fmt: skip
        code, out, _ = run("recap", "--org", ORG, "--day", "2026-11-24", "--unit", "setda")
        table = tmp_path / "harian.csv"
        day = ("recap", "--org", ORG, "--day", "2026-11-24", "--unit", "setda", "--out")
        assert run(*day, str(table), "--lang", "en")[0] == 0

    assert code == 0
    assert "Dewi Lestari A.Md" in out and "(Masuk: manual; Pulang: sidik jari)" in out
    [dewi] = [
        r for r in csv.DictReader(io.StringIO(table.read_text())) if r["Name"].startswith("Dewi")
    ]
    assert dewi["Notes"] == "In: manual; Out: fingerprint"
