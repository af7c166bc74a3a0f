"""The bulk loader behind recaps: everything a period's day statuses need, in one query a table.

Rows are read as plain tuples of the columns used (not ORM objects): a regency's month is
hundreds of thousands of attendance rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, or_, select

from core.absence import AbsenceCode
from core.calendar import HolidayCalendar
from core.citations import Citation
from core.day_status import Absence, DayStatus, day_status
from core.policy import Policy
from core.policy_config import apply_overrides
from core.recap import DayEntry, Person
from core.rules import Direction, Outcome, Verdict
from core.services.context import rota_schedule, unit_policy
from core.services.daily import day_end
from core.storage.tables import (
    AbsenceRow,
    Assignment,
    AttendanceRow,
    EmployeeRow,
    Organisation,
    ShiftRow,
    UnitRow,
)
from core.storage.uow import UnitOfWork

_IN = Direction.IN.value
_STORED = Citation(file="", instrument="stored verdict")


@dataclass
class Slot:
    """An employee-day's current accepted check-in and check-out, and whether it was revised."""

    check_in: tuple | None = None  # (outcome, minutes, event, at)
    check_out: tuple | None = None
    revised: bool = False


@dataclass
class Staff:
    """An employee as the recap needs them."""

    person: Person
    unit_id: int  # the current unit
    roles: frozenset[str]
    overrides: dict[str, Any]
    history: list[tuple[date, int]] = field(default_factory=list)  # (valid_from, unit id)
    shifts: dict[date, Any] = field(default_factory=dict)
    days: dict[date, Slot] = field(default_factory=dict)
    absences: list[tuple[str, str | None, date, date]] = field(default_factory=list)


class StatusCache:
    """Day statuses by their inputs: most employee-days of a unit share them."""

    def __init__(self) -> None:
        self._found: dict[tuple, DayStatus] = {}
        self._ends: dict[tuple, datetime] = {}

    def day_over(self, day: date, schedule: Any, zone: str, now: datetime) -> bool:
        key = (day, id(schedule), zone)
        end = self._ends.get(key)
        if end is None:
            end = self._ends[key] = day_end(day, schedule, zone)
        return now >= end

    def status(self, key: tuple, compute: Any) -> DayStatus:
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = compute()
        return found


@dataclass
class Batch:
    org: Organisation
    units: dict[int, UnitRow]
    employees: list[Staff]
    holidays: dict[date, str]
    recorded: bool  # anything at all (attendance or approved absence) in the period
    _unit_policies: dict[int, Policy] = field(default_factory=dict)
    _policies: dict[tuple[int, int], Policy] = field(default_factory=dict)

    def unit_policy(self, unit: UnitRow) -> Policy:
        """The unit's policy, resolved once."""
        if unit.id not in self._unit_policies:
            self._unit_policies[unit.id] = unit_policy(self.org, self.units, unit)
        return self._unit_policies[unit.id]

    def policy(self, staff: Staff, unit: UnitRow) -> Policy:
        """The unit's policy, with the employee's own overrides and rota where they have any."""
        base = self.unit_policy(unit)
        if not staff.overrides and not staff.shifts:
            return base
        key = (staff.person.id, unit.id)
        if key not in self._policies:
            policy = base
            if staff.overrides:
                where = f"employee {staff.person.id}"
                policy = apply_overrides(policy, staff.overrides, where=where)
            if staff.shifts:
                policy = policy.with_rota(
                    {day: rota_schedule(config) for day, config in staff.shifts.items()}
                )
            self._policies[key] = policy
        return self._policies[key]

    def unit_on(self, staff: Staff, day: date) -> int | None:
        """The unit on `day`; None before the employee's first assignment (not yet on staff)."""
        if not staff.history:
            return staff.unit_id
        current = None
        for valid_from, unit_id in staff.history:
            if valid_from > day:
                break
            current = unit_id
        return current

    def entry(
        self, staff: Staff, unit: UnitRow, day: date, now: datetime, cache: StatusCache
    ) -> DayEntry:
        """The employee's day in `unit`."""
        policy = self.policy(staff, unit)
        schedule = policy.day_schedule(day)
        zone = unit.zone or self.org.zone
        slot = staff.days.get(day) or Slot()
        absences = tuple(
            (code, subtype) for code, subtype, first, last in staff.absences
            if first <= day <= last
        )
        over = cache.day_over(day, schedule, zone, now)
        ins, outs = slot.check_in, slot.check_out
        key = (id(policy), day, ins and ins[:3], outs and outs[:3], absences, over)
        status = cache.status(
            key, lambda: _status(policy, day, schedule, self.holidays.get(day), slot, absences,
                                 over)
        )
        return DayEntry(status, unit.code, slot.revised, _local(ins, zone), _local(outs, zone))

    def signers(self, unit: UnitRow) -> tuple[Person | None, Person | None]:
        """The unit's head (manager) and admin presensi, for signature blocks."""
        members = [s for s in self.employees if s.unit_id == unit.id]
        head = next((s.person for s in members if "manager" in s.roles), None)
        admin = next((s.person for s in members if "admin" in s.roles), None)
        return head, admin


