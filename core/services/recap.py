"""Monthly recaps, daily summaries and one employee's month, read in bulk: one query per table
for the whole period.

`day_report` (core.services.daily) builds each employee's context with its own queries, which
is simple but slow for a regency. Here the organisation comes resolved (and cached) from
`core.policy.resolver`, an employee's own policy is built only when they have overrides or
shifts, and day statuses that share their inputs (the same policy, day and records) are
computed once.
"""

from __future__ import annotations

import calendar
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, or_, select

from core.clock import local_date
from core.day_status import DayStatus
from core.policy.resolver import OrgView, UnitInfo
from core.recap import (
    DayLine,
    DaySummary,
    EmployeeRecap,
    MonthRecap,
    NoData,
    UnitRecap,
    employee_lines,
    unit_recap,
)
from core.revisions import describe_window
from core.services.context import NotFound, org_view
from core.services.recap_batch import Batch, Staff, StatusCache, load_batch
from core.storage.tables import AbsenceRow, AttendanceRow, EmployeeRow
from core.storage.uow import UnitOfWork
from core.tpp import TppAmounts


def month_recap(
    uow: UnitOfWork,
    org_code: str,
    year: int,
    month: int,
    unit_code: str | None = None,
    *,
    now: datetime,
    tpp: TppAmounts | None = None,
) -> MonthRecap:
    """The month's recap per unit, as known at `now` (a running month stops at today)."""
    view, unit = _scope(uow, org_code, unit_code)
    org, units = view.org, view.units
    first, last = month_period(year, month, org.zone, now)
    label, scope = f"{year}-{month:02d}", unit_code or org_code
    if last < first:
        raise NoData("not_started", label, scope)
    with gc_paused():
        batch = load_batch(uow, view, unit, first, last, with_times=False)
        if not batch.recorded:
            raise NoData("no_records", label, scope)
        cache = StatusCache()
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        lines: dict[int, list[EmployeeRecap]] = {}
        asks_lkh: set[bool] = set()  # whether each line's policy asks for daily reports
        for employee in batch.employees:
            found = _employee_lines(batch, employee, days, now, cache, tpp, unit, asks_lkh)
            for unit_id, line in found:
                lines.setdefault(unit_id, []).append(line)
    if not lines:
        raise NoData("nobody", label, scope)
    recaps = tuple(
        _unit(batch, units[unit_id], lines[unit_id])
        for unit_id in sorted(lines, key=lambda i: units[i].code)
    )
    policy = batch.unit_policy(unit or units[min(lines, key=lambda i: units[i].code)])
    window = describe_window(year, month, policy.revision_days, policy.revision_rule)
    # as_of in the organisation's zone: reports print it ("Dicetak ... WIB") and date the
    # signatures by it, which must be the local day, not UTC's.
    local_now = now.astimezone(ZoneInfo(org.zone))
    return MonthRecap(
        org.code, org.name, year, month, first, last, local_now, recaps, window, True in asks_lkh
    )


def month_period(year: int, month: int, zone: str, now: datetime) -> tuple[date, date]:
    """The month's first day and the last one counted: its end, or today (in the
    organisation's zone) while it runs; before the first while it has not begun."""
    today = local_date(now, zone)
    return date(year, month, 1), min(date(year, month, calendar.monthrange(year, month)[1]), today)


def employee_month(
    uow: UnitOfWork,
    employee: EmployeeRow,
    year: int,
    month: int,
    *,
    now: datetime,
    tpp: TppAmounts | None = None,
) -> tuple[date, date, list[EmployeeRecap]]:
    """One employee's lines of the month's recap (a line per unit of the month), with each day's
    times: the period, the arithmetic and the TPP deduction of `month_recap`, for /rekapsaya
    and /riwayat. NoData where `month_recap` of the organisation finds nothing recorded."""
    view = org_view(uow, employee.org_id)
    first, last = month_period(year, month, view.org.zone, now)
    if last < first:
        return first, last, []
    batch = load_batch(uow, view, None, first, last, with_times=True, employee_id=employee.id)
    if not batch.recorded and not anything_recorded(uow, employee.org_id, first, last):
        raise NoData("no_records", f"{year}-{month:02d}", view.org.code)
    if not batch.employees:
        return first, last, []
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    asks_lkh: set[bool] = set()  # not shown in the employee's own month
    found = _employee_lines(
        batch, batch.employees[0], days, now, StatusCache(), tpp, None, asks_lkh
    )
    return first, last, [line for _, line in found]


def anything_recorded(uow: UnitOfWork, org_id: int, first: date, last: date) -> bool:
    """Whether the organisation recorded any attendance or approved absence in the period:
    what makes `month_recap` report a month at all."""
    staff = select(EmployeeRow.id).where(EmployeeRow.org_id == org_id)
    # The rows `load_batch` reads: accepted ones and corrections.
    attendance = select(AttendanceRow.id).where(
        AttendanceRow.employee_id.in_(staff),
        AttendanceRow.work_date.between(first, last),
        or_(AttendanceRow.accepted.is_(True), AttendanceRow.corrects_id.is_not(None)),
    )
    absences = select(AbsenceRow.id).where(
        AbsenceRow.employee_id.in_(staff),
        AbsenceRow.status == "approved",
        AbsenceRow.first_day <= last,
        AbsenceRow.last_day >= first,
    )
    session = uow.session
    return bool(session.scalar(select(exists(attendance)))) or bool(
        session.scalar(select(exists(absences)))
    )


