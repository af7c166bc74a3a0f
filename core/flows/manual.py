"""/manual: an admin records a fallback (manual) attendance for an employee of their units.

`/manual NIP masuk|pulang [HH:MM] alasan [catatan]`: the time is on the employee's wall clock,
today (default: now); the reason is a `core.fallback.FallbackReason` or its Indonesian word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time

from core.fallback import FallbackReason, reason_named
from core.flows import receipt
from core.flows.clocking import ZONE_NAMES
from core.flows.messages import Reply
from core.flows.ports import Work
from core.flows.texts import TEXTS, t
from core.flows.turn import Turn
from core.ids import InvalidIdentifier, parse_identity
from core.rules import Direction, Outcome, Verdict
from core.services.context import employee_today
from core.services.fallback import (
    FallbackRecorded,
    FallbackRefused,
    FallbackRequest,
    record_fallback,
)

USAGE = "/manual NIP masuk|pulang [HH:MM] alasan [catatan]"
DIRECTIONS = {
    "masuk": Direction.IN,
    "in": Direction.IN,
    "pulang": Direction.OUT,
    "out": Direction.OUT,
}
CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
MAX_TEXT = 500  # a note or a reason: kept with the record and sent to the employee

# (Bahasa Indonesia, English) for each reason, as the employee and the admin read it.
REASON_WORDS = {
    FallbackReason.NO_SIGNAL: ("tanpa sinyal", "no signal"),
    FallbackReason.PHONE_LOST: ("HP hilang/rusak", "phone lost or broken"),
    FallbackReason.PHONE_FORGOTTEN: ("HP tertinggal", "phone left behind"),
    FallbackReason.SERVER_DOWN: ("server tidak bisa diakses", "server unreachable"),
    FallbackReason.NOT_REGISTERED: ("belum terdaftar", "not yet registered"),
}


@dataclass(frozen=True)
class Command:
    identifier: str
    direction: Direction
    clock: time | None
    reason: FallbackReason
    note: str


class BadInput(ValueError):
    """The command cannot be read: a text key and its values."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


async def record(turn: Turn) -> None:
    """Record a fallback attendance for an employee the admin administers, and tell them."""
    try:
        command = parse(turn.event.args)
    except BadInput as bad:
        turn.say(bad.key, usage=USAGE, **bad.values)
        return
    admin, now = turn.me, turn.now()

    def act(uow: Work):
        employee = uow.employee_by_identifier(admin.org_id, command.identifier)
        if employee is None:
            return None, FallbackRefused("not_administered"), None
        at = now
        if command.clock is not None:
            at = datetime.combine(employee_today(uow, employee, now), command.clock)
        request = FallbackRequest(
            employee,
            command.direction,
            command.reason,
            at=at,
            note=command.note,
            dedup_key=f"manual:{turn.event.key}",
        )
        done = record_fallback(uow, admin, request)
        if not isinstance(done, FallbackRecorded) or not done.verdict.accepted:
            return employee, done, None
        return employee, done, receipt.issue(turn, uow, done.record)

    employee, outcome, code = await turn.db(act)
    if isinstance(outcome, FallbackRefused):
        _refused(turn, outcome, employee.name if employee else "", command.direction)
        return
    values = {"name": employee.name, "reason": REASON_WORDS[command.reason]}
    turn.say("manual_done", **_done_values(turn.language, outcome, values))
    them = await turn.speaking_to(employee.id)
    notice = them.text("manual_notice", **_done_values(them.language, outcome, values))
    rule = str(outcome.verdict.rule)
    turn.notify(employee.id, Reply(notice + receipt.line(them, code, rule)))


def parse(args: tuple[str, ...]) -> Command:
    """Read `NIP masuk|pulang [HH:MM] alasan [catatan]`, or say what is wrong with it."""
    if len(args) < 3:
        raise BadInput("usage")
    try:
        identifier = parse_identity(args[0]).value
    except InvalidIdentifier:
        raise BadInput("usage") from None
    direction = DIRECTIONS.get(args[1].lower())
    if direction is None:
        raise BadInput("manual_bad_direction", word=args[1])
    rest = args[2:]
    clock = None
    if reason_named(rest[0]) is None and (len(rest) > 1 or rest[0][:1].isdigit()):
        clock, rest = read_clock(rest[0]), rest[1:]
    if not rest:
        raise BadInput("manual_no_reason")
    reason = reason_named(rest[0])
    if reason is None:
        raise BadInput("manual_bad_reason", word=rest[0])
    note = " ".join(rest[1:])
    if len(note) > MAX_TEXT:
        raise BadInput("text_too_long", limit=MAX_TEXT)
    return Command(identifier, direction, clock, reason, note)


def read_clock(word: str) -> time:
    found = CLOCK.fullmatch(word)
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        raise BadInput("manual_bad_time", word=word)
    return time(int(found[1]), int(found[2]))


def _refused(turn: Turn, refusal: FallbackRefused, name: str, direction: Direction) -> None:
    values = dates_shown(dict(refusal.values))
    if refusal.key == "order":  # a check-in's other record comes after it, a check-out's before
        side = "order_after" if direction is Direction.IN else "order_before"
        values["order"] = t(turn.language, side)
    if "source" in values:
        values["source"] = source_word(turn.language, values["source"])
    if "direction" in values:
        values["what"] = t(turn.language, f"manual_what_{values.pop('direction')}")
    if "outcome" in values:
        values["outcome"] = t(turn.language, f"manual_outcome_{values['outcome']}")
    turn.say(f"manual_{refusal.key}", **({"name": name, "usage": USAGE} | values))


def dates_shown(values: dict) -> dict:
    """A refusal's dates and months as the user reads them (24-11-2026, 11-2026)."""
    for key in ("date", "first", "last"):
        if key in values and hasattr(values[key], "strftime"):
            values[key] = values[key].strftime("%d-%m-%Y")
    if "month" in values and hasattr(values["month"], "strftime"):
        values["month"] = values["month"].strftime("%m-%Y")
    return values


def _done_values(language: str, done: FallbackRecorded, values: dict) -> dict:
    english = language == "en"
    local = done.local_time
    zone = getattr(local.tzinfo, "key", "")
    return {
        "name": values["name"],
        "what": t(language, f"manual_what_{done.verdict.direction.value}"),
        "time": local.strftime("%H:%M"),
        "zone": ZONE_NAMES.get(zone, zone),
        "source": source_word(language, done.record.source),
        "reason": values["reason"][english],
        "status": status_words(language, done.verdict, done.excused),
    }


def source_word(language: str, source: str) -> str:
    key = f"manual_source_{source}"
    return t(language, key) if key in TEXTS else source


def status_words(language: str, verdict: Verdict, excused: str | None = None) -> str:
    """On time, late or early by its minutes; early under an approved izin, not charged."""
    if verdict.outcome is Outcome.ON_TIME:
        return t(language, "manual_on_time")
    if verdict.outcome is Outcome.LEFT_EARLY and excused:
        return t(language, "early_excused", minutes=verdict.minutes, izin=izin_words(excused))
    key = "manual_late" if verdict.outcome is Outcome.LATE else "manual_early"
    return t(language, key, minutes=verdict.minutes)


def izin_words(subtype: str) -> str:
    """An izin subtype as people write it (pulang_cepat: pulang cepat)."""
    return subtype.replace("_", " ")
