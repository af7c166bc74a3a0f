"""How long a request has waited for its approver, counted in office hours. Pure.

A request still waiting is sent to its approver again once `approval_remind_hours` of office
time have passed since it was filed, and to the next level once `approval_escalate_hours` more
have passed (`core.policy.Policy`; `core.services.approval_queue` applies them). Office time is
the work window of each of the unit's work days that is not a holiday: no regulation fixes these
delays, and counting only office hours means that nobody is reminded at night, over a weekend or
on a holiday, and every reminder arrives while the office is open (8 office hours: a sick note
filed on Tuesday at 10:00 is sent again on Wednesday at about 10:00).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.schedule import DaySchedule

# How far ahead a deadline is looked for: a unit without a work day in a year has none.
HORIZON_DAYS = 400


def office_deadline(
    start: datetime,
    hours: float,
    schedule: Callable[[date], DaySchedule | None],
    holiday: Callable[[date], str | None],
    zone: str,
) -> datetime | None:
    """The instant (UTC) at which `hours` of office time have passed since `start`; None for
    0 hours (never) or a unit without work days."""
    if hours <= 0:
        return None
    tz = ZoneInfo(zone)
    since = start.astimezone(tz)
    left = timedelta(hours=hours)
    day = since.date()
    for _ in range(HORIZON_DAYS):
        opens, closes = _office(day, schedule, holiday, tz)
        begin = max(opens, since) if opens else None
        if begin is not None and closes is not None and begin < closes:
            if closes - begin >= left:
                return (begin + left).astimezone(UTC)
            left -= closes - begin
        day += timedelta(days=1)
    return None


def _office(
    day: date,
    schedule: Callable[[date], DaySchedule | None],
    holiday: Callable[[date], str | None],
    tz: ZoneInfo,
) -> tuple[datetime | None, datetime | None]:
    """The day's work window as instants, or (None, None) on a day off or a holiday."""
    found = schedule(day)
    if found is None or holiday(day):
        return None, None
    midnight = datetime.combine(day, time(0), tz)
    return (
        midnight + timedelta(minutes=found.work.start),
        midnight + timedelta(minutes=found.work.end),
    )