def day_summary(
    uow: UnitOfWork, org_code: str, day: date, unit_code: str | None = None, *, now: datetime
) -> DaySummary:
    """Everyone's status on `day` in the organisation or unit, with check-in and -out times."""
    view, unit = _scope(uow, org_code, unit_code)
    org, units = view.org, view.units
    if day > local_date(now, org.zone):
        raise NoData("not_started", day.isoformat(), unit_code or org_code)
    batch = load_batch(uow, view, unit, day, day, with_times=True)
    cache = StatusCache()
    lines = []
    for employee in batch.employees:
        unit_id = batch.unit_on(employee, day)
        if unit_id is None or (unit is not None and unit_id != unit.id):
            continue
        entry = batch.entry(employee, units[unit_id], day, now, cache)
        lines.append(DayLine(employee.person, entry))
    if not lines:
        raise NoData("nobody", day.isoformat(), unit_code or org_code)
    lines.sort(key=lambda line: (line.entry.unit_code, line.person.name, line.person.identifier))
    head, admin = batch.signers(unit) if unit else (None, None)
    return DaySummary(
        org.code,
        org.name,
        day,
        now.astimezone(ZoneInfo(org.zone)),
        unit.code if unit else None,
        unit.name if unit else org.name,
        tuple(lines),
        head,
        admin,
    )


_paused = {"depth": 0, "was_enabled": False}
_pause_lock = threading.Lock()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while building a large recap.

    A regency's month allocates hundreds of thousands of small acyclic objects; the collector
    would walk them all again and again (a third of the time) and find nothing to free. The
    collector is process-wide: the last of overlapping recaps (chat threads) turns it back on.
    """
    with _pause_lock:
        if _paused["depth"] == 0:
            _paused["was_enabled"] = gc.isenabled()
            gc.disable()
        _paused["depth"] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _paused["depth"] -= 1
            if _paused["depth"] == 0 and _paused["was_enabled"]:
                gc.enable()


def _scope(
    uow: UnitOfWork, org_code: str, unit_code: str | None
) -> tuple[OrgView, UnitInfo | None]:
    """The organisation resolved, and the unit asked for (checked to exist)."""
    org = uow.organisation(org_code)
    if org is None:
        raise NotFound(f"no organisation {org_code!r}")
    view = org_view(uow, org.id)
    if unit_code is None:
        return view, None
    unit = view.by_code.get(unit_code)
    if unit is None:
        known = ", ".join(sorted(view.by_code)) or "none"
        raise NotFound(f"no unit {unit_code!r} in {org_code}; units: {known}")
    return view, unit


def _employee_lines(
    batch: Batch,
    employee: Staff,
    days: list[date],
    now: datetime,
    cache: StatusCache,
    tpp: TppAmounts | None,
    only: UnitInfo | None,
    asks_lkh: set[bool],
) -> Iterator[tuple[int, EmployeeRecap]]:
    """(unit id, recap line) for each unit the employee belonged to during the period; whether
    each line's policy asks for daily reports (LKH) goes into `asks_lkh`."""
    by_unit = batch.entries_by_unit(employee, days, now, cache, only.id if only else None)
    person = employee.person
    amount = tpp.for_employee(person.identifier, person.kind) if tpp else None
    judged = [unit_id for unit_id, entries in by_unit.items() if entries]
    policies = {batch.units[i].code: batch.policy(employee, batch.units[i]) for i in judged}
    tables = {code: policy.tpp for code, policy in policies.items()}
    asks_lkh.update(policy.lkh.required for policy in policies.values())
    days_here = [entry for unit_id in judged for entry in by_unit[unit_id]]
    elsewhere = [batch.units[i].code for i in by_unit if i not in judged]
    codes = {batch.units[i].code: i for i in judged}
    for line in employee_lines(person, days_here, tables, amount, elsewhere, cache.counted):
        yield codes[line.unit_code], line


def _unit(batch: Batch, unit: UnitInfo, lines: list[EmployeeRecap]) -> UnitRecap:
    head, admin = batch.signers(unit)
    return unit_recap(unit.code, unit.name, lines, head, admin)


@dataclass(frozen=True)
class Record:
    """A day's current accepted check-in or check-out, as /status shows it."""

    direction: str  # "in" or "out"
    at: datetime
    outcome: str
    source: str | None = None  # telegram, whatsapp, manual, fingerprint...


@dataclass(frozen=True)
class MyDay:
    day: date
    status: DayStatus
    records: tuple[Record, ...]  # the check-in, then the check-out, those there are


def employee_days(
    uow: UnitOfWork, employee: EmployeeRow, first: date, last: date, *, now: datetime
) -> list[MyDay]:
    """One employee's status on each day from `first` to `last` on which they were on staff
    (for /status), through the same batch as the recaps, so that both say the same."""
    view = org_view(uow, employee.org_id)
    batch = load_batch(uow, view, None, first, last, with_times=True, employee_id=employee.id)
    if not batch.employees:
        return []
    staff, cache = batch.employees[0], StatusCache()
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    found = []
    for day in days:
        unit_id = batch.unit_on(staff, day)
        if unit_id is None:
            continue  # not on staff yet
        entry = batch.entry(staff, view.units[unit_id], day, now, cache)
        found.append(MyDay(day, entry.status, _records(batch, staff, day)))
    return found


def _records(batch: Batch, staff: Staff, day: date) -> tuple[Record, ...]:
    slot = staff.days.get(day)
    if slot is None:
        return ()
    found = []
    for direction, record, at, source in (
        ("in", slot.check_in, slot.in_at, slot.in_source),
        ("out", slot.check_out, slot.out_at, slot.out_source),
    ):
        if record is not None and at is not None:
            found.append(Record(direction, at, batch.records[record].outcome, source))
    return tuple(found)
