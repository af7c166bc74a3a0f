"""`presensi recap submitted`: which units submitted a month's report, for IT staff."""

from __future__ import annotations

from datetime import UTC, datetime

from core.clock import FixedClock
from core.services.submissions import submit_month
from core.storage.database import make_engine, session_factory
from core.storage.tables import EmployeeRow
from core.storage.uow import UnitOfWork
from tests.e2e.conftest import load_example

ORG = "pemkot-sungai-penuh"
ADMIN = "198203252008012004"  # Rina Marlina, setda


def submit(cli, on: datetime) -> None:
    """Rina marks November 2026 submitted for setda, as /kirimrekap does."""
    engine = make_engine(f"sqlite:///{cli.database}")
    with UnitOfWork(session_factory(engine), FixedClock(on)) as uow:
        admin = uow.session.query(EmployeeRow).filter_by(identifier=ADMIN).one()
        submit_month(uow, admin, 2026, 11, on.date(), "telegram:1")
        uow.commit()
    engine.dispose()


def test_each_unit_is_listed_submitted_or_not_against_its_due_day(cli):
    load_example(cli)
    submit(cli, datetime(2026, 12, 2, 3, 0, tzinfo=UTC))  # 10:00 WIB, a day late

    code, out, err = cli("recap", "submitted", "--org", ORG, "--month", "2026-11")

    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{ORG} 2026-11: 1 of 6 units submitted"
    [setda] = [line for line in lines if line.startswith("setda ")]
    assert setda.split(None, 1)[1] == (
        "submitted 2026-12-02 by Rina Marlina S.Sos (1 day late, due 2026-12-01)"
    )
    [bkpsdm] = [line for line in lines if line.startswith("bkpsdm ")]
    assert ("not submitted" in bkpsdm and bkpsdm.endswith("due 2026-12-01)")) or bkpsdm.endswith(
        "not submitted, due 2026-12-01"
    )  # overdue by the days since, on the day the test runs
    # `recap` alone is still the recap (no attendance recorded in this database).
    code, _, err = cli("recap", "--org", ORG, "--month", "2026-11")
    assert code == 1 and "no attendance recorded for 2026-11" in err


def test_bad_input_is_one_line_and_exit_1(cli):
    load_example(cli)
    code, _, err = cli("recap", "submitted", "--org", "nobody", "--month", "2026-11")
    assert (code, err) == (1, "error: no organisation 'nobody'\n")
    code, _, err = cli("recap", "submitted", "--org", ORG, "--month", "2026-13")
    assert (code, err) == (1, "error: bad month '2026-13': use YYYY-MM, e.g. 2026-11\n")
    code, _, err = cli("recap")
    assert code == 1 and err.startswith("error: give --org CODE")
