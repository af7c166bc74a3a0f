"""/riwayat [bulan]: the employee's own days of a month, one line each, and their requests.

The days are the month recap's (core.services.my_month): this only words what the recap
decided, for a phone screen. Days without work hours are counted, not listed; holidays share
one line.
"""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date

from core import absence_codes
from core.day_status import EXCUSE_EARLY, DayCode, DayStatus
from core.fallback import SHOWN_SOURCES
from core.flows.approval_card import MISSED_MARK
from core.flows.clocking import ZONE_NAMES
from core.flows.messages import Reply, split_text
from core.flows.texts import TEXTS, t
from core.flows.turn import Turn
from core.months import BadMonth, read_month
from core.recap import DayEntry, NoData
from core.reports.formats import locale_of, month_name
from core.reports.table import day_code
from core.services.context import employee_today
from core.services.my_month import (
    Attempt,
    MissedRequest,
    MonthRefused,
    MyMonth,
    Request,
    my_month,
)

# A message's length on a phone, below both channels' limit (4096 characters on Telegram and
# WhatsApp): a month of days is one message, a long list of requests another.
PIECE = 3500
EXCUSE_LATE = frozenset({"terlambat"})  # as core.day_status reads an izin's subtype
STATES = ("pending", "approved", "rejected", "cancelled")  # a request's, with words in TEXTS


async def history(turn: Turn) -> None:
    """The month's days and requests (this month unless one is named)."""
    month = await load_month(turn, "riwayat")
    if month is None:
        return
    for text in history_texts(turn.language, month):
        turn.reply(Reply(text))


async def load_month(turn: Turn, command: str) -> MyMonth | None:
    """The employee's month named by the command's words; None once the chat was told why not."""
    now, employee = turn.now(), turn.me
    typed = " ".join(turn.event.args)[:40]  # echoed back in a refusal: short

    def load(uow):
        today = employee_today(uow, employee, now)
        year, number = read_month(typed, today) if typed else (today.year, today.month)
        try:
            return my_month(uow, employee, year, number, now=now), (year, number), today
        except (MonthRefused, NoData) as error:
            return error, (year, number), today

    try:
        found, (year, number), today = await turn.db(load)
    except BadMonth:
        turn.say("self_bad_month", word=typed, command=command)
        return None
    if isinstance(found, MyMonth):
        return found
    _say_refused(turn, found, year, number, today, command)
    return None


def _say_refused(
    turn: Turn, refused: Exception, year: int, number: int, today: date, command: str
) -> None:
    """Why the month is not shown, with a month that would be."""
    label = month_name(year, number, turn.language)
    if isinstance(refused, MonthRefused) and refused.why == "future":
        turn.say("self_future", month=label, command=command, now=f"{today:%Y-%m}")
    elif isinstance(refused, MonthRefused):
        start = refused.start.strftime("%d-%m-%Y") if refused.start else "-"
        first = f"{refused.start:%Y-%m}" if refused.start else "-"
        turn.say("self_before_start", month=label, start=start, first=first, command=command)
    elif (year, number) == (today.year, today.month):  # nothing recorded: a month just begun
        before = today.replace(day=1) - timedelta(days=1)
        turn.say("self_no_data_yet", month=label, command=command, before=f"{before:%Y-%m}")
    else:
        turn.say("self_no_data", month=label)


def span(language: str, month: MyMonth) -> str:
    """'1-24 November, bulan berjalan' or '1-30 November'."""
    name = format_date(month.first, "LLLL", locale=locale_of(language))
    key = "self_running" if month.running else "self_whole"
    days = f"1-{month.last.day}" if month.last > month.first else "1"
    return t(language, key, days=days, name=name)


def history_texts(language: str, month: MyMonth) -> list[str]:
    """The messages of /riwayat: the days (split when long), then the requests."""
    label = month_name(month.year, month.month, language)
    zone = ZONE_NAMES.get(month.zone, month.zone)
    lines = [
        t(language, "history_header", name=month.name, month=label, span=span(language, month),
          zone=zone)
    ]  # fmt: skip
    holidays, off = [], 0
    for entry in month.days:
        code = entry.status.code
        if code is DayCode.OFF:
            off += 1
        elif code is DayCode.HOLIDAY:
            holidays.append(f"{_day(language, entry)} {entry.status.holiday}")
        else:
            lines.append(day_line(language, entry, month))
    if len(lines) == 1:
        lines.append(t(language, "history_nothing_yet"))
    if holidays:
        lines.append(t(language, "history_holidays", days="; ".join(holidays)))
    if any(entry.status.code is DayCode.TK for entry in month.days):
        lines.append(t(language, "history_tk"))
    lines.append(t(language, "history_off", count=off) if off else "")
    lines.append(t(language, "history_more", ym=f"{month.year}-{month.month:02d}"))
    before = month.first - timedelta(days=1)
    if month.start is None or before >= month.start.replace(day=1):
        lines.append(t(language, "history_before", ym=f"{before:%Y-%m}"))
    days = "\n".join(line for line in lines if line)
    return [*split_text(days, PIECE), *split_text(requests_text(language, month), PIECE)]


def day_line(language: str, entry: DayEntry, month: MyMonth) -> str:
    """'Sel 03-11 TL1: masuk 07:42 (terlambat 12 mnt), pulang 16:02'."""
    status = entry.status
    heads = {DayCode.PENDING: "day_pending", DayCode.TK: "day_tk", DayCode.PRESENT: None}
    head = heads.get(status.code, "")
    parts = [t(language, head)] if head else []
    if head == "":  # an absence code: the request that gave it
        parts.append(_absence(language, status, month))
    parts += [p for p in (_side(language, entry, month, d) for d in ("in", "out")) if p]
    if status.label == "on_time" and entry.check_out is not None and not status.excused:
        parts.append(t(language, "day_on_time"))
    parts += _notes(language, entry, month)
    code = day_code(entry).rstrip("*")
    return f"{_day(language, entry)}{' ' + code if code else ''}: " + ", ".join(parts)


