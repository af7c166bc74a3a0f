"""The bulk loader behind recaps: everything a period's day statuses need, in one query a table.

Rows are read as plain tuples of the columns used (not ORM objects): a regency's month is
hundreds of thousands of attendance rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Select, or_, select

from core.absence import AbsenceCode
from core.citations import Citation
from core.clock import local_date
from core.day_status import Absence, DayStatus, day_status
from core.lkh import AbsenceSpan, LkhState, day_state, exemption
from core.policy import Policy
from core.policy.config import apply_overrides
from core.policy.resolver import OrgInfo, OrgView, UnitInfo, unit_on
from core.recap import NOT_WORK, DayEntry, Person
from core.rules import Direction, Outcome, Verdict
from core.services.context import rota_schedule
from core.services.daily import day_end
from core.storage.lkh_tables import LkhReportRow
from core.storage.tables import AbsenceRow, Assignment, AttendanceRow, EmployeeRow, ShiftRow
from core.storage.uow import UnitOfWork

_IN = Direction.IN.value
MAX_LISTED = 5000  # ids passed as a list; well below every database's limit of parameters
_STORED = Citation(file="", instrument="stored verdict")


class RecordKind(NamedTuple):
    """What a stored attendance record says of its day; a period has few distinct ones."""

    outcome: str
    minutes: int
    event: str | None


class Slot:
    """An employee-day's current accepted check-in and check-out, and whether it was revised.

    A record is the index of its (outcome, minutes, event) in `Batch.records`: small ints make
    cheap cache keys. Its instant is kept apart, for daily lists only.
    """

    __slots__ = (
        "check_in",
        "check_out",
        "in_at",
        "in_id",
        "in_source",
        "out_at",
        "out_id",
        "out_source",
        "revised",
    )

    def __init__(self) -> None:
        self.check_in: int | None = None
        self.check_out: int | None = None
        self.in_id: int | None = None
        self.out_id: int | None = None
        self.in_at: datetime | None = None
        self.out_at: datetime | None = None
        self.in_source: str | None = None  # read with the instants, for daily lists
        self.out_source: str | None = None
        self.revised = False


EMPTY = Slot()


@dataclass
class Staff:
    """An employee as the recap needs them."""

    person: Person
    unit_id: int  # the current unit
    roles: frozenset[str]
    overrides: dict[str, Any]
    left_on: date | None = None  # the first day no longer on staff
    history: list[tuple[date, int]] = field(default_factory=list)  # (valid_from, unit id)
    shifts: dict[date, Any] = field(default_factory=dict)
    days: dict[date, Slot] = field(default_factory=dict)
    absences: list[tuple[str, str | None, date, date]] = field(default_factory=list)
    lkh: dict[date, str] = field(default_factory=dict)  # the status of each day's LKH report


class DayPlan:
    """A day under one policy in one zone: its schedule and whether it is over.

    Compared by identity: a plan is made once per policy and day, so it is a cheap cache key.
    """

    __slots__ = ("day", "fixed", "lkh_over", "over", "policy", "schedule", "unit_code", "zone")

    def __init__(self, policy, day, schedule, over, zone, unit_code) -> None:
        self.policy, self.day, self.schedule, self.over = policy, day, schedule, over
        self.zone, self.unit_code = zone, unit_code
        self.fixed: DayStatus | None = None  # a day off or a holiday, whatever was recorded
        # A day's LKH may be filed until the day ends (core.lkh): missing only after it.
        self.lkh_over = False


class StatusCache:
    """Day statuses, verdicts and entries by their inputs: most employee-days share them."""

    def __init__(self) -> None:
        self.statuses: dict[tuple, DayStatus] = {}
        self.entries: dict[tuple, DayEntry] = {}
        self.plans: dict[tuple, dict[date, DayPlan]] = {}
        self.counted: dict[int, tuple] = {}  # the memo of core.recap.totals
        self._verdicts: dict[tuple, Verdict] = {}

    def verdict(self, record: RecordKind | None, direction: Direction, day: date) -> Verdict | None:
        """The verdict a stored record (outcome, minutes, event) stands for."""
        if record is None:
            return None
        key = (record, direction, day)
        found = self._verdicts.get(key)
        if found is None:
            outcome, minutes, event = record
            # The day status reads the outcome, minutes and event; the rest stays neutral.
            found = self._verdicts[key] = Verdict(
                Outcome(outcome),
                direction,
                day,
                datetime.combine(day, time()),
                _STORED,
                minutes=minutes,
                event=event,
            )
        return found


@dataclass
class Batch:
    view: OrgView  # the organisation resolved (core.policy.resolver)
    employees: list[Staff]
    holidays: dict[date, str]
    recorded: bool  # anything at all (attendance or approved absence) in the period
    records: list[RecordKind]  # the distinct records of the period
    _policies: dict[tuple[int, int], Policy] = field(default_factory=dict)

    @property
    def org(self) -> OrgInfo:
        return self.view.org

    @property
    def units(self) -> dict[int, UnitInfo]:
        return self.view.units

    def unit_policy(self, unit: UnitInfo) -> Policy:
        """The unit's policy, resolved once."""
        return self.view.policy(unit.id)

    def policy(self, staff: Staff, unit: UnitInfo) -> Policy:
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
                    {day: rota_schedule(config, policy) for day, config in staff.shifts.items()}
                )
            self._policies[key] = policy
        return self._policies[key]

    def unit_on(self, staff: Staff, day: date) -> int | None:
        """The unit on `day`; None before the employee's first assignment (not yet on staff)
        and from the day they left."""
        return unit_on(staff.history, day, staff.unit_id, staff.left_on)

    def entries_by_unit(
        self, staff: Staff, days: list[date], now: datetime, cache: StatusCache, only: int | None
    ) -> dict[int, list[DayEntry]]:
        """The employee's days grouped by the unit of each day; only `only`'s are judged."""
        found: dict[int, list[DayEntry]] = {}
        current, plan = None, {}
        history = staff.history
        # Most staff stay in one unit all period: look it up once.
        fixed = (
            len(history) < 2
            and (not history or history[0][0] <= days[0])
            and (staff.left_on is None or staff.left_on > days[-1])
        )
        unit_id = self.unit_on(staff, days[0])
        for day in days:
            if not fixed:
                unit_id = self.unit_on(staff, day)
            if unit_id is None:
                continue
            entries = found.get(unit_id)
            if entries is None:
                entries = found[unit_id] = []
            if only is not None and unit_id != only:
                continue  # the other unit is only named
            if unit_id != current:
                current = unit_id
                plan = self._plan(staff, self.units[unit_id], days, now, cache)
            entries.append(self._entry(staff, plan[day], cache))
        return found

    def entry(
        self, staff: Staff, unit: UnitInfo, day: date, now: datetime, cache: StatusCache
    ) -> DayEntry:
        """The employee's day in `unit`."""
        return self._entry(staff, self._plan(staff, unit, [day], now, cache)[day], cache)

    def _plan(self, staff, unit, days, now, cache: StatusCache) -> dict[date, DayPlan]:
        """What the employee's policy in `unit` says of each day, shared by the unit's staff."""
        policy = self.policy(staff, unit)
        zone = self.view.zone_of(unit.id)
        key = (id(policy), zone, days[0], days[-1])
        plan = cache.plans.get(key)
        if plan is None:
            plan = cache.plans[key] = {}
            today = local_date(now, zone)
            for day in days:
                schedule = policy.day_schedule(day)
                over = now >= day_end(day, schedule, zone)
                plan[day] = DayPlan(policy, day, schedule, over, zone, unit.code)
                plan[day].lkh_over = day < today
                holiday = self.holidays.get(day)
                if schedule is None or (holiday and not policy.has_rota_on(day)):
                    plan[day].fixed = day_status(
                        day, policy, schedule, holiday, None, None, [], set(), over
                    )
        return plan

    def _entry(self, staff: Staff, plan: DayPlan, cache: StatusCache) -> DayEntry:
        day = plan.day
        slot = staff.days.get(day, EMPTY)
        status = plan.fixed
        if status is None:
            absences = _covering(staff.absences, day) if staff.absences else ()
            key = (plan, slot.check_in, slot.check_out, absences)  # plans compare by identity
            status = cache.statuses.get(key)
            if status is None:
                status = cache.statuses[key] = self._status(plan, slot, absences, cache)
        lkh = _lkh(staff, plan, status) if plan.policy.lkh.required else None
        if slot.in_at is None and slot.out_at is None:
            # Without times, equal days of a unit share one entry object.
            entry_key = (id(status), plan.unit_code, slot.revised, lkh)
            entry = cache.entries.get(entry_key)
            if entry is None:
                entry = cache.entries[entry_key] = DayEntry(
                    status, plan.unit_code, slot.revised, lkh=lkh
                )
            return entry
        return DayEntry(
            status,
            plan.unit_code,
            slot.revised,
            _local(slot.in_at, plan.zone),
            _local(slot.out_at, plan.zone),
            slot.in_source,
            slot.out_source,
            lkh,
        )

    def _status(self, plan: DayPlan, slot: Slot, absences, cache: StatusCache) -> DayStatus:
        day = plan.day
        check_in = None if slot.check_in is None else self.records[slot.check_in]
        check_out = None if slot.check_out is None else self.records[slot.check_out]
        event = check_in.event if check_in else None
        return day_status(
            day,
            plan.policy,
            plan.schedule,
            self.holidays.get(day),
            cache.verdict(check_in, Direction.IN, day),
            cache.verdict(check_out, Direction.OUT, day),
            [Absence(AbsenceCode(code), subtype, day, day) for code, subtype in absences],
            {event} if event else set(),
            day_over=plan.over,
        )

    def signers(self, unit: UnitInfo) -> tuple[Person | None, Person | None]:
        """The unit's head (manager) and admin presensi, for signature blocks."""
        members = [s for s in self.employees if s.unit_id == unit.id]
        head = next((s.person for s in members if "manager" in s.roles), None)
        admin = next((s.person for s in members if "admin" in s.roles), None)
        return head, admin


