"""Classify a check-in or check-out: pure function over the policy, the sites and the instant."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from core.citations import Citation
from core.duty import duty_distance_m, from_office_m
from core.geo import Geofence, Point, nearest
from core.policy import Policy
from core.schedule import DAY, DaySchedule, EventRule, Window
from core.travel import FENCE as TRAVEL_FENCE
from core.travel import Destination


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class Outcome(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    LEFT_EARLY = "left_early"
    TOO_EARLY = "too_early"
    OUTSIDE_WINDOW = "outside_window"
    OUTSIDE_AREA = "outside_area"
    NOT_WORK_DAY = "not_work_day"
    HOLIDAY = "holiday"
    # Not a rule's verdict: the selfie was refused (no face, no match, a replayed photo).
    FACE_REJECTED = "face_rejected"
    # Not a rule's verdict: the live location's track looked mocked (core.track, `refuse`).
    TRACK_REJECTED = "track_rejected"
    # Not a rule's verdict: a unit admin rejected a flagged record on review (/tinjau).
    REJECTED = "rejected"


ACCEPTED = frozenset({Outcome.ON_TIME, Outcome.LATE, Outcome.LEFT_EARLY})
HolidayLookup = Callable[[date], str | None]


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    direction: Direction
    work_date: date  # the schedule day the attempt belongs to (a night shift's start date)
    local_time: datetime
    rule: Citation
    minutes: int = 0  # late, early-leave or too-early minutes
    band: str | None = None  # TL1.., PSW1..
    distance_m: int | None = None  # metres outside the nearest allowed site
    site: str | None = None  # the site checked against
    event: str | None = None  # event code on an event day
    window: str | None = None  # the window applied, for messages
    holiday: str | None = None
    # The event (apel) of the day whose window had closed: the check-in was judged against the
    # work window instead, and the event is recorded as missed.
    missed_event: str | None = None
    # Accepted away from the office on an approved local duty (dinas dalam): metres from it.
    duty_m: int | None = None
    # Refused on an approved local duty: the duty radius it was beyond, and its distance.
    duty_radius_m: int | None = None
    # Which fence judged the position: "office" (the unit's sites), "event" (the apel's site),
    # "duty" (the office widened by the duty radius) or "travel" (an approved DL's
    # destination, core.travel). None without a position (a fallback record).
    fence: str | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome in ACCEPTED

    def as_dict(self) -> dict:
        return {
            "outcome": self.outcome.value,
            "accepted": self.accepted,
            "direction": self.direction.value,
            "work_date": self.work_date.isoformat(),
            "local_time": self.local_time.isoformat(),
            "minutes": self.minutes,
            "band": self.band,
            "distance_m": self.distance_m,
            "site": self.site,
            "event": self.event,
            "window": self.window,
            "holiday": self.holiday,
            "missed_event": self.missed_event,
            "duty_m": self.duty_m,
            "duty_radius_m": self.duty_radius_m,
            "fence": self.fence,
            "rule": self.rule.as_dict(),
        }


@dataclass(frozen=True)
class Attempt:
    direction: Direction
    at: datetime  # aware; stored in UTC
    position: Point | None = None


def classify(
    attempt: Attempt,
    policy: Policy,
    zone: str,
    sites: dict[str, Geofence],
    event_sites: dict[str, Geofence] | None = None,
    holiday: HolidayLookup | None = None,
    on_duty: Callable[[date], bool] | None = None,
    travel: Callable[[date], Destination | None] | None = None,
) -> Verdict:
    """Judge one attempt: day, area, then time, in the site's zone; the first failure decides.

    `on_duty(day)` says whether the employee has an approved local duty (dinas dalam) that day:
    asked only when the attempt is outside the office, it widens the fence to the policy's
    duty radius (core.duty). `travel(day)` gives the destination of an approved official
    travel (DL) that day: asked on work days where the policy clocks travel in at its
    destination (core.travel), the attempt is judged against it instead of the office, and no
    apel is expected of someone away."""
    if attempt.at.tzinfo is None:
        raise ValueError("attempt time must carry a zone")
    local = attempt.at.astimezone(ZoneInfo(zone))
    work_date, minute = _schedule_day(attempt.direction, local, policy)
    schedule = policy.day_schedule(work_date)
    # The fields every verdict of this attempt shares, filled in as the judgement goes.
    base: dict[str, Any] = {
        "direction": attempt.direction,
        "work_date": work_date,
        "local_time": local,
    }
    holiday_name = holiday(work_date) if holiday else None
    day_off = bool(holiday_name and not policy.has_rota_on(work_date)) or schedule is None
    # A ceremony placed on a date (upacara 17 Agustus) is attended on a holiday or weekend too;
    # a weekly event (apel Senin) is not.
    event = _event_for(attempt.direction, policy, work_date, None if day_off else schedule)
    if (
        event
        and schedule is not None
        and not day_off
        and _apel_over_day_open(minute, event, schedule, policy)
    ):
        # The apel is over, the work day is not: the check-in is judged against the work window
        # and the apel is recorded as missed (Perbup Konawe Kepulauan 18/2023 Pasal 8 ayat (1)
        # and Pasal 10 ayat (1) keep the two apart); a missed apel never shuts the day.
        base["missed_event"], event = event.code, None
    if day_off and event is None:
        if holiday_name and not policy.has_rota_on(work_date):
            return Verdict(Outcome.HOLIDAY, rule=_week_rule(policy), holiday=holiday_name, **base)
        return Verdict(Outcome.NOT_WORK_DAY, rule=_week_rule(policy), **base)
    if day_off:
        base["holiday"] = holiday_name
    destination = None
    if not day_off and travel is not None and policy.travel_clock_in.value:
        destination = travel(work_date)
    if destination is not None:  # away on travel: no apel to attend, none missed
        event = None
        base.pop("missed_event", None)
    fences, area_rule, fence = _fences(event, sites, event_sites or {}, policy, destination)
    if attempt.position is not None and fences:
        base["fence"] = fence
        refused = _judge_area(attempt.position, fences, area_rule, event, base)
        if refused is None:
            return _judge_time(attempt.direction, minute, schedule, event, policy, base)
        if fence != "office" or event is not None or on_duty is None or not on_duty(work_date):
            return refused
        return _judge_duty(attempt, fences, policy, refused, minute, schedule, base)
    if event:
        base |= {"event": event.code}
    return _judge_time(attempt.direction, minute, schedule, event, policy, base)


def _judge_area(
    position: Point,
    fences: dict[str, Geofence],
    area_rule: Citation,
    event: EventRule | None,
    base: dict[str, Any],
) -> Verdict | None:
    """The refusal of a position outside every fence; None (and the site noted) inside one."""
    closest = nearest(list(fences.items()), position)
    assert closest is not None  # fences is not empty
    site, outside = closest
    base |= {"site": site, "event": event.code if event else None}
    if outside <= 0:
        return None
    return Verdict(Outcome.OUTSIDE_AREA, rule=area_rule, distance_m=math.ceil(outside), **base)


def _judge_duty(
    attempt: Attempt,
    offices: dict[str, Geofence],
    policy: Policy,
    refused: Verdict,
    minute: int,
    schedule: DaySchedule | None,
    base: dict[str, Any],
) -> Verdict:
    """Outside the office on an approved local duty: within the policy's duty radius of it
    (core.duty) the attempt is judged on its time, beyond it refused naming the radius; a
    policy without a duty radius keeps the office's refusal."""
    position = attempt.position
    assert position is not None  # asked only for an attempt with a position
    duty_m = duty_distance_m(policy, offices.values(), position)
    radius = policy.duty_radius_m.value
    if duty_m is not None:
        base |= {"duty_m": duty_m, "fence": "duty"}
        return _judge_time(attempt.direction, minute, schedule, None, policy, base)
    if radius is None:
        return refused
    away = math.ceil(min(from_office_m(office, position) for office in offices.values()))
    return replace(
        refused, rule=policy.duty_radius_m.rule, distance_m=away, duty_radius_m=int(radius)
    )


