"""Recap arithmetic: monthly and daily totals from day statuses. Pure: no storage, no clock.

A day counts to the unit the employee belonged to on that day, so an employee who moved in the
middle of a month has one line in each unit. Work days are the days with a schedule that are
not holidays; the attendance rate (tingkat kehadiran) is the days present over the work days
already judged (a day still open counts in neither).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from core import absence_codes
from core.absence_codes import PRESENT_RULE as PRESENT_RULE  # with the rows' `present`
from core.day_status import DayCode, DayStatus
from core.lkh import DUE, FILED, LkhState
from core.tpp import DEFAULT_TPP, Deduction, DeductionTable, deduct

NOT_WORK = frozenset({DayCode.OFF, DayCode.HOLIDAY})
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


class NoData(LookupError):
    """Nothing was recorded for the period asked: there is nothing to report. `why` is one of
    WHY_NO_DATA (each with words for people in core.flows.texts, `no_data_<why>`); `period` a
    month (YYYY-MM) or a day (YYYY-MM-DD); `scope` the unit's or organisation's code, if any."""

    def __init__(self, why: str, period: str, scope: str = "") -> None:
        self.why, self.period, self.scope = why, period, scope
        super().__init__(WHY_NO_DATA[why].format(period=period, scope=scope or "-"))


# The operator's words (CLI, logs); chat users read core.flows.texts' `no_data_<why>`.
WHY_NO_DATA = {
    "not_started": "nothing to report for {period}: it has not started yet",
    "no_records": "no attendance recorded for {period} in {scope}",
    "nobody": "nobody belonged to {scope} in {period}",
}


@dataclass(frozen=True)
class Person:
    id: int
    identifier: str  # NIP or NIK
    name: str
    kind: str  # PNS, CPNS, PPPK, NON_ASN


@dataclass(frozen=True)
class DayEntry:
    """One employee's day as the recap sees it."""

    status: DayStatus
    unit_code: str
    revised: bool = False  # an attendance record of the day was corrected ("direvisi")
    check_in: time | None = None  # local wall-clock time of the accepted check-in
    check_out: time | None = None
    # Where the check-in and check-out came from when not a chat (manual, fingerprint...).
    check_in_source: str | None = None
    check_out_source: str | None = None
    # The day's daily performance report (core.lkh); None where the policy asks for none.
    lkh: LkhState | None = None

    @property
    def day(self) -> date:
        return self.status.work_date


@dataclass(frozen=True)
class Totals:
    """Counts over a set of employee-days."""

    days: int = 0
    work_days: int = 0
    pending: int = 0  # work days not over yet with nothing recorded
    present: int = 0  # H and the absences that count as present (T, DL, P: PRESENT_RULE)
    on_time: int = 0  # H with neither late, early nor a missing record
    late: dict[str, int] = field(default_factory=dict)  # count by band (TL1..)
    late_minutes: dict[str, int] = field(default_factory=dict)
    early: dict[str, int] = field(default_factory=dict)  # count by band (PSW1..)
    early_minutes: dict[str, int] = field(default_factory=dict)
    absences: dict[str, int] = field(default_factory=dict)  # by code: S, I, T, C, P, DL...
    tk: int = 0
    holidays: int = 0  # holidays that fell on a work day
    missed_events: int = 0
    missing_in: int = 0
    missing_out: int = 0
    revised: int = 0
    # Daily performance reports (core.lkh): work days that needed one and are over or have
    # one, days with one filed (waiting, returned or verified), days with one verified.
    lkh_due: int = 0
    lkh_filed: int = 0
    lkh_verified: int = 0

    @property
    def judged(self) -> int:
        return self.work_days - self.pending

    @property
    def rate(self) -> Decimal | None:
        """Days present over judged work days, in percent with two decimals; None without any."""
        if not self.judged:
            return None
        value = Decimal(100 * self.present) / Decimal(self.judged)
        return value.quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def late_count(self) -> int:
        return sum(self.late.values())

    @property
    def early_count(self) -> int:
        return sum(self.early.values())

    def __add__(self, other: Totals) -> Totals:
        # Field by field, by name: the counts add up, the maps add up key by key.
        fields: dict[str, Any] = {k: getattr(self, k) + getattr(other, k) for k in _INT_FIELDS}
        fields |= {k: _sum_maps(getattr(self, k), getattr(other, k)) for k in _MAP_FIELDS}
        return Totals(**fields)


_MAP_FIELDS = ("late", "late_minutes", "early", "early_minutes", "absences")
_INT_FIELDS = tuple(k for k in Totals.__dataclass_fields__ if k not in _MAP_FIELDS)


