"""A live location's track judged as a phone's (core.track): each signal, the bad tracks a
client may send, real phones that must pass, and the policy's `track:` section."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest

from core.geo import Circle, Point, Polygon
from core.policy.config import InvalidConfig, apply_overrides
from core.presets import PRESETS, build_preset
from core.track import (
    TRACK_DEFAULT,
    Fix,
    TrackRule,
    fence_from_json,
    fence_to_json,
    fix_to_json,
    fixes_from_json,
    inside_of,
    judge_track,
    recent,
    rule_from_json,
    rule_to_json,
)
from tests import track_samples as samples
from tests.track_samples import OFFICE, START, moved

RULE = TRACK_DEFAULT
FENCE = inside_of(Circle(Point(*OFFICE), 30))  # the office's 30 m circle in Sungai Penuh


def names(track, rule=RULE, inside=FENCE) -> list[str]:
    return [s.name for s in judge_track(track, rule, inside)]


def fix(east_m: float = 0, seconds: float = 0, accuracy: float | None = 10) -> Fix:
    lat, lon = moved(OFFICE, east_m, 0)
    return Fix(lat, lon, accuracy, START + timedelta(seconds=seconds))


# --- real phones: never a signal ------------------------------------------------------------


@pytest.mark.parametrize("seed", range(100))
def test_a_walk_to_the_office_with_gps_noise_is_no_signal(seed):
    assert names(samples.walk(seed)) == []


@pytest.mark.parametrize("seed", range(100))
def test_a_phone_lying_indoors_drifting_is_no_signal(seed):
    assert names(samples.standing_indoors(seed)) == []


def test_a_ride_on_a_motorbike_at_60_kmh_is_no_jump():
    assert names(samples.walk(4, speed_mps=60 / 3.6)) == []


def test_noise_within_the_fixes_accuracy_is_not_movement():
    # 80 m apart in one second, but each fix is only sure within 25 m: noise, not a jump.
    assert names([fix(0, 0, accuracy=25), fix(80, 1, accuracy=25)]) == []


# --- bad input --------------------------------------------------------------------------------


def test_no_fix_or_one_fix_is_no_signal():
    assert names([]) == []
    assert names([fix()]) == []
    assert names([fix(accuracy=None)]) == []


def test_fixes_out_of_order_are_judged_by_their_time():
    walked = samples.walk(5)
    shuffled = walked[:]
    random.Random(5).shuffle(shuffled)
    assert names(shuffled) == []
    jumped = samples.jump()
    random.Random(6).shuffle(jumped)
    [signal] = judge_track(jumped, RULE)
    assert (signal.name, signal.values["seconds"]) == ("jump", 5)


def test_a_fix_delivered_twice_counts_once():
    track = samples.mock_still(fixes=RULE.still_fixes - 1)
    assert names(track + track) == []  # each instant twice: still only 5 fixes in a row


def test_two_fixes_of_one_second_are_a_second_apart():
    assert names([fix(0, 0), fix(20, 0)]) == []  # noise
    [signal] = judge_track([fix(0, 0), fix(5000, 0)], RULE, FENCE)
    assert signal.name == "jump" and signal.values["seconds"] == 0
    assert signal.values["speed_kmh"] > 10_000


def test_a_fix_without_accuracy_is_given_a_phones_usual_radius():
    walked = [replace(f, accuracy_m=None) for f in samples.walk(7)]
    assert names(walked) == []
    assert names([fix(0, 0, None), fix(3000, 10, None)]) == ["jump"]
    # Without an accuracy nothing tells a mock's constant one from a phone's.
    assert names(samples.mock_still(accuracy=None)) == []


# --- each signal --------------------------------------------------------------------------


def test_a_huge_jump_names_its_distance_time_and_speed():
    [signal] = judge_track(samples.jump(), RULE)
    assert signal.name == "jump" and signal.flag == "track_jump"
    assert 4_900 <= signal.values["metres"] <= 5_100
    assert signal.values["seconds"] == 5
    assert signal.values["speed_kmh"] > 3_000
    assert signal.values["limit_kmh"] == 150


def test_a_jump_below_the_policys_speed_is_none():
    # 1 km in 60 s (60 km/h beyond the noise): a car, not a jump; a 50 km/h limit flags it.
    track = [fix(0, 0, 5), fix(1000, 60, 5)]
    assert names(track) == []
    assert names(track, replace(RULE, max_speed_kmh=50)) == ["jump"]


def test_a_perfectly_still_mock_track_is_a_signal():
    [signal] = judge_track(samples.mock_still(), RULE, FENCE)
    assert (signal.name, signal.flag, signal.values["fixes"]) == ("still", "track_still", 12)


def test_a_still_run_shorter_than_the_policys_is_none():
    assert names(samples.mock_still(fixes=RULE.still_fixes - 1)) == []
    assert names(samples.mock_still(fixes=RULE.still_fixes)) == ["still"]


def test_a_still_run_needs_the_same_accuracy_each_time():
    track = samples.mock_still()
    varied = [replace(f, accuracy_m=10 + i % 3) for i, f in enumerate(track)]
    assert names(varied) == []


def test_an_accuracy_of_zero_is_a_signal_even_once():
    assert names(samples.zero_accuracy()) == ["zero_accuracy"]
    walked = samples.walk(8)
    walked[3] = replace(walked[3], accuracy_m=0.0)
    [signal] = judge_track(walked, RULE, FENCE)
    assert (signal.flag, signal.values) == ("track_zero_accuracy", {"fixes": 1})


def test_a_track_that_snaps_from_far_away_into_the_fence_is_a_teleport():
    [signal] = judge_track(samples.teleport(), RULE, FENCE)
    assert signal.name == "teleport" and signal.flag == "track_teleport"
    assert 7_900 <= signal.values["metres"] <= 8_100
    # Without a fence to land in (duty, travel), it is a jump.
    assert names(samples.teleport(), inside=None) == ["jump"]


def test_a_polygon_fence_tells_a_teleport_too():
    corners = [moved(OFFICE, e, n) for e, n in ((-40, -40), (40, -40), (40, 40), (-40, 40))]
    polygon = Polygon(tuple(Point(*c) for c in corners))
    assert names(samples.teleport(), inside=inside_of(polygon)) == ["teleport"]


def test_several_signals_are_each_named():
    track = [*samples.mock_still(), fix(9000, 65, 0.0)]
    assert names(track) == ["jump", "still", "zero_accuracy"]


# --- the window and the conversation's JSON ---------------------------------------------------


def test_recent_keeps_the_policys_seconds_before_the_selfie():
    track = samples.walk(9, fixes=40, every_s=10)  # 400 s
    until = track[-1].at
    kept = recent(track, until, 300)
    assert kept[0].at == until - timedelta(seconds=300) and kept[-1] == track[-1]
    # Dated after the selfie by another clock, yet delivered before it: still judged.
    assert recent(track, track[0].at - timedelta(seconds=1), 300) == track


def test_fixes_rules_and_fences_survive_json():
    track = samples.walk(10)
    assert fixes_from_json([fix_to_json(f) for f in track]) == track
    old = [[OFFICE[0], OFFICE[1], START.isoformat()]]  # kept before accuracies were
    assert fixes_from_json(old) == [Fix(OFFICE[0], OFFICE[1], None, START)]
    rule = TrackRule(120, 90.0, 4, 0.5, "refuse")
    assert rule_from_json(rule_to_json(rule)) == replace(rule, rule=RULE.rule)
    circle = Circle(Point(*OFFICE), 30)
    assert fence_from_json(fence_to_json(circle)) == circle
    assert fence_from_json(fence_to_json(None)) is None


# --- the policy's `track:` section -------------------------------------------------------------


def test_every_preset_keeps_the_default_track_rule():
    # No regulation sets these numbers: a preset never changes them.
    for key in PRESETS:
        assert build_preset(key).track == TRACK_DEFAULT


def test_a_track_section_sets_its_keys_and_keeps_the_others():
    policy = build_preset("sungai-penuh")
    changed = apply_overrides(
        policy, {"track": {"action": "refuse", "max_speed_kmh": 120}}, where="unit setda"
    )
    assert changed.track.action == "refuse" and changed.track.max_speed_kmh == 120
    assert changed.track.seconds == TRACK_DEFAULT.seconds
    assert str(changed.track.rule) == "presensi default"
    assert changed.track.rule.quote == "set by unit setda"
    more = apply_overrides(
        changed,
        {"track": {"track_seconds": 120, "still_fixes": 4, "still_metres": 0.5}},
        where="unit x",
    )
    assert (more.track.seconds, more.track.still_fixes, more.track.still_m) == (120, 4, 0.5)
    assert more.track.action == "refuse"


@pytest.mark.parametrize(
    ("section", "path", "message"),
    [
        ({"action": "block"}, "track.action", "expected one of flag, refuse, got 'block'"),
        ({"max_speed": 100}, "track.max_speed", "unknown key 'max_speed'"),
        ({"track_seconds": 2.5}, "track.track_seconds", "expected a whole number, got 2.5"),
        ({"track_seconds": 5}, "track.track_seconds", "must be at least 10, got 5"),
        ({"still_fixes": 1}, "track.still_fixes", "must be at least 2, got 1"),
        ({"max_speed_kmh": True}, "track.max_speed_kmh", "expected a number, got True"),
        ({"max_speed_kmh": float("nan")}, "track.max_speed_kmh", "expected a number, got nan"),
        ({"still_metres": -1}, "track.still_metres", "must be at least 0, got -1"),
        ("refuse", "track", "expected a mapping with track_seconds"),
    ],
)
def test_a_bad_track_section_names_its_key(section, path, message):
    with pytest.raises(InvalidConfig) as caught:
        apply_overrides(build_preset("sungai-penuh"), {"track": section}, where="unit test")
    assert caught.value.path == path
    assert message in caught.value.message
