"""An employee withdraws their own absence request while it waits for a decision (`/batal`).

Only the employee who filed it, only while it is pending: a decided request stays as decided
(approved or rejected by someone who may have acted on it already). Cancelling is audited like a
decision, and a cancelled request no longer blocks its dates (`absences._refuse_overlap` counts
pending and approved ones only).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.services.absences import AbsenceRefused, locked_absence
from core.services.context import NotFound
from core.storage.tables import AbsenceRow
from core.storage.uow import UnitOfWork

CANCELLED = "cancelled"


class AlreadyDecided(AbsenceRefused):
    """The request is no longer pending: approved, rejected or cancelled before."""

    def __init__(self, row: AbsenceRow) -> None:
        self.row = row
        super().__init__(f"request {row.id} was already {row.status}")


def pending_requests(uow: UnitOfWork, employee_id: int) -> list[AbsenceRow]:
    """The employee's requests waiting for a decision, the earliest days first."""
    query = (
        select(AbsenceRow)
        .where(AbsenceRow.employee_id == employee_id, AbsenceRow.status == "pending")
        .order_by(AbsenceRow.first_day, AbsenceRow.id)
    )
    return list(uow.session.scalars(query))


def cancel_request(uow: UnitOfWork, absence_id: int, employee_id: int, at: datetime) -> AbsenceRow:
    """Mark the employee's pending request cancelled at `at` (when they asked).

    NotFound for an unknown request and for someone else's alike (no one learns what others
    filed); AlreadyDecided for one that is not pending. The same cancellation asked again (a
    replay of the same message after a crash: the same employee and instant) returns the row
    as it is, so that it is answered as the first time.
    """
    row = locked_absence(uow, absence_id)
    if row is None or row.employee_id != employee_id:
        raise NotFound(f"no request {absence_id} of this employee")
    if row.status == CANCELLED and row.decided_by == employee_id and row.decided_at == at:
        return row
    if row.status != "pending":
        raise AlreadyDecided(row)
    row.status = CANCELLED
    row.decided_by = employee_id
    row.decided_at = at
    row.decision_reason = None
    return uow.touch(row, f"employee:{employee_id}", "absence.cancelled")
