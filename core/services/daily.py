"""The day's status of every employee of an organisation or unit, one employee at a time.

Simple and slow: each employee's context is loaded on its own. Daily lists, /status, the
demo and recaps go through the batch (`core.services.recap`); this stays as the plain
statement of what they compute, which their tests and benchmarks compare against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.absence import AbsenceCode
from core.day_status import Absence, DayStatus, day_status
from core.rules import Direction
from core.schedule import DaySchedule
from core.services.attendance import current, verdict_of
from core.services.context import NotFound, load_context, unit_on
from core.storage.tables import AttendanceRow, EmployeeRow
from core.storage.uow import UnitOfWork


@dataclass(frozen=True)
class EmployeeDay:
    employee: EmployeeRow
    unit_code: str
    status: DayStatus
    check_in: AttendanceRow | None
    check_out: AttendanceRow | None


def day_report(
    uow: UnitOfWork, org_code: str, day: date, now: datetime, unit_code: str | None = None
) -> list[EmployeeDay]:
    """Each employee's status on `day`, as known at `now`, sorted by unit then name."""
    org = uow.organisation(org_code)
    if org is None:
        raise NotFound(f"no organisation {org_code!r}")
    # Staff who had left by `day` are no longer expected (core.services.staff.deactivate).
    employees = [e for e in uow.employees(org.id) if not e.gone_on(day)]
    if unit_code is not None:
        unit = uow.unit(org.id, unit_code)
        if unit is None:
            raise NotFound(f"no unit {unit_code!r} in {org_code}")
        # A transferred employee counts to the unit they belonged to on that day.
        employees = [e for e in employees if unit_on(uow, e, day) == unit.id]
    ids = [e.id for e in employees]
    rows = current(uow.attendance(ids, day, day))
    absences = [a for a in uow.absences(ids, day, day) if a.status == "approved"]
    report = [_one(uow, e, day, now, rows, absences) for e in employees]
    return sorted(report, key=lambda r: (r.unit_code, r.employee.name))


def _one(uow, employee, day, now, rows, absences) -> EmployeeDay:
    context = load_context(uow, employee, day)
    schedule = context.policy.day_schedule(day)
    mine = [r for r in rows if r.employee_id == employee.id and r.accepted]
    check_in = next((r for r in mine if r.direction == Direction.IN.value), None)
    outs = [r for r in mine if r.direction == Direction.OUT.value]
    check_out = outs[-1] if outs else None
    status = day_status(
        day,
        context.policy,
        schedule,
        context.calendar(day),
        verdict_of(check_in) if check_in else None,
        verdict_of(check_out) if check_out else None,
        [
            Absence(AbsenceCode(a.code), a.subtype, a.first_day, a.last_day)
            for a in absences
            if a.employee_id == employee.id
        ],
        {check_in.event} if check_in and check_in.event else set(),
        day_over=now >= day_end(day, schedule, context.zone),
    )
    return EmployeeDay(employee, context.unit.code, status, check_in, check_out)


def day_end(day: date, schedule: DaySchedule | None, zone: str) -> datetime:
    """When a schedule day is over: its check-out window closed (or local midnight)."""
    midnight = datetime.combine(day, time(), ZoneInfo(zone))
    last = schedule.check_out.end + 1 if schedule else 1440
    return midnight + timedelta(minutes=last)
