"""Cuti tahunan balances (`core.leave_balance`): each year's requests counted in the working
days of the employee's own calendar (their unit's work week on that day, their rota, the
organisation's holidays and cuti bersama), for /izin, the filing of a request and
`presensi leave balance`.

Pending requests count against the balance as approved ones do, so that two requests waiting
together cannot spend it twice; filing locks the employee's row first (FOR UPDATE on
PostgreSQL), so that two filings at the same moment are counted one after the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core import leave_balance as rules
from core.leave_balance import Balance, Shortfall, Use
from core.policy import Policy
from core.policy.config import apply_overrides
from core.policy.resolver import unit_on
from core.services.context import NotFound, employee_today, org_view, rota_schedule
from core.storage.tables import AbsenceRow, EmployeeRow
from core.storage.uow import UnitOfWork

COUNTED = ("approved", "pending")


class BalanceExceeded(ValueError):
    """A cuti tahunan request beyond the year's balance."""

    def __init__(self, shortfall: Shortfall) -> None:
        self.shortfall = shortfall
        found = shortfall.balance
        super().__init__(
            f"cuti tahunan {found.year}: {shortfall.asked} working days asked, "
            f"{found.remaining} left ({found.rule.rule})"
        )


def is_annual(code: str, subtype: str | None) -> bool:
    """Whether a request of this kind spends the cuti tahunan balance."""
    return code == rules.CODE and subtype == rules.SUBTYPE


class WorkDays:
    """Which days cost an employee a working day, for any day: the unit they belonged to
    then (a transfer), its work week, their rota and the organisation's holidays."""

    def __init__(self, uow: UnitOfWork, employee: EmployeeRow) -> None:
        self._uow, self._employee = uow, employee
        self._view = org_view(uow, employee.org_id)
        self._history = uow.assignment_history(employee.id)
        self._policies: dict[int, Policy] = {}
        self._rota: dict[date, dict | None] = {}
        self._years: set[int] = set()

    @property
    def first_year(self) -> int | None:
        """The year presensi first knows the employee in (their first assignment)."""
        return self._history[0][0].year if self._history else None

    def policy(self, day: date) -> Policy:
        """The employee's policy on `day`, without the rota."""
        employee = self._employee
        unit_id = unit_on(self._history, day, employee.unit_id) or employee.unit_id
        found = self._policies.get(unit_id)
        if found is None:
            found = self._view.policy(unit_id)
            if employee.policy:
                found = apply_overrides(found, employee.policy, where=f"employee {employee.id}")
            self._policies[unit_id] = found
        return found

    def settled(self, year: int) -> bool:
        return self._view.calendar.settled(year)

    def __call__(self, day: date) -> bool:
        policy = self.policy(day)
        self._read_rota(day.year)
        rota = day in self._rota
        schedule = rota_schedule(self._rota[day], policy) if rota else policy.week.on(day)
        return rules.counts_as_work(schedule is not None, self._view.calendar(day), rota)

    def _read_rota(self, year: int) -> None:
        if year not in self._years:
            self._years.add(year)
            shifts = self._uow.shifts(self._employee.id, date(year, 1, 1), date(year, 12, 31))
            self._rota.update({s.work_date: s.schedule for s in shifts})


def balances(
    uow: UnitOfWork, employee: EmployeeRow, years: list[int], *, exclude: int | None = None
) -> dict[int, Balance]:
    """The cuti tahunan balance of each of `years`, with every approved and pending request
    (but request `exclude`) counted in working days."""
    days = WorkDays(uow, employee)
    first_year = days.first_year or min(years)
    rule = rules.entitlement_of(days.policy(date(max(years), 1, 1)).annual_leave, employee.kind)
    uses = _uses(uow, employee, days, date(min(first_year, *years), 1, 1), max(years), exclude)
    return {year: rules.balance(rule, year, first_year, uses, days.settled(year)) for year in years}


