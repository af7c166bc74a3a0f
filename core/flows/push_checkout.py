"""The reminder to clock out, pushed with the others (`core.flows.push.due_notices`).

Staff who clocked in and have not clocked out are told once, the policy's
`checkout_reminder_min` minutes (30 by default) before their check-out window closes. Their own
day decides: the unit's schedule, or their rota shift where they have one; a night shift's window
closes the next morning, so the schedule day that began yesterday is looked at too. Not reminded:
who has clocked out, is on an approved absence for the day or for its end (izin pulang cepat or
keluar kantor, `core.day_status.EXCUSE_EARLY`), has left the organisation (not on the day's list),
or has no work that day (a holiday, a day off, a rota day off).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.absence_codes import DayCode
from core.day_status import EXCUSE_EARLY
from core.flows.messages import Reply
from core.flows.ports import Org, Unit, Work
from core.flows.texts import t
from core.recap import DayLine, NoData
from core.schedule import DAY, DaySchedule, format_minutes
from core.services import accounts
from core.services.recap import day_summary

# A rota of one local day: employee id -> their shift (None: a day off).
Rota = dict[int, DaySchedule | None]
# A reminder due: (its key, the employee, the message); `core.flows.push` makes it a Notice.
Due = tuple[str, int, Reply]


def reminder_due(schedule: DaySchedule | None, before: int, minute: int) -> bool:
    """Whether `minute` (of the schedule day) is within the last `before` minutes of the
    check-out window; never before the window opens, so a short window is reminded at its start."""
    if schedule is None or before <= 0:
        return False
    window = schedule.check_out
    return max(window.start, window.end - before) <= minute <= window.end


def still_in(line: DayLine) -> bool:
    """Clocked in, not out, and no approved absence that covers the end of the day."""
    status = line.status
    return (
        status.code is DayCode.PRESENT
        and line.entry.check_in is not None
        and line.entry.check_out is None
        and not set(status.excused) & EXCUSE_EARLY
    )


def checkout_reminders(
    uow: Work,
    org: Org,
    unit: Unit,
    context,
    now: datetime,
    rota_on: Callable[[date], Rota],
    language: str,
) -> list[Due]:
    """The check-out reminders due at `now` in one unit."""
    before = int(context.policy.checkout_reminder_min.value or 0)
    if before <= 0:
        return []
    local = now.astimezone(ZoneInfo(context.zone))
    minute = local.hour * 60 + local.minute
    notices: list[Due] = []
    for back in (0, 1):  # today's schedule day, and yesterday's for a shift past midnight
        day = local.date() - timedelta(days=back)
        found = _for_day(uow, org, unit, context, day, minute + back * DAY, now, rota_on, before)
        notices += [
            _notice(day, line, own, accounts.language_of(uow, line.person.id, language))
            for line, own in found
        ]
    return notices


def _for_day(uow, org, unit, context, day, minute, now, rota_on, before):
    """(line, schedule) of whoever is due a reminder on the schedule day `day`."""
    schedule = context.policy.day_schedule(day)
    unit_day = None if schedule is None or context.calendar(day) else schedule
    rota = rota_on(day)
    if not reminder_due(unit_day, before, minute) and not any(
        reminder_due(own, before, minute) for own in rota.values()
    ):
        return []  # nobody's window closes now: no list read (every minute, in every unit)
    try:
        summary = day_summary(uow, org.code, day, unit.code, now=now)
    except NoData:
        return []  # nobody worked in this unit that day
    found = []
    for line in summary.lines:
        own = rota.get(line.person.id, unit_day)  # a rota day off is None: not reminded
        if reminder_due(own, before, minute) and still_in(line):
            found.append((line, own))
    return found


def _notice(day: date, line: DayLine, own: DaySchedule, language: str) -> Due:
    """Keyed by the schedule day: one reminder per employee and day, however often asked."""
    text = t(language, "checkout_reminder", until=format_minutes(own.check_out.end % DAY))
    return f"pulang:{day}:{line.person.id}", line.person.id, Reply(text)
