"""/gangguan: a head of unit or an admin reports an application fault (core.services.faults);
the super admins are told, and one tap declares it an outage (core.services.outages).

`/gangguan [periode] keterangan`, the period as one of:
- `24-11-2026` or `kemarin` (the whole day), `24-11-2026 s/d 26-11-2026` (whole days),
- `24-11-2026 07:00-09:30` (a span that day), `07:00-09:30` (a span today),
- nothing: today, the whole day.
Times are on the reporter's unit's clock. Only words shaped like a date or a time span are read
as the period; a description may start with a number ("2 orang tidak bisa absen").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.flows.leave import WORDS, BadDates, parse_dates
from core.flows.manual import MAX_TEXT, BadInput, dates_shown
from core.flows.messages import Button, Reply
from core.flows.ports import Work
from core.flows.texts import t
from core.flows.turn import Turn
from core.ids import row_id
from core.services import accounts
from core.services.context import employee_zone
from core.services.faults import FaultRefused, declare_reported, report_fault, super_admins
from core.services.outages import OutageRefused

USAGE = "/gangguan [tanggal | tanggal s/d tanggal | tanggal JJ:MM-JJ:MM] keterangan"
SPAN = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")
# What is read as a period, right or wrong ("31-02-2026", "25:00-26:00" are refused as such);
# any other first word ("2 orang tidak bisa absen") starts the description.
DATE_LIKE = re.compile(r"\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{2,4})?|\d{4}-\d{1,2}-\d{1,2}")
SPAN_LIKE = re.compile(r"\d{1,2}:\d{2}\S*")
RANGE = {"s/d", "sd", "sampai", "to", "until", "-"}
BUTTON = "gd"  # gd:<report id>: declare the report an outage


@dataclass(frozen=True)
class Command:
    first: date
    last: date
    span: tuple[time, time] | None  # None: whole days
    text: str


async def report(turn: Turn) -> None:
    """Keep the report, tell the super admins (each with the button that declares it)."""
    try:
        command = parse(turn.event.args, await turn.today())
    except BadInput as bad:
        turn.say(bad.key, usage=USAGE, **bad.values)
        return
    me, key = turn.me, turn.event.key

    def act(uow: Work):
        zone = ZoneInfo(employee_zone(uow, me))
        done = report_fault(uow, me, period(command, zone), command.text, key)
        if isinstance(done, FaultRefused):
            return done, "", [], zone
        unit = uow.unit_name(done.unit_id) if done.unit_id else turn.text("outage_every_unit")
        told = [(e.id, _language(turn, uow, e.id)) for e in super_admins(uow, me.org_id)]
        return done, unit, told, zone

    done, unit, told, zone = await turn.db(act)
    if isinstance(done, FaultRefused):
        turn.say(f"fault_{done.key}", usage=USAGE, **dates_shown(dict(done.values)))
        return
    shown = shown_period(done.starts_at, done.ends_at, zone)
    others = [(e, language) for e, language in told if e != me.id]
    for employee_id, language in others:
        text = t(language, "fault_notice", id=done.id, name=me.name, unit=unit, period=shown,
                 text=done.description)  # fmt: skip
        turn.notify(employee_id, Reply(text, buttons=((_button(language, done.id),),)))
    text = turn.text("fault_done", id=done.id, period=shown, count=len(others))
    # A super admin reporting may declare it at once.
    mine = ((_button(turn.language, done.id),),) if len(others) < len(told) else ()
    turn.reply(Reply(text, buttons=mine))


async def declare_button(turn: Turn) -> None:
    """gd:<id>: a super admin declares the reported period an outage, once."""
    report_id = row_id((turn.event.button or "").partition(":")[2])
    if report_id is None:
        turn.answer.toast = turn.text("unknown_button")
        turn.say("unknown_button")
        return
    me = turn.me

    def act(uow: Work):
        row, outcome = declare_reported(uow, me, report_id)
        if row is None or isinstance(outcome, FaultRefused | OutageRefused):
            return outcome, None, None
        zone = ZoneInfo(employee_zone(uow, me))
        return outcome, zone, (row.reported_by, _language(turn, uow, row.reported_by))

    outcome, zone, reporter = await turn.db(act)
    if isinstance(outcome, FaultRefused) and outcome.key == "unknown":
        turn.answer.toast = turn.text("unknown_button")
        turn.say("unknown_button")
    elif isinstance(outcome, FaultRefused):
        turn.say("fault_already_declared", id=report_id)
    elif isinstance(outcome, OutageRefused):
        turn.say(f"outage_{outcome.key}", usage="/servermati", **dates_shown(dict(outcome.values)))
    else:
        shown = shown_period(outcome.starts_at, outcome.ends_at, zone)
        turn.say("fault_declared", id=report_id, period=shown)
        who, language = reporter
        if who != me.id:  # a super admin declaring their own report is told above
            text = t(language, "fault_declared_notice", id=report_id, period=shown, name=me.name)
            turn.notify(who, Reply(text))


def parse(args: tuple[str, ...], today: date) -> Command:
    """Read `[periode] keterangan`, or say what is wrong with the period."""
    words = list(args)
    first = last = today
    span = None
    taken = _date_words(words)
    if taken:
        try:
            first, last = parse_dates(" ".join(words[:taken]), today)
        except BadDates:
            raise BadInput("fault_bad_period", word=" ".join(words[:taken])) from None
        words = words[taken:]
    if words and _period_like(words[0]):  # a span, today's or the date's
        if first != last:
            raise BadInput("fault_bad_period", word=words[0])
        span = _span(words[0])
        words = words[1:]
    text = " ".join(words).strip()
    if not text:
        raise BadInput("fault_no_text")
    if len(text) > MAX_TEXT:
        raise BadInput("text_too_long", limit=MAX_TEXT)
    return Command(first, last, span, text)


def _date_words(words: list[str]) -> int:
    """How many of the first words name the dates: 0 when the message starts otherwise."""
    if not words:
        return 0
    head = words[0].lower()
    if " ".join(words[:2]).lower() in WORDS:
        return 2  # "hari ini"
    if head not in WORDS and not DATE_LIKE.fullmatch(head):
        return 0
    return 3 if len(words) >= 3 and words[1].lower() in RANGE else 1


def _period_like(word: str) -> bool:
    return bool(DATE_LIKE.fullmatch(word) or SPAN_LIKE.fullmatch(word))


def _span(word: str) -> tuple[time, time]:
    found = SPAN.fullmatch(word)
    try:
        if found is None:
            raise ValueError(word)
        h1, m1, h2, m2 = (int(part) for part in found.groups())
        return time(h1, m1), time(h2, m2)
    except ValueError:
        raise BadInput("fault_bad_period", word=word) from None


def period(command: Command, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants the command's period covers, on `zone`'s clock."""
    if command.span is not None:
        start, end = command.span
        return datetime.combine(command.first, start, zone), datetime.combine(command.first, end,
                                                                              zone)  # fmt: skip
    return (
        datetime.combine(command.first, time(0), zone),
        datetime.combine(command.last + timedelta(days=1), time(0), zone),
    )


def shown_period(starts: datetime, ends: datetime, zone: ZoneInfo | None) -> str:
    """'24-11-2026', '24-11-2026 s/d 26-11-2026', '24-11-2026 07:00-09:30' as the user wrote it."""
    start, end = starts.astimezone(zone), ends.astimezone(zone)
    if start.time() == end.time() == time(0):
        last = end.date() - timedelta(days=1)
        if last == start.date():
            return f"{start:%d-%m-%Y}"
        return f"{start:%d-%m-%Y} s/d {last:%d-%m-%Y}"
    if start.date() == end.date():
        return f"{start:%d-%m-%Y %H:%M}-{end:%H:%M}"
    return f"{start:%d-%m-%Y %H:%M} s/d {end:%d-%m-%Y %H:%M}"


def _button(language: str, report_id: int) -> Button:
    return Button(t(language, "fault_declare_button"), f"{BUTTON}:{report_id}")


def _language(turn: Turn, uow: Work, employee_id: int) -> str:
    """The recipient's language, read in the transaction that names them."""
    return accounts.language_of(uow, employee_id, turn.deps.config.language)