def _uses(
    uow: UnitOfWork,
    employee: EmployeeRow,
    days: WorkDays,
    first: date,
    year: int,
    exclude: int | None,
) -> dict[int, Use]:
    """Each year's cuti tahunan in working days, from `first` to the end of `year`."""
    found: dict[int, Use] = {}
    for row in uow.absences([employee.id], first, date(year, 12, 31)):
        if row.id == exclude or row.status not in COUNTED or not is_annual(row.code, row.subtype):
            continue
        for when, count in rules.work_days_by_year(row.first_day, row.last_day, days).items():
            old = found.get(when, Use())
            if row.status == "approved":
                found[when] = Use(old.taken + count, old.pending)
            else:
                found[when] = Use(old.taken, old.pending + count)
    return found


def balance(uow: UnitOfWork, employee: EmployeeRow, year: int) -> Balance:
    """The employee's cuti tahunan balance of `year`."""
    return balances(uow, employee, [year])[year]


def asked(uow: UnitOfWork, employee: EmployeeRow, first: date, last: date) -> dict[int, int]:
    """The working days a request from `first` to `last` would take, per year."""
    return rules.work_days_by_year(first, last, WorkDays(uow, employee))


def shortfall(
    uow: UnitOfWork,
    employee: EmployeeRow,
    code: str,
    subtype: str | None,
    first: date,
    last: date,
) -> Shortfall | None:
    """Where a request of these dates would go beyond the balance; None for any other kind."""
    if not is_annual(code, subtype) or last < first:
        return None
    wanted = asked(uow, employee, first, last)
    if not wanted:
        return None
    return rules.shortfall(wanted, balances(uow, employee, sorted(wanted)))


def check_request(
    uow: UnitOfWork,
    employee: EmployeeRow,
    code: str,
    subtype: str | None,
    first: date,
    last: date,
    *,
    lock: bool = False,
) -> None:
    """Refuse (BalanceExceeded) a cuti tahunan request beyond the balance of a year it covers.
    `lock`: take the employee's row first, for a filing that writes in this transaction."""
    if not is_annual(code, subtype):
        return
    if lock:
        uow.session.get(EmployeeRow, employee.id, with_for_update=True, populate_existing=True)
    short = shortfall(uow, employee, code, subtype, first, last)
    if short is not None:
        raise BalanceExceeded(short)


def after_request(uow: UnitOfWork, absence: AbsenceRow) -> Balance | None:
    """For a cuti tahunan just recorded: the balance of its first year, now; else None."""
    if not is_annual(absence.code, absence.subtype):
        return None
    employee = uow.employee(absence.employee_id)
    if employee is None:
        raise NotFound(f"no employee {absence.employee_id}")
    return balance(uow, employee, absence.first_day.year)


@dataclass(frozen=True)
class Line:
    """One employee's line of `presensi leave balance`."""

    identifier: str
    name: str
    kind: str
    balance: Balance


def org_balances(
    uow: UnitOfWork, org_code: str, year: int | None, identifier: str | None, now: datetime
) -> tuple[int, list[Line]]:
    """The year (default: this year in the organisation's zone) and the balance of everyone on
    staff during it, or of the one employee named, by unit then name."""
    org = uow.organisation(org_code)
    if org is None:
        raise NotFound(f"no organisation {org_code!r}")
    staff = uow.employees(org.id)
    if identifier is not None:
        staff = [e for e in staff if e.identifier == identifier]
        if not staff:
            raise NotFound(f"no employee {identifier} in {org_code}")
    if year is None:
        year = employee_today(uow, staff[0], now).year if staff else now.year
    if not 2000 <= year <= 2099:
        raise ValueError(f"year {year} is out of range (2000-2099)")
    if identifier is None:  # those who left before the year are no longer counted
        staff = [e for e in staff if not e.gone_on(date(year, 1, 1))]
    units = {u.id: u.code for u in uow.units(org.id)}
    staff.sort(key=lambda e: (units.get(e.unit_id, ""), e.name))
    return year, [Line(e.identifier, e.name, e.kind, balance(uow, e, year)) for e in staff]
