"""Geofences in metres on the ground: circles (centre + radius) and polygons.

Distances are geodesic on WGS84 (pyproj.Geod). Polygons are tested in a local azimuthal
equidistant projection centred on the polygon, where planar distances are metres to well under
a centimetre at office scale; degrees are never compared with metres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from pyproj import Geod, Transformer
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import Polygon as ShapelyPolygon
from shapely.validation import explain_validity

_WGS84 = Geod(ellps="WGS84")
# Distances are reported to the millimetre: a point on a 30 m circle is inside, not 1e-9 m out.
_PRECISION = 3
MIN_POLYGON_AREA_M2 = 1.0


class InvalidGeometry(ValueError):
    """A coordinate, radius or polygon that cannot describe a place on Earth."""


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float

    def __post_init__(self) -> None:
        for name, value, limit in (("latitude", self.lat, 90), ("longitude", self.lon, 180)):
            if not isinstance(value, int | float) or math.isnan(value):
                raise InvalidGeometry(f"{name} must be a number")
            if not -limit <= value <= limit:
                raise InvalidGeometry(f"{name} {value} is outside -{limit}..{limit}")


@dataclass(frozen=True)
class Circle:
    center: Point
    radius_m: float

    def __post_init__(self) -> None:
        if not (self.radius_m > 0 and math.isfinite(self.radius_m)):
            raise InvalidGeometry(f"radius must be more than 0 m, got {self.radius_m}")


@dataclass(frozen=True)
class Polygon:
    vertices: tuple[Point, ...]

    def __post_init__(self) -> None:
        distinct = set(self.vertices)
        if len(distinct) < 3:
            raise InvalidGeometry("a polygon needs at least 3 distinct corners")
        shape = _projected(self)[0]
        if not shape.is_valid:
            reason = explain_validity(shape)
            if reason.startswith("Self-intersection"):
                raise InvalidGeometry(
                    "polygon crosses itself: list its corners in order around the boundary"
                )
            raise InvalidGeometry(f"polygon is not simple: {reason}")
        if shape.area < MIN_POLYGON_AREA_M2:
            raise InvalidGeometry("polygon has no area: its corners lie on one line")


Geofence = Circle | Polygon


def distance_m(a: Point, b: Point) -> float:
    """Geodesic distance between two points in metres."""
    return abs(_WGS84.inv(a.lon, a.lat, b.lon, b.lat)[2])


def distance_outside_m(fence: Geofence, position: Point) -> float:
    """How far `position` lies outside `fence`, in metres; 0 when inside or on the edge."""
    if isinstance(fence, Circle):
        return max(0.0, round(distance_m(fence.center, position) - fence.radius_m, _PRECISION))
    shape, transformer = _projected(fence)
    here = ShapelyPoint(*transformer.transform(position.lon, position.lat))
    return 0.0 if shape.covers(here) else round(float(shape.exterior.distance(here)), _PRECISION)


def nearest(fences: list[tuple[str, Geofence]], position: Point) -> tuple[str, float] | None:
    """The fence `position` is in (distance 0) or closest to, with the distance outside it."""
    best: tuple[str, float] | None = None
    for name, fence in fences:
        outside = distance_outside_m(fence, position)
        if best is None or outside < best[1]:
            best = (name, outside)
    return best


def _mean_longitude(points: tuple[Point, ...]) -> float:
    """The mean of longitudes on the circle, so that 179.9 and -179.9 average to 180, not 0."""
    x = sum(math.cos(math.radians(p.lon)) for p in points)
    y = sum(math.sin(math.radians(p.lon)) for p in points)
    return math.degrees(math.atan2(y, x))


@lru_cache(maxsize=4096)
def _projected(polygon: Polygon) -> tuple[ShapelyPolygon, Transformer]:
    lat0 = sum(v.lat for v in polygon.vertices) / len(polygon.vertices)
    lon0 = _mean_longitude(polygon.vertices)
    transformer = Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m", always_xy=True
    )
    coords = [transformer.transform(v.lon, v.lat) for v in polygon.vertices]
    return ShapelyPolygon(coords), transformer