def _lkh(staff: Staff, plan: DayPlan, status: DayStatus) -> LkhState | None:
    """The day's LKH state under a policy that asks for reports (core.lkh).

    The exemptions (Pasal 10) read the approved leave loaded for the period: a sick leave's
    15th day counts from the first part of it that overlaps the period.
    """
    work_day = status.code not in NOT_WORK
    report = staff.lkh.get(plan.day)
    exempt = False
    if work_day and report is None and staff.absences:
        spans = [AbsenceSpan(*absence) for absence in staff.absences]
        exempt = exemption(plan.policy.lkh, spans, plan.day) is not None
    return day_state(True, work_day, exempt, report, plan.lkh_over)


def _covering(absences: list[tuple], day: date) -> tuple[tuple[str, str | None], ...]:
    return tuple((code, subtype) for code, subtype, first, last in absences if first <= day <= last)


def _local(at: datetime | None, zone: str) -> time | None:
    if at is None:
        return None
    return at.astimezone(ZoneInfo(zone)).time().replace(second=0, microsecond=0)


# --- loading ---------------------------------------------------------------------------------


def load_batch(
    uow: UnitOfWork,
    view: OrgView,
    unit: UnitInfo | None,
    first: date,
    last: date,
    *,
    with_times: bool,
    employee_id: int | None = None,
) -> Batch:
    """Read the period for the organisation, or for the staff who were ever in `unit`, or for
    one employee."""
    # Core execution: the ORM's row processing is not needed for plain column tuples.
    session = uow.session.connection()
    wanted = select(EmployeeRow.id).where(EmployeeRow.org_id == view.org.id)
    if employee_id is not None:
        wanted = wanted.where(EmployeeRow.id == employee_id)
    if unit is not None:
        ever = select(Assignment.employee_id).where(Assignment.unit_id == unit.id)
        wanted = wanted.where(or_(EmployeeRow.unit_id == unit.id, EmployeeRow.id.in_(ever)))
    staff = _staff(session, wanted)
    ids: Select | list[int] = wanted
    if (unit is not None or employee_id is not None) and len(staff) <= MAX_LISTED:
        # A unit's staff by their ids: the planner then reads only their rows by index.
        ids = list(staff)
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
    records: list[RecordKind] = []
    recorded = _attendance(session, ids, first, last, staff, records, with_times)
    recorded |= _absences(session, ids, first, last, staff)
    _lkh_reports(session, ids, first, last, staff)
    holidays = view.calendar.between(first, last)
    return Batch(view, list(staff.values()), holidays, recorded, records)


