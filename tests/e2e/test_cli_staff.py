"""`presensi employees transfer|deactivate`: a transfer from its effective day and a departure,
each a line on success and a one-line error (exit 1, nothing written) on bad input.

Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf c: the pengelola "merubah lokasi presensi
ASN yang mutase"; Pasal 17 ayat (1): "diberi waktu paling lama 1 (satu) minggu untuk
menyelesaikan pekerjaan di tempat yang lama".
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import create_engine, text

from tests.e2e.conftest import load_example

WIB = ZoneInfo("Asia/Jakarta")
ORG = "pemkot-sungai-penuh"
STAFF = "199611302022032007"  # Dewi Lestari, setda CPNS, imported (assigned) on NOW's day
HEAD = "197804122005011002"  # setda, on staff since 2024-01-02
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=WIB)  # a Tuesday


@pytest.fixture(params=["sqlite", "postgresql"])
def run(request):
    cli = request.getfixturevalue("cli" if request.param == "sqlite" else "pg_cli")
    if request.param == "sqlite":
        cli.engine = create_engine(f"sqlite:///{cli.database}")
    with time_machine.travel(NOW, tick=False):
        load_example(cli)
        yield cli
    if request.param == "sqlite":
        cli.engine.dispose()


def rows(run, sql: str) -> list[tuple]:
    with run.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


def snapshot(run) -> tuple:
    """Everything a staff change could write."""
    return (
        rows(run, "SELECT count(*) FROM audit_log"),
        rows(run, "SELECT employee_id, unit_id, valid_from FROM unit_assignments ORDER BY id"),
        rows(run, "SELECT id, unit_id, left_on, left_reason FROM employees ORDER BY id"),
    )


def unit_of(run, nip: str) -> str:
    [(code,)] = rows(
        run,
        "SELECT u.code FROM employees e JOIN units u ON u.id = e.unit_id "
        f"WHERE e.identifier = '{nip}'",
    )
    return code


def test_a_transfer_in_force_today_moves_the_employee_and_is_audited(run):
    code, out, err = run(
        "employees", "transfer", STAFF, "--org", ORG, "--unit", "bkpsdm", "--from", "2026-11-24"
    )

    assert (code, err) == (0, "")
    assert out == (
        "transferred: Dewi Lestari A.Md from setda to bkpsdm from 2026-11-24 (in force now)\n"
    )
    assert unit_of(run, STAFF) == "bkpsdm"
    actions = rows(run, "SELECT action, actor FROM audit_log WHERE action = 'employee.transfer'")
    assert actions == [("employee.transfer", "cli")] * 2  # the assignment and the employee


def test_a_transfer_ahead_of_its_day_takes_effect_on_that_day(run):
    code, out, _ = run(
        "employees", "transfer", STAFF, "--org", ORG, "--unit", "dinkes", "--from", "2026-12-01"
    )

    assert code == 0 and out.endswith("from 2026-12-01 (in force on that day)\n")
    assert unit_of(run, STAFF) == "setda"  # still there until the 1st
    last = rows(run, "SELECT valid_from FROM unit_assignments ORDER BY id")[-1][0]
    assert str(last) == "2026-12-01"
    with time_machine.travel(datetime(2026, 12, 1, 7, 0, tzinfo=WIB), tick=False):
        # The next staff command settles the transfers whose day has come.
        code, _, err = run(
            "employees", "transfer", HEAD, "--org", ORG, "--unit", "bkpsdm", "--from", "2026-12-01"
        )
    assert (code, err) == (0, "")
    assert (unit_of(run, STAFF), unit_of(run, HEAD)) == ("dinkes", "bkpsdm")


def test_deactivating_records_the_day_and_the_reason(run):
    code, out, err = run(
        "employees", "deactivate", STAFF, "--org", ORG, "--on", "2026-12-01", "--reason", "pensiun"
    )

    assert (code, err) == (0, "")
    assert out == (
        "deactivated: Dewi Lestari A.Md from 2026-12-01 (pensiun); past days stay in the recaps\n"
    )
    [(left_on, reason)] = rows(
        run, f"SELECT left_on, left_reason FROM employees WHERE identifier = '{STAFF}'"
    )
    assert (str(left_on), reason) == ("2026-12-01", "pensiun")
    assert rows(run, "SELECT actor FROM audit_log WHERE action = 'employee.deactivate'") == [
        ("cli",)
    ]


def transfer(*extra: str) -> tuple[str, ...]:
    return ("employees", "transfer", *extra)


def deactivate(*extra: str) -> tuple[str, ...]:
    return ("employees", "deactivate", *extra)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            transfer(
                "199001012020121001", "--org", ORG, "--unit", "bkpsdm", "--from", "2026-12-01"
            ),
            "error: no employee 199001012020121001 in organisation 'pemkot-sungai-penuh'",
        ),
        (
            transfer(STAFF, "--org", ORG, "--unit", "dishub", "--from", "2026-12-01"),
            "error: no unit 'dishub' in the organisation",
        ),
        (
            transfer(STAFF, "--org", ORG, "--unit", "setda", "--from", "2026-12-01"),
            "error: Dewi Lestari A.Md is already assigned to setda",
        ),
        (
            transfer(STAFF, "--org", ORG, "--unit", "bkpsdm", "--from", "2026-11-23"),
            "error: --from 2026-11-23 is before Dewi Lestari A.Md's current assignment began "
            "(2026-11-24)",
        ),
        (
            transfer(STAFF, "--org", ORG, "--unit", "bkpsdm", "--from", "1 Desember"),
            "error: cannot read --from '1 Desember'; write YYYY-MM-DD",
        ),
        (
            deactivate(STAFF, "--org", ORG, "--on", "2026-12-01", "--reason", "cuti"),
            "error: unknown reason 'cuti'; use pensiun, diberhentikan, pindah_keluar, meninggal",
        ),
        (
            deactivate(STAFF, "--org", ORG, "--on", "2026-13-01", "--reason", "pensiun"),
            "error: cannot read --on '2026-13-01'; write YYYY-MM-DD",
        ),
        (
            deactivate(
                "199001012020121001", "--org", ORG, "--on", "2026-12-01", "--reason", "pensiun"
            ),
            "error: no employee 199001012020121001 in organisation 'pemkot-sungai-penuh'",
        ),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(run, args, said):
    before = snapshot(run)

    code, out, err = run(*args)

    assert (code, out, err) == (1, "", said + "\n")
    assert snapshot(run) == before


def test_deactivating_twice_is_refused_and_writes_nothing(run):
    first = deactivate(STAFF, "--org", ORG, "--on", "2026-12-01", "--reason", "pindah_keluar")
    assert run(*first)[0] == 0
    before = snapshot(run)

    code, out, err = run(
        *deactivate(STAFF, "--org", ORG, "--on", "2026-12-05", "--reason", "pensiun")
    )

    assert (code, out) == (1, "")
    assert err == (
        "error: Dewi Lestari A.Md is already deactivated since 2026-12-01 (pindah_keluar)\n"
    )
    assert snapshot(run) == before
    # Nor is someone who left transferred.
    code, _, err = run(*transfer(STAFF, "--org", ORG, "--unit", "bkpsdm", "--from", "2026-12-02"))
    assert code == 1 and "left the organisation on 2026-12-01" in err
    assert snapshot(run) == before


def test_no_fallback_record_for_someone_who_left(run):
    assert (
        run(*deactivate(STAFF, "--org", ORG, "--on", "2026-11-24", "--reason", "pensiun"))[0] == 0
    )
    before = snapshot(run)

    code, out, err = run(
        "attendance", "manual", STAFF, "--org", ORG, "--direction", "masuk", "--reason", "lupa_hp"
    )

    assert (code, out) == (1, "")
    assert (
        err == "error: Dewi Lestari A.Md left the organisation on 2026-11-24: no attendance "
        "from that day\n"
    )
    assert snapshot(run) == before
