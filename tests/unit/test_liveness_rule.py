"""When a check-in asks for a liveness video, its challenge and its expiry; the policy key."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from core.liveness_rule import (
    LIVENESS_OFF,
    Challenge,
    LivenessRule,
    asks_for_video,
    challenge_expired,
    pick_challenge,
)
from core.policy.config import InvalidConfig, apply_overrides
from core.presets import build_preset

GIVEN = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)


def never() -> float:
    raise AssertionError("no draw expected")


def test_off_never_asks_even_when_flagged():
    assert not asks_for_video(LIVENESS_OFF, flagged=True, draw=never)


def test_always_asks_without_drawing():
    assert asks_for_video(LivenessRule(mode="always"), flagged=False, draw=never)


def test_share_asks_when_the_draw_falls_below_it_and_every_flagged_one():
    rule = LivenessRule(mode="share", share=0.25)

    assert asks_for_video(rule, flagged=False, draw=lambda: 0.1)
    assert not asks_for_video(rule, flagged=False, draw=lambda: 0.25)
    assert asks_for_video(rule, flagged=True, draw=never)
    assert not asks_for_video(LivenessRule(mode="share", share=0), flagged=False, draw=lambda: 0)


def test_share_asks_about_that_share_of_check_ins():
    rng = random.Random(5)
    rule = LivenessRule(mode="share", share=0.1)

    asked = sum(asks_for_video(rule, flagged=False, draw=rng.random) for _ in range(10_000))

    assert 900 < asked < 1100


def test_challenges_are_drawn_from_the_injected_generator():
    drawn = {pick_challenge(random.Random(seed)) for seed in range(30)}

    assert drawn == set(Challenge)
    assert pick_challenge(random.Random(1)) == pick_challenge(random.Random(1))
    assert pick_challenge(random.Random(2), [Challenge.BLINK_TWICE]) is Challenge.BLINK_TWICE


def test_a_challenge_expires_after_its_valid_seconds():
    rule = LivenessRule(challenge_valid_seconds=120)

    assert not challenge_expired(rule, GIVEN, GIVEN + timedelta(seconds=120))
    assert challenge_expired(rule, GIVEN, GIVEN + timedelta(seconds=121))


def test_policy_default_is_off_and_the_key_sets_each_part():
    policy = build_preset("sungai-penuh", {})
    assert policy.liveness.mode == "off"

    changed = apply_overrides(
        policy,
        {"liveness": {"mode": "share", "share": 0.2, "max_seconds": 6}},
        where="unit dinkes",
    )
    kept = apply_overrides(changed, {"liveness": {"challenge_valid_seconds": 90}}, where="x")

    assert (kept.liveness.mode, kept.liveness.share, kept.liveness.max_seconds) == (
        "share",
        0.2,
        6.0,
    )
    assert kept.liveness.challenge_valid_seconds == 90


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ({"mode": "sometimes"}, "liveness.mode"),
        ({"share": 1.5}, "liveness.share"),
        ({"share": True}, "liveness.share"),
        ({"max_seconds": 0}, "liveness.max_seconds"),
        ({"max_seconds": 120}, "liveness.max_seconds"),
        ({"challenge_valid_seconds": 1.5}, "liveness.challenge_valid_seconds"),
        ({"every": 2}, "liveness.every"),
        ("always", "liveness"),
    ],
)
def test_bad_liveness_keys_are_named(value, path):
    with pytest.raises(InvalidConfig) as error:
        apply_overrides(build_preset("sungai-penuh", {}), {"liveness": value}, where="x")

    assert error.value.path == path
