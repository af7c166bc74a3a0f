"""The izin offered after a late or early verdict (`core.izin_offer`): whether to offer it at the
clock-in, what its button files when pressed, and what an approved request saved.

What it saved is the recap's own arithmetic: each day the request covers (up to today) is
judged as the recap judges it (`core.day_status`) with and without the request, and both are
priced by the day's TPP table (`core.tpp.deduct`); the difference is what leaves the month's
deduction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from core import izin_offer as rules
from core.absence import AbsenceCode
from core.day_status import Absence, day_status
from core.missed import day_refusal
from core.recap import DayEntry, totals
from core.rules import Direction, Verdict
from core.services.absences import decide
from core.services.attendance import current, verdict_of
from core.services.context import employee_today, existing_employee, load_context
from core.services.daily import day_end
from core.storage.tables import AbsenceRow, AttendanceRow, EmployeeRow
from core.storage.uow import UnitOfWork
from core.tpp import deduct, pay_effect

OPEN = ("pending", "approved")


@dataclass(frozen=True)
class Offer:
    """An izin to offer, or prefilled by its button: the subtype, the day, and the charge it
    would lift (minutes, band, TPP percent; None where the table prices nothing)."""

    subtype: str
    day: date
    minutes: int
    band: str | None
    percent: Decimal | None


class OfferRefused(Exception):
    """The button can no longer file its izin: a text key's suffix and its values."""

    def __init__(self, why: str, values: dict[str, Any] | None = None) -> None:
        super().__init__(why)
        self.why, self.values = why, values or {}


@dataclass(frozen=True)
class FollowUp:
    """What a recorded verdict's answer adds: the izin to offer, or the approved izin that
    already excuses it (the recap then charges nothing)."""

    offer: Offer | None = None
    excused: str | None = None


def follow_up(
    uow: UnitOfWork, employee_id: int, verdict: Verdict, percent: Decimal | None
) -> FollowUp:
    """For a late check-in or an early check-out: the izin that excuses it, offered unless a
    request already covers the day (approved: `excused` when it is that izin, nothing is
    charged; pending: it waits for its decision). Reads nothing for any other verdict."""
    subtype = rules.excusing(verdict.outcome, verdict.direction) if verdict.accepted else None
    if subtype is None:
        return FollowUp()
    day = verdict.work_date
    covering = [a for a in uow.absences([employee_id], day, day) if a.status in OPEN]
    if covering:
        excused = any(a.status == "approved" and _excuses(a, subtype) for a in covering)
        return FollowUp(excused=subtype if excused else None)
    return FollowUp(Offer(subtype, day, verdict.minutes, verdict.band, percent))


def _excuses(absence: AbsenceRow, subtype: str) -> bool:
    """Whether an approved absence lifts the charge the izin `subtype` would (the recap's rule:
    an izin for part of the day that excuses that record)."""
    return absence.code == rules.CODE and rules.excuses(absence.subtype, subtype)


def prefill(uow: UnitOfWork, employee_id: int, subtype: str, day: date, now: datetime) -> Offer:
    """What the button files now: the day's charge still standing (OfferRefused when the izin
    is not offered, the day may no longer be asked for, a request covers it, or nothing on it
    is charged any more)."""
    if not rules.offered(subtype):
        raise OfferRefused("unavailable")
    employee = existing_employee(uow, employee_id)
    context = load_context(uow, employee, day)
    refusal = day_refusal(day, employee_today(uow, employee, now), context.policy)
    if refusal is not None:  # the days /lupaabsen may ask for: not too old, nor a closed month
        raise OfferRefused(*refusal)
    for other in uow.absences([employee.id], day, day):
        if other.status in OPEN:
            raise OfferRefused("covered", {"absence": other})
    record = charged(uow, employee.id, day, rules.direction_of(subtype))
    if record is None or record.outcome != rules.outcome_of(subtype):
        raise OfferRefused("nothing")
    percent = pay_effect(context.policy.tpp, record.outcome, record.band)
    return Offer(subtype, day, record.minutes, record.band, percent)


def charged(
    uow: UnitOfWork, employee_id: int, day: date, direction: Direction
) -> AttendanceRow | None:
    """The record the recap reads for `direction` on `day` (`_pick`)."""
    return _pick(current(uow.attendance([employee_id], day, day)), direction)


def _pick(rows: list[AttendanceRow], direction: Direction) -> AttendanceRow | None:
    """Of a day's current records, the first accepted check-in or the last accepted check-out."""
    mine = [r for r in rows if r.accepted and r.direction == direction.value]
    if not mine:
        return None
    return mine[0] if direction is Direction.IN else mine[-1]


# --- what an approved request saved ----------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    """An absence decision, with the TPP percent its approval took off the recap (None:
    nothing, or a rejection)."""

    row: AbsenceRow
    saved: Decimal | None = None


def decide_and_price(
    uow: UnitOfWork, absence_id: int, actor_id: int, approve: bool, reason: str = ""
) -> Decided:
    """`core.services.absences.decide`, with what an approval saved."""
    row = decide(uow, absence_id, actor_id, approve, reason)
    return Decided(row, saved_by(uow, row, uow.now()) if approve else None)


def saved_by(uow: UnitOfWork, absence: AbsenceRow, now: datetime) -> Decimal | None:
    """The TPP percent the approved `absence` takes off the recap on the days it covers up to
    today (days to come have nothing charged yet); None when it takes nothing off."""
    if absence.status != "approved":
        return None
    employee = existing_employee(uow, absence.employee_id)
    last = min(absence.last_day, employee_today(uow, employee, now))
    if last < absence.first_day:
        return None
    others = [
        _plain(a)
        for a in uow.absences([employee.id], absence.first_day, last)
        if a.status == "approved" and a.id != absence.id
    ]
    saved, day = Decimal(0), absence.first_day
    while day <= last:
        saved += _day_saved(uow, employee, day, now, others, _plain(absence))
        day += timedelta(days=1)
    return saved if saved > 0 else None


def _plain(row: AbsenceRow) -> Absence:
    return Absence(AbsenceCode(row.code), row.subtype, row.first_day, row.last_day)


def _day_saved(
    uow: UnitOfWork,
    employee: EmployeeRow,
    day: date,
    now: datetime,
    others: list[Absence],
    absence: Absence,
) -> Decimal:
    """The TPP percent the recap charges `day` without `absence` less what it charges with it.
    The day is judged as the recap judges it (`core.services.daily` states the same)."""
    context = load_context(uow, employee, day)
    schedule = context.policy.day_schedule(day)
    rows = current(uow.attendance([employee.id], day, day))
    check_in, check_out = _pick(rows, Direction.IN), _pick(rows, Direction.OUT)
    over = now >= day_end(day, schedule, context.zone)

    def cost(absences: list[Absence]) -> Decimal:
        status = day_status(
            day,
            context.policy,
            schedule,
            context.calendar(day),
            verdict_of(check_in) if check_in else None,
            verdict_of(check_out) if check_out else None,
            absences,
            {check_in.event} if check_in and check_in.event else set(),
            day_over=over,
        )
        return deduct(context.policy.tpp, totals([DayEntry(status, context.unit.code)])).uncapped

    return cost(others) - cost([*others, absence])