def _judge_time(
    direction: Direction,
    minute: int,
    schedule: DaySchedule | None,  # None only with an event on a day off
    event: EventRule | None,
    policy: Policy,
    base: dict[str, Any],
) -> Verdict:
    if direction is Direction.IN:
        if event:
            window, on_time_until, rule = event.check_in, event.on_time_until, event.rule
        else:
            assert schedule is not None
            window, on_time_until = schedule.check_in, schedule.on_time_until
            rule = schedule.in_rule
        base |= {"window": str(window), "rule": rule}
        if minute < window.start:
            return Verdict(Outcome.TOO_EARLY, minutes=window.start - minute, **base)
        if minute > window.end:
            return _after_window(minute - on_time_until, event is None, policy, base)
        if minute > on_time_until:
            late = minute - on_time_until
            base["rule"] = rule if event else policy.late_rule or rule
            return Verdict(Outcome.LATE, minutes=late, band=policy.late_band(late), **base)
        return Verdict(Outcome.ON_TIME, **base)
    assert schedule is not None
    window = schedule.check_out
    base |= {"window": str(window), "rule": schedule.out_rule}
    if minute < schedule.check_in.start:
        return Verdict(Outcome.OUTSIDE_WINDOW, **base)
    if minute > window.end:
        return _after_window(minute - window.end, True, policy, base)
    if minute < window.start:
        early = window.start - minute
        return Verdict(Outcome.LEFT_EARLY, minutes=early, band=policy.early_band(early), **base)
    return Verdict(Outcome.ON_TIME, **base)