def _status(policy, day, schedule, holiday, slot: Slot, absences, over) -> DayStatus:
    check_in = _verdict(slot.check_in, Direction.IN, day)
    check_out = _verdict(slot.check_out, Direction.OUT, day)
    event = slot.check_in[2] if slot.check_in else None
    return day_status(
        day,
        policy,
        schedule,
        holiday,
        check_in,
        check_out,
        [Absence(AbsenceCode(code), subtype, day, day) for code, subtype in absences],
        {event} if event else set(),
        day_over=over,
    )


def _verdict(record: tuple | None, direction: Direction, day: date) -> Verdict | None:
    if record is None:
        return None
    outcome, minutes, event, _ = record
    # The day status reads the outcome, minutes and event; the rest stays neutral.
    return Verdict(outcome, direction, day, datetime.combine(day, time()), _STORED,
                   minutes=minutes, event=event)


def _local(record: tuple | None, zone: str) -> time | None:
    if record is None or record[3] is None:
        return None
    return record[3].astimezone(ZoneInfo(zone)).time().replace(second=0, microsecond=0)


# --- loading ---------------------------------------------------------------------------------


def load_batch(
    uow: UnitOfWork,
    org: Organisation,
    units: dict[int, UnitRow],
    unit: UnitRow | None,
    first: date,
    last: date,
    *,
    with_times: bool,
) -> Batch:
    """Read the period for the organisation, or for the staff who were ever in `unit`."""
    session = uow.session
    ids = select(EmployeeRow.id).where(EmployeeRow.org_id == org.id)
    if unit is not None:
        ever = select(Assignment.employee_id).where(Assignment.unit_id == unit.id)
        ids = ids.where(or_(EmployeeRow.unit_id == unit.id, EmployeeRow.id.in_(ever)))
    staff = _staff(session, ids)
    for employee_id, valid_from, unit_id in session.execute(
        select(Assignment.employee_id, Assignment.valid_from, Assignment.unit_id)
        .where(Assignment.employee_id.in_(ids))
        .order_by(Assignment.valid_from, Assignment.id)
    ):
        staff[employee_id].history.append((valid_from, unit_id))
    for employee_id, day, config in session.execute(
        select(ShiftRow.employee_id, ShiftRow.work_date, ShiftRow.schedule).where(
            ShiftRow.employee_id.in_(ids),
            ShiftRow.work_date.between(first - timedelta(days=1), last + timedelta(days=1)),
        )
    ):
        staff[employee_id].shifts[day] = config
    recorded = _attendance(session, ids, first, last, staff, with_times)
    recorded |= _absences(session, ids, first, last, staff)
    calendar = HolidayCalendar({h.day: h.name for h in uow.holidays(org.id)})
    return Batch(org, units, list(staff.values()), calendar.between(first, last), recorded)


def _staff(session, ids: Select) -> dict[int, Staff]:
    query = select(
        EmployeeRow.id,
        EmployeeRow.identifier,
        EmployeeRow.name,
        EmployeeRow.kind,
        EmployeeRow.unit_id,
        EmployeeRow.roles,
        EmployeeRow.policy,
    ).where(EmployeeRow.id.in_(ids))
    return {
        row.id: Staff(
            Person(row.id, row.identifier, row.name, row.kind),
            row.unit_id,
            frozenset(filter(None, (row.roles or "").split(","))),
            row.policy or {},
        )
        for row in session.execute(query)
    }


def _attendance(session, ids, first, last, staff: dict[int, Staff], with_times: bool) -> bool:
    """Fill each employee-day's current check-in and -out; True if any row was found."""
    table = AttendanceRow
    columns = [table.id, table.employee_id, table.work_date, table.direction, table.outcome,
               table.minutes, table.event, table.accepted, table.corrects_id]
    if with_times:
        columns.append(table.at)
    # Refused rows matter only when a correction points at them, and it is read itself.
    query = (
        select(*columns)
        .where(
            table.employee_id.in_(ids),
            table.work_date.between(first, last),
            or_(table.accepted.is_(True), table.corrects_id.is_not(None)),
        )
        .order_by(table.at, table.id)
    )
    rows = session.execute(query).all()
    replaced = {row[8] for row in rows if row[8] is not None}
    for row in rows:
        slot = staff[row[1]].days.get(row[2])
        if slot is None:
            slot = staff[row[1]].days[row[2]] = Slot()
        if row[8] is not None:
            slot.revised = True
        if row[0] in replaced or not row[7]:
            continue
        record = (Outcome(row[4]), row[5], row[6], row[9] if with_times else None)
        if row[3] == _IN:
            slot.check_in = slot.check_in or record  # the first accepted check-in counts
        else:
            slot.check_out = record  # the last accepted check-out counts
    return bool(rows)


def _absences(session, ids, first, last, staff: dict[int, Staff]) -> bool:
    query = select(
        AbsenceRow.employee_id, AbsenceRow.code, AbsenceRow.subtype, AbsenceRow.first_day,
        AbsenceRow.last_day,
    ).where(
        AbsenceRow.employee_id.in_(ids),
        AbsenceRow.status == "approved",
        AbsenceRow.first_day <= last,
        AbsenceRow.last_day >= first,
    )
    found = False
    for employee_id, code, subtype, first_day, last_day in session.execute(query):
        staff[employee_id].absences.append((code, subtype, first_day, last_day))
        found = True
    return found
