"""Property-based tests (hypothesis): classify agrees with plain window arithmetic for random
windows (including ones that cross midnight) and random instants, in WIB, WITA and WIT."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from core.citations import default
from core.geo import Circle, Point
from core.policy import Policy, Rule
from core.rules import Attempt, Direction, Outcome, classify
from core.schedule import DAY, DaySchedule, Week, Window, format_minutes, parse_clock

ZONES = {"Asia/Jakarta": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9}
RULE = default("property test")
GEOD = Geod(ellps="WGS84")
SETTINGS = settings(max_examples=200, deadline=None)
FEW = settings(max_examples=100, deadline=None)

# An office in Sekayu (WIB), one in Paringin (WITA) and one in Jayapura (WIT).
OFFICES = [Point(-2.8897, 103.8437), Point(-2.3320, 115.4620), Point(-2.5337, 140.7181)]


@dataclass(frozen=True)
class Shape:
    """A day's windows as plain numbers: check-in [start, start+length], on time until
    start+grace, check-out [out_start, out_end]; all minutes from the schedule day's midnight."""

    start: int
    length: int
    grace: int
    out_start: int
    out_end: int

    @property
    def in_end(self) -> int:
        return self.start + self.length

    @property
    def on_time_until(self) -> int:
        return self.start + self.grace

    def schedule(self) -> DaySchedule:
        return DaySchedule(
            work=Window(self.on_time_until, self.out_start),
            check_in=Window(self.start, self.in_end),
            on_time_until=self.on_time_until,
            check_out=Window(self.out_start, self.out_end),
            in_rule=RULE,
            out_rule=RULE,
        )

    def policy(self) -> Policy:
        day = self.schedule()
        return Policy(
            key="prop",
            title="property",
            week=Week({d: day for d in range(7)}, RULE),
            radius_m=Rule(50, RULE),
        )


@st.composite
def shapes(draw) -> Shape:
    # Half the windows open in the evening, so that many of them cross midnight.
    start = draw(st.integers(0, DAY - 1) | st.integers(parse_clock("18:00"), DAY - 1))
    length = draw(st.integers(1, 600))
    grace = draw(st.integers(0, length))
    gap = draw(st.integers(1, 600))
    out_length = draw(st.integers(1, min(600, DAY - 1 - length - gap)))
    out_start = start + length + gap
    return Shape(start, length, grace, out_start, out_start + out_length)


local_datetimes = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31))
zones = st.sampled_from(sorted(ZONES))
directions = st.sampled_from([Direction.IN, Direction.OUT])


def to_utc(local: datetime, zone: str) -> datetime:
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def band(minutes: int, prefix: str) -> str:
    return f"{prefix}{min(4, (minutes - 1) // 30 + 1)}"


def expected(shape: Shape, direction: Direction, local: datetime) -> tuple:
    """(outcome, minutes, band, work_date) by window arithmetic on the local wall clock.

    Every day has the same windows; each day's windows are laid on an absolute minute line and
    the attempt belongs to the day whose window (for check-out: check-in opening to check-out
    closing) it falls in, the same day when it falls in none.
    """
    minute = local.hour * 60 + local.minute
    today = local.date()
    absolute = today.toordinal() * DAY + minute
    last = shape.in_end if direction is Direction.IN else shape.out_end
    for day in (today, today - timedelta(days=1)):
        offset = absolute - day.toordinal() * DAY
        if shape.start <= offset <= last:
            break
    else:
        day, offset = today, minute
        if direction is Direction.IN and offset < shape.start:
            return Outcome.TOO_EARLY, shape.start - offset, None, day
        return Outcome.OUTSIDE_WINDOW, 0, None, day
    if direction is Direction.IN:
        if offset > shape.on_time_until:
            late = offset - shape.on_time_until
            return Outcome.LATE, late, band(late, "TL"), day
        return Outcome.ON_TIME, 0, None, day
    if offset < shape.out_start:
        early = shape.out_start - offset
        return Outcome.LEFT_EARLY, early, band(early, "PSW"), day
    return Outcome.ON_TIME, 0, None, day


