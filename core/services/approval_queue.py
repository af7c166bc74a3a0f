"""The requests waiting for a decision: an approver's queue (`/antrian`) and the reminders and
escalations due (`core.flows.push_approval`).

Both kinds of request are listed together, the oldest first: absences (/izin) and missed
check-ins or check-outs (/lupaabsen). Who is asked to decide each is `core.services.approvers`'
rule (`asked`): the queue of an approver holds what they are asked to decide now, their
substitute's holds it too while the substitution lasts, and the next level's once escalated.

A waiting request is due to be sent again to whoever holds it once its reminder time has come
(`approvers.deadlines`), and to the next level once its escalation time has come. Each stays due
for `WINDOW` after its time, and never once the request is decided or cancelled: the push sends
each once per person within that window (its key is kept longer than the window).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from core.services import approvers
from core.services.context import employee_today
from core.storage.tables import AbsenceRow, AttendanceRequestRow, EmployeeRow
from core.storage.uow import UnitOfWork

# A step is sent within two days of its time: the push remembers what it sent for three
# (`presensi.background.KEEP_S`), so that a step is never sent twice, and a scheduler stopped
# for longer does not flood approvers with old reminders when it comes back.
WINDOW = timedelta(days=2)
REMIND, ESCALATE = "remind", "escalate"


@dataclass(frozen=True)
class Pending:
    """A request waiting for a decision, with its employee."""

    row: AbsenceRow | AttendanceRequestRow
    employee: EmployeeRow

    @property
    def missed(self) -> bool:
        """A missed check-in or check-out (/lupaabsen), not an absence."""
        return isinstance(self.row, AttendanceRequestRow)

    @property
    def filed_at(self) -> datetime:
        return self.row.created_at


def pending(uow: UnitOfWork, org_id: int | None = None) -> list[Pending]:
    """Every request waiting for a decision (in one organisation), the oldest first."""
    found: list[Pending] = []
    for table in (AbsenceRow, AttendanceRequestRow):
        query = (
            select(table, EmployeeRow)
            .join(EmployeeRow, EmployeeRow.id == table.employee_id)
            .where(table.status == "pending")
        )
        if org_id is not None:
            query = query.where(EmployeeRow.org_id == org_id)
        rows = uow.session.execute(query)
        found += [Pending(row, employee) for row, employee in rows]  # type: ignore[arg-type]
    return sorted(found, key=lambda p: (p.filed_at, p.missed, p.row.id))


def queue(uow: UnitOfWork, actor: EmployeeRow, now: datetime) -> list[Pending]:
    """What `actor` is asked to decide now, the oldest first; never their own requests."""
    return [
        item
        for item in pending(uow, actor.org_id)
        if item.employee.id != actor.id
        and actor.id in approvers.asked(uow, item.row, item.employee, now)
    ]


@dataclass(frozen=True)
class Due:
    """A step due for one request: `to` are the people it goes to, `since` when it was filed."""

    step: str  # REMIND or ESCALATE
    item: Pending
    to: tuple[int, ...]
    since: datetime


def due(uow: UnitOfWork, now: datetime) -> list[Due]:
    """The reminders and escalations due at `now`, in every organisation."""
    found: list[Due] = []
    for item in pending(uow):
        times = approvers.deadlines(uow, item.row, item.employee)
        today = employee_today(uow, item.employee, now)
        if _within(times.remind, now):
            holder = _holder(uow, item, today)
            if holder is not None:
                found.append(Due(REMIND, item, (holder,), times.since))
        if _within(times.escalate, now):
            kind = approvers.kind_of(item.row)
            above = approvers.next_level(uow, item.employee, kind, today)
            if above:
                found.append(Due(ESCALATE, item, tuple(above), times.since))
    return found


def _within(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment <= now < moment + WINDOW


def _holder(uow: UnitOfWork, item: Pending, today: date) -> int | None:
    """Who holds the request now: its approver (or, once they left or were blocked, the one
    the rule names now), through their substitute."""
    employee = item.employee
    first = uow.employee(item.row.approver_id) if item.row.approver_id else None
    if not approvers.on_staff(first, today):
        named = approvers.designated(uow, employee, approvers.kind_of(item.row), today)
        first = uow.employee(named.employee_id) if named is not None else None
    if first is None:
        return None
    return approvers.substitute(uow, first.id, today, employee.id)
