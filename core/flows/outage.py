"""/servermati: a super admin declares that the system was down (core.services.outages).

`/servermati tanggal JJ:MM-JJ:MM semua|unit,unit alasan`: the date as `/izin` reads it, the
times on the organisation's clock. Admins then enter that period's attendance with `/manual NIP
masuk|pulang JJ:MM server_mati`, outside the monthly quota.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.flows.leave import BadDates, parse_dates
from core.flows.manual import MAX_TEXT, BadInput, dates_shown
from core.flows.ports import Work
from core.flows.turn import Turn
from core.services.outages import OutageRefused, declare

USAGE = "/servermati tanggal JJ:MM-JJ:MM semua|unit,unit alasan"
SPAN = re.compile(r"(\d{2}):(\d{2})-(\d{2}):(\d{2})")
EVERY_UNIT = {"semua", "all"}


@dataclass(frozen=True)
class Command:
    day: date
    start: time
    end: time
    units: list[str]  # none: every unit
    reason: str


async def declare_outage(turn: Turn) -> None:
    """Record the outage the super admin names, and say how admins enter its attendance."""
    try:
        command = parse(turn.event.args, await turn.today())
    except BadInput as bad:
        turn.say(bad.key, usage=USAGE, **bad.values)
        return
    me = turn.me

    def act(uow: Work):
        org = uow.organisation_by_id(me.org_id)
        zone = ZoneInfo(org.zone)
        period = (
            datetime.combine(command.day, command.start, zone),
            datetime.combine(command.day, command.end, zone),
        )
        return declare(uow, me, me.org_id, period, command.units, command.reason)

    done = await turn.db(act)
    if isinstance(done, OutageRefused):
        turn.say(f"outage_{done.key}", usage=USAGE, **dates_shown(dict(done.values)))
        return
    units = ", ".join(command.units) or turn.text("outage_every_unit")
    turn.say("outage_done", date=command.day.strftime("%d-%m-%Y"), start=f"{command.start:%H:%M}",
             end=f"{command.end:%H:%M}", units=units)  # fmt: skip


def parse(args: tuple[str, ...], today: date) -> Command:
    """Read `tanggal JJ:MM-JJ:MM semua|unit,unit alasan`, or say what is wrong with it."""
    if len(args) < 4:
        raise BadInput("usage")
    try:
        day, last = parse_dates(args[0], today)
    except BadDates:
        raise BadInput("correct_bad_date", word=args[0]) from None
    if day != last:
        raise BadInput("correct_bad_date", word=args[0])
    found = SPAN.fullmatch(args[1])
    try:
        if found is None:
            raise ValueError(args[1])
        h1, m1, h2, m2 = (int(part) for part in found.groups())
        start, end = time(h1, m1), time(h2, m2)
    except ValueError:
        raise BadInput("outage_bad_span", word=args[1]) from None
    units = [] if args[2].lower() in EVERY_UNIT else [u for u in args[2].split(",") if u]
    reason = " ".join(args[3:]).strip()
    if len(reason) > MAX_TEXT:
        raise BadInput("text_too_long", limit=MAX_TEXT)
    return Command(day, start, end, units, reason)
