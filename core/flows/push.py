"""Messages nobody asked for: the head of unit's daily summary, and a reminder to clock in.

`due_notices` says what is due at an instant; the caller delivers each notice once (it keys them
in Redis) through whichever channel the employee uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from core.day_status import DayCode
from core.flows.messages import Reply
from core.flows.summary import summary_text
from core.flows.texts import t
from core.schedule import format_minutes
from core.services.context import unit_context
from core.services.daily import day_report
from core.storage.tables import Organisation, UnitRow
from core.storage.uow import UnitOfWork


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


def due_notices(uow: UnitOfWork, now: datetime, config: PushConfig) -> list[Notice]:
    """The summaries and reminders due at `now`, in every organisation."""
    notices: list[Notice] = []
    for org in uow.organisations():
        for unit in uow.units(org.id):
            notices.extend(_for_unit(uow, org, unit, now, config))
    return notices


def _for_unit(uow, org: Organisation, unit: UnitRow, now: datetime, config) -> list[Notice]:
    context = unit_context(uow, org, unit)
    local = now.astimezone(ZoneInfo(context.zone))
    day = local.date()
    schedule = context.policy.day_schedule(day)
    if schedule is None or context.calendar(day):
        return []
    minute = local.hour * 60 + local.minute
    remind_from = schedule.on_time_until - config.remind_before
    notices: list[Notice] = []
    if config.remind_before and remind_from <= minute <= schedule.on_time_until:
        notices += _reminders(uow, org, unit, day, now, format_minutes(schedule.on_time_until),
                              config)
    if config.summary_at <= minute < config.summary_at + 60:
        notices += _summaries(uow, org, unit, day, now, config)
    return notices


def _reminders(uow, org, unit, day, now, until: str, config) -> list[Notice]:
    report = day_report(uow, org.code, day, now, unit.code)
    text = t(config.language, "reminder", until=until)
    return [Notice(f"remind:{day}:{row.employee.id}", row.employee.id, Reply(text))
            for row in report if row.status.code is DayCode.PENDING]


def _summaries(uow, org, unit, day, now, config) -> list[Notice]:
    heads = [e for e in uow.employees(org.id, [unit.id]) if "manager" in e.role_set]
    if not heads:
        return []
    report = day_report(uow, org.code, day, now, unit.code)
    text = summary_text(config.language, unit.name, day.strftime("%d-%m-%Y"), report)
    return [Notice(f"summary:{unit.id}:{day}:{head.id}", head.id, Reply(text)) for head in heads]


def next_check(now: datetime) -> timedelta:
    """Check again at the start of the next minute."""
    return timedelta(seconds=60 - now.second)
