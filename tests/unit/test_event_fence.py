"""core.event_fence: the bounds of an event called from chat, and how it joins the day's
events so that core.rules judges it like a preset's event."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pyproj import Geod

from core.access import event_scope
from core.day_status import day_status
from core.event_fence import (
    NAME_MAX,
    RADIUS_MAX_M,
    RADIUS_MIN_M,
    SITE_RULE,
    AdhocEvent,
    BadEvent,
    event_rule,
    in_scope,
    merged,
    misses_check_in,
    parse_name,
    parse_radius,
    parse_window,
    site_rule,
)
from core.geo import Circle, Point
from core.presets import build_preset
from core.rules import Attempt, Direction, Outcome, classify
from core.schedule import Window

GEOD = Geod(ellps="WGS84")
WIB = ZoneInfo("Asia/Jakarta")
TUESDAY = date(2026, 11, 24)
OFFICE = Point(-2.06198, 101.39280)
SITES = {"kantor": Circle(OFFICE, 30)}
SETDA, DINKES = 1, 2


def moved(origin: Point, metres: float) -> Point:
    lon, lat, _ = GEOD.fwd(origin.lon, origin.lat, 90, metres)
    return Point(lat, lon)


FIELD = moved(OFFICE, 600)


def sungai_penuh():
    return build_preset("sungai-penuh", {"hours": {"mon-thu": "07:30-16:00"}})


def called(units=frozenset({SETDA}), day=TUESDAY, start=450, end=510, radius=100.0, id_=7):
    return AdhocEvent(id_, day, "Apel Kesiapsiagaan", start, end, FIELD.lat, FIELD.lon, radius,
                      units)  # fmt: skip


def at(clock: str, day: date = TUESDAY) -> datetime:
    hours, minutes = (int(p) for p in clock.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=WIB).astimezone(UTC)


def judge(policy, clock: str, where: Point, day: date = TUESDAY):
    event_sites = {"acara-7": Circle(FIELD, 100)}
    attempt = Attempt(Direction.IN, at(clock, day), where)
    return classify(attempt, policy, "Asia/Jakarta", SITES, event_sites)


# --- what the head types ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", None, "/acara"])
def test_an_empty_name_is_refused(text):
    with pytest.raises(BadEvent) as refused:
        parse_name(text)
    assert refused.value.key == "acara_name_empty"


def test_a_name_is_trimmed_to_one_line_and_bounded():
    assert parse_name("  Apel\n Kesiapsiagaan  Bencana ") == "Apel Kesiapsiagaan Bencana"
    assert parse_name("x" * NAME_MAX) == "x" * NAME_MAX
    with pytest.raises(BadEvent) as refused:
        parse_name("x" * (NAME_MAX + 1))
    assert refused.value.values == {"limit": NAME_MAX}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("07:30-08:30", (450, 510)), ("7.30 s/d 8.30", (450, 510)), (" 13:00 - 14:15 ", (780, 855))],
)
def test_a_window_is_read_in_minutes_of_today(text, expected):
    assert parse_window(text, now_minute=420) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("07:30", "acara_window_malformed"),
        ("pagi", "acara_window_malformed"),
        ("24:00-25:00", "acara_window_malformed"),
        ("07:61-08:00", "acara_window_malformed"),
        ("08:30-07:30", "acara_window_order"),
        ("08:30-08:30", "acara_window_order"),
        ("23:00-01:00", "acara_window_order"),  # today's event does not pass midnight
        ("06:00-07:00", "acara_window_past"),
        ("06:00-07:10", "acara_window_past"),  # ends the very minute it is now
    ],
)
def test_a_bad_window_is_refused(text, key):
    with pytest.raises(BadEvent) as refused:
        parse_window(text, now_minute=430)
    assert refused.value.key == key


def test_a_window_that_started_but_is_not_over_is_taken():
    assert parse_window("07:00-07:11", now_minute=430) == (420, 431)


@pytest.mark.parametrize(("text", "metres"), [("20", 20), ("100 m", 100), ("500", 500),
                                              ("75,4", 75)])  # fmt: skip
def test_a_radius_within_bounds_is_taken(text, metres):
    assert parse_radius(text) == metres


@pytest.mark.parametrize("text", ["0", "-50", "19", "501", "100000", "1e309", "nan", "inf"])
def test_a_radius_out_of_bounds_is_refused(text):
    with pytest.raises(BadEvent) as refused:
        parse_radius(text)
    assert refused.value.key == "acara_radius_bounds"
    assert refused.value.values == {"low": RADIUS_MIN_M, "high": RADIUS_MAX_M}


@pytest.mark.parametrize("text", ["seratus", "", "10O", None])
def test_a_radius_that_is_no_number_is_refused(text):
    with pytest.raises(BadEvent) as refused:
        parse_radius(text)
    assert refused.value.key == "acara_radius_not_number"


# --- who calls whom ---------------------------------------------------------------------


def test_a_head_calls_their_unit_and_the_units_below():
    scope = event_scope({"manager"}, 1, DINKES, {5, 6})
    assert scope is not None and scope.unit_ids == {DINKES, 5, 6}
    assert in_scope([DINKES, 5, SETDA], scope.unit_ids) == [SETDA]


def test_a_super_admin_calls_any_unit_and_staff_none():
    whole = event_scope({"super_admin"}, 1, SETDA, ())
    assert whole is not None and whole.unit_ids is None and in_scope([99], None) == []
    assert event_scope(set(), 1, SETDA, ()) is None


# --- the event among the day's events -----------------------------------------------------


def test_the_event_is_a_dated_event_at_its_own_site():
    policy = sungai_penuh()
    rule = event_rule(called(), policy)
    assert (rule.code, rule.site, rule.dates) == ("acara-7", "acara-7", frozenset({TUESDAY}))
    # Check-in opens the policy's lead (30 minutes) before the start, on time until the start.
    assert (rule.check_in, rule.on_time_until) == (Window(420, 510), 450)
    assert rule.site_rule == site_rule(policy)
    assert "Pasal 11 ayat (4)" in str(rule.site_rule)


def test_a_policy_without_an_event_site_article_cites_the_perwal():
    bare = replace(sungai_penuh(), event_site_rule=None, events=())
    assert site_rule(bare) == SITE_RULE


def test_only_the_units_taking_part_get_the_event():
    policy = sungai_penuh()
    assert merged(policy, DINKES, [called()]) is policy
    mine = merged(policy, SETDA, [called()])
    assert mine.events_on(TUESDAY)[0].code == "acara-7"
    assert "acara-7" not in {e.code for e in mine.events_on(TUESDAY + timedelta(days=1))}


def test_a_check_in_at_the_event_in_its_hours_is_at_the_event():
    policy = merged(sungai_penuh(), SETDA, [called()])
    verdict = judge(policy, "07:25", FIELD)
    assert (verdict.outcome, verdict.event, verdict.fence) == (Outcome.ON_TIME, "acara-7", "event")
    late = judge(policy, "07:40", FIELD)
    assert (late.outcome, late.minutes) == (Outcome.LATE, 10)


def test_the_office_in_the_events_hours_is_outside_its_area():
    policy = merged(sungai_penuh(), SETDA, [called()])
    verdict = judge(policy, "07:25", OFFICE)
    assert (verdict.outcome, verdict.site, verdict.event) == (
        Outcome.OUTSIDE_AREA, "acara-7", "acara-7"
    )  # fmt: skip
    assert verdict.distance_m is not None and verdict.distance_m > 400
    assert "Pasal 11 ayat (4)" in str(verdict.rule)


def test_after_the_events_hours_the_office_applies_and_the_event_is_missed():
    policy = merged(sungai_penuh(), SETDA, [called()])
    verdict = judge(policy, "08:40", OFFICE)
    assert verdict.accepted and verdict.fence == "office" and verdict.missed_event == "acara-7"
    status = day_status(TUESDAY, policy, policy.day_schedule(TUESDAY), None, verdict, None, [],
                        set(), True)  # fmt: skip
    assert status.missed_events == ("acara-7",)


def test_a_day_without_the_event_keeps_the_office():
    policy = merged(sungai_penuh(), SETDA, [called()])
    wednesday = TUESDAY + timedelta(days=1)
    verdict = judge(policy, "07:25", OFFICE, wednesday)
    assert verdict.accepted and verdict.fence == "office" and verdict.event is None


def test_a_called_event_goes_before_a_preset_event_of_its_day():
    monday = TUESDAY - timedelta(days=1)  # the Monday apel of the organisation file's policy
    base = sungai_penuh()
    apel = event_rule(called(day=monday, id_=1), base)
    with_apel = replace(base, events=(replace(apel, code="apel", site="lapangan"),))
    policy = merged(with_apel, SETDA, [called(day=monday)])
    assert [e.code for e in policy.events_on(monday)] == ["acara-7", "apel"]


def test_an_event_that_misses_the_days_check_in_window_is_told():
    policy = sungai_penuh()
    check_in = policy.day_schedule(TUESDAY).check_in  # 07:00-15:59
    assert not misses_check_in(event_rule(called(), policy), check_in)
    evening = event_rule(called(start=16 * 60 + 40, end=17 * 60), policy)
    assert misses_check_in(evening, check_in)
    assert not misses_check_in(evening, None)  # a day off takes any hours
