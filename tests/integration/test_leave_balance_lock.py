"""Two cuti tahunan filings at the same moment on PostgreSQL: the second waits for the first
(the employee's row is locked while a filing counts the balance), then counts it and is refused,
so that together they cannot spend more than the balance."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from core.absence import Evidence
from core.services.absences import AbsenceRequest, request_absence
from core.services.leave_balance import BalanceExceeded
from tests.flows_harness import ORG, STAFF, build

LETTER = [{"kind": Evidence.APPROVED_LEAVE.value, "media": "cuti.pdf"}]


@pytest.mark.postgres
def test_two_filings_at_once_are_counted_one_after_the_other(tmp_path, pg_engine):
    h = build(tmp_path, engine=pg_engine)
    with h.uow() as uow:
        staff = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF).id

    def ask(first: date, last: date) -> AbsenceRequest:
        return AbsenceRequest(staff, "C", "tahunan", first, last, "liburan", list(LETTER))

    outcome: dict[str, object] = {}

    def second() -> None:
        with h.uow() as uow:
            try:
                request_absence(uow, ask(date(2026, 12, 14), date(2026, 12, 18)))  # 5 days
                uow.commit()
                outcome["second"] = "filed"
            except BalanceExceeded as error:
                outcome["second"] = error

    with h.uow() as uow:
        request_absence(uow, ask(date(2026, 12, 1), date(2026, 12, 10)))  # 8 days, not committed
        racer = threading.Thread(target=second)
        racer.start()
        racer.join(timeout=1.0)
        assert racer.is_alive()  # waiting for the first filing's lock
        uow.commit()
    racer.join(timeout=10)
    refused = outcome["second"]
    assert isinstance(refused, BalanceExceeded)
    assert (refused.shortfall.asked, refused.shortfall.balance.remaining) == (5, 4)