def _sum_maps(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    out = dict(a)
    for key, value in b.items():
        out[key] = out.get(key, 0) + value
    return out


def totals(entries: Iterable[DayEntry], memo: dict[int, tuple] | None = None) -> Totals:
    """Count the days: work days, presence, lateness by band, absences by code, TK, holidays.

    `memo` (kept by the caller across employees) remembers what each shared entry object
    counts as, so that a regency's month is counted by kind of day rather than day by day.
    """
    memo = {} if memo is None else memo
    kinds: dict[tuple, int] = {}
    for entry in entries:
        found = memo.get(id(entry))
        if found is None:
            # The entry is kept in the memo too, so that its id is not reused while it lives.
            found = memo[id(entry)] = (entry, _kind(entry))
        kinds[found[1]] = kinds.get(found[1], 0) + 1
    ints = dict.fromkeys(_INT_FIELDS, 0)
    maps: dict[str, Counter[str]] = {k: Counter() for k in _MAP_FIELDS}
    for kind, n in kinds.items():
        _count(kind, n, ints, maps)
    fields: dict[str, Any] = {**ints, **{k: dict(sorted(v.items())) for k, v in maps.items()}}
    return Totals(**fields)


def _kind(entry: DayEntry) -> tuple:
    """What a day counts as, without its date: equal kinds add up alike."""
    s = entry.status
    on_time = not (
        s.late_minutes or s.missing_in or s.early_minutes or s.missing_out or s.late_out_minutes
    )
    return (
        s.code,
        s.late_band if s.late_minutes else None,
        s.late_minutes,
        s.early_band if s.early_minutes else None,
        s.early_minutes,
        s.missing_in,
        s.missing_out,
        len(s.missed_events),
        on_time,
        entry.revised,
        s.late_out_band if s.late_out_minutes else None,
        s.late_out_minutes,
        entry.lkh,
    )


def _count(kind: tuple, n: int, ints: dict[str, int], maps: dict[str, Counter]) -> None:
    """Add `n` days of one kind."""
    (
        code,
        late_band,
        late,
        early_band,
        early,
        no_in,
        no_out,
        missed,
        on_time,
        revised,
        out_band,
        late_out,
        lkh,
    ) = kind
    ints["days"] += n
    ints["revised"] += n * revised
    ints["lkh_due"] += n * (lkh in DUE)
    ints["lkh_filed"] += n * (lkh in FILED)
    ints["lkh_verified"] += n * (lkh is LkhState.VERIFIED)
    if code is DayCode.HOLIDAY:
        ints["holidays"] += n
    if code in NOT_WORK:
        return
    ints["work_days"] += n
    ints["present"] += n * absence_codes.is_present(code)
    if code is DayCode.PENDING:
        ints["pending"] += n
        return
    if code is DayCode.TK:
        ints["tk"] += n
        return
    if code is not DayCode.PRESENT:
        maps["absences"][code.value] += n
    # A missing record is counted as such, not as its band's lateness: the TPP table prices the
    # two separately. A late check-out is declared late (terlambat) where the regulation says
    # so: one more lateness of its band, priced by the TPP table's late rates, not a missing
    # check-out. An absence's day has none of them, but for an official travel clocked in at
    # its destination (core.travel), whose records count as an office day's.
    for band, minutes in ((late_band, late), (out_band, late_out)):
        if band:
            maps["late"][band] += n
            maps["late_minutes"][band] += n * minutes
    if early_band:
        maps["early"][early_band] += n
        maps["early_minutes"][early_band] += n * early
    ints["missing_in"] += n * no_in
    ints["missing_out"] += n * no_out
    ints["missed_events"] += n * missed
    if code is DayCode.PRESENT:
        ints["on_time"] += n * on_time


@dataclass(frozen=True)
class EmployeeRecap:
    """An employee's days in one unit for the period, their totals and TPP deduction."""

    person: Person
    unit_code: str
    days: tuple[DayEntry, ...]
    totals: Totals
    deduction: Deduction
    other_units: tuple[str, ...] = ()  # units the employee was in on other days of the period

    @property
    def revised(self) -> bool:
        return self.totals.revised > 0


def employee_recap(
    person: Person,
    unit_code: str,
    days: Sequence[DayEntry],
    table: DeductionTable = DEFAULT_TPP,
    amount: int | None = None,
    other_units: tuple[str, ...] = (),
    memo: dict[int, tuple] | None = None,
) -> EmployeeRecap:
    """Totals and the TPP deduction (capped by `table`) of one employee's days in a unit."""
    counted = totals(days, memo)
    return EmployeeRecap(
        person, unit_code, tuple(days), counted, deduct(table, counted, amount), other_units
    )


def employee_lines(
    person: Person,
    days: Sequence[DayEntry],
    tables: Mapping[str, DeductionTable] | None = None,
    amount: int | None = None,
    elsewhere: Iterable[str] = (),
    memo: dict[int, tuple] | None = None,
) -> list[EmployeeRecap]:
    """A line per unit the days belong to: each day counts to the unit of that day.

    `tables` gives each unit's TPP table (default: DEFAULT_TPP); `elsewhere` names units the
    employee was also in during the period whose days are not part of this recap.
    """
    by_unit: dict[str, list[DayEntry]] = {}
    for entry in days:
        by_unit.setdefault(entry.unit_code, []).append(entry)
    names = set(by_unit) | set(elsewhere)
    return [
        employee_recap(
            person,
            code,
            entries,
            (tables or {}).get(code, DEFAULT_TPP),
            amount,
            tuple(sorted(names - {code})),
            memo,
        )
        for code, entries in by_unit.items()
    ]


@dataclass(frozen=True)
class UnitRecap:
    code: str
    name: str
    employees: tuple[EmployeeRecap, ...]
    totals: Totals
    head: Person | None = None  # kepala unit, signs the recap
    admin: Person | None = None  # admin presensi, prepares it


def unit_recap(
    code: str,
    name: str,
    employees: Sequence[EmployeeRecap],
    head: Person | None = None,
    admin: Person | None = None,
) -> UnitRecap:
    """A unit's lines sorted by name, and their sum."""
    lines = tuple(sorted(employees, key=lambda e: (e.person.name, e.person.identifier)))
    return UnitRecap(code, name, lines, sum((e.totals for e in lines), Totals()), head, admin)


@dataclass(frozen=True)
class MonthRecap:
    org_code: str
    org_name: str
    year: int
    month: int
    first: date
    last: date  # the last day counted: the month's end, or today while the month runs
    as_of: datetime
    units: tuple[UnitRecap, ...]
    revision: str | None = None  # when corrections of this month are allowed, for the footer
    lkh: bool = False  # a policy of the recap asks for daily reports: their columns are shown

    @property
    def period(self) -> str:
        """'November 2026'."""
        return f"{MONTHS_ID[self.month - 1]} {self.year}"

    @property
    def totals(self) -> Totals:
        return sum((u.totals for u in self.units), Totals())

    @property
    def employees(self) -> list[EmployeeRecap]:
        return [e for u in self.units for e in u.employees]

    def unit(self, code: str) -> UnitRecap:
        return next(u for u in self.units if u.code == code)


def daily_rates(employees: Iterable[EmployeeRecap]) -> list[tuple[date, Decimal | None]]:
    """The attendance rate of each day of the period over the given employees (for a trend)."""
    by_day: dict[date, list[DayEntry]] = {}
    for employee in employees:
        for entry in employee.days:
            by_day.setdefault(entry.day, []).append(entry)
    return [(day, totals(by_day[day]).rate) for day in sorted(by_day)]


@dataclass(frozen=True)
class DayLine:
    person: Person
    entry: DayEntry

    @property
    def status(self) -> DayStatus:
        return self.entry.status


@dataclass(frozen=True)
class DaySummary:
    """Everyone's status on one day in an organisation or unit."""

    org_code: str
    org_name: str
    day: date
    as_of: datetime
    unit_code: str | None
    unit_name: str
    lines: tuple[DayLine, ...]
    head: Person | None = None
    admin: Person | None = None

    @property
    def totals(self) -> Totals:
        return totals(line.entry for line in self.lines)

    @property
    def counts(self) -> dict[str, int]:
        """How many employees per label: on_time, late, left_early, ..., S, TK, BELUM."""
        return status_counts(line.status for line in self.lines)


PRESENT_LABELS = ("on_time", "late", "left_early", "late_left_early")
OTHER_LABELS = ("BELUM", "LIBUR", "-")


def label_order() -> tuple[str, ...]:
    """Present labels, the catalogue's codes in its order (TK included), then the rest."""
    return (*PRESENT_LABELS, *(r.code for r in absence_codes.rows()), *OTHER_LABELS)


def status_counts(statuses: Iterable[DayStatus]) -> dict[str, int]:
    """Counts per label in a fixed order, leaving out labels nobody has."""
    found = Counter(s.label for s in statuses)
    return {label: found[label] for label in label_order() if found[label]}


def parse_month(text: str) -> tuple[int, int]:
    """'2026-11' as (2026, 11); anything else is a ValueError that says the format."""
    parts = text.strip().split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        year, month = int(parts[0]), int(parts[1])
        if 1 <= month <= 12 and 2000 <= year <= 2099:
            return year, month
    raise ValueError(f"bad month {text!r}: use YYYY-MM, e.g. 2026-11")
