"""False-accept and false-reject rates of a face threshold over labelled photos.

Every two photos of the same person are a genuine pair, every two of different people an
impostor pair. A photo the quality gate refused cannot be compared: its genuine pairs count as
false rejects (that person could not clock in with it) and its impostor pairs as correct
rejects. Used by benchmarks/face_bench.py and the calibration test, on the production
pipeline's encodings, so that the default threshold is chosen from the same numbers both print.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from core.faces.port import Encoding, face_distance

# "obama_3" and "obama_small" show "obama": the name before the last "_N", "_small", "_partial".
_VARIANT = re.compile(r"_(\d+|small|partial)$")


def person_of(name: str) -> str:
    """The person a labelled photo shows, from its file name without extension."""
    return _VARIANT.sub("", name)


@dataclass(frozen=True)
class Pair:
    """Two labelled photos and the distance between their encodings (None: one was refused)."""

    first: str
    second: str
    distance: float | None

    def accepted(self, threshold: float) -> bool:
        return self.distance is not None and self.distance <= threshold


@dataclass(frozen=True)
class Pairs:
    """Every genuine and every impostor pair of a labelled set."""

    genuine: tuple[Pair, ...]
    impostor: tuple[Pair, ...]

    @property
    def hardest_genuine(self) -> Pair:
        """The compared pair of one person furthest apart."""
        return max((p for p in self.genuine if p.distance is not None), key=_distance)

    @property
    def closest_impostor(self) -> Pair:
        """The compared pair of different people closest together."""
        return min((p for p in self.impostor if p.distance is not None), key=_distance)


def _distance(pair: Pair) -> float:
    return pair.distance if pair.distance is not None else float("nan")


@dataclass(frozen=True)
class Rates:
    """What a threshold does to the pairs."""

    threshold: float
    false_accepts: int
    impostors: int
    false_rejects: int
    genuines: int

    @property
    def fa_rate(self) -> float:
        return self.false_accepts / self.impostors if self.impostors else 0.0

    @property
    def fr_rate(self) -> float:
        return self.false_rejects / self.genuines if self.genuines else 0.0


def pairs(encodings: Mapping[str, Encoding | None]) -> Pairs:
    """Every pair of the labelled photos (name -> encoding, None when refused)."""
    genuine: list[Pair] = []
    impostor: list[Pair] = []
    for a, b in itertools.combinations(sorted(encodings), 2):
        first, second = encodings[a], encodings[b]
        distance = None if first is None or second is None else face_distance(first, second)
        (genuine if person_of(a) == person_of(b) else impostor).append(Pair(a, b, distance))
    return Pairs(tuple(genuine), tuple(impostor))


def rates(found: Pairs, threshold: float) -> Rates:
    """Accepted impostor pairs and refused (or uncomparable) genuine pairs at `threshold`."""
    return Rates(
        threshold=threshold,
        false_accepts=sum(1 for pair in found.impostor if pair.accepted(threshold)),
        impostors=len(found.impostor),
        false_rejects=sum(1 for pair in found.genuine if not pair.accepted(threshold)),
        genuines=len(found.genuine),
    )


def curve(found: Pairs, thresholds: Iterable[float]) -> list[Rates]:
    """`rates` at each threshold."""
    return [rates(found, threshold) for threshold in thresholds]
