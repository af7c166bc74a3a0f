"""The rest of the demo's month, recorded quietly, so that `presensi recap` on the demo
database reads like a real month: most staff on time every day, a few late, the odd early
leaver or absence.

The played day goes through the bot; the other work days go straight through the attendance
use case the bot calls (`record_check`), which is a hundred times faster and judges the same.
"""

from __future__ import annotations

import random
from calendar import monthrange
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pyproj import Geod

from core.clock import FixedClock
from core.geo import Point
from core.rules import Direction
from core.services.attendance import CheckRequest, record_check
from core.services.context import unit_context
from core.storage.uow import UnitOfWork
from presensi.demo_people import Person

GEOD = Geod(ellps="WGS84")
ZONE = ZoneInfo("Asia/Jakarta")  # the demo organisation's


def calendar_of(uow: UnitOfWork, org_code: str):
    """The organisation's holidays (national and local)."""
    org = uow.organisation(org_code)
    return unit_context(uow, org, uow.units(org.id)[0]).calendar


def work_days(uow: UnitOfWork, org_code: str, month_of: date) -> dict[date, tuple[int, int, int]]:
    """Each work day of the month that is no holiday: (check-in opens, on time until, work
    ends), in minutes after midnight."""
    org = uow.organisation(org_code)
    context = unit_context(uow, org, uow.units(org.id)[0])
    first = month_of.replace(day=1)
    days = {}
    for offset in range(monthrange(first.year, first.month)[1]):
        day = first + timedelta(days=offset)
        schedule = context.policy.day_schedule(day)
        if schedule is not None and not context.calendar(day):
            days[day] = (schedule.check_in.start, schedule.on_time_until, schedule.work.end)
    return days


def fill_month(
    sessions: Callable[[], UnitOfWork],
    clock: FixedClock,
    org_code: str,
    people: list[Person],
    offices: dict[str, tuple[float, float]],
    played: date,
    only_before: bool = False,
) -> int:
    """Record every work day of `played`'s month but `played` itself (`only_before`: the days
    before it); return the records."""
    with sessions() as uow:
        days = work_days(uow, org_code, played)
        org_id = uow.organisation(org_code).id
        ids = {p.identifier: uow.employee_by_identifier(org_id, p.identifier).id for p in people}
    written = 0
    for day, times in days.items():
        if day == played or (only_before and day > played):
            continue
        rng = random.Random(day.toordinal())
        with sessions() as uow:
            for person in people:
                for direction, minute in _day_of(rng, times):
                    clock.set(_at(day, minute))
                    request = CheckRequest(
                        ids[person.identifier],
                        direction,
                        _near(rng, offices[person.unit]),
                        rng.uniform(6, 20),
                        source="demo",
                    )
                    record_check(uow, request, actor="demo")
                    written += 1
            uow.commit()
    return written


def _day_of(rng: random.Random, times: tuple[int, int, int]) -> list[tuple[Direction, int]]:
    """One employee's day: 86% on time, 7% late, 3% leave early, 4% do not come."""
    opens, on_time, ends = times
    fate = rng.random()
    if fate >= 0.96:
        return []
    arrive = rng.randint(on_time + 1, on_time + 35) if fate >= 0.89 else rng.randint(opens, on_time)
    leave = (
        rng.randint(ends - 60, ends - 5) if 0.86 <= fate < 0.89 else rng.randint(ends, ends + 28)
    )
    return [(Direction.IN, arrive), (Direction.OUT, leave)]


def _at(day: date, minute_of_day: int) -> datetime:
    return datetime.combine(day, time(0, 0), ZONE) + timedelta(minutes=minute_of_day)


def _near(rng: random.Random, office: tuple[float, float]) -> Point:
    """A GPS fix a few metres from the desk."""
    lon, lat, _ = GEOD.fwd(office[1], office[0], rng.uniform(0, 360), rng.uniform(0, 12))
    return Point(lat, lon)