def actual(shape: Shape, direction: Direction, local: datetime, zone: str) -> tuple:
    verdict = classify(Attempt(direction, to_utc(local, zone)), shape.policy(), zone, {})
    return verdict.outcome, verdict.minutes, verdict.band, verdict.work_date


# --- classify against window arithmetic ---------------------------------------------------------


@SETTINGS
@given(shape=shapes(), direction=directions, local=local_datetimes, zone=zones)
def test_outcome_matches_window_arithmetic_at_random_instants(shape, direction, local, zone):
    assert actual(shape, direction, local, zone) == expected(shape, direction, local)


@st.composite
def edge_instants(draw, shape: Shape) -> datetime:
    """An instant a minute or so around a window edge or midnight, at 0, 30 or 59 seconds."""
    edges = [
        0,
        DAY - 1,
        DAY,
        shape.start,
        shape.on_time_until,
        shape.in_end,
        shape.out_start,
        shape.out_end,
    ]
    edge = draw(st.sampled_from(edges)) + draw(st.integers(-2, 2))
    base = datetime.combine(
        draw(st.dates(date(2024, 1, 1), date(2026, 12, 31))), datetime.min.time()
    )
    return base + timedelta(minutes=edge, seconds=draw(st.sampled_from([0, 30, 59])))


@SETTINGS
@given(data=st.data(), shape=shapes(), direction=directions, zone=zones)
def test_outcome_matches_window_arithmetic_around_edges_and_midnight(data, shape, direction, zone):
    local = data.draw(edge_instants(shape))
    assert actual(shape, direction, local, zone) == expected(shape, direction, local)


@SETTINGS
@given(shape=shapes(), local=local_datetimes, zone=zones)
def test_on_time_iff_the_minute_is_within_opening_and_the_on_time_limit(shape, local, zone):
    outcome, minutes, _, day = actual(shape, Direction.IN, local, zone)
    offset = (local.date().toordinal() - day.toordinal()) * DAY + local.hour * 60 + local.minute
    assert (outcome is Outcome.ON_TIME) == (shape.start <= offset <= shape.on_time_until)
    if outcome is Outcome.LATE:
        assert minutes == offset - shape.on_time_until
        assert 1 <= minutes <= shape.length - shape.grace


@SETTINGS
@given(shape=shapes(), local=local_datetimes, zone=zones)
def test_seconds_never_change_the_verdict(shape, local, zone):
    """A window includes its last minute: 07:30:00 and 07:30:59 are judged alike."""
    start_of_minute = local.replace(second=0, microsecond=0)
    end_of_minute = local.replace(second=59, microsecond=999999)
    for direction in Direction:
        assert actual(shape, direction, start_of_minute, zone) == actual(
            shape, direction, end_of_minute, zone
        )


# --- zones --------------------------------------------------------------------------------------


@SETTINGS
@given(shape=shapes(), direction=directions, local=local_datetimes)
def test_same_wall_clock_in_wib_wita_and_wit_gives_the_same_verdict(shape, direction, local):
    verdicts = []
    for zone in ZONES:
        verdict = classify(Attempt(direction, to_utc(local, zone)), shape.policy(), zone, {})
        verdicts.append(
            (
                verdict.outcome,
                verdict.minutes,
                verdict.band,
                verdict.work_date,
                verdict.window,
                verdict.local_time.replace(tzinfo=None),
            )
        )
    assert verdicts[0] == verdicts[1] == verdicts[2]


@SETTINGS
@given(
    at=st.datetimes(datetime(2024, 1, 1), datetime(2026, 12, 31), timezones=st.just(UTC)),
    zone=zones,
)
def test_utc_instant_is_judged_on_the_local_date_of_the_zone(at, zone):
    """None of WIB, WITA, WIT has daylight saving: local = UTC + 7, 8 or 9 hours, always."""
    office = Shape(parse_clock("07:00"), 539, 30, parse_clock("16:00"), parse_clock("23:59"))
    verdict = classify(Attempt(Direction.IN, at), office.policy(), zone, {})
    local = at + timedelta(hours=ZONES[zone])
    assert verdict.local_time.utcoffset() == timedelta(hours=ZONES[zone])
    assert verdict.local_time.replace(tzinfo=None) == local.replace(tzinfo=None)
    assert verdict.work_date == local.date()


