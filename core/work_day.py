"""Which work day a time belongs to when a shift crosses midnight: one rule for a machine's
punches and an admin's corrections. Pure.

A schedule day's span runs from its first minute (check-in opening or work start, whichever is
earlier) to its last (check-out closing or work end, whichever is later), in minutes from the
day's local midnight, past 1440 for a night shift (core.schedule). A night shift 21:00-07:00
with check-out until 09:00 spans 20:00 to 09:00 the next morning: a punch at 07:00 on the 25th
belongs to the 24th's shift, and "pulang 07:00" written for the 24th means the 25th at 07:00.

The rota refuses a day whose shift opens before the previous day's closes
(`core.rota._check_overlaps`, with the same span), so a time is never in two days' spans on a
rota; where weekday schedules alone overlap, the calendar day keeps it, as the judging does
(`core.rules._schedule_day`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo

from core.schedule import DAY, DaySchedule, Window

ScheduleOn = Callable[[date], DaySchedule | None]


def span(schedule: DaySchedule) -> Window:
    """The minutes of its day a schedule takes: first opening to last closing."""
    first = min(schedule.check_in.start, schedule.work.start)
    last = max(schedule.check_out.end, schedule.work.end)
    return Window(first, last)


def _minute(clock: time | datetime) -> int:
    return clock.hour * 60 + clock.minute


def work_day(local: datetime, schedule_on: ScheduleOn) -> tuple[date, int]:
    """The work day a punch at `local` (wall clock) belongs to, and its minute on that day:
    the day before when the punch falls in that day's shift past midnight and in no shift of
    its own date; else its calendar date."""
    today, minute = local.date(), _minute(local)
    yesterday = today - timedelta(days=1)
    before = schedule_on(yesterday)
    if before is not None and span(before).contains(minute + DAY):
        own = schedule_on(today)
        if own is None or not span(own).contains(minute):
            return yesterday, minute + DAY
    return today, minute


def leaves(schedule: DaySchedule | None, minute: int) -> bool:
    """Whether a punch at `minute` of its work day can only be the check-out: past midnight and
    after the check-in window has closed (a night shift's morning punch)."""
    return schedule is not None and minute >= DAY and minute > schedule.check_in.end


def instant_on(day: date, clock: time, schedule: DaySchedule | None, zone: tzinfo) -> datetime:
    """The instant a time written for work day `day` means: the next calendar day's when the
    day's shift runs past midnight and the time falls there, not in the day's own part."""
    minute = _minute(clock)
    if schedule is not None:
        taken = span(schedule)
        if not taken.contains(minute) and taken.contains(minute + DAY):
            return datetime.combine(day + timedelta(days=1), clock, zone)
    return datetime.combine(day, clock, zone)
