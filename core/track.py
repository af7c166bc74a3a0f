"""A live location's track judged as a phone's: the signals of a mocked or teleported position.

Telegram sends the later positions of a live location as edits; the clock-in keeps those that
come between the first live location and the selfie (`core.flows.clocking`). A real phone's
fixes wander within their accuracy, move at the pace of a walk or a vehicle and never claim a
perfect fix; a location-mocking app's often do not. Each signal below names one such pattern,
with the figures that show it. Pure: plain values in, signals out.

No regulation sets these numbers (`TRACK_DEFAULT`); the regulations forbid manipulating the
attendance data in general (Perwal Sungai Penuh 12/2023 Pasal 12 ayat (6), Keputusan Kadinkes
Musi Banyuasin B-800/18/KPTS-KES/2023 Pasal 7 ayat (2), Perbup Konawe Kepulauan 18/2023
Pasal 12 ayat (1)), which is what a flagged or refused track puts before the admin.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from core.citations import Citation, default
from core.geo import Circle, Geofence, Point, Polygon, distance_m, distance_outside_m

ACTIONS = ("flag", "refuse")
# A phone reports the radius it is about 68% sure of (Android's horizontal accuracy); twice
# that holds nearly every fix of a phone standing still, so noise within it is not movement.
NOISE_FACTOR = 2.0
# A fix without an accuracy is given a phone's usual outdoor radius: enough for noise, far too
# little to hide a jump of hundreds of metres.
UNKNOWN_ACCURACY_M = 30.0
# Telegram dates edits to the second: two fixes of the same second are a second apart at most.
MIN_INTERVAL_S = 1.0
# The track kept in a conversation: the latest fixes only (a few minutes of a live location).
MAX_FIXES = 100

TRACK_DEFAULT_RULE = default(
    "a live location's track is judged for 5 minutes; faster than 150 km/h between fixes, "
    "6 identical fixes or an accuracy of 0 m is flagged for the admin"
)


@dataclass(frozen=True)
class TrackRule:
    """How a live location's track is judged (the policy's `track:` section)."""

    seconds: int = 300  # the track judged: this long before the selfie
    max_speed_kmh: float = 150.0  # no vehicle on the way to an office goes faster
    still_fixes: int = 6  # this many fixes in a row, identical: a mocked position
    still_m: float = 1.0  # "identical": within this many metres, with the same accuracy
    action: str = "flag"  # "flag": recorded and flagged for review; "refuse": not accepted
    rule: Citation = field(default=TRACK_DEFAULT_RULE)


TRACK_DEFAULT = TrackRule()


@dataclass(frozen=True)
class Fix:
    """One position of a live location."""

    lat: float
    lon: float
    accuracy_m: float | None  # None: the client did not say
    at: datetime

    @property
    def point(self) -> Point:
        return Point(self.lat, self.lon)


@dataclass(frozen=True)
class Signal:
    """One sign that the track is not a phone's: its name and the figures that show it."""

    name: str  # "jump", "teleport", "still" or "zero_accuracy"
    values: dict[str, Any]

    @property
    def flag(self) -> str:
        """The review flag a record carries for it (core.services.review)."""
        return f"track_{self.name}"


Inside = Callable[[Point], bool]


def judge_track(
    fixes: Iterable[Fix], rule: TrackRule, inside: Inside | None = None
) -> list[Signal]:
    """Every signal of the track, each named once; none for a track of one fix.

    `inside` tells whether a position is inside the clock-in's fence (None: not known), which
    tells a teleport into the fence from any other jump.
    """
    track = ordered(fixes)
    return [*_jumps(track, rule, inside), *_still(track, rule), *_zero_accuracy(track)]


