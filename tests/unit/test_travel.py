"""Official travel clocked in at its destination (core.travel), and evidence one of several.

Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (5): "Dalam hal ASN melakukan perjalanan Dinas,
maka ASN melakukan Presensi Daring di tempat tugas dengan melampirkan; a. bukti kehadiran (Surat
Perintah Perjalanan Dinas) ... dan b. Surat Perintah Tugas ...". Pure rules: no storage.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pyproj import Geod

from core.absence import AbsenceCode, Evidence, EvidenceRule, upload_kind
from core.citations import default
from core.day_status import Absence, DayCode, day_status
from core.geo import Circle, Point
from core.policy.config import InvalidConfig, apply_overrides
from core.presets import build_preset
from core.recap import DayEntry, totals
from core.rules import Attempt, Direction, Outcome, Verdict, classify
from core.tpp import DEFAULT_TPP, deduct
from core.travel import (
    Destination,
    DestinationProblem,
    clocks_in_on_travel,
    destination_fence,
    destination_problem,
)

KONAWE = build_preset("konawe-kepulauan", {})
SUNGAI_PENUH = build_preset("sungai-penuh", {})
OFFICE = Point(-4.0365, 122.9279)
SITES = {"kantor-bupati": Circle(OFFICE, 100)}
TUESDAY, MONDAY, SATURDAY = date(2026, 11, 24), date(2026, 11, 23), date(2026, 11, 28)
WITA = ZoneInfo("Asia/Makassar")


def away(metres: float, start: Point = OFFICE) -> Point:
    lon, lat, _ = Geod(ellps="WGS84").fwd(start.lon, start.lat, 90, metres)
    return Point(lat, lon)


KENDARI = Point(-3.9985, 122.5130)  # the travel's destination, about 46 km west
DESTINATION = Destination(7, destination_fence(KONAWE, KENDARI.lat, KENDARI.lon))


def check(where: Point, day: date = TUESDAY, policy=KONAWE, travel=None, hour=7, minute=20):
    at = datetime(day.year, day.month, day.day, hour, minute, tzinfo=WITA)
    attempt = Attempt(Direction.IN, at, where)
    return classify(attempt, policy, "Asia/Makassar", SITES, travel=travel)


def on_travel(day: date) -> Destination | None:
    return DESTINATION


# --- the fence (core.rules) -------------------------------------------------------------------


def test_on_a_travel_day_the_destination_judges_the_clock_in():
    verdict = check(away(300, KENDARI), travel=on_travel)
    assert verdict.outcome is Outcome.ON_TIME
    assert (verdict.fence, verdict.site) == ("travel", "dl-7")
    assert verdict.rule.article == "Pasal 8 ayat (1)"  # the time rule decides once inside


def test_on_a_travel_day_the_office_is_refused_citing_pasal_9_ayat_5():
    verdict = check(OFFICE, travel=on_travel)
    assert verdict.outcome is Outcome.OUTSIDE_AREA and verdict.fence == "travel"
    assert verdict.rule.article == "Pasal 9 ayat (5)"
    assert "di tempat tugas" in verdict.rule.quote
    assert 45_000 < (verdict.distance_m or 0) < 47_000  # from the destination's 500 m circle


def test_the_destination_circle_is_the_policys_travel_radius():
    assert KONAWE.travel_radius_m.value == 500
    assert check(away(499, KENDARI), travel=on_travel).accepted
    outside = check(away(520, KENDARI), travel=on_travel)
    assert (outside.outcome, outside.distance_m) == (Outcome.OUTSIDE_AREA, 20)


def test_without_a_travel_that_day_the_office_judges():
    verdict = check(OFFICE, travel=lambda day: None)
    assert (verdict.outcome, verdict.fence, verdict.site) == (
        Outcome.ON_TIME,
        "office",
        "kantor-bupati",
    )


def test_presets_without_travel_clock_in_never_ask_about_travel():
    def never(day):
        raise AssertionError("asked")

    assert SUNGAI_PENUH.travel_clock_in.value is False
    assert check(OFFICE, policy=SUNGAI_PENUH, travel=never, hour=8, minute=20).fence == "office"


def test_a_traveller_has_no_apel_on_monday():
    """The Monday apel gabungan is at the Bupati's office (Pasal 1 angka 23); someone on travel
    is judged at the destination against the work window, and no apel is missed."""
    verdict = check(KENDARI, day=MONDAY, travel=on_travel, minute=40)
    assert verdict.accepted and verdict.event is None and verdict.missed_event is None


def test_travel_is_not_asked_on_a_day_off():
    def never(day):
        raise AssertionError("asked")

    assert check(KENDARI, day=SATURDAY, travel=never).outcome is Outcome.NOT_WORK_DAY


def test_the_verdict_names_its_fence_in_json():
    assert check(KENDARI, travel=on_travel).as_dict()["fence"] == "travel"


# --- a destination as sent ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon", "forwarded", "live", "live_required", "problem"),
    [
        (91.0, 122.5, False, False, False, DestinationProblem.OFF_MAP),
        (-4.0, 181.0, False, False, False, DestinationProblem.OFF_MAP),
        (math.nan, 122.5, False, False, False, DestinationProblem.OFF_MAP),
        (-4.0, 122.5, True, True, False, DestinationProblem.FORWARDED),
        (-4.0, 122.5, False, False, True, DestinationProblem.NOT_LIVE),
        (-4.0, 122.5, False, False, False, None),  # a pin picked on the map
        (-4.0, 122.5, False, True, True, None),
    ],
)
def test_what_a_destination_may_be(lat, lon, forwarded, live, live_required, problem):
    found = destination_problem(
        lat, lon, forwarded=forwarded, live=live, live_required=live_required
    )
    assert found == problem


def test_only_dl_under_a_travel_clock_in_policy_needs_a_destination():
    assert clocks_in_on_travel(KONAWE, "DL")
    assert not clocks_in_on_travel(KONAWE, "T")
    assert not clocks_in_on_travel(SUNGAI_PENUH, "DL")
    for preset in ("dinkes-muba-dinas", "eoffice-muba", "balangan"):
        assert not clocks_in_on_travel(build_preset(preset, {}), "DL")


def test_the_policy_keys_of_travel():
    policy = apply_overrides(
        SUNGAI_PENUH,
        {"travel_clock_in": True, "travel_radius_m": 250, "travel_destination_live": True},
        where="unit setda",
    )
    assert policy.travel_clock_in.value and policy.travel_destination_live.value
    assert destination_fence(policy, -2.0, 101.0).radius_m == 250
    for key, value in (("travel_clock_in", "ya"), ("travel_radius_m", 0)):
        with pytest.raises(InvalidConfig):
            apply_overrides(SUNGAI_PENUH, {key: value}, where="unit setda")


# --- the day (core.day_status) and the recap --------------------------------------------------

TRAVEL = Absence(AbsenceCode.DL, "luar_kota", TUESDAY, TUESDAY)


def verdict(direction: Direction, outcome: Outcome = Outcome.ON_TIME, minutes: int = 0):
    return Verdict(
        outcome,
        direction,
        TUESDAY,
        datetime(2026, 11, 24, tzinfo=UTC),
        KONAWE.travel_clock_in.rule,
        minutes=minutes,
        band=KONAWE.late_band(minutes) if minutes else None,
    )


def day(policy, check_in=None, check_out=None, over=True):
    schedule = policy.day_schedule(TUESDAY)
    return day_status(TUESDAY, policy, schedule, None, check_in, check_out, [TRAVEL], set(), over)


def test_a_travel_day_clocked_in_and_out_at_the_destination_is_dl_with_nothing_missing():
    status = day(KONAWE, verdict(Direction.IN), verdict(Direction.OUT))
    assert (status.code, status.subtype) == (DayCode("DL"), "luar_kota")
    assert not (status.missing_in or status.missing_out or status.late_minutes)


def test_a_travel_day_without_its_clock_ins_misses_both_once_over():
    assert (day(KONAWE).missing_in, day(KONAWE).missing_out) == (True, True)
    pending = day(KONAWE, over=False)
    assert pending.code == DayCode("DL") and not pending.missing_in


def test_a_late_clock_in_at_the_destination_is_late():
    status = day(KONAWE, verdict(Direction.IN, Outcome.LATE, 40), verdict(Direction.OUT))
    assert (status.code, status.late_band) == (DayCode("DL"), "TL2")


def test_elsewhere_a_dl_excuses_the_whole_day():
    status = day(SUNGAI_PENUH)
    assert status.code == DayCode("DL") and not (status.missing_in or status.missing_out)


def test_the_recap_prices_a_travel_days_missing_records_and_counts_it_present():
    entries = [DayEntry(day(KONAWE), "setda"), DayEntry(day(SUNGAI_PENUH), "setda")]
    counted = totals(entries)
    assert counted.absences == {"DL": 2} and counted.present == 2 and counted.on_time == 0
    assert (counted.missing_in, counted.missing_out) == (1, 1)
    assert deduct(DEFAULT_TPP, counted).percent == Decimal("3")
    late = totals([DayEntry(day(KONAWE, verdict(Direction.IN, Outcome.LATE, 40)), "setda")])
    assert late.late == {"TL2": 1} and late.missing_out == 1


# --- evidence: one of several (core.absence) --------------------------------------------------


def test_a_rule_with_alternatives_is_satisfied_by_any_one_of_them():
    rule = EvidenceRule(
        AbsenceCode.T, Evidence.ASSIGNMENT, default("x"), alternatives=(Evidence.ACTIVITY_PHOTO,)
    )
    assert rule.accepts == (Evidence.ASSIGNMENT, Evidence.ACTIVITY_PHOTO)
    assert rule.satisfied_by({Evidence.ACTIVITY_PHOTO}) and rule.satisfied_by({Evidence.ASSIGNMENT})
    assert not rule.satisfied_by(set())


def test_an_upload_stands_for_the_photo_where_a_rule_takes_one():
    both = (Evidence.ASSIGNMENT, Evidence.ACTIVITY_PHOTO)
    assert upload_kind(both, picture=True) is Evidence.ACTIVITY_PHOTO
    assert upload_kind(both, picture=False) is Evidence.ASSIGNMENT
    assert upload_kind((Evidence.DOCTOR_NOTE,), picture=True) is Evidence.DOCTOR_NOTE
