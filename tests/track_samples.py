"""Recorded-like live location tracks: real phones and the patterns of location-mocking apps.

Every track is generated from a seed, so a test reads the same fixes on every run. A real phone's
fix is off from where it is by a random error whose radius matches the accuracy it reports
(Android's accuracy is the radius it is 68% sure of: a normal error of accuracy / 1.5 on each
axis), its accuracy wanders between 5 and 30 m outdoors, and coordinates come rounded to six
decimals as Telegram sends them.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

from pyproj import Geod

from core.track import Fix

_GEOD = Geod(ellps="WGS84")
START = datetime(2026, 11, 24, 0, 20, tzinfo=UTC)  # 07:20 WIB
OFFICE = (-2.06198, 101.39280)  # Kantor Walikota Sungai Penuh (tests/flows_harness.py)


def moved(origin: tuple[float, float], east_m: float, north_m: float) -> tuple[float, float]:
    """The point `east_m` east and `north_m` north of `origin` (lat, lon), on the ground."""
    lon, lat, _ = _GEOD.fwd(origin[1], origin[0], 90, east_m)
    lon, lat, _ = _GEOD.fwd(lon, lat, 0, north_m)
    return lat, lon


def _fix(
    where: tuple[float, float], accuracy: float | None, at: datetime, rng: random.Random | None
) -> Fix:
    """A fix of a phone at `where`: off by its noise (with `rng`), rounded as Telegram does."""
    if rng is not None and accuracy:
        sigma = accuracy / 1.5
        where = moved(where, rng.gauss(0, sigma), rng.gauss(0, sigma))
    return Fix(round(where[0], 6), round(where[1], 6), accuracy, at)


def walk(
    seed: int,
    fixes: int = 40,
    every_s: float = 5,
    towards: tuple[float, float] = OFFICE,
    speed_mps: float = 1.4,
    start: datetime = START,
) -> list[Fix]:
    """Someone walking up to `towards` (ending there), wandering a little, with GPS noise."""
    rng = random.Random(seed)
    heading = rng.uniform(0, 360)
    east, north = 0.0, 0.0
    path = []
    for _ in range(fixes):
        path.append((east, north))
        heading += rng.gauss(0, 15)
        step = speed_mps * every_s * rng.uniform(0.7, 1.2)
        east -= step * _sin(heading)
        north -= step * _cos(heading)
    path.reverse()  # walked backwards from the office: reversed, the walk ends there
    return [
        _fix(
            moved(towards, e, n),
            round(rng.uniform(5, 30), 1),
            start + timedelta(seconds=i * every_s),
            rng,
        )
        for i, (e, n) in enumerate(path)
    ]


def standing_indoors(seed: int, fixes: int = 40, every_s: float = 5) -> list[Fix]:
    """A phone lying on a desk indoors: weak accuracy, its fixes drifting around the spot."""
    rng = random.Random(seed)
    drift_e, drift_n = 0.0, 0.0
    found = []
    for i in range(fixes):
        # Indoors the error drifts (reflections change slowly) rather than jumping each time.
        drift_e = 0.8 * drift_e + rng.gauss(0, 6)
        drift_n = 0.8 * drift_n + rng.gauss(0, 6)
        accuracy = round(rng.uniform(15, 30), 1)
        where = moved(OFFICE, drift_e, drift_n)
        found.append(_fix(where, accuracy, START + timedelta(seconds=i * every_s), rng))
    return found


def mock_still(fixes: int = 12, every_s: float = 5, accuracy: float | None = 10.0) -> list[Fix]:
    """A mocking app's position: the same coordinates and the same accuracy every time."""
    return [
        _fix(OFFICE, accuracy, START + timedelta(seconds=i * every_s), None) for i in range(fixes)
    ]


def zero_accuracy(seed: int = 1, fixes: int = 10, every_s: float = 5) -> list[Fix]:
    """A mocking app that claims a perfect fix (accuracy 0) while moving a little."""
    rng = random.Random(seed)
    return [
        _fix(
            moved(OFFICE, rng.uniform(-3, 3), rng.uniform(-3, 3)),
            0.0,
            START + timedelta(seconds=i * every_s),
            None,
        )
        for i in range(fixes)
    ]


def teleport(seed: int = 2, away_m: float = 8000, fixes: int = 12) -> list[Fix]:
    """A real phone far from the office (at home), then the mocked office from one fix on."""
    rng = random.Random(seed)
    home = moved(OFFICE, away_m, 0)
    at_home = [
        _fix(home, round(rng.uniform(5, 20), 1), START + timedelta(seconds=i * 5), rng)
        for i in range(fixes // 2)
    ]
    later = START + timedelta(seconds=fixes // 2 * 5)
    at_office = [
        _fix(OFFICE, round(rng.uniform(5, 20), 1), later + timedelta(seconds=i * 5), rng)
        for i in range(fixes - fixes // 2)
    ]
    return at_home + at_office


def jump(seed: int = 3, away_m: float = 5000) -> list[Fix]:
    """A walk 500 m from the office whose middle fix lands `away_m` off for a moment, then
    returns."""
    track = walk(seed, fixes=20, towards=moved(OFFICE, 500, 0))
    middle = track[10]
    lat, lon = moved((middle.lat, middle.lon), 0, away_m)
    track[10] = Fix(round(lat, 6), round(lon, 6), middle.accuracy_m, middle.at)
    return track


def _sin(degrees: float) -> float:
    return math.sin(math.radians(degrees))


def _cos(degrees: float) -> float:
    return math.cos(math.radians(degrees))