def _staff(session, ids: Select) -> dict[int, Staff]:
    query = select(
        EmployeeRow.id,
        EmployeeRow.identifier,
        EmployeeRow.name,
        EmployeeRow.kind,
        EmployeeRow.unit_id,
        EmployeeRow.roles,
        EmployeeRow.policy,
        EmployeeRow.left_on,
    ).where(EmployeeRow.id.in_(ids))
    return {
        row.id: Staff(
            Person(row.id, row.identifier, row.name, row.kind),
            row.unit_id,
            frozenset(filter(None, (row.roles or "").split(","))),
            row.policy or {},
            row.left_on,
        )
        for row in session.execute(query)
    }


def _attendance(
    session, ids, first, last, staff: dict[int, Staff], records: list[RecordKind], with_times: bool
) -> bool:
    """Fill each employee-day's current check-in and -out; True if any row was found."""
    table = AttendanceRow
    # Refused rows matter only when a correction points at them, and it is read itself. The
    # rows come unordered: sorting a regency's month costs more than ordering afterwards the
    # few days with two accepted records of one direction (`_settle`).
    query = select(
        table.id,
        table.employee_id,
        table.work_date,
        table.direction,
        table.outcome,
        table.minutes,
        table.event,
        table.accepted,
        table.corrects_id,
    ).where(
        table.employee_id.in_(ids),
        table.work_date.between(first, last),
        or_(table.accepted.is_(True), table.corrects_id.is_not(None)),
    )
    rows = session.execute(query).all()
    replaced = {row.corrects_id for row in rows if row.corrects_id is not None}
    known: dict[tuple, int] = {}
    ties: dict[tuple[Slot, bool], list[tuple[int, int]]] = {}
    # Unpacked by name, as fast as indexing the rows: a regency's month is many of them.
    for row_id, employee_id, day, direction, outcome, minutes, event, accepted, corrects in rows:
        days = staff[employee_id].days
        slot = days.get(day)
        if slot is None:
            slot = days[day] = Slot()
        if corrects is not None:
            slot.revised = True
        if not accepted or (replaced and row_id in replaced):
            continue
        kind = (outcome, minutes, event)
        record = known.get(kind)
        if record is None:
            record = known[kind] = len(records)
            records.append(RecordKind(outcome, minutes, event))
        if direction == _IN:
            if slot.check_in is None:
                slot.check_in, slot.in_id = record, row_id
            else:
                assert slot.in_id is not None  # set with check_in
                ties.setdefault((slot, True), [(slot.in_id, slot.check_in)]).append(
                    (row_id, record)
                )
        elif slot.check_out is None:
            slot.check_out, slot.out_id = record, row_id
        else:
            assert slot.out_id is not None  # set with check_out
            ties.setdefault((slot, False), [(slot.out_id, slot.check_out)]).append((row_id, record))
    if ties or with_times:
        _settle(session, staff, ties, with_times)
    return bool(rows)


