"""/koreksi: an admin corrects the time of an employee's check-in or check-out on a day.

`/koreksi NIP tanggal masuk|pulang HH:MM alasan`: the date as `/izin` reads it (24-11-2026,
2026-11-24, kemarin), the time on the employee's wall clock; for a night shift the date is the
shift's and a check-out time the next morning is read as such. The rule (the revisions window,
the judgement of the new time, the work day) is `core.services.corrections`'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from core.flows import receipt
from core.flows.clocking import ZONE_NAMES
from core.flows.leave import parse_dates
from core.flows.manual import (
    DIRECTIONS,
    MAX_TEXT,
    BadInput,
    dates_shown,
    read_clock,
    status_words,
)
from core.flows.messages import Reply
from core.flows.ports import Work
from core.flows.texts import t
from core.flows.turn import Turn
from core.ids import InvalidIdentifier, parse_identity
from core.rules import Direction
from core.services.corrections import Corrected, CorrectionRefused, CorrectionRequest, correct_day

USAGE = "/koreksi NIP tanggal masuk|pulang HH:MM alasan"


@dataclass(frozen=True)
class Command:
    identifier: str
    day: date
    direction: Direction
    clock: time
    reason: str


async def correct(turn: Turn) -> None:
    """Correct a day's record of an employee the admin administers, and tell them."""
    try:
        command = parse(turn.event.args, await turn.today())
    except BadInput as bad:
        turn.say(bad.key, usage=USAGE, **bad.values)
        return
    admin = turn.me

    def act(uow: Work):
        employee = uow.employee_by_identifier(admin.org_id, command.identifier)
        if employee is None:
            return None, CorrectionRefused("not_administered"), None
        request = CorrectionRequest(
            employee, command.day, command.direction, command.clock, command.reason
        )
        done = correct_day(uow, admin, request)
        code = receipt.issue(turn, uow, done.new) if isinstance(done, Corrected) else None
        return employee, done, code

    employee, outcome, code = await turn.db(act)
    if isinstance(outcome, CorrectionRefused):
        values = _refusal_values(turn, outcome, command.direction)
        turn.say(f"correct_{outcome.key}", usage=USAGE, **values)
        return
    turn.say("correct_done", **_done_values(turn.language, outcome, employee.name))
    them = await turn.speaking_to(employee.id)
    notice = them.text("correct_notice", **_done_values(them.language, outcome, employee.name))
    rule = str(outcome.verdict.rule)
    turn.notify(employee.id, Reply(notice + receipt.line(them, code, rule)))


def parse(args: tuple[str, ...], today: date) -> Command:
    """Read `NIP tanggal masuk|pulang HH:MM alasan`, or say what is wrong with it."""
    if len(args) < 4:
        raise BadInput("usage")
    try:
        identifier = parse_identity(args[0]).value
    except InvalidIdentifier:
        raise BadInput("usage") from None
    try:
        day, last = parse_dates(args[1], today)
    except ValueError:
        raise BadInput("correct_bad_date", word=args[1]) from None
    if day != last:
        raise BadInput("correct_bad_date", word=args[1])
    if day > today:
        raise BadInput("correct_future", date=day.strftime("%d-%m-%Y"))
    direction = DIRECTIONS.get(args[2].lower())
    if direction is None:
        raise BadInput("manual_bad_direction", word=args[2])
    clock = read_clock(args[3])
    reason = " ".join(args[4:]).strip()
    if not reason:
        raise BadInput("correct_no_reason")
    if len(reason) > MAX_TEXT:
        raise BadInput("text_too_long", limit=MAX_TEXT)
    return Command(identifier, day, direction, clock, reason)


def _refusal_values(turn: Turn, refusal: CorrectionRefused, direction: Direction) -> dict:
    values = dates_shown(dict(refusal.values))
    if refusal.key == "order":
        side = "order_after" if direction is Direction.IN else "order_before"
        values["order"] = t(turn.language, side)
    if "outcome" in values:
        values["outcome"] = t(turn.language, f"manual_outcome_{values['outcome']}")
    if "time" in values:
        shown = values["time"]
        # A night shift's time the next morning names its calendar day too.
        day = f" ({shown:%d-%m-%Y})" if isinstance(shown, datetime) else ""
        values["time"] = shown.strftime("%H:%M") + day
    return values


def _done_values(language: str, done: Corrected, name: str) -> dict:
    local = done.local_time
    zone = getattr(local.tzinfo, "key", "")
    old = done.old.at.astimezone(local.tzinfo)  # stored aware, in UTC (UtcDateTime)
    day = done.new.work_date
    return {
        "name": name,
        "what": t(language, f"manual_what_{done.verdict.direction.value}"),
        "date": day.strftime("%d-%m-%Y"),
        "old": _clock_on(old, day),
        "time": _clock_on(local, day),
        "zone": ZONE_NAMES.get(zone, zone),
        "status": status_words(language, done.verdict, done.excused),
        "reason": done.new.reason or "",
    }


def _clock_on(local: datetime, day: date) -> str:
    """HH:MM, with its date when it is not the work day's (a night shift's check-out)."""
    return local.strftime("%H:%M") + ("" if local.date() == day else f" ({local:%d-%m-%Y})")
