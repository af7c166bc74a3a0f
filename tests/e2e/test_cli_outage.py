"""`presensi attendance outage`: the system was down; that period's fallbacks are outside the
quota, and a "server down" fallback needs such a declaration.

Perwal Sungai Penuh 12/2023 Pasal 6 ayat (4): while the online attendance cannot be used, manual
attendance replaces it; Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (1) huruf c: the server down.
"""

from __future__ import annotations

import sqlite3

import pytest
import time_machine

from tests.e2e.conftest import load_example
from tests.e2e.test_cli_attendance import NOW, ORG, manual

PERIOD = ("--from", "2026-11-24 07:00", "--to", "2026-11-24 07:50")
AT_0730 = ("--direction", "masuk", "--at", "2026-11-24 07:30", "--reason", "server_mati")


@pytest.fixture
def run(cli):
    with time_machine.travel(NOW, tick=False):
        load_example(cli)
        yield cli


def outage(run, *extra: str):
    return run("attendance", "outage", "--org", ORG, *extra)


def test_a_server_down_fallback_needs_a_declared_outage(run):
    before = manual(
        run, "--direction", "masuk", "--at", "2026-11-24 07:30", "--reason", "server_mati"
    )
    assert before[0] == 1 and "no outage was declared at 07:30" in before[2]

    code, out, err = outage(run, *PERIOD, "--reason", "listrik padam", "--unit", "setda")
    assert (code, err) == (0, "")
    assert out == (
        "declared: outage 1 of pemkot-sungai-penuh from 2026-11-24 07:00 to 2026-11-24 07:50 "
        "(setda); fallbacks then are outside the quota\n"
    )
    after = manual(
        run, "--direction", "masuk", "--at", "2026-11-24 07:30", "--reason", "server_mati"
    )
    assert after[0] == 0 and "(server_down): on_time" in after[1]
    with sqlite3.connect(run.database) as connection:
        evidence = connection.execute("SELECT evidence FROM attendance").fetchone()[0]
        actions = {a for (a,) in connection.execute("SELECT action FROM audit_log")}
    assert '"outage": 1' in evidence and "outage.declare" in actions


def test_an_outage_of_another_unit_does_not_cover_the_employee(run):
    outage(run, *PERIOD, "--reason", "jaringan", "--unit", "dinkes")
    refused = manual(
        run, "--direction", "masuk", "--at", "2026-11-24 07:30", "--reason", "server_mati"
    )
    assert refused[0] == 1 and "no outage was declared" in refused[2]


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (("--from", "2026-11-24 08:00", "--to", "2026-11-24 07:00", "--reason", "x"),
         "--to must come after --from"),
        (("--from", "2026-11-10 07:00", "--to", "2026-11-24 07:00", "--reason", "x"),
         "more than 7 days"),
        (("--from", "2026-11-24 09:00", "--to", "2026-11-24 10:00", "--reason", "x"),
         "declared once it has begun"),
        ((*PERIOD, "--reason", "x", "--unit", "nowhere"), "no unit 'nowhere'"),
        ((*PERIOD, "--reason", " "), "needs a --reason"),
        (("--from", "24-11-2026 07:00", "--to", "2026-11-24 07:50", "--reason", "x"),
         "cannot read --from '24-11-2026 07:00'"),
    ],
)  # fmt: skip
def test_bad_declarations_are_one_line_and_write_nothing(run, extra, said):
    code, out, err = outage(run, *extra)
    assert code == 1 and out == "" and said in err and err.count("\n") == 1, err
    with sqlite3.connect(run.database) as connection:
        assert connection.execute("SELECT count(*) FROM outages").fetchone()[0] == 0