def _settle(session, staff: dict[int, Staff], ties: dict, with_times: bool) -> None:
    """The first accepted check-in and the last accepted check-out of a day, by their instants."""
    wanted = {row_id for candidates in ties.values() for row_id, _ in candidates}
    if with_times:
        for person in staff.values():
            for slot in person.days.values():
                wanted.update(i for i in (slot.in_id, slot.out_id) if i is not None)
    instants: dict[int, datetime] = {}
    sources: dict[int, str] = {}
    chosen = sorted(wanted)
    table = AttendanceRow
    for start in range(0, len(chosen), MAX_LISTED):
        part = chosen[start : start + MAX_LISTED]
        query = select(table.id, table.at, table.source).where(table.id.in_(part))
        for row_id, at, source in session.execute(query):
            instants[row_id], sources[row_id] = at, source
    for (slot, is_in), candidates in ties.items():
        ordered = sorted(candidates, key=lambda c: (instants[c[0]], c[0]))
        if is_in:
            slot.in_id, slot.check_in = ordered[0]
        else:
            slot.out_id, slot.check_out = ordered[-1]
    if with_times:
        for person in staff.values():
            for slot in person.days.values():
                slot.in_at = instants.get(slot.in_id) if slot.in_id is not None else None
                slot.out_at = instants.get(slot.out_id) if slot.out_id is not None else None
                slot.in_source = sources.get(slot.in_id) if slot.in_id is not None else None
                slot.out_source = sources.get(slot.out_id) if slot.out_id is not None else None


def _absences(session, ids, first, last, staff: dict[int, Staff]) -> bool:
    query = select(
        AbsenceRow.employee_id,
        AbsenceRow.code,
        AbsenceRow.subtype,
        AbsenceRow.first_day,
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


def _lkh_reports(session, ids, first, last, staff: dict[int, Staff]) -> None:
    """Each employee-day's LKH report status (core.lkh); they do not make a period recorded."""
    query = select(LkhReportRow.employee_id, LkhReportRow.work_date, LkhReportRow.status).where(
        LkhReportRow.employee_id.in_(ids), LkhReportRow.work_date.between(first, last)
    )
    for employee_id, day, status in session.execute(query):
        staff[employee_id].lkh[day] = status
