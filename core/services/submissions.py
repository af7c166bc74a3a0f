"""A month's report submitted by the admin (`/kirimrekap`), and the month's lock that follows.

The regulations make the unit admin (operator) hand in the month's recap early in the next
month (`core.reporting`). Once an admin marks it submitted for their units, the month is locked
outside its revisions window (`core.revisions.month_lock`): every path that changes a past day
(/manual, /koreksi, `attendance correct`, the machine import, a forgotten clock-in) asks
`lock_of`. A refusal is returned, never raised: the chat and the CLI word it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select

from core.access import RECAP_READERS, admin_scope, roles_of
from core.citations import Citation
from core.policy import Policy
from core.reporting import report_due
from core.revisions import MonthLock, month_closed, month_lock, revision_window
from core.services.context import NotFound, org_view, unit_on
from core.storage.report_tables import MonthSubmission
from core.storage.tables import EmployeeRow, UnitRow
from core.storage.uow import UnitOfWork


@dataclass(frozen=True)
class SubmitRefused:
    """Why nothing was submitted: "not_admin", "not_ended" or "already", with what the
    message names."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Submitted:
    month: date  # its first day
    units: list[str]  # the names of the units submitted now
    already: list[str]  # the names of the admin's units submitted before
    due: date | None  # the regulation's due day, if it sets one
    rule: Citation | None
    window: tuple[date, date] | None  # the revisions window still open, if any
    on: date  # the day it was submitted (local)


def submit_month(
    uow: UnitOfWork, admin: EmployeeRow, year: int, month: int, today: date, dedup_key: str
) -> Submitted | SubmitRefused:
    """Mark month `year-month` submitted for the units `admin` administers, as of `today` (the
    admin's local date). A replay of the same delivery (`dedup_key`) answers as the first did."""
    scope = admin_scope(admin.role_set, admin.org_id, admin.unit_id)
    if scope is None:
        return SubmitRefused("not_admin")
    first = date(year, month, 1)
    if (year, month) >= (today.year, today.month):
        return SubmitRefused("not_ended", {"month": first})
    units = _units(uow, admin, scope.whole_org)
    found = {s.unit_id: s for s in submissions(uow, [u.id for u in units], first)}
    mine = [u for u in units if u.id not in found or found[u.id].dedup_key == dedup_key]
    if not mine:
        earliest = min(found.values(), key=lambda s: s.submitted_at)
        by = uow.employee(earliest.submitted_by)
        values = {"month": first, "date": _local(uow, admin, earliest), "name": by and by.name}
        return SubmitRefused("already", values)
    for unit in mine:
        if unit.id not in found:
            row = MonthSubmission(org_id=admin.org_id, unit_id=unit.id, month=first,
                                  submitted_by=admin.id, submitted_at=uow.now(),
                                  dedup_key=dedup_key)  # fmt: skip
            uow.add(row, f"employee:{admin.id}", "month.submit")
    view = org_view(uow, admin.org_id)
    policy = view.policy(admin.unit_id)
    deadline = policy.report_deadline
    due = report_due(year, month, deadline, view.calendar) if deadline else None
    window = revision_window(year, month, policy.revision_days)
    return Submitted(
        first,
        [u.name for u in mine],
        [u.name for u in units if u not in mine],
        due,
        deadline.rule if deadline else None,
        window if window and today <= window[1] else None,
        today,
    )


def submissions(uow: UnitOfWork, unit_ids: Sequence[int], month: date) -> list[MonthSubmission]:
    """The submissions of `month` (its first day) among the units."""
    query = select(MonthSubmission).where(
        MonthSubmission.unit_id.in_(list(unit_ids)), MonthSubmission.month == month
    )
    return list(uow.session.scalars(query.order_by(MonthSubmission.unit_id)))


def lock_of(
    uow: UnitOfWork, employee: EmployeeRow, day: date, today: date, policy: Policy
) -> MonthLock | None:
    """Whether `day` of the employee is locked on `today` (`core.revisions.month_lock`), with
    the submission of the unit they belonged to that day; a running month reads nothing."""
    if not month_closed(day, today):
        return None
    return month_lock(day, today, policy.revision_days, submitted_on(uow, employee, day))


def submitted_on(uow: UnitOfWork, employee: EmployeeRow, day: date) -> date | None:
    """The day `day`'s month was submitted for the unit the employee belonged to that day."""
    unit_id = unit_on(uow, employee, day) or employee.unit_id
    found = submissions(uow, [unit_id], day.replace(day=1))
    return _local(uow, employee, found[0]) if found else None


def report_rule(policy: Policy) -> Citation | None:
    """The article that sets when the month's report is due, if any."""
    return policy.report_deadline.rule if policy.report_deadline else None


def recap_readers(uow: UnitOfWork, org_id: int) -> list[EmployeeRow]:
    """The organisation's heads, admins and super admins (who get the month's report), read
    without the rest of the staff: the push asks every minute."""
    query = select(EmployeeRow).where(
        EmployeeRow.org_id == org_id,
        or_(*(EmployeeRow.roles.contains(role.value) for role in RECAP_READERS)),
    )
    found = uow.session.scalars(query.order_by(EmployeeRow.id))
    return [e for e in found if roles_of(e.role_set) & RECAP_READERS]


def _units(uow: UnitOfWork, admin: EmployeeRow, whole_org: bool) -> list[UnitRow]:
    if whole_org:
        return uow.units(admin.org_id)
    unit = uow.unit_by_id(admin.unit_id)
    return [unit] if unit is not None else []


def _local(uow: UnitOfWork, someone: EmployeeRow, row: MonthSubmission) -> date:
    """The day a submission was made, on the organisation's clock."""
    zone = org_view(uow, someone.org_id).zone_of(row.unit_id)
    return row.submitted_at.astimezone(ZoneInfo(zone)).date()


@dataclass(frozen=True)
class UnitState:
    """Whether one unit submitted the month: for IT staff (`presensi recap submitted`)."""

    code: str
    name: str
    due: date | None
    submitted_on: date | None
    by: str | None


def month_state(uow: UnitOfWork, org_code: str, year: int, month: int) -> list[UnitState]:
    """Every unit of the organisation and whether its `year-month` was submitted."""
    org = uow.organisation(org_code)
    if org is None:
        raise NotFound(f"no organisation {org_code!r}")
    view = org_view(uow, org.id)
    units = uow.units(org.id)
    found = {s.unit_id: s for s in submissions(uow, [u.id for u in units], date(year, month, 1))}
    states = []
    for unit in units:
        deadline = view.policy(unit.id).report_deadline
        due = report_due(year, month, deadline, view.calendar) if deadline else None
        row = found.get(unit.id)
        by = uow.employee(row.submitted_by) if row else None
        zone = ZoneInfo(view.zone_of(unit.id))
        on = row.submitted_at.astimezone(zone).date() if row else None
        states.append(UnitState(unit.code, unit.name, due, on, by.name if by else None))
    return states