def _side(language: str, entry: DayEntry, month: MyMonth, direction: str) -> str | None:
    """One side of the day: the accepted time and what it cost, or why there is none."""
    status = entry.status
    at, source = (
        (entry.check_in, entry.check_in_source)
        if direction == "in"
        else (entry.check_out, entry.check_out_source)
    )
    if at is not None:
        text = t(language, f"day_{direction}", time=f"{at:%H:%M}") + _source(language, source)
        costs = (
            [("day_late", status.late_minutes)]
            if direction == "in"
            else [("day_early", status.early_minutes), ("day_late_out", status.late_out_minutes)]
        )
        return text + "".join(f" ({t(language, k, minutes=m)})" for k, m in costs if m)
    refused = _refusal(language, month.refused_on(entry.day, direction))
    missing = status.missing_in if direction == "in" else status.missing_out
    if missing:
        text = t(language, f"day_no_{direction}")
        return text + (f" ({refused})" if refused else "")
    if refused:
        return refused
    still_open = entry.day >= month.today and status.code is DayCode.PRESENT
    return t(language, "day_not_out_yet") if direction == "out" and still_open else None


def _refusal(language: str, tries: list[Attempt]) -> str:
    """The last refused attempt: "masuk 07:20 ditolak: di luar area" (why a day someone tried
    to clock in on is still TK or TAM)."""
    if not tries:
        return ""
    last, key = tries[-1], f"attempt_{tries[-1].outcome}"
    return t(
        language,
        "day_refused",
        what=t(language, f"day_{last.direction}", time=f"{last.at:%H:%M}"),
        why=t(language, key, reason=last.reason or "-") if key in TEXTS else last.outcome,
        times=f" ({len(tries)}x)" if len(tries) > 1 else "",
    )


def _notes(language: str, entry: DayEntry, month: MyMonth) -> list[str]:
    """What else decided the day: an izin that excused part of it, a missed apel, a revision."""
    status, notes = entry.status, []
    for subtypes, key in ((EXCUSE_LATE, "day_excused_late"), (EXCUSE_EARLY, "day_excused_early")):
        excused = next((s for s in status.excused if s in subtypes), None)
        request = month.approved(entry.day, "I", excused) if excused else None
        if request is not None:
            notes.append(t(language, key, id=request.id))
    events = [month.event_names.get(code, code) for code in status.missed_events]
    notes += [t(language, "day_missed_event", event=event) for event in events]
    if entry.revised:
        notes.append(t(language, "day_revised"))
    return notes


def _absence(language: str, status: DayStatus, month: MyMonth) -> str:
    """'Sakit, pengajuan #3'; the request is the approved one that gave the day its code."""
    kind = _kind(language, status.code.value, status.subtype)
    request = month.approved(status.work_date, status.code.value, status.subtype)
    return kind + (f", {t(language, 'day_request', id=request.id)}" if request else "")


def _source(language: str, source: str | None) -> str:
    """' manual' after a time no chat clock-in gave (a fallback, the machine, a correction)."""
    if source in SHOWN_SOURCES or source == "correction":
        return f" {t(language, f'source_{source}')}"
    return ""


def _day(language: str, entry: DayEntry) -> str:
    return format_date(entry.day, "EEE dd-MM", locale=locale_of(language))


def _kind(language: str, code: str, subtype: str | None) -> str:
    """'Cuti (tahunan)': the code's chat label and its subtype; an unknown code as stored."""
    row = absence_codes.row(code)
    name = row.chat_label(language) if row else code
    return name + (f" ({subtype.replace('_', ' ')})" if subtype else "")


def requests_text(language: str, month: MyMonth) -> str:
    label = month_name(month.year, month.month, language)
    if not month.requests and not month.missed:
        return t(language, "requests_none", month=label)
    lines = [t(language, "requests_header", month=label)]
    lines += [_request_line(language, request) for request in month.requests]
    lines += [_missed_line(language, request) for request in month.missed]
    return "\n".join(lines)


def _missed_line(language: str, request: MissedRequest) -> str:
    """'L7 Lupa absen masuk, 24-11-2026 07:05: menunggu' (/batal L7 cancels it)."""
    return t(
        language,
        "missed_line",
        ref=f"{MISSED_MARK}{request.id}",
        direction=t(language, f"missed_{request.direction}"),
        day=f"{request.day:%d-%m-%Y}",
        time=f"{request.at:%H:%M}",
        status=_status(language, request.status, request.decision_reason),
    )


def _status(language: str, status: str, reason: str | None) -> str:
    """A request's state in words, with the reason of a rejection."""
    shown = t(language, f"status_{status}") if status in STATES else status
    if status == "rejected" and reason:
        shown += f" ({reason[:80]})"
    return shown


def _request_line(language: str, request: Request) -> str:
    """'#9 Cuti (tahunan), 30-11-2026 s/d 02-12-2026: menunggu'."""
    first, last = (f"{d:%d-%m-%Y}" for d in (request.first_day, request.last_day))
    status = _status(language, request.status, request.decision_reason)
    return t(
        language,
        "request_line",
        id=request.id,
        kind=_kind(language, request.code, request.subtype),
        dates=first if first == last else f"{first} s/d {last}",
        status=status,
    )