def ordered(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes by time, a fix delivered twice (same time, same place) kept once."""
    seen: set[tuple[float, float, float | None, datetime]] = set()
    kept = []
    for fix in sorted(fixes, key=lambda f: f.at):
        key = (fix.lat, fix.lon, fix.accuracy_m, fix.at)
        if key not in seen:
            seen.add(key)
            kept.append(fix)
    return kept


def recent(fixes: Iterable[Fix], until: datetime, seconds: float) -> list[Fix]:
    """The fixes from `seconds` before `until` on. One dated after it came in before it all
    the same (the phone's or Telegram's clock ahead of ours): it is kept."""
    start = until - timedelta(seconds=seconds)
    return [f for f in fixes if start <= f.at]


def speed_kmh(a: Fix, b: Fix) -> float:
    """How fast the phone must have moved from `a` to `b`, beyond what their noise explains."""
    allowance = NOISE_FACTOR * (_radius(a) + _radius(b))
    moved = max(0.0, distance_m(a.point, b.point) - allowance)
    seconds = max(MIN_INTERVAL_S, abs((b.at - a.at).total_seconds()))
    return moved / seconds * 3.6


def _radius(fix: Fix) -> float:
    accuracy = fix.accuracy_m
    if accuracy is None or not math.isfinite(accuracy) or accuracy < 0:
        return UNKNOWN_ACCURACY_M
    return accuracy


def _jumps(track: Sequence[Fix], rule: TrackRule, inside: Inside | None) -> list[Signal]:
    """The fastest jump, and the fastest jump from outside the fence into it (a teleport)."""
    fastest: dict[str, Signal] = {}
    for a, b in pairwise(track):
        speed = speed_kmh(a, b)
        if speed <= rule.max_speed_kmh:
            continue
        into = inside is not None and inside(b.point) and not inside(a.point)
        name = "teleport" if into else "jump"
        values = {
            "speed_kmh": round(speed),
            "metres": round(distance_m(a.point, b.point)),
            "seconds": round(abs((b.at - a.at).total_seconds())),
            "limit_kmh": round(rule.max_speed_kmh),
        }
        if name not in fastest or fastest[name].values["speed_kmh"] < values["speed_kmh"]:
            fastest[name] = Signal(name, values)
    return [fastest[n] for n in ("teleport", "jump") if n in fastest]


def _still(track: Sequence[Fix], rule: TrackRule) -> list[Signal]:
    """The longest run of fixes that never move by `still_m` with one unchanging accuracy."""
    longest, run = 0, 0
    for index, fix in enumerate(track):
        first = track[index - run] if run else fix
        same = (
            run > 0
            and fix.accuracy_m is not None
            and fix.accuracy_m == first.accuracy_m
            and fix.at != track[index - 1].at  # a second report of one instant adds nothing
            and distance_m(first.point, fix.point) <= rule.still_m
        )
        run = run + 1 if same else 1
        longest = max(longest, run)
    if longest < rule.still_fixes:
        return []
    return [Signal("still", {"fixes": longest, "metres": rule.still_m})]


def _zero_accuracy(track: Sequence[Fix]) -> list[Signal]:
    """A fix that claims an accuracy of exactly 0 m: no phone's receiver is ever that sure."""
    zero = sum(1 for f in track if f.accuracy_m == 0)
    return [Signal("zero_accuracy", {"fixes": zero})] if zero else []


# --- as plain JSON, kept in the conversation --------------------------------------------------


def fix_to_json(fix: Fix) -> list[Any]:
    return [fix.lat, fix.lon, fix.at.isoformat(), fix.accuracy_m]


def fixes_from_json(rows: Iterable[Sequence[Any]]) -> list[Fix]:
    """The kept fixes; rows kept before accuracies were (three values) have none."""
    found = []
    for row in rows:
        accuracy = row[3] if len(row) > 3 else None
        found.append(Fix(float(row[0]), float(row[1]), accuracy, datetime.fromisoformat(row[2])))
    return found


def rule_to_json(rule: TrackRule) -> dict[str, Any]:
    return {
        "seconds": rule.seconds,
        "max_speed_kmh": rule.max_speed_kmh,
        "still_fixes": rule.still_fixes,
        "still_m": rule.still_m,
        "action": rule.action,
    }


def rule_from_json(data: dict[str, Any]) -> TrackRule:
    return TrackRule(
        seconds=int(data["seconds"]),
        max_speed_kmh=float(data["max_speed_kmh"]),
        still_fixes=int(data["still_fixes"]),
        still_m=float(data["still_m"]),
        action=str(data["action"]),
    )


def fence_to_json(fence: Geofence | None) -> dict[str, Any] | None:
    if isinstance(fence, Circle):
        return {"circle": [fence.center.lat, fence.center.lon, fence.radius_m]}
    if isinstance(fence, Polygon):
        return {"polygon": [[p.lat, p.lon] for p in fence.vertices]}
    return None


def fence_from_json(data: dict[str, Any] | None) -> Geofence | None:
    if not data:
        return None
    if "circle" in data:
        lat, lon, radius = data["circle"]
        return Circle(Point(lat, lon), radius)
    return Polygon(tuple(Point(lat, lon) for lat, lon in data["polygon"]))


def inside_of(fence: Geofence | None) -> Inside | None:
    """Whether a position is inside `fence`, as `judge_track` asks it (None: no fence)."""
    if fence is None:
        return None
    return lambda point: distance_outside_m(fence, point) == 0
