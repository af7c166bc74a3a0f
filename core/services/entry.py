"""The checks of an attendance record entered for a time that has passed, by whatever path: an
admin's fallback (`core.services.fallback`, /manual) or an employee's approved missed-record
request (`core.services.missed`, /lupaabsen).

Such a record is judged like a chat clock-in at its time, without a position (the fallback or
the approval is the proof of presence), against the day's policy; and it must fit the day:
the time has come, the verdict accepts it, the employee was on staff that day, a closed month
only inside its revisions window (Perbup Konawe Kepulauan 18/2023 Pasal 13 ayat (4),
`core.revisions`) and not once its report was submitted, no record of that direction yet,
and in order with the other one (`core.record_order`). A refusal is returned, never raised:
each caller words it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.clock import local_date
from core.policy import Policy
from core.record_order import out_of_order
from core.revisions import lock_refusal
from core.rules import Direction, Verdict
from core.services.attendance import current, judge_at
from core.services.context import employee_zone
from core.services.submissions import lock_of, report_rule
from core.storage.tables import AttendanceRow, EmployeeRow
from core.storage.uow import UnitOfWork


@dataclass(frozen=True)
class EntryRefused:
    """Why the record cannot be entered: a key (future, not_accepted, before_start, window,
    submitted, left, duplicate, order) and the values its message names."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    """A record that may be entered: its verdict, the policy that gave it, and the month's
    accepted records that no correction replaces (a fallback counts its quota in them)."""

    verdict: Verdict
    policy: Policy
    at: datetime  # aware
    zone: ZoneInfo  # the employee's
    month: list[AttendanceRow]


def check_entry(
    uow: UnitOfWork, employee: EmployeeRow, direction: Direction, at: datetime
) -> Entry | EntryRefused:
    """Judge a record of `direction` at `at` (naive: the employee's wall clock) and check that
    it fits its day."""
    zone = ZoneInfo(employee_zone(uow, employee))
    at = at.replace(tzinfo=zone) if at.tzinfo is None else at
    now = uow.now()
    if at > now:
        return EntryRefused("future", {"time": hhmm(at, zone)})
    verdict, policy = judge_at(uow, employee, direction, at)
    if not verdict.accepted:
        return EntryRefused("not_accepted", {"outcome": verdict.outcome.value})
    day = verdict.work_date
    refusal = _day_refusal(uow, employee, day, local_date(now, zone.key), policy)
    if refusal is not None:
        return refusal
    month = [r for r in current(uow.attendance([employee.id], *month_of(day))) if r.accepted]
    refusal = _order_refusal(month, direction, verdict, zone)
    if refusal is not None:
        return refusal
    return Entry(verdict, policy, at, zone, month)


def _day_refusal(
    uow: UnitOfWork, employee: EmployeeRow, day: date, today: date, policy: Policy
) -> EntryRefused | None:
    """A day the employee was not on staff, or of a locked month: closed and outside its
    revisions window, or submitted (`core.revisions.month_lock`; a record entered late is a
    revision of the month)."""
    refusal = off_staff_refusal(uow, employee, day)
    if refusal is not None:
        return refusal
    lock = lock_of(uow, employee, day, today, policy)
    if lock is None:
        return None
    return EntryRefused(*lock_refusal(day, lock, policy.revision_rule, report_rule(policy)))


def off_staff_refusal(uow: UnitOfWork, employee: EmployeeRow, day: date) -> EntryRefused | None:
    """A day before the employee started, or from the day they left."""
    history = uow.assignment_history(employee.id)
    if history and day < history[0][0]:
        return EntryRefused("before_start", {"date": history[0][0]})
    if employee.gone_on(day):  # core.services.staff.deactivate
        return EntryRefused("left", {"left_on": employee.left_on})
    return None


def _order_refusal(
    month: list[AttendanceRow], direction: Direction, verdict: Verdict, zone: ZoneInfo
) -> EntryRefused | None:
    """A record of that direction already on the day, or one of the other direction that this
    one would contradict."""
    day = [r for r in month if r.work_date == verdict.work_date]
    same = next((r for r in day if r.direction == direction.value), None)
    if same is not None:
        values = {"time": hhmm(same.at, zone), "source": same.source, "direction": same.direction}
        return EntryRefused("duplicate", values)
    other = out_of_order(direction, verdict.local_time, [(r.direction, r.at) for r in day])
    if other is not None:
        return EntryRefused("order", {"time": hhmm(other, zone)})
    return None


def month_of(day: date) -> tuple[date, date]:
    """The first and last day of `day`'s month."""
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day.replace(day=1), following - timedelta(days=1)


def hhmm(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%H:%M")
