"""The cuti tahunan balance in /izin (core.flows.leave): shown when cuti tahunan is picked,
the refusal of dates beyond it, and the admin's warning after recording leave beyond it. The
numbers come from `core.services.leave_balance`; here they are only worded."""

from __future__ import annotations

from datetime import date

from core.flows.messages import Reply
from core.flows.turn import Turn
from core.leave_balance import Balance, Shortfall
from core.services import leave_balance
from core.services.context import employee_today


async def show_balance(turn: Turn, code: str, subtype: str | None, subject_id: int) -> None:
    """Before the dates of a cuti tahunan: this year's balance of the employee it is for."""
    if not leave_balance.is_annual(code, subtype):
        return
    now = turn.now()

    def read(uow) -> Balance:
        employee = uow.employee(subject_id)
        return leave_balance.balance(uow, employee, employee_today(uow, employee, now).year)

    turn.reply(Reply(balance_text(turn, await turn.db(read))))


def balance_text(turn: Turn, found: Balance) -> str:
    """'Sisa cuti tahunan 2026: 7 hari kerja (hak 12 + sisa 2025 2; ...)', with a warning below
    zero and where the year's holidays are not decreed yet."""
    text = turn.text("annual_balance", **_numbers(turn, found))
    if found.remaining < 0:
        text += turn.text("annual_negative", over=-found.remaining)
    if not found.calendar_settled:
        text += turn.text("annual_unsettled", year=found.year)
    return text


def say_exceeded(turn: Turn, short: Shortfall, first: date, last: date) -> None:
    """Dates beyond the balance: the working days asked against what is left, with the rule."""
    dates = _span(first, last)
    values = _numbers(turn, short.balance)
    text = turn.text("annual_exceeded", dates=dates, asked=short.asked, **values,
                     rule=str(short.balance.rule.rule))  # fmt: skip
    if not short.balance.calendar_settled:
        text += turn.text("annual_unsettled", year=short.year)
    turn.reply(Reply(text))


def warn_recorded(turn: Turn, left: Balance | None, name: str) -> None:
    """After an admin recorded cuti tahunan beyond the balance: what is left now."""
    if left is not None and left.remaining < 0:
        turn.say("annual_recorded_over", year=left.year, name=name, remaining=left.remaining)


def _numbers(turn: Turn, found: Balance) -> dict:
    carried = (
        turn.text("annual_carried", year=found.year - 1, days=found.carried)
        if found.carried
        else ""
    )
    return {
        "year": found.year,
        "remaining": found.remaining,
        "entitled": found.entitlement,
        "carried": carried,
        "taken": found.taken,
        "pending": found.pending,
    }


def _span(first: date, last: date) -> str:
    one, other = first.strftime("%d-%m-%Y"), last.strftime("%d-%m-%Y")
    return one if first == last else f"{one} s/d {other}"