def test_2330_utc_is_the_next_day_in_all_three_zones():
    office = Shape(parse_clock("07:00"), 539, 30, parse_clock("16:00"), parse_clock("23:59"))
    at = datetime(2024, 3, 4, 23, 30, tzinfo=UTC)
    for zone, hours in ZONES.items():
        verdict = classify(Attempt(Direction.IN, at), office.policy(), zone, {})
        assert verdict.work_date == date(2024, 3, 5), zone
        assert verdict.local_time.hour == (23 + hours) % 24 and verdict.local_time.minute == 30
    # 06:30 WIB is too early, 07:30 WITA on time, 08:30 WIT late by 60 minutes.
    results = [classify(Attempt(Direction.IN, at), office.policy(), zone, {}) for zone in ZONES]
    assert [(v.outcome, v.minutes) for v in results] == [
        (Outcome.TOO_EARLY, 30),
        (Outcome.ON_TIME, 0),
        (Outcome.LATE, 60),
    ]


@SETTINGS
@given(
    at=st.datetimes(datetime(2024, 1, 1), datetime(2026, 12, 31), timezones=st.just(UTC)),
)
def test_night_shift_check_out_belongs_to_the_evening_before_in_every_zone(at):
    """A 22:00-06:00 shift (check-out 06:00-09:00 the next morning) in each zone."""
    night = DaySchedule.build(
        work=("22:00", "06:00"),
        check_in=("21:00", "02:00"),
        on_time_until="22:00",
        check_out=("06:00", "09:00"),
        in_rule=RULE,
    )
    policy = Policy("n", "night", Week({d: night for d in range(7)}, RULE), Rule(50, RULE))
    for zone, hours in ZONES.items():
        local = (at + timedelta(hours=hours)).replace(tzinfo=None)
        verdict = classify(Attempt(Direction.OUT, at), policy, zone, {})
        if 6 <= local.hour < 9 or (local.hour == 9 and local.minute == 0):
            assert verdict.outcome is Outcome.ON_TIME
            assert verdict.work_date == local.date() - timedelta(days=1)


# --- windows and geofences ------------------------------------------------------------------


@SETTINGS
@given(start=st.integers(0, DAY - 1), end=st.integers(0, DAY - 1))
def test_window_between_two_clock_times_is_shorter_than_a_day(start, end):
    assume(start != end)
    window = Window.between(format_minutes(start), format_minutes(end))
    assert 0 < window.end - window.start < DAY
    assert window.start == start
    assert window.end % DAY == end
    assert (window.end >= DAY) == (end < start)  # crosses midnight exactly when end < start


@FEW
@given(
    office=st.sampled_from(OFFICES),
    radius=st.integers(10, 500),
    azimuth=st.floats(-180, 180),
    ratio=st.floats(0, 2),
)
def test_outside_area_iff_farther_than_the_radius(office, radius, azimuth, ratio):
    metres = radius * ratio
    assume(abs(metres - radius) > 0.01)
    lon, lat, _ = GEOD.fwd(office.lon, office.lat, azimuth, metres)
    shape = Shape(0, DAY - 3, 0, DAY - 2, DAY - 1)
    verdict = classify(
        Attempt(Direction.IN, datetime(2024, 3, 4, 1, 0, tzinfo=UTC), Point(lat, lon)),
        shape.policy(),
        "Asia/Jakarta",
        {"kantor": Circle(office, radius)},
    )
    if metres > radius:
        assert verdict.outcome is Outcome.OUTSIDE_AREA
        assert verdict.distance_m == math.ceil(round(metres - radius, 3))
    else:
        assert verdict.outcome is not Outcome.OUTSIDE_AREA
        assert verdict.distance_m is None