def _apel_over_day_open(
    minute: int, event: EventRule, schedule: DaySchedule, policy: Policy
) -> bool:
    """Whether the event's window has closed while the work day still takes a check-in.

    Where the event's window is the day's own check-in (Perbup Balangan 32/2020 Pasal 4 ayat
    (3): Monday check-in 07:00-08:30 at the apel), both close together and the event stays.
    """
    if minute <= event.check_in.end:
        return False
    return minute <= schedule.check_in.end or policy.outside_window_late is not None


def _after_window(late: int, work_window: bool, policy: Policy, base: dict[str, Any]) -> Verdict:
    """An attempt after its window closed: late by `late` minutes where the regulation declares
    attendance outside its times late (Perwal Sungai Penuh 12/2023 Pasal 11 ayat (7)), else
    refused. An event's own window closing is not this case (see `classify`)."""
    if work_window and policy.outside_window_late is not None:
        base["rule"] = policy.outside_window_late
        return Verdict(Outcome.LATE, minutes=late, band=policy.late_band(late), **base)
    return Verdict(Outcome.OUTSIDE_WINDOW, **base)


def _schedule_day(direction: Direction, local: datetime, policy: Policy) -> tuple[date, int]:
    """Which schedule day an instant belongs to, and its minute on that day.

    A night shift's check-out at 06:00 belongs to the day before; so does a check-in at 00:30
    for a shift whose check-in window opened the evening before.
    """
    today = local.date()
    minute = local.hour * 60 + local.minute
    yesterday = today - timedelta(days=1)
    for day, offset in ((today, 0), (yesterday, DAY)):
        schedule = policy.day_schedule(day)
        if schedule and _span(direction, schedule, policy, day).contains(minute + offset):
            return day, minute + offset
    return today, minute


def _span(direction: Direction, schedule: DaySchedule, policy: Policy, day: date) -> Window:
    events = _events(policy, day, schedule)
    if direction is Direction.IN:
        starts = [schedule.check_in.start, *(e.check_in.start for e in events)]
        ends = [schedule.check_in.end, *(e.check_in.end for e in events)]
        return Window(min(starts), max(ends))
    return Window(schedule.check_in.start, schedule.check_out.end)


def _event_for(
    direction: Direction, policy: Policy, day: date, schedule: DaySchedule | None
) -> EventRule | None:
    """The event a check-in on `day` is for; with no schedule (a day off), only dated ones."""
    if direction is not Direction.IN:
        return None
    events = _events(policy, day, schedule)
    if schedule is None:
        events = [e for e in events if day in e.dates]
    return events[0] if events else None


def _events(policy: Policy, day: date, schedule: DaySchedule | None) -> list[EventRule]:
    """The events on `day` for this schedule: those whose check-in overlaps the schedule's own.

    A Monday apel at 07:30 concerns the office day, not a night shift that starts at 22:00.
    """
    events = policy.events_on(day)
    if schedule is None:
        return events
    own = schedule.check_in
    return [e for e in events if e.check_in.start <= own.end and own.start <= e.check_in.end]


def _fences(
    event: EventRule | None,
    sites: dict[str, Geofence],
    event_sites: dict[str, Geofence],
    policy: Policy,
    destination: Destination | None = None,
) -> tuple[dict[str, Geofence], Citation, str]:
    """The fences a position is judged against, the article that places it there, and which
    kind of fence it is. On an approved official travel whose policy clocks it in at its
    destination, only the destination (Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (5):
    "ASN melakukan Presensi Daring di tempat tugas"): not the office, which the traveller
    left; an apel's own site, then the unit's sites, otherwise."""
    if destination is not None:
        fence: dict[str, Geofence] = {destination.site: destination.fence}
        return fence, policy.travel_clock_in.rule, TRAVEL_FENCE
    if event and event.site and event.site in event_sites:
        return (
            {event.site: event_sites[event.site]},
            (event.site_rule or policy.event_site_rule or event.rule),
            "event",
        )
    return sites, policy.radius_m.rule, "office"


def _week_rule(policy: Policy) -> Citation:
    return policy.week.rule or policy.radius_m.rule
