"""classify(): the day, the area, then the time, judged in the site's zone; night shifts,
holidays and rotas, event days at their own site."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pyproj import Geod

from core.citations import default
from core.geo import Circle, Point
from core.policy import Policy, Rule
from core.rules import Attempt, Direction, Outcome, Verdict, classify
from core.schedule import DaySchedule, EventRule, Week, Window, parse_clock

GEOD = Geod(ellps="WGS84")
WIB = "Asia/Jakarta"
IN, OUT = Direction.IN, Direction.OUT

IN_RULE = default("test: check-in 07:00, on time until 07:30")
OUT_RULE = default("test: check-out 16:00-17:00")
LATE_RULE = default("test: after 07:30 is late")
WEEK_RULE = default("test: Monday-Friday")
RADIUS_RULE = default("test: 50 m")
NIGHT_RULE = default("test: night shift 22:00-06:00")
APEL_RULE = default("test: apel 07:00-08:30, on time until 07:30")
APEL_SITE_RULE = default("test: apel at the field")

# Kantor Bupati Musi Banyuasin and a field 600 m north of it, Sekayu.
OFFICE = Point(-2.8850, 103.8480)
MONDAY = date(2024, 3, 4)
TUESDAY = date(2024, 3, 5)
SATURDAY = date(2024, 3, 9)


def moved(origin: Point, azimuth: float, metres: float) -> Point:
    lon, lat, _ = GEOD.fwd(origin.lon, origin.lat, azimuth, metres)
    return Point(lat, lon)


FIELD = moved(OFFICE, 0, 600)
SITES = {"kantor": Circle(OFFICE, 50)}
EVENT_SITES = {"lapangan": Circle(FIELD, 80)}


def utc(day: date, clock: str, zone: str = WIB, seconds: int = 0) -> datetime:
    """Local wall-clock `clock` on `day` in `zone`, as an aware UTC datetime."""
    minutes = parse_clock(clock)
    local = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone)) + timedelta(
        minutes=minutes, seconds=seconds
    )
    return local.astimezone(UTC)


def office_day() -> DaySchedule:
    return DaySchedule.build(
        work=("07:30", "16:00"),
        check_in=("07:00", "15:59"),
        on_time_until="07:30",
        check_out=("16:00", "17:00"),
        in_rule=IN_RULE,
        out_rule=OUT_RULE,
    )


def night_day() -> DaySchedule:
    return DaySchedule.build(
        work=("22:00", "06:00"),
        check_in=("21:00", "02:00"),
        on_time_until="22:00",
        check_out=("06:00", "09:00"),
        in_rule=NIGHT_RULE,
    )


def office_policy(**changes) -> Policy:
    policy = Policy(
        key="test-office",
        title="Test office",
        week=Week({d: office_day() for d in range(5)}, WEEK_RULE),
        radius_m=Rule(50, RADIUS_RULE),
        late_rule=LATE_RULE,
    )
    return replace(policy, **changes)


def night_policy() -> Policy:
    return Policy(
        key="test-night",
        title="Test night ward",
        week=Week({d: night_day() for d in range(7)}, WEEK_RULE),
        radius_m=Rule(50, RADIUS_RULE),
    )


def apel_policy(site: str | None = "lapangan") -> Policy:
    apel = EventRule(
        "apel",
        "Apel Gabungan",
        Window(parse_clock("07:00"), parse_clock("08:30")),
        parse_clock("07:30"),
        APEL_RULE,
        weekdays=frozenset({0}),
        site=site,
        site_rule=APEL_SITE_RULE,
    )
    return office_policy(events=(apel,))


def judge(
    policy: Policy,
    direction: Direction,
    at: datetime,
    position: Point | None = None,
    **kwargs,
) -> Verdict:
    return classify(Attempt(direction, at, position), policy, WIB, SITES, **kwargs)


# --- time windows -----------------------------------------------------------------------------


def test_check_in_at_the_on_time_limit_including_its_last_second_is_on_time():
    verdict = judge(office_policy(), IN, utc(TUESDAY, "07:30", seconds=59), OFFICE)
    assert verdict.outcome is Outcome.ON_TIME
    assert verdict.accepted
    assert verdict.rule == IN_RULE
    assert verdict.window == "07:00-15:59"
    assert verdict.site == "kantor"
    assert verdict.distance_m is None


def test_check_in_a_minute_after_the_limit_is_late_by_one_minute_citing_the_late_rule():
    verdict = judge(office_policy(), IN, utc(TUESDAY, "07:31"), OFFICE)
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LATE, 1, "TL1")
    assert verdict.accepted
    assert verdict.rule == LATE_RULE


@pytest.mark.parametrize(
    ("clock", "minutes", "band"),
    [("08:00", 30, "TL1"), ("08:01", 31, "TL2"), ("09:00", 90, "TL3"), ("09:01", 91, "TL4")],
)
def test_late_minutes_fall_into_the_four_bands(clock, minutes, band):
    verdict = judge(office_policy(), IN, utc(TUESDAY, clock))
    assert (verdict.minutes, verdict.band) == (minutes, band)


def test_late_without_a_late_rule_cites_the_check_in_rule():
    verdict = judge(office_policy(late_rule=None), IN, utc(TUESDAY, "07:45"))
    assert verdict.outcome is Outcome.LATE
    assert verdict.rule == IN_RULE


def test_check_in_before_the_window_opens_is_too_early_by_the_minutes_to_wait():
    verdict = judge(office_policy(), IN, utc(TUESDAY, "06:45"))
    assert (verdict.outcome, verdict.minutes) == (Outcome.TOO_EARLY, 15)
    assert not verdict.accepted
    assert verdict.rule == IN_RULE


def test_check_in_after_the_window_closes_is_outside_the_window():
    verdict = judge(office_policy(), IN, utc(TUESDAY, "16:00"))
    assert verdict.outcome is Outcome.OUTSIDE_WINDOW
    assert not verdict.accepted


def test_check_out_before_it_opens_is_left_early_by_the_minutes_missing():
    verdict = judge(office_policy(), OUT, utc(TUESDAY, "15:15"))
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LEFT_EARLY, 45, "PSW2")
    assert verdict.accepted
    assert verdict.rule == OUT_RULE


def test_check_out_from_opening_to_closing_is_on_time():
    for clock in ("16:00", "16:30", "17:00"):
        verdict = judge(office_policy(), OUT, utc(TUESDAY, clock))
        assert verdict.outcome is Outcome.ON_TIME, clock
        assert verdict.window == "16:00-17:00"


def test_check_out_after_closing_is_outside_the_window():
    verdict = judge(office_policy(), OUT, utc(TUESDAY, "17:01"))
    assert verdict.outcome is Outcome.OUTSIDE_WINDOW
    assert verdict.rule == OUT_RULE


def test_check_out_before_check_in_opens_is_outside_the_window():
    verdict = judge(office_policy(), OUT, utc(TUESDAY, "06:00"))
    assert verdict.outcome is Outcome.OUTSIDE_WINDOW


def test_saturday_is_not_a_work_day_citing_the_week():
    verdict = judge(office_policy(), IN, utc(SATURDAY, "07:15"), OFFICE)
    assert verdict.outcome is Outcome.NOT_WORK_DAY
    assert verdict.rule == WEEK_RULE
    assert verdict.work_date == SATURDAY


# --- zones and instants -----------------------------------------------------------------------


def test_time_is_judged_in_the_zone_given_not_in_utc():
    # 00:15 UTC is 07:15 WIB: on time in Jakarta.
    at = datetime(2024, 3, 5, 0, 15, tzinfo=UTC)
    verdict = classify(Attempt(IN, at), office_policy(), WIB, SITES)
    assert verdict.outcome is Outcome.ON_TIME
    assert verdict.local_time.isoformat() == "2024-03-05T07:15:00+07:00"
    # The same instant is 08:15 WITA: 45 minutes late in Makassar.
    verdict = classify(Attempt(IN, at), office_policy(), "Asia/Makassar", SITES)
    assert (verdict.outcome, verdict.minutes) == (Outcome.LATE, 45)


def test_an_aware_time_in_another_zone_gives_the_same_verdict_as_in_utc():
    at = utc(TUESDAY, "07:45")
    in_wita = at.astimezone(ZoneInfo("Asia/Makassar"))
    assert judge(office_policy(), IN, at) == judge(office_policy(), IN, in_wita)


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="zone"):
        judge(office_policy(), IN, datetime(2024, 3, 5, 7, 15))


# --- night shifts -----------------------------------------------------------------------------


def test_night_shift_check_in_at_2145_monday_is_on_time_for_monday():
    verdict = judge(night_policy(), IN, utc(MONDAY, "21:45"), OFFICE)
    assert verdict.outcome is Outcome.ON_TIME
    assert verdict.work_date == MONDAY
    assert verdict.window == "21:00-02:00+1"
    assert verdict.rule == NIGHT_RULE


def test_night_shift_check_out_at_0605_tuesday_belongs_to_monday():
    verdict = judge(night_policy(), OUT, utc(TUESDAY, "06:05"), OFFICE)
    assert verdict.outcome is Outcome.ON_TIME
    assert verdict.work_date == MONDAY
    assert verdict.local_time.date() == TUESDAY
    assert verdict.window == "06:00+1-09:00+1"


def test_night_shift_check_in_at_0010_tuesday_is_late_on_mondays_shift():
    verdict = judge(night_policy(), IN, utc(TUESDAY, "00:10"))
    assert verdict.work_date == MONDAY
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LATE, 130, "TL4")


def test_night_shift_check_out_at_0300_is_left_early_from_the_previous_evenings_shift():
    verdict = judge(night_policy(), OUT, utc(TUESDAY, "03:00"))
    assert verdict.work_date == MONDAY
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LEFT_EARLY, 180, "PSW4")


def test_night_shift_check_in_at_2059_is_too_early_for_that_evenings_shift():
    verdict = judge(night_policy(), IN, utc(TUESDAY, "20:59"))
    assert verdict.work_date == TUESDAY
    assert (verdict.outcome, verdict.minutes) == (Outcome.TOO_EARLY, 1)


def test_night_shift_only_on_monday_still_takes_tuesdays_early_check_out():
    policy = replace(night_policy(), week=Week({0: night_day()}, WEEK_RULE))
    verdict = judge(policy, OUT, utc(TUESDAY, "06:30"))
    assert (verdict.outcome, verdict.work_date) == (Outcome.ON_TIME, MONDAY)
    # Tuesday evening has no shift of its own.
    assert judge(policy, IN, utc(TUESDAY, "21:30")).outcome is Outcome.NOT_WORK_DAY


def test_office_check_out_after_midnight_is_not_taken_as_the_previous_day():
    verdict = judge(office_policy(), OUT, utc(TUESDAY, "00:30"))
    assert verdict.work_date == TUESDAY
    assert verdict.outcome is Outcome.OUTSIDE_WINDOW


# --- holidays and rotas -----------------------------------------------------------------------


def nyepi(day: date) -> str | None:
    return "Hari Suci Nyepi" if day == date(2024, 3, 11) else None


def test_holiday_gives_outcome_holiday_with_its_name():
    verdict = judge(office_policy(), IN, utc(date(2024, 3, 11), "07:15"), OFFICE, holiday=nyepi)
    assert verdict.outcome is Outcome.HOLIDAY
    assert verdict.holiday == "Hari Suci Nyepi"
    assert verdict.rule == WEEK_RULE
    assert not verdict.accepted


def test_holiday_with_a_rota_entry_is_a_work_day_for_that_employee():
    policy = office_policy().with_rota({date(2024, 3, 11): office_day()})
    verdict = judge(policy, IN, utc(date(2024, 3, 11), "07:45"), OFFICE, holiday=nyepi)
    assert (verdict.outcome, verdict.minutes) == (Outcome.LATE, 15)
    assert verdict.holiday is None


def test_rota_day_off_on_a_work_day_is_not_a_work_day():
    policy = office_policy().with_rota({TUESDAY: None})
    assert judge(policy, IN, utc(TUESDAY, "07:15")).outcome is Outcome.NOT_WORK_DAY


def test_rota_shift_on_a_saturday_is_judged_by_its_own_window():
    policy = office_policy().with_rota({SATURDAY: night_day()})
    verdict = judge(policy, IN, utc(SATURDAY, "22:05"))
    assert (verdict.outcome, verdict.minutes, verdict.work_date) == (Outcome.LATE, 5, SATURDAY)


def test_night_shift_check_out_on_a_holiday_morning_belongs_to_the_work_day_before():
    def tuesday_holiday(day: date) -> str | None:
        return "Libur" if day == TUESDAY else None

    verdict = judge(night_policy(), OUT, utc(TUESDAY, "06:05"), holiday=tuesday_holiday)
    assert (verdict.outcome, verdict.work_date) == (Outcome.ON_TIME, MONDAY)


# --- area -----------------------------------------------------------------------------------


def test_position_49_m_from_the_office_is_inside_a_50_m_circle():
    verdict = judge(office_policy(), IN, utc(TUESDAY, "07:15"), moved(OFFICE, 120, 49))
    assert verdict.outcome is Outcome.ON_TIME
    assert verdict.site == "kantor"


def test_position_outside_the_circle_gives_the_metres_and_the_radius_rule():
    verdict = judge(office_policy(), IN, utc(TUESDAY, "07:15"), moved(OFFICE, 120, 51))
    assert verdict.outcome is Outcome.OUTSIDE_AREA
    assert verdict.distance_m == 1
    assert verdict.rule == RADIUS_RULE
    assert verdict.site == "kantor"
    assert not verdict.accepted


def test_outside_the_area_is_reported_before_the_time():
    verdict = judge(office_policy(), IN, utc(TUESDAY, "06:00"), moved(OFFICE, 0, 250))
    assert (verdict.outcome, verdict.distance_m) == (Outcome.OUTSIDE_AREA, 200)


def test_without_a_position_the_area_is_not_checked():
    verdict = judge(office_policy(), IN, utc(TUESDAY, "07:15"))
    assert verdict.outcome is Outcome.ON_TIME
    assert verdict.site is None
    assert verdict.distance_m is None


def test_with_no_sites_the_area_is_not_checked():
    at = utc(TUESDAY, "07:15")
    verdict = classify(Attempt(IN, at, moved(OFFICE, 0, 5000)), office_policy(), WIB, {})
    assert verdict.outcome is Outcome.ON_TIME


def test_nearest_of_several_sites_is_used():
    sites = {**SITES, "pustu": Circle(moved(OFFICE, 90, 3000), 50)}
    at = utc(TUESDAY, "07:15")
    verdict = classify(Attempt(IN, at, moved(OFFICE, 90, 3030)), office_policy(), WIB, sites)
    assert (verdict.outcome, verdict.site) == (Outcome.ON_TIME, "pustu")


# --- event days -----------------------------------------------------------------------------


def test_event_day_check_in_at_the_event_site_uses_the_event_window():
    verdict = judge(
        apel_policy(), IN, utc(MONDAY, "07:45"), moved(FIELD, 200, 30), event_sites=EVENT_SITES
    )
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LATE, 15, "TL1")
    assert verdict.event == "apel"
    assert verdict.site == "lapangan"
    assert verdict.window == "07:00-08:30"
    assert verdict.rule == APEL_RULE


def test_event_day_check_in_at_the_office_is_outside_the_event_site():
    verdict = judge(apel_policy(), IN, utc(MONDAY, "07:15"), OFFICE, event_sites=EVENT_SITES)
    assert verdict.outcome is Outcome.OUTSIDE_AREA
    assert verdict.site == "lapangan"
    assert verdict.distance_m == 520  # 600 m to the centre, 80 m radius
    assert verdict.rule == APEL_SITE_RULE


def test_after_the_event_window_a_check_in_is_judged_at_the_office_and_the_apel_missed():
    at_office = judge(apel_policy(), IN, utc(MONDAY, "09:00"), OFFICE, event_sites=EVENT_SITES)
    assert (at_office.outcome, at_office.minutes, at_office.band) == (Outcome.LATE, 90, "TL3")
    assert (at_office.event, at_office.missed_event, at_office.site) == (None, "apel", "kantor")
    assert at_office.rule == LATE_RULE
    on_field = judge(apel_policy(), IN, utc(MONDAY, "08:31"), FIELD, event_sites=EVENT_SITES)
    assert (on_field.outcome, on_field.site) == (Outcome.OUTSIDE_AREA, "kantor")


def test_an_event_that_is_the_days_own_check_in_closes_it():
    """Where the day's check-in window is the apel's (Balangan's Monday), both close at once."""
    monday = replace(office_day(), check_in=Window(420, 510), on_time_until=450)
    policy = apel_policy()
    policy = replace(policy, week=Week({0: monday}, WEEK_RULE))
    verdict = judge(policy, IN, utc(MONDAY, "08:31"), FIELD, event_sites=EVENT_SITES)
    assert (verdict.outcome, verdict.event, verdict.missed_event) == (
        Outcome.OUTSIDE_WINDOW,
        "apel",
        None,
    )


def test_event_day_check_out_is_at_the_office_in_the_office_window():
    verdict = judge(apel_policy(), OUT, utc(MONDAY, "16:10"), OFFICE, event_sites=EVENT_SITES)
    assert verdict.outcome is Outcome.ON_TIME
    assert verdict.site == "kantor"
    assert verdict.event is None
    assert verdict.rule == OUT_RULE


def test_event_without_a_placed_site_is_checked_at_the_unit_sites():
    verdict = judge(apel_policy(site=None), IN, utc(MONDAY, "07:20"), OFFICE)
    assert verdict.outcome is Outcome.ON_TIME
    assert (verdict.site, verdict.event) == ("kantor", "apel")
    assert verdict.rule == APEL_RULE


def test_event_without_a_position_still_names_the_event():
    verdict = judge(apel_policy(), IN, utc(MONDAY, "07:20"), event_sites=EVENT_SITES)
    assert (verdict.outcome, verdict.event) == (Outcome.ON_TIME, "apel")


def test_day_without_the_event_uses_the_office_window():
    verdict = judge(apel_policy(), IN, utc(TUESDAY, "07:20"), OFFICE, event_sites=EVENT_SITES)
    assert (verdict.outcome, verdict.event, verdict.site) == (Outcome.ON_TIME, None, "kantor")


# --- the verdict as data --------------------------------------------------------------------


def test_verdict_as_dict_is_json_with_the_article():
    verdict = judge(office_policy(), IN, utc(TUESDAY, "07:45"), OFFICE)
    data = json.loads(json.dumps(verdict.as_dict()))
    assert data["outcome"] == "late"
    assert data["accepted"] is True
    assert data["minutes"] == 15
    assert data["band"] == "TL1"
    assert data["work_date"] == "2024-03-05"
    assert data["local_time"] == "2024-03-05T07:45:00+07:00"
    assert data["rule"]["instrument"] == "presensi default"
    assert data["rule"]["quote"] == "test: after 07:30 is late"


# --- ceremonies on a day off ------------------------------------------------------------------


def ceremony_policy(day: date) -> Policy:
    upacara = EventRule(
        "upacara",
        "Upacara HUT RI",
        Window(parse_clock("07:30"), parse_clock("09:00")),
        parse_clock("08:00"),
        APEL_RULE,
        dates=frozenset({day}),
        site="lapangan",
        site_rule=APEL_SITE_RULE,
    )
    return office_policy(events=(upacara,))


def test_ceremony_on_a_dated_holiday_is_attended_and_judged_by_its_window():
    hut_ri = date(2024, 8, 17)  # a Saturday and a national holiday

    def independence_day(day: date) -> str | None:
        return "Hari Kemerdekaan" if day == hut_ri else None

    verdict = judge(
        ceremony_policy(hut_ri),
        IN,
        utc(hut_ri, "08:05"),
        FIELD,
        event_sites=EVENT_SITES,
        holiday=independence_day,
    )
    assert (verdict.outcome, verdict.minutes, verdict.event) == (Outcome.LATE, 5, "upacara")
    assert verdict.holiday == "Hari Kemerdekaan"
    assert verdict.rule == APEL_RULE


def test_check_out_on_a_ceremony_day_off_is_still_not_a_work_day():
    hut_ri = date(2024, 8, 17)
    verdict = judge(ceremony_policy(hut_ri), OUT, utc(hut_ri, "10:00"), FIELD)
    assert verdict.outcome is Outcome.NOT_WORK_DAY


def test_weekly_apel_on_a_monday_holiday_does_not_make_it_a_work_day():
    verdict = judge(
        apel_policy(),
        IN,
        utc(date(2024, 3, 11), "07:15"),
        FIELD,
        holiday=nyepi,
        event_sites=EVENT_SITES,
    )
    assert verdict.outcome is Outcome.HOLIDAY
    assert verdict.event is None


def test_monday_apel_does_not_apply_to_a_night_shift_starting_that_evening():
    policy = replace(apel_policy(), week=Week({0: night_day(), 1: night_day()}, WEEK_RULE))
    verdict = judge(policy, IN, utc(MONDAY, "21:50"), OFFICE, event_sites=EVENT_SITES)
    assert (verdict.outcome, verdict.event, verdict.site) == (Outcome.ON_TIME, None, "kantor")
    late = judge(policy, IN, utc(TUESDAY, "00:10"), OFFICE, event_sites=EVENT_SITES)
    assert (late.outcome, late.minutes, late.work_date) == (Outcome.LATE, 130, MONDAY)
