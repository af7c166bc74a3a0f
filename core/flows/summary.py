"""/rekap for heads of unit and admins, /status for everyone."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from core import absence_codes
from core.access import recap_scope
from core.day_status import DayStatus
from core.fallback import SHOWN_SOURCES
from core.flows.leave import parse_dates
from core.flows.messages import OutFile, Reply
from core.flows.no_data import no_data_words
from core.flows.ports import Work
from core.flows.texts import TEXTS, t
from core.flows.turn import Turn
from core.recap import DaySummary, NoData
from core.services.context import NotFound, employee_today, employee_zone
from core.services.recap import Record, day_summary, employee_days

LATE = ("late", ("Terlambat", "Late"))
NOT_YET = ("BELUM", ("Belum absen", "Not yet clocked in"))
LABELS = {
    "on_time": ("tepat waktu", "on time"),
    "late": ("terlambat", "late"),
    "left_early": ("pulang cepat", "left early"),
    "late_left_early": ("terlambat & pulang cepat", "late & left early"),
    "BELUM": ("belum absen", "not yet"),
    "LIBUR": ("libur", "holiday"),
    "-": ("bukan hari kerja", "not a work day"),
}


def label_of(status: DayStatus, language: str) -> str:
    return LABELS.get(status.label, (status.label,) * 2)[language == "en"]


def groups() -> tuple[tuple[str, tuple[str, str]], ...]:
    """The groups a head of unit asks about, in the order they read them: the late, those away
    by the catalogue's groups (TK, sick/permit/leave, duty...), those not clocked in yet."""
    return (LATE, *((g.key, g.labels) for g in absence_codes.groups()), NOT_YET)


def group_of(status: DayStatus) -> str | None:
    label = status.label
    if label in ("late", "late_left_early"):
        return "late"
    return label if label == "BELUM" else absence_codes.group_of(label)


def scope(uow: Work, turn: Turn) -> tuple[str, str | None, str]:
    """Organisation code, unit code (None for a super admin: everyone) and the name to show."""
    employee = turn.me
    seen = recap_scope(turn.roles, employee.org_id, employee.unit_id)
    if seen is None:  # the runner offers /rekap only to its readers; this guards other callers
        raise NotFound("no recap for this role")
    org = uow.organisation_by_id(employee.org_id)
    if seen.whole_org:
        return org.code, None, org.name
    unit = uow.unit_by_id(employee.unit_id)
    return org.code, unit.code, unit.name


async def daily(turn: Turn) -> None:
    """Today's (or the given day's) counts and names for the user's unit, and a chart."""
    now, today = turn.now(), await turn.today()
    try:
        day = parse_dates(" ".join(turn.event.args), today)[0] if turn.event.args else today
    except ValueError:
        turn.say("bad_date")
        return

    def report(uow: Work) -> DaySummary:
        org, unit, _ = scope(uow, turn)
        return day_summary(uow, org, day, unit, now=now)

    try:
        summary = await turn.db(report)
    except NoData as error:
        turn.say("no_data", error=no_data_words(turn.language, error))
        return
    except NotFound:  # a role without a recap (the runner does not offer it to them)
        turn.say("not_allowed")
        return
    people = [(line.person.name, line.status) for line in summary.lines]
    turn.menu_text(
        summary_text(turn.language, summary.unit_name, summary.day.strftime("%d-%m-%Y"), people)
    )
    from core.reports.chart import day_chart  # matplotlib: loaded on first use, not at start

    image = await asyncio.to_thread(day_chart, summary, turn.language)
    turn.reply(Reply(turn.text("chart_caption"), photo=OutFile("rekap.png", image, "image/png")))


def summary_text(language: str, name: str, day: str, people: list[tuple[str, DayStatus]]) -> str:
    """The counts line and one line per group with the names in it."""
    english = language == "en"
    counts = count_text(language, (status for _, status in people))
    lines = [t(language, "summary_header", unit=name, day=day, counts=counts)]
    for key, labels in groups():
        names = [who + _detail(status) for who, status in people if group_of(status) == key]
        if names:
            lines.append(
                t(
                    language,
                    "summary_group",
                    label=labels[english],
                    count=len(names),
                    names=", ".join(names),
                )
            )
    return "\n".join(lines)


def count_text(language: str, statuses: Iterable[DayStatus]) -> str:
    """'tepat waktu 6, terlambat 2, S 1' in the reader's language."""
    counts = Counter(label_of(status, language) for status in statuses)
    return ", ".join(f"{label} {count}" for label, count in counts.most_common())


def _outcome_word(turn: Turn, outcome: str) -> str:
    """A record's outcome in the reader's words (an outcome without words is shown as kept)."""
    key = f"outcome_{outcome}"
    return turn.text(key) if key in TEXTS else outcome


def _by(turn: Turn, record: Record) -> str:
    """ " (manual)" after a record a fallback or the machine's import made: the employee sees
    that no clock-in of theirs gave it."""
    if record.source not in SHOWN_SOURCES:
        return ""
    return f" ({turn.text('manual_source_' + record.source)})"


def _detail(status: DayStatus) -> str:
    if status.late_minutes:
        return f" ({status.late_minutes}m)"
    kind = absence_codes.row(status.code)
    if kind is not None and kind.requestable:
        return f" ({status.code.value})"
    return ""


async def status(turn: Turn) -> None:
    """The employee's records today and this month's totals."""
    now = turn.now()
    employee = turn.me

    def load(uow: Work):
        local = now.astimezone(ZoneInfo(employee_zone(uow, employee)))
        today = employee_today(uow, employee, now)
        return local, today, employee_days(uow, employee, today.replace(day=1), today, now=now)

    local, today, days = await turn.db(load)
    lines = [turn.text("status_header", name=employee.name, day=local.strftime("%d-%m-%Y"))]
    current = days[-1] if days and days[-1].day == today else None  # None: not on staff yet
    if current is not None:
        for row in current.records:
            at = row.at.astimezone(local.tzinfo).strftime("%H:%M")
            outcome = _outcome_word(turn, row.outcome)
            lines.append(f"- {turn.text('btn_' + row.direction)} {at}: {outcome}{_by(turn, row)}")
        lines.append(f"- status: {label_of(current.status, turn.language)}")
    worked = [d.status for d in days if d.status.label != "-"]
    lines.append(turn.text("status_month", counts=count_text(turn.language, worked)))
    turn.menu_text("\n".join(lines))
