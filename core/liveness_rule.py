"""When a check-in asks for a short liveness video, which challenge it names, and for how long.

Pure: the random draws and the instant are passed in. The policy carries the rule
(`Policy.liveness`, a `LivenessRule`), set by an organisation file's `liveness:` key
(core.policy.config); no regulation asks for it, so it is off unless an organisation turns it on.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from core.citations import Citation, default

MODES = ("off", "always", "share")
NOT_ASKED = default("no liveness video is asked for")


class Challenge(StrEnum):
    """What the person does in the video; a new one is drawn for every request."""

    TURN_LEFT = "toleh_kiri"
    TURN_RIGHT = "toleh_kanan"
    BLINK_TWICE = "kedip_dua_kali"


@dataclass(frozen=True)
class LivenessRule:
    """`mode` off, always, or share (a random `share` of check-ins, 0..1); flagged check-ins
    are asked whenever the mode is not off. `max_seconds` bounds the video, and a challenge
    is answered within `challenge_valid_seconds` of being given."""

    mode: str = "off"
    share: float = 0.0
    max_seconds: float = 8.0
    challenge_valid_seconds: int = 120
    rule: Citation = NOT_ASKED


LIVENESS_OFF = LivenessRule()


def asks_for_video(rule: LivenessRule, *, flagged: bool, draw: Callable[[], float]) -> bool:
    """Whether this check-in asks for a liveness video; `draw` gives a number in [0, 1)."""
    if rule.mode == "off":
        return False
    if rule.mode == "always" or flagged:
        return True
    return draw() < rule.share


def pick_challenge(
    rng: random.Random, choices: Sequence[Challenge] = tuple(Challenge)
) -> Challenge:
    """A challenge drawn at random, so that a video recorded in advance cannot answer it."""
    return rng.choice(list(choices))


def rule_to_json(rule: LivenessRule) -> dict[str, Any]:
    """What the selfie step needs of the rule, kept with the judgement in the conversation."""
    return {
        "mode": rule.mode,
        "share": rule.share,
        "max_seconds": rule.max_seconds,
        "valid_s": rule.challenge_valid_seconds,
    }


def rule_from_json(data: dict[str, Any] | None) -> LivenessRule:
    """The rule `rule_to_json` kept; off for a conversation kept before liveness was asked."""
    if not data:
        return LIVENESS_OFF
    return LivenessRule(
        mode=str(data["mode"]),
        share=float(data["share"]),
        max_seconds=float(data["max_seconds"]),
        challenge_valid_seconds=int(data["valid_s"]),
    )


def challenge_expired(rule: LivenessRule, given_at: datetime, now: datetime) -> bool:
    """Whether a challenge given at `given_at` can no longer be answered at `now`."""
    return now - given_at > timedelta(seconds=rule.challenge_valid_seconds)
