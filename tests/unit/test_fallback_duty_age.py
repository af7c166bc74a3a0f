"""Fallback quota, duty radius and message age: rules in core, ready for the flows that use them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pyproj import Geod

from core.duty import within_duty_radius
from core.fallback import FallbackReason, fallback_quota_refusal, fallbacks_used
from core.geo import Circle, Point, Polygon
from core.message_age import MAX_MESSAGE_AGE, too_old
from core.presets import build_preset
from core.rules import Attempt, Direction, Outcome, classify

OFFICE = Point(-2.9, 104.0)


def east(metres: float) -> Point:
    lon, lat, _ = Geod(ellps="WGS84").fwd(OFFICE.lon, OFFICE.lat, 90, metres)
    return Point(lat, lon)


def test_the_fourth_forgotten_phone_fallback_of_a_month_is_refused_citing_pasal_9_ayat_6():
    konawe = build_preset("konawe-kepulauan", {})
    assert fallback_quota_refusal(konawe, FallbackReason.PHONE_FORGOTTEN, 2) is None
    refused = fallback_quota_refusal(konawe, FallbackReason.PHONE_FORGOTTEN, 3)
    assert refused is not None and refused.limit == 3
    assert "Pasal 9 ayat (6)" in str(refused)


def test_other_reasons_and_presets_without_a_quota_are_not_rationed():
    konawe = build_preset("konawe-kepulauan", {})
    assert fallback_quota_refusal(konawe, FallbackReason.SERVER_DOWN, 10) is None
    sungai_penuh = build_preset("sungai-penuh", {})
    assert fallback_quota_refusal(sungai_penuh, FallbackReason.PHONE_FORGOTTEN, 10) is None


def test_only_the_months_forgotten_phone_fallbacks_count():
    records = [
        (date(2026, 11, 2), "phone_forgotten"),
        (date(2026, 11, 3), "server_down"),
        (date(2026, 10, 30), "phone_forgotten"),
        (date(2026, 11, 20), "phone_forgotten"),
    ]
    assert fallbacks_used(records, date(2026, 11, 24)) == 2


def test_duty_nearby_within_7_km_of_the_office_under_the_e_office_rule():
    eoffice = build_preset("eoffice-muba", {})
    office = Circle(OFFICE, 50)
    assert within_duty_radius(eoffice, [office], east(1900))
    assert not within_duty_radius(eoffice, [office], east(7100))
    building = Polygon((OFFICE, east(100), Point(OFFICE.lat + 0.001, OFFICE.lon)))
    assert within_duty_radius(eoffice, [building], east(7050))  # measured from the outline


def test_no_duty_radius_means_no_check_in_away_from_the_office():
    assert not within_duty_radius(build_preset("sungai-penuh", {}), [Circle(OFFICE, 30)], east(40))


def test_a_message_older_than_ten_minutes_when_it_arrives_is_too_old():
    sent = datetime(2026, 11, 24, 0, 10, tzinfo=UTC)
    assert timedelta(minutes=10) == MAX_MESSAGE_AGE
    assert not too_old(sent, sent + timedelta(minutes=10))
    assert too_old(sent, sent + timedelta(minutes=10, seconds=1))
    assert not too_old(sent, sent + timedelta(minutes=20), max_age=timedelta(minutes=30))


# The check-in on an approved local duty (core.rules.classify asks `on_duty`) --------------------

SITES = {"kantor": Circle(OFFICE, 100)}
TUESDAY_0730 = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)  # 07:30 WIB, inside the window


def check_in(position: Point, on_duty, preset: str = "eoffice-muba"):
    policy = build_preset(preset, {})
    attempt = Attempt(Direction.IN, TUESDAY_0730, position)
    return classify(attempt, policy, "Asia/Jakarta", SITES, on_duty=on_duty)


def test_an_approved_dinas_dalam_accepts_a_check_in_1_9_km_away_under_pasal_1_angka_10():
    """E-Office Pasal 1 angka 10: "dinas dalam adalah kegiatan kerja yang dilakukan diluar
    kantor maksimal radius 7 (tujuh) kilometer dari kantor"."""
    asked: list[date] = []
    verdict = check_in(east(1900), lambda day: asked.append(day) or True)
    assert verdict.accepted and verdict.duty_m is not None
    assert 1890 <= verdict.duty_m <= 1910
    assert asked == [date(2026, 11, 24)]  # asked about the schedule day, once


def test_without_a_duty_the_same_check_in_is_refused_outside_the_area():
    verdict = check_in(east(1900), lambda day: False)
    assert verdict.outcome is Outcome.OUTSIDE_AREA and verdict.duty_m is None


def test_on_duty_beyond_7_km_is_refused_citing_the_duty_radius():
    verdict = check_in(east(7200), lambda day: True)
    assert verdict.outcome is Outcome.OUTSIDE_AREA
    assert (
        verdict.rule.article == "Pasal 1 angka 10" and "7 (tujuh) kilometer" in verdict.rule.quote
    )


def test_a_check_in_at_the_office_never_asks_about_duty():
    def never(day):
        raise AssertionError("asked")

    assert check_in(east(20), never).accepted


def test_a_preset_without_a_duty_radius_refuses_a_duty_check_in_away_from_the_office():
    verdict = check_in(east(400), lambda day: True, preset="sungai-penuh")
    assert verdict.outcome is Outcome.OUTSIDE_AREA and verdict.duty_m is None
