"""Correct the time of an employee's check-in or check-out on a day, by an admin.

The correction is a new record pointing at the one it replaces (`attendance.correct`), with who
made it and why; the recap then counts the corrected time and marks the day revised. The new
time is judged like a clock-in at that time against the day's policy, so a correction from 07:50
to 07:25 also takes the lateness (and its TPP deduction) away; a check-out corrected to a time
before the end of work under an approved izin pulang cepat is excused (`core.services.excuse`).
Once the month has closed only an admin corrects it, and only inside the policy's revisions
window: Perbup Konawe Kepulauan 18/2023 Pasal 13 ayat (4), the 1st to the 4th of the next month
(`core.revisions`).

The time is written for the work day: a night shift's "pulang 07:00" for the 24th is the 25th
at 07:00 (`core.work_day.instant_on`, the rota's schedule of the day).

A refusal is returned, never raised: the chat and the CLI word it for their reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from core.access import administers
from core.clock import local_date
from core.policy import Policy
from core.record_order import out_of_order
from core.revisions import lock_refusal
from core.rules import Direction, Verdict
from core.services.attendance import AttendanceRefused, correct, current, judge_at
from core.services.context import employee_zone, load_context, unit_on
from core.services.excuse import EXCUSED, charge, with_excuse
from core.services.submissions import lock_of, report_rule
from core.storage.tables import AttendanceRow, EmployeeRow
from core.storage.uow import UnitOfWork
from core.work_day import instant_on


@dataclass(frozen=True)
class CorrectionRequest:
    employee: EmployeeRow
    work_date: date
    direction: Direction
    clock: time  # the right time, on the employee's wall clock that day
    reason: str


@dataclass(frozen=True)
class CorrectionRefused:
    """Why nothing changed: a key (not_administered, no_reason, future, future_time,
    no_record, window, not_accepted, other_day, unchanged, order, refused) and the values its
    message names."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Corrected:
    old: AttendanceRow
    new: AttendanceRow
    verdict: Verdict
    local_time: datetime  # the corrected time on the employee's wall clock

    @property
    def excused(self) -> str | None:
        """The approved izin that excuses the corrected check-out's leaving early."""
        return (self.new.evidence or {}).get(EXCUSED)


def correct_day(
    uow: UnitOfWork, admin: EmployeeRow, request: CorrectionRequest
) -> Corrected | CorrectionRefused:
    """Replace the day's current record of that direction with one at the right time."""
    employee = request.employee
    # The unit the employee belonged to that day counts too (a transfer since).
    then = unit_on(uow, employee, request.work_date)
    units = [employee.unit_id] + ([then] if then is not None else [])
    if not administers(admin.role_set, admin.org_id, admin.unit_id, employee.org_id, units):
        return CorrectionRefused("not_administered")
    if not request.reason.strip():
        return CorrectionRefused("no_reason")
    zone = ZoneInfo(employee_zone(uow, employee))
    if request.work_date > local_date(uow.now(), zone.key):
        return CorrectionRefused("future", {"date": request.work_date})
    old = _current_record(uow, employee.id, request.work_date, request.direction)
    if old is None:
        return CorrectionRefused("no_record", {"date": request.work_date})
    local = _instant(uow, employee, request, zone)
    if local > uow.now():
        return CorrectionRefused("future_time", {"time": local})
    verdict, policy = judge_at(uow, employee, request.direction, local)
    closed = _window_refusal(uow, employee, request.work_date, local_date(uow.now(), zone.key),
                             policy)  # fmt: skip
    if closed is not None:
        return closed
    if not verdict.accepted:
        return CorrectionRefused("not_accepted", {"outcome": verdict.outcome.value})
    if verdict.work_date != request.work_date:  # the time belongs to another day's schedule
        return CorrectionRefused("other_day", {"time": local, "date": verdict.work_date})
    if old.at == local and old.outcome == verdict.outcome.value:
        return CorrectionRefused("unchanged", {"time": request.clock})
    day = current(uow.attendance([employee.id], request.work_date, request.work_date))
    others = [(r.direction, r.at) for r in day if r.accepted and r.id != old.id]
    other = out_of_order(request.direction, local, others)
    if other is not None:
        return CorrectionRefused("order", {"time": other.astimezone(zone).time()})
    excused = charge(uow, employee.id, verdict, policy).excused
    try:
        new = correct(
            uow,
            old.id,
            admin.id,
            request.reason,
            at=local,
            outcome=verdict.outcome,
            minutes=verdict.minutes,
            evidence=with_excuse(dict(old.evidence or {}), excused),
        )
    except AttendanceRefused as refused:  # checked above; a rule added there lands here
        return CorrectionRefused("refused", {"why": str(refused)})
    return Corrected(old, new, verdict, local)


def _instant(
    uow: UnitOfWork, employee: EmployeeRow, request: CorrectionRequest, zone: ZoneInfo
) -> datetime:
    """The instant the corrected time means on the work day's schedule (its rota entry)."""
    schedule = load_context(uow, employee, request.work_date).policy.day_schedule(request.work_date)
    return instant_on(request.work_date, request.clock, schedule, zone)


def _window_refusal(
    uow: UnitOfWork, employee: EmployeeRow, day: date, today: date, policy: Policy
) -> CorrectionRefused | None:
    """The month of `day` is locked: closed and today outside its revisions window, or
    submitted (for an admin: the caller checked that)."""
    lock = lock_of(uow, employee, day, today, policy)
    if lock is None:
        return None
    return CorrectionRefused(*lock_refusal(day, lock, policy.revision_rule, report_rule(policy)))


def _current_record(
    uow: UnitOfWork, employee_id: int, day: date, direction: Direction
) -> AttendanceRow | None:
    """The day's record of `direction` the recap counts: the last accepted one not yet
    replaced by a correction, else the last refused one (a refused attempt may be corrected
    into an accepted record)."""
    rows = current(uow.attendance([employee_id], day, day))
    mine = [r for r in rows if r.direction == direction.value and r.work_date == day]
    accepted = [r for r in mine if r.accepted]
    found = accepted or mine
    return found[-1] if found else None
