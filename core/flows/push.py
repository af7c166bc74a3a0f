"""Messages nobody asked for: the head of unit's daily summary, and a reminder to clock in.

`due_notices` says what is due at an instant; the caller delivers each notice once (it keys them
in Redis) through whichever channel the employee uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.clock import local_date
from core.day_status import DayCode
from core.flows.messages import Reply
from core.flows.ports import Org, Unit, Work
from core.flows.summary import summary_text
from core.flows.texts import t
from core.org import Role
from core.recap import NoData
from core.schedule import format_minutes
from core.services.context import unit_context
from core.services.recap import day_summary


@dataclass(frozen=True)
class PushConfig:
    summary_at: int = 9 * 60  # local minutes: the head of unit's summary of the morning
    remind_before: int = 15  # minutes before the last on-time minute of the check-in window
    language: str = "id"


@dataclass(frozen=True)
class Notice:
    key: str  # sent once: "summary:<unit>:<day>:<employee>" or "remind:<day>:<employee>"
    employee_id: int
    reply: Reply


def due_notices(uow: Work, now: datetime, config: PushConfig) -> list[Notice]:
    """The summaries and reminders due at `now`, in every organisation."""
    notices: list[Notice] = []
    for org in uow.organisations():
        for unit in uow.units(org.id):
            notices.extend(_for_unit(uow, org, unit, now, config))
    return notices


def _for_unit(uow, org: Org, unit: Unit, now: datetime, config) -> list[Notice]:
    context = unit_context(uow, org, unit)
    local = now.astimezone(ZoneInfo(context.zone))
    day = local_date(now, context.zone)
    schedule = context.policy.day_schedule(day)
    if schedule is None or context.calendar(day):
        return []
    minute = local.hour * 60 + local.minute
    remind_from = schedule.on_time_until - config.remind_before
    notices: list[Notice] = []
    try:
        if config.remind_before and remind_from <= minute <= schedule.on_time_until:
            until = format_minutes(schedule.on_time_until)
            notices += _reminders(uow, org, unit, day, now, until, config)
        if config.summary_at <= minute < config.summary_at + 60:
            notices += _summaries(uow, org, unit, day, now, config)
    except NoData:
        return []  # nobody works in this unit (yet)
    return notices


def _reminders(uow, org, unit, day, now, until: str, config) -> list[Notice]:
    summary = day_summary(uow, org.code, day, unit.code, now=now)
    text = t(config.language, "reminder", until=until)
    return [
        Notice(f"remind:{day}:{line.person.id}", line.person.id, Reply(text))
        for line in summary.lines
        if line.status.code is DayCode.PENDING
    ]


def _summaries(uow, org, unit, day, now, config) -> list[Notice]:
    heads = [e for e in uow.employees(org.id, [unit.id]) if Role.MANAGER in e.role_set]
    if not heads:
        return []
    summary = day_summary(uow, org.code, day, unit.code, now=now)
    people = [(line.person.name, line.status) for line in summary.lines]
    text = summary_text(config.language, unit.name, day.strftime("%d-%m-%Y"), people)
    return [Notice(f"summary:{unit.id}:{day}:{head.id}", head.id, Reply(text)) for head in heads]


def next_check(now: datetime) -> timedelta:
    """Check again at the start of the next minute."""
    return timedelta(seconds=60 - now.second)
