"""The `track:` section of policy overrides: how a live location's track is judged (core.track)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from core.citations import Citation
from core.config_error import InvalidConfig, check_keys
from core.policy import Policy
from core.track import ACTIONS

# The section's keys and the TrackRule field each sets.
TRACK_KEYS = {
    "track_seconds": "seconds",
    "max_speed_kmh": "max_speed_kmh",
    "still_fixes": "still_fixes",
    "still_metres": "still_m",
    "action": "action",
}
# The smallest sensible value of each number: a track of a few seconds, a fix or two.
MINIMUM = {"track_seconds": 10, "max_speed_kmh": 1, "still_fixes": 2, "still_metres": 0}
WHOLE = ("track_seconds", "still_fixes")


def track(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """{track_seconds, max_speed_kmh, still_fixes, still_metres, action}: the keys not named
    keep what the preset or the level above set."""
    check_keys(value, path, tuple(TRACK_KEYS))
    changes: dict[str, Any] = {}
    for key, name in TRACK_KEYS.items():
        if key in value:
            changes[name] = _value(key, value[key], f"{path}.{key}")
    return replace(policy, track=replace(policy.track, **changes, rule=rule))


def _value(key: str, value: Any, path: str) -> Any:
    if key == "action":
        if value not in ACTIONS:
            raise InvalidConfig(path, f"expected one of {', '.join(ACTIONS)}, got {value!r}")
        return value
    whole = key in WHOLE
    kind = int if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind) or not math.isfinite(value):
        raise InvalidConfig(
            path, f"expected {'a whole number' if whole else 'a number'}, got {value!r}"
        )
    if value < MINIMUM[key]:
        raise InvalidConfig(path, f"must be at least {MINIMUM[key]}, got {value!r}")
    return value
