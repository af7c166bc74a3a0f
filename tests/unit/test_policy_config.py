"""Policy overrides: each key, its bad values, and the verdicts an override changes."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pyproj import Geod

from core.geo import Circle, Point
from core.policy import Category
from core.policy.config import InvalidConfig, apply_overrides, resolve_policy
from core.presets import build_preset
from core.rules import Attempt, Direction, Outcome, classify
from core.schedule import DAY, parse_clock

WIB = ZoneInfo("Asia/Jakarta")
OFFICE = Point(-2.06198, 101.39280)  # Kantor Walikota Sungai Penuh
SITES = {"kantor": Circle(OFFICE, 30)}
SATURDAY = date(2025, 6, 7)
MONDAY = date(2025, 6, 2)


def sungai_penuh():
    return build_preset("sungai-penuh", {})


def at(day: date, clock: str) -> datetime:
    minutes = parse_clock(clock)
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=WIB)


def judge(policy, direction: Direction, when: datetime, position: Point = OFFICE, sites=None):
    attempt = Attempt(direction, when, position)
    return classify(attempt, policy, "Asia/Jakarta", sites or SITES)


def metres_north(point: Point, metres: float) -> Point:
    lon, lat, _ = Geod(ellps="WGS84").fwd(point.lon, point.lat, 0, metres)
    return Point(lat, lon)


def error_of(policy, overrides) -> InvalidConfig:
    with pytest.raises(InvalidConfig) as caught:
        apply_overrides(policy, overrides, where="unit test")
    return caught.value


# --- radius ------------------------------------------------------------------------------------


def test_radius_override_keeps_a_citation_naming_where_it_was_set():
    policy = apply_overrides(sungai_penuh(), {"radius_m": 50}, where="unit pkm")
    assert policy.radius_m.value == 50
    assert policy.radius_m.rule.quote == "set by unit pkm"


def test_radius_override_changes_the_outside_distance():
    """Perwal Sungai Penuh 12/2023 Pasal 13: 30 m; an override of 50 m moves the boundary."""
    position = metres_north(OFFICE, 80)
    base = sungai_penuh()
    wider = apply_overrides(base, {"radius_m": 50}, where="test")
    sites = {"kantor": Circle(OFFICE, base.radius_m.value)}
    wide_sites = {"kantor": Circle(OFFICE, wider.radius_m.value)}
    before = judge(base, Direction.IN, at(MONDAY, "07:20"), position, sites)
    after = judge(wider, Direction.IN, at(MONDAY, "07:20"), position, wide_sites)
    assert (before.outcome, before.distance_m) == (Outcome.OUTSIDE_AREA, 50)
    assert (after.outcome, after.distance_m) == (Outcome.OUTSIDE_AREA, 30)


@pytest.mark.parametrize("value", [0, -5, True, "50", float("nan"), None])
def test_bad_radius_is_refused_naming_the_key(value):
    error = error_of(sungai_penuh(), {"radius_m": value})
    assert error.path == "radius_m"


def test_the_original_policy_is_not_changed():
    base = sungai_penuh()
    apply_overrides(base, {"radius_m": 50, "days": {"fri": "off"}}, where="test")
    assert base.radius_m.value == 30
    assert 4 in base.week.days


def test_unknown_key_is_named_with_a_suggestion():
    error = error_of(sungai_penuh(), {"radius": 50})
    assert error.path == "radius"
    assert "unknown policy key 'radius'" in str(error)
    assert "did you mean 'radius_m'" in str(error)


def test_overrides_must_be_a_mapping():
    assert error_of(sungai_penuh(), ["radius_m", 50]).path == ""


# --- days --------------------------------------------------------------------------------------


def test_saturday_override_makes_saturday_a_work_day():
    base = sungai_penuh()
    assert judge(base, Direction.IN, at(SATURDAY, "07:20")).outcome is Outcome.NOT_WORK_DAY
    six_days = apply_overrides(base, {"days": {"sat": {"work": "07:30-12:00"}}}, where="test")
    assert judge(six_days, Direction.IN, at(SATURDAY, "07:20")).outcome is Outcome.ON_TIME
    late = judge(six_days, Direction.IN, at(SATURDAY, "07:45"))
    assert (late.outcome, late.minutes) == (Outcome.LATE, 15)


def test_a_day_given_only_its_hours_keeps_the_regulations_windows():
    """Perwal Sungai Penuh Pasal 11 ayat (2)-(3): 30 minutes before work, 30 minutes after."""
    policy = apply_overrides(sungai_penuh(), {"days": {"sat": {"work": "07:30-12:00"}}}, where="x")
    saturday = policy.week.days[5]
    assert str(saturday.check_in) == "07:00-11:59"
    assert str(saturday.check_out) == "12:00-12:30"
    assert saturday.in_rule.pasal == "11" and saturday.in_rule.ayat == "2"


def test_explicit_windows_cite_where_they_were_set():
    day = {"work": "08:00-12:00", "check_in": "07:45-08:30", "check_out": "12:00-13:00"}
    policy = apply_overrides(sungai_penuh(), {"days": {"sat": day}}, where="unit x")
    saturday = policy.week.days[5]
    assert saturday.on_time_until == parse_clock("08:00")
    assert saturday.in_rule.quote == "set by unit x"
    assert saturday.out_rule.quote == "set by unit x"


@pytest.mark.parametrize("off", ["off", False])
def test_a_day_can_be_turned_off(off):
    policy = apply_overrides(sungai_penuh(), {"days": {"fri": off}}, where="test")
    friday = date(2025, 6, 6)
    assert judge(policy, Direction.IN, at(friday, "07:20")).outcome is Outcome.NOT_WORK_DAY


def test_night_shift_crossing_midnight_is_valid():
    night = {
        "work": "21:00-07:00",
        "check_in": "20:00-06:59",
        "on_time_until": "21:00",
        "check_out": "07:00-09:00",
    }
    policy = apply_overrides(sungai_penuh(), {"days": {"mon-sun": night}}, where="ugd")
    monday = policy.week.days[0]
    assert monday.work.end == DAY + parse_clock("07:00")
    out = judge(policy, Direction.OUT, at(date(2025, 6, 3), "07:10"))
    assert (out.outcome, out.work_date) == (Outcome.ON_TIME, MONDAY)
    late = judge(policy, Direction.IN, at(MONDAY, "21:25"))
    assert (late.outcome, late.minutes) == (Outcome.LATE, 25)


@pytest.mark.parametrize(
    ("day", "path", "words"),
    [
        ({"work": "07:30-07:30"}, "days.sat.work", "empty window"),
        ({"work": "07:30-07:30+1"}, "days.sat.work", "a day or longer"),
        ({"work": "07:00-08:00+1"}, "days.sat.work", "a day or longer"),
        ({"work": "07:30-12:60"}, "days.sat.work", "not a clock time"),
        ({"work": "25:00-12:00"}, "days.sat.work", "not a clock time"),
        ({"work": "07:30"}, "days.sat.work", "HH:MM-HH:MM"),
        ({"work": 450}, "days.sat.work", "HH:MM-HH:MM"),
        ({"work": "07:30-12:00", "check_in": "07:00-07:00"}, "days.sat.check_in", "empty"),
        ({"work": "07:30-12:00", "on_time_until": "13:00"}, "days.sat.on_time_until", "outside"),
        ({"work": "07:30-12:00", "lunch": "12:00"}, "days.sat.lunch", "unknown key"),
        ({"check_in": "07:00-08:00"}, "days.sat.work", "required"),
        ("closed", "days.sat", "expected 'off' or a mapping"),
    ],
)
def test_bad_day_is_refused_with_its_path(day, path, words):
    error = error_of(sungai_penuh(), {"days": {"sat": day}})
    assert error.path == path
    assert words in error.message


def test_unknown_weekday_is_refused():
    error = error_of(sungai_penuh(), {"days": {"sab": "off"}})
    assert error.path == "days.sab"
    assert "unknown weekday" in error.message


def test_a_weekday_set_twice_is_refused():
    error = error_of(sungai_penuh(), {"days": {"mon-fri": "off", "fri": "off"}})
    assert error.path == "days.fri"
    assert "already set by 'mon-fri'" in error.message


# --- events ------------------------------------------------------------------------------------

APEL = {"code": "apel", "name": "Apel Gabungan", "weekdays": ["mon"], "start": "07:30"}


def test_event_with_a_start_opens_by_the_regulations_lead_time():
    """Perwal Sungai Penuh Pasal 11 ayat (5): apel check-in at most 30 minutes before."""
    policy = apply_overrides(
        sungai_penuh(), {"events": [{**APEL, "site": "lapangan"}]}, where="org"
    )
    (event,) = policy.events
    assert str(event.check_in) == "07:00-08:30"
    assert event.on_time_until == parse_clock("07:30")
    assert event.site == "lapangan"
    assert (event.rule.pasal, event.rule.ayat) == ("11", "5")
    assert event.applies_on(MONDAY) and not event.applies_on(SATURDAY)


def test_event_is_judged_at_its_site():
    field = Point(-2.06335, 101.39415)
    policy = apply_overrides(
        sungai_penuh(), {"events": [{**APEL, "site": "lapangan"}]}, where="org"
    )
    events = {"lapangan": Circle(field, 60)}
    at_office = classify(
        Attempt(Direction.IN, at(MONDAY, "07:20"), OFFICE), policy, "Asia/Jakarta", SITES, events
    )
    at_field = classify(
        Attempt(Direction.IN, at(MONDAY, "07:20"), field), policy, "Asia/Jakarta", SITES, events
    )
    assert at_office.outcome is Outcome.OUTSIDE_AREA
    assert (at_field.outcome, at_field.event) == (Outcome.ON_TIME, "apel")


def test_event_with_its_own_window_and_dates():
    event = {
        "code": "upacara",
        "dates": ["2025-08-18", date(2025, 11, 10)],
        "check_in": "06:45-08:00",
        "on_time_until": "07:15",
    }
    (placed,) = apply_overrides(sungai_penuh(), {"events": [event]}, where="org").events
    assert placed.dates == {date(2025, 8, 18), date(2025, 11, 10)}
    assert placed.on_time_until == parse_clock("07:15")
    assert placed.rule.quote == "set by org"


def test_placing_a_presets_event_keeps_its_window_and_article():
    """Perbup Balangan 32/2020 Pasal 4 ayat (3): apel Monday 07:00-08:30 at the event site."""
    base = build_preset("balangan", {})
    placed = apply_overrides(
        base, {"events": [{"code": "apel_gabungan", "site": "alun"}]}, where="o"
    )
    before = next(e for e in base.events if e.code == "apel_gabungan")
    after = next(e for e in placed.events if e.code == "apel_gabungan")
    assert after.site == "alun"
    assert (after.check_in, after.rule, after.weekdays) == (
        before.check_in,
        before.rule,
        before.weekdays,
    )


def test_an_event_can_be_turned_off():
    base = build_preset("balangan", {})
    policy = apply_overrides(base, {"events": [{"code": "senam_pagi", "off": True}]}, where="ugd")
    assert [e.code for e in policy.events] == ["apel_gabungan"]


@pytest.mark.parametrize(
    ("event", "path", "words"),
    [
        ({"code": "x", "off": True}, "events[0].code", "no event 'x' to turn off"),
        ({"code": "apel", "weekdays": ["mon"]}, "events[0]", "needs start or check_in"),
        ({"code": "apel", "start": "07:30"}, "events[0]", "needs weekdays or dates"),
        ({**APEL, "check_in": "07:00-08:00"}, "events[0].start", "not both"),
        ({**APEL, "weekdays": ["senin"]}, "events[0].weekdays[0]", "unknown weekday"),
        ({**APEL, "start": "00:10"}, "events[0].start", "before midnight"),
        ({**APEL, "start": "7.5"}, "events[0].start", "clock time"),
        ({**APEL, "dates": ["2025-02-30"]}, "events[0].dates[0]", "expected a date"),
        ({**APEL, "place": "x"}, "events[0].place", "unknown key"),
        ({"name": "Apel"}, "events[0].code", "required"),
    ],
)
def test_bad_event_is_refused_with_its_path(event, path, words):
    error = error_of(sungai_penuh(), {"events": [event]})
    assert error.path == path
    assert words in error.message


def test_an_event_listed_twice_is_refused():
    error = error_of(sungai_penuh(), {"events": [APEL, APEL]})
    assert error.path == "events[1].code"


def test_event_on_time_limit_must_lie_in_its_window():
    event = {**APEL, "start": None, "check_in": "07:00-08:00", "on_time_until": "08:30"}
    del event["start"]
    assert error_of(sungai_penuh(), {"events": [event]}).path == "events[0].on_time_until"


# --- numbers and choices -----------------------------------------------------------------------


def test_quotas_grace_duty_radius_and_approver():
    policy = apply_overrides(
        sungai_penuh(),
        {
            "fallback_per_month": 3,
            "transfer_grace_days": 7,
            "duty_radius_m": 7000,
            "approver": "supervisor",
        },
        where="org",
    )
    assert policy.fallback_per_month.value == 3
    assert policy.transfer_grace_days.value == 7
    assert policy.duty_radius_m.value == 7000
    assert policy.approver.value == "supervisor"
    assert policy.approver.rule.quote == "set by org"


def test_null_lifts_the_monthly_fallback_limit():
    konawe = build_preset("konawe-kepulauan", {})
    assert konawe.fallback_per_month.value == 3
    lifted = apply_overrides(konawe, {"fallback_per_month": None}, where="org")
    assert lifted.fallback_per_month.value is None


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("fallback_per_month", -1),
        ("fallback_per_month", 2.5),
        ("transfer_grace_days", "7"),
        ("duty_radius_m", 0),
        ("approver", "kepala"),
    ],
)
def test_bad_numbers_and_choices_are_refused(key, value):
    assert error_of(sungai_penuh(), {key: value}).path == key


# --- bands -------------------------------------------------------------------------------------


def test_late_bands_replace_the_default_ones():
    bands = [{"code": "T1", "min": 1, "max": 15}, {"code": "T2", "min": 16}]
    policy = apply_overrides(sungai_penuh(), {"late_bands": bands}, where="org")
    assert policy.late_bands == (Category("T1", 1, 15), Category("T2", 16, None))
    assert policy.late_band(20) == "T2"
    late = judge(policy, Direction.IN, at(MONDAY, "07:40"))
    assert (late.minutes, late.band) == (10, "T1")


@pytest.mark.parametrize(
    ("bands", "path"),
    [
        ([{"code": "A", "min": 1, "max": 30}, {"code": "B", "min": 40}], "early_bands[1].min"),
        ([{"code": "A", "min": 1, "max": 30}, {"code": "B", "min": 20}], "early_bands[1].min"),
        ([{"code": "A", "min": 5, "max": 30}], "early_bands[0].min"),
        ([{"code": "A", "min": 1}, {"code": "B", "min": 2}], "early_bands[0].max"),
        ([{"code": "A", "min": 1, "max": 0}], "early_bands[0].max"),
        ([{"code": "A", "min": 1, "max": 5}, {"code": "A", "min": 6}], "early_bands[1].code"),
        ([], "early_bands"),
    ],
)
def test_bands_must_follow_each_other(bands, path):
    assert error_of(sungai_penuh(), {"early_bands": bands}).path == path


# --- resolve_policy ----------------------------------------------------------------------------


def test_resolve_applies_the_chain_in_order():
    chain = [{"radius_m": 40}, None, {"radius_m": 60}, {"days": {"sat": {"work": "08:00-12:00"}}}]
    policy = resolve_policy("sungai-penuh", {}, chain, wheres=["org", "dinas", "pkm", "employee"])
    assert policy.radius_m.value == 60
    assert policy.radius_m.rule.quote == "set by pkm"
    assert 5 in policy.week.days


def test_resolve_reports_which_mapping_failed():
    with pytest.raises(InvalidConfig) as caught:
        resolve_policy("sungai-penuh", {}, [{"radius_m": 40}, {"days": {"sat": "maybe"}}])
    assert (caught.value.level, caught.value.path) == (1, "days.sat")


def test_resolve_names_unknown_presets_and_bad_parameters():
    with pytest.raises(InvalidConfig) as caught:
        resolve_policy("sungai-penuhh", {}, [])
    assert caught.value.path == "preset"
    assert "konawe-kepulauan" in str(caught.value)
    with pytest.raises(InvalidConfig) as caught:
        resolve_policy("sungai-penuh", {"radius_m": 10}, [])
    assert caught.value.path == "preset_params"


def test_revision_days_can_be_set_or_lifted():
    policy = build_preset("sungai-penuh")
    revised = apply_overrides(policy, {"revision_days": [1, 5]}, where="bkpsdm")
    assert revised.revision_days == (1, 5)
    konawe = build_preset("konawe-kepulauan")
    assert apply_overrides(konawe, {"revision_days": None}, where="org").revision_days is None
    for bad in ([4, 1], [0, 3], [1, 40], "1-4", [1]):
        with pytest.raises(InvalidConfig, match="revision_days"):
            apply_overrides(policy, {"revision_days": bad}, where="org")
