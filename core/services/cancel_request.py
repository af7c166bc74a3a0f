"""An employee withdraws their own request while it waits for a decision (`/batal`): an absence,
or a missed check-in or check-out (`/lupaabsen`, `AttendanceRequestRow`).

Only the employee who filed it, only while it is pending: a decided request stays as decided
(approved or rejected by someone who may have acted on it already). Cancelling is audited like a
decision, and a cancelled request no longer blocks its dates (`absences._refuse_overlap` counts
pending and approved ones only).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.services import approvers
from core.services.absences import AbsenceRefused, locked_row
from core.services.context import NotFound
from core.services.missed import ENTITY as MISSED_ENTITY
from core.storage.tables import AbsenceRow, AttendanceRequestRow
from core.storage.uow import UnitOfWork

CANCELLED = "cancelled"


Request = AbsenceRow | AttendanceRequestRow


class AlreadyDecided(AbsenceRefused):
    """The request is no longer pending: approved, rejected or cancelled before."""

    def __init__(self, row: Request) -> None:
        self.row = row
        super().__init__(f"request {row.id} was already {row.status}")


def pending_requests(uow: UnitOfWork, employee_id: int) -> list[Request]:
    """The employee's requests waiting for a decision, absences and missed records alike, the
    earliest days first."""
    absences = select(AbsenceRow).where(
        AbsenceRow.employee_id == employee_id, AbsenceRow.status == "pending"
    )
    missed = select(AttendanceRequestRow).where(
        AttendanceRequestRow.employee_id == employee_id, AttendanceRequestRow.status == "pending"
    )
    rows: list[Request] = [*uow.session.scalars(absences), *uow.session.scalars(missed)]
    return sorted(rows, key=_order)


def _order(row: Request) -> tuple:
    if isinstance(row, AbsenceRow):
        return (row.first_day, 0, row.id)
    return (row.work_date, 1, row.id)


def cancel_request(
    uow: UnitOfWork, request_id: int, employee_id: int, at: datetime, missed: bool = False
) -> Request:
    """Mark the employee's pending request (a missed record's when `missed`) cancelled at `at`
    (when they asked).

    NotFound for an unknown request and for someone else's alike (no one learns what others
    filed); AlreadyDecided for one that is not pending. The row is read under a lock
    (`locked_row`), so that a decision at the same moment sees the cancellation or wins. The
    same cancellation asked again (a replay of the same message after a crash: the same
    employee and instant) returns the row as it is, so that it is answered as the first time.
    """
    row: Request | None
    if missed:
        row = locked_row(uow, AttendanceRequestRow, request_id)
    else:
        row = locked_row(uow, AbsenceRow, request_id)
    if row is None or row.employee_id != employee_id:
        raise NotFound(f"no request {request_id} of this employee")
    if row.status == CANCELLED and row.decided_by == employee_id and row.decided_at == at:
        return row
    if row.status != "pending":
        raise AlreadyDecided(row)
    row.status = CANCELLED
    row.decided_by = employee_id
    row.decided_at = at
    row.decision_reason = None
    entity = MISSED_ENTITY if missed else "absence"
    return uow.touch(row, f"employee:{employee_id}", f"{entity}.cancelled")


def told_of_cancel(uow: UnitOfWork, row: Request, at: datetime) -> list[int]:
    """Who holds the request with its buttons and is told that it was cancelled: its approver,
    their substitute, and the next level once it was escalated (`approvers.asked`); the
    approver first."""
    employee = uow.employee(row.employee_id)
    held = approvers.asked(uow, row, employee, at) if employee is not None else set()
    first = [row.approver_id] if row.approver_id in held else []
    return first + sorted(held - set(first))
