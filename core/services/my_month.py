"""An employee's own month, for /riwayat and /rekapsaya: their days as the month's recap judges
them (`core.services.recap.employee_month`: the same lines, totals and TPP deduction) and their
requests in every state."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.citations import Citation
from core.months import month_refusal
from core.recap import DayEntry, EmployeeRecap, Totals
from core.services.context import employee_today, org_view
from core.services.recap import employee_month
from core.storage.tables import AttendanceRequestRow, EmployeeRow
from core.storage.uow import UnitOfWork
from core.tpp import TppAmounts


class MonthRefused(ValueError):
    """A month the employee cannot be shown: `why` is "future" or "before_start" (the first
    day on staff is `start`)."""

    def __init__(self, why: str, start: date | None = None) -> None:
        super().__init__(why)
        self.why, self.start = why, start


@dataclass(frozen=True)
class Request:
    """An absence request as its employee sees it."""

    id: int
    code: str
    subtype: str | None
    first_day: date
    last_day: date
    status: str  # pending, approved, rejected, cancelled
    decision_reason: str | None

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class MissedRequest:
    """A request for a missed check-in or check-out (/lupaabsen) as its employee sees it."""

    id: int
    day: date
    direction: str  # "in" or "out"
    at: time  # the local time asked for
    status: str  # pending, approved, rejected, cancelled
    decision_reason: str | None


@dataclass(frozen=True)
class Attempt:
    """A refused clock-in or -out: it explains a day without an accepted record."""

    day: date
    direction: str  # "in" or "out"
    at: time  # local wall-clock time
    outcome: str  # outside_area, outside_window, too_early, face_rejected, rejected...
    reason: str | None = None  # why an admin rejected it on review (outcome "rejected")


@dataclass(frozen=True)
class MyMonth:
    name: str
    year: int
    month: int
    first: date
    last: date  # the last day counted: the month's end, or today while it runs
    today: date
    zone: str
    lines: tuple[EmployeeRecap, ...]  # as the month's recap has them: one per unit
    requests: tuple[Request, ...]  # every request touching the month, in any state
    missed: tuple[MissedRequest, ...] = ()  # every /lupaabsen request of the month's days
    unit_names: dict[str, str] = field(default_factory=dict)  # by code, for a transfer's lines
    # The preset's article that makes the monthly recap the basis of TPP pay, where it has one.
    basis: Citation | None = None
    refused: tuple[Attempt, ...] = ()  # in the order made
    event_names: dict[str, str] = field(default_factory=dict)  # apel_gabungan: Apel Gabungan
    start: date | None = None  # the first day on staff

    @property
    def days(self) -> list[DayEntry]:
        return sorted((d for line in self.lines for d in line.days), key=lambda d: d.day)

    @property
    def totals(self) -> Totals:
        return sum((line.totals for line in self.lines), Totals())

    @property
    def running(self) -> bool:
        return self.last >= self.today

    def refused_on(self, day: date, direction: str) -> list[Attempt]:
        return [a for a in self.refused if a.day == day and a.direction == direction]

    def approved(self, day: date, code: str, subtype: str | None = None) -> Request | None:
        """The approved request that gave `day` its code (and, for part of a day, subtype)."""
        for request in self.requests:
            if request.status != "approved" or not request.covers(day) or request.code != code:
                continue
            if subtype is None or request.subtype == subtype:
                return request
        return None


def my_month(
    uow: UnitOfWork,
    employee: EmployeeRow,
    year: int,
    month: int,
    *,
    now: datetime,
    tpp: TppAmounts | None = None,
) -> MyMonth:
    """The employee's month as known at `now`; MonthRefused for a month not begun or before
    their first day, NoData when the organisation recorded nothing in it (as the recap)."""
    today = employee_today(uow, employee, now)
    history = uow.assignment_history(employee.id)
    start = history[0][0] if history else None
    why = month_refusal(year, month, today, start)
    if why:
        raise MonthRefused(why, start)
    first, last, lines = employee_month(uow, employee, year, month, now=now, tpp=tpp)
    view = org_view(uow, employee.org_id)
    zone, policy = view.zone_of(employee.unit_id), view.policy(employee.unit_id)
    return MyMonth(
        name=employee.name,
        year=year,
        month=month,
        first=first,
        last=last,
        today=today,
        zone=zone,
        lines=tuple(lines),
        requests=_requests(uow, employee.id, first, _month_end(year, month)),
        missed=_missed(uow, employee.id, first, _month_end(year, month), zone),
        unit_names={u.code: u.name for u in view.units.values()},
        basis=tpp_basis(policy.notes),
        refused=_refused(uow, employee.id, first, last, zone),
        event_names={e.code: e.name for e in policy.events},
        start=start,
    )


def _requests(uow: UnitOfWork, employee_id: int, first: date, last: date) -> tuple[Request, ...]:
    """Every request of the employee touching the month (its later days too), by first day."""
    rows = sorted(uow.absences([employee_id], first, last), key=lambda r: (r.first_day, r.id))
    return tuple(
        Request(r.id, r.code, r.subtype, r.first_day, r.last_day, r.status, r.decision_reason)
        for r in rows
    )


def _missed(
    uow: UnitOfWork, employee_id: int, first: date, last: date, zone: str
) -> tuple[MissedRequest, ...]:
    """Every /lupaabsen request of the employee for a day of the month, by day."""
    query = (
        select(AttendanceRequestRow)
        .where(
            AttendanceRequestRow.employee_id == employee_id,
            AttendanceRequestRow.work_date.between(first, last),
        )
        .order_by(AttendanceRequestRow.work_date, AttendanceRequestRow.id)
    )
    local = ZoneInfo(zone)
    return tuple(
        MissedRequest(r.id, r.work_date, r.direction, r.at.astimezone(local).time(), r.status,
                      r.decision_reason)
        for r in uow.session.scalars(query)
    )  # fmt: skip


def _refused(
    uow: UnitOfWork, employee_id: int, first: date, last: date, zone: str
) -> tuple[Attempt, ...]:
    """The refused attempts of the days counted, at their local times."""
    if last < first:
        return ()
    local = ZoneInfo(zone)
    return tuple(
        Attempt(r.work_date, r.direction, r.at.astimezone(local).time(), r.outcome, r.reason)
        for r in uow.attendance([employee_id], first, last)
        if not r.accepted
    )


def tpp_basis(notes: tuple[Citation, ...]) -> Citation | None:
    """Of a preset's notes, the article that makes attendance the basis of TPP (Perwal Sungai
    Penuh 12/2023 Pasal 14 ayat (1), Perbup Musi Banyuasin 9/2023 Pasal 11): the one whose
    words name TPP."""
    return next((note for note in notes if "TPP" in note.quote), None)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
