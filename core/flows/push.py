"""Messages nobody asked for: the head of unit's daily summary, reminders to clock in and out
(the latter in `core.flows.push_checkout`), and requests still waiting for their approver
(`core.flows.push_approval`).

`due_notices` says what is due at an instant; the caller delivers each notice once (it keys them
in Redis) through whichever channel the employee uses. A reminder follows the employee's day:
the unit's schedule, or their rota entry where they have one (a night shift is reminded before
21:15, a day off not at all).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.clock import local_date
from core.day_status import DayCode
from core.delivery import Purpose
from core.flows.messages import Reply
from core.flows.ports import Org, Unit, Work
from core.flows.push_approval import approval_reminders
from core.flows.push_checkout import checkout_reminders
from core.flows.summary import summary_text
from core.flows.texts import t
from core.org import Role
from core.recap import NoData
from core.rota import schedule_of
from core.schedule import DaySchedule, format_minutes
from core.services import accounts
from core.services.context import fixed_shifts, unit_context
from core.services.recap import day_summary


@dataclass(frozen=True)
class PushConfig:
    summary_at: int = 9 * 60  # local minutes: the head of unit's summary of the morning
    remind_before: int = 15  # minutes before the last on-time minute of the check-in window
    language: str = "id"


@dataclass(frozen=True)
class Notice:
    # Sent once: "summary:<unit>:<day>:<employee>", "remind:<day>:<employee>" (clock in),
    # "pulang:<day>:<employee>" (clock out) or "approval:<step>:<kind>:<request>:<employee>"
    key: str
    employee_id: int
    reply: Reply
    # How it goes out of WhatsApp's 24-hour window: a reminder to clock in or out goes in the
    # reminder template ("Abaikan bila Anda sudah absen"); a summary, a report's or an
    # approval's reminder in the notice template (docs/whatsapp-templates.md).
    purpose: Purpose = Purpose.NOTICE


def due_notices(uow: Work, now: datetime, config: PushConfig) -> list[Notice]:
    """The summaries and reminders due at `now`, in every organisation."""
    notices: list[Notice] = []
    for org in uow.organisations():
        rota_on = _rota_reader(uow, org.id)
        for unit in uow.units(org.id):
            context = unit_context(uow, org, unit)
            day = local_date(now, context.zone)
            notices.extend(_for_unit(uow, org, unit, context, now, rota_on(day), config))
            notices.extend(_checkout(uow, org, unit, context, now, rota_on, config))
        notices.extend(_reporting_reminders(uow, org, now, config))
    # Requests still waiting for their approver (core.flows.push_approval).
    due = approval_reminders(uow, now, config.language)
    notices.extend(Notice(key, employee_id, reply) for key, employee_id, reply in due)
    return notices


def _rota_reader(uow: Work, org_id: int) -> Callable[[date], dict[int, DaySchedule | None]]:
    """The organisation's rota of a local day, read once per day: units in other zones may be
    on another date, and a night shift's check-out looks at the day before. Staff with a fixed
    shift have it on their working days without a rota entry (their policy's `day_schedule`)."""
    rotas: dict[date, dict[int, DaySchedule | None]] = {}
    fixed = fixed_shifts(uow, org_id)

    def rota_on(day: date) -> dict[int, DaySchedule | None]:
        if day not in rotas:
            found = uow.rota_on(org_id, day)
            rotas[day] = {**fixed(day), **{s.employee_id: schedule_of(s.schedule) for s in found}}
        return rotas[day]

    return rota_on


def _checkout(uow, org, unit, context, now, rota_on, config) -> list[Notice]:
    """The reminders to clock out (core.flows.push_checkout), sent the same way."""
    due = checkout_reminders(uow, org, unit, context, now, rota_on, config.language)
    return [Notice(key, employee_id, reply, Purpose.REMINDER) for key, employee_id, reply in due]


def _reporting_reminders(uow: Work, org: Org, now: datetime, config: PushConfig) -> list[Notice]:
    """The admins' daily reminder to submit last month's report (core.flows.report_push)."""
    from core.flows.report_push import submission_reminders  # it builds on Notice, above

    return submission_reminders(uow, org, now, config)


def _for_unit(uow, org: Org, unit: Unit, context, now, rota, config) -> list[Notice]:
    local = now.astimezone(ZoneInfo(context.zone))
    day = local_date(now, context.zone)
    schedule = context.policy.day_schedule(day)
    works = schedule is not None and not context.calendar(day)
    minute = local.hour * 60 + local.minute
    notices: list[Notice] = []
    try:
        if config.remind_before:
            notices += _reminders(uow, org, unit, day, now, minute, schedule if works else None,
                                  rota, config)  # fmt: skip
        if works and config.summary_at <= minute < config.summary_at + 60:
            notices += _summaries(uow, org, unit, day, now, config)
    except NoData:
        return []  # nobody works in this unit (yet)
    return notices


def _reminders(uow, org, unit, day, now, minute, schedule, rota, config) -> list[Notice]:
    """Who has not clocked in yet, reminded `remind_before` minutes before their own on-time
    limit: the unit's schedule, or their rota entry of the day."""

    def due(own: DaySchedule | None) -> bool:
        return own is not None and own.on_time_until - config.remind_before <= minute <= (
            own.on_time_until
        )

    if not due(schedule) and not any(due(own) for own in rota.values()):
        return []  # nobody's window: no summary read (every minute, in every unit)
    summary = day_summary(uow, org.code, day, unit.code, now=now)
    notices = []
    for line in summary.lines:
        own = rota.get(line.person.id, schedule)  # a rota day off is None: not reminded
        if line.status.code is DayCode.PENDING and own is not None and due(own):
            language = accounts.language_of(uow, line.person.id, config.language)
            text = t(language, "reminder", until=format_minutes(own.on_time_until))
            key = f"remind:{day}:{line.person.id}"
            notices.append(Notice(key, line.person.id, Reply(text), Purpose.REMINDER))
    return notices


def _summaries(uow, org, unit, day, now, config) -> list[Notice]:
    heads = [e for e in uow.employees(org.id, [unit.id]) if Role.MANAGER in e.role_set]
    if not heads:
        return []
    summary = day_summary(uow, org.code, day, unit.code, now=now)
    people = [(line.person.name, line.status) for line in summary.lines]
    shown, notices = day.strftime("%d-%m-%Y"), []
    for head in heads:  # each head in their own language
        language = accounts.language_of(uow, head.id, config.language)
        text = summary_text(language, unit.name, shown, people)
        notices.append(Notice(f"summary:{unit.id}:{day}:{head.id}", head.id, Reply(text)))
    return notices


def next_check(now: datetime) -> timedelta:
    """Check again at the start of the next minute."""
    return timedelta(seconds=60 - now.second)
