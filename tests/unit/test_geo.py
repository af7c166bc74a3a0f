"""Geofences in metres on the ground: coordinates, circles, polygons, distances."""

from __future__ import annotations

import math

import pytest
from pyproj import Geod, Transformer
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import Polygon as ShapelyPolygon

from core.geo import (
    Circle,
    InvalidGeometry,
    Point,
    Polygon,
    distance_m,
    distance_outside_m,
    nearest,
)

GEOD = Geod(ellps="WGS84")
# Dinas Kesehatan Kabupaten Musi Banyuasin, Sekayu (WIB).
SEKAYU = Point(-2.8897, 103.8437)
# Kantor Gubernur Papua, Jayapura (WIT).
JAYAPURA = Point(-2.5337, 140.7181)
MERAUKE = Point(-8.4932, 140.4018)


def moved(origin: Point, azimuth: float, metres: float) -> Point:
    lon, lat, _ = GEOD.fwd(origin.lon, origin.lat, azimuth, metres)
    return Point(lat, lon)


def square_around(center: Point, side_m: float) -> Polygon:
    """A square of `side_m` metres centred on `center`, corners NE, SE, SW, NW."""
    half_diagonal = side_m / math.sqrt(2)
    return Polygon(tuple(moved(center, az, half_diagonal) for az in (45, 135, 225, 315)))


def haversine_m(a: Point, b: Point) -> float:
    """An independent great-circle distance on a sphere of the mean Earth radius."""
    r = 6_371_008.8
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


# --- coordinates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon", "named"),
    [
        (91, 0, "latitude 91"),
        (-90.5, 0, "latitude -90.5"),
        (0, 181, "longitude 181"),
        (0, -180.01, "longitude -180.01"),
        (math.nan, 100, "latitude must be a number"),
        (-2.9, math.nan, "longitude must be a number"),
        (0, math.inf, "longitude inf"),
        ("-2.9", 103.8, "latitude must be a number"),
    ],
)
def test_impossible_coordinate_is_rejected_naming_the_axis(lat, lon, named):
    with pytest.raises(InvalidGeometry, match=named):
        Point(lat, lon)


def test_poles_and_the_antimeridian_are_valid_coordinates():
    assert Point(90, 180).lat == 90
    assert Point(-90, -180).lon == -180


# --- circles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("radius", [0, -1, -30.5, math.nan, math.inf])
def test_circle_radius_must_be_a_positive_number_of_metres(radius):
    with pytest.raises(InvalidGeometry, match="radius must be more than 0 m"):
        Circle(SEKAYU, radius)


@pytest.mark.parametrize("azimuth", [0, 45, 90, 137, 200, 300])
def test_circle_of_30_m_contains_a_point_29_m_away(azimuth):
    assert distance_outside_m(Circle(SEKAYU, 30), moved(SEKAYU, azimuth, 29)) == 0


@pytest.mark.parametrize("azimuth", [0, 45, 90, 137, 200, 300])
def test_point_exactly_on_the_circle_is_inside(azimuth):
    assert distance_outside_m(Circle(SEKAYU, 30), moved(SEKAYU, azimuth, 30)) == 0


@pytest.mark.parametrize("azimuth", [0, 45, 90, 137, 200, 300])
def test_point_31_m_from_a_30_m_circle_is_1_m_outside(azimuth):
    assert distance_outside_m(Circle(SEKAYU, 30), moved(SEKAYU, azimuth, 31)) == pytest.approx(
        1.0, abs=0.001
    )


def test_distance_between_points_100_m_apart_is_100_m():
    assert distance_m(SEKAYU, moved(SEKAYU, 73, 100)) == pytest.approx(100, abs=0.001)


# --- polygons -------------------------------------------------------------------------------


def test_polygon_needs_three_distinct_corners():
    with pytest.raises(InvalidGeometry, match="at least 3 distinct corners"):
        Polygon((SEKAYU, moved(SEKAYU, 90, 50)))


def test_polygon_with_a_repeated_corner_still_needs_three_distinct_ones():
    east = moved(SEKAYU, 90, 50)
    with pytest.raises(InvalidGeometry, match="at least 3 distinct corners"):
        Polygon((SEKAYU, east, SEKAYU, east))


def test_bow_tie_polygon_is_rejected_as_crossing_itself():
    ne, se, sw, nw = (moved(SEKAYU, az, 70) for az in (45, 135, 225, 315))
    with pytest.raises(InvalidGeometry, match="crosses itself"):
        Polygon((ne, sw, se, nw))


def test_polygon_with_its_corners_on_one_line_is_rejected_as_having_no_area():
    with pytest.raises(InvalidGeometry, match="no area"):
        Polygon((SEKAYU, moved(SEKAYU, 90, 50), moved(SEKAYU, 90, 100)))


def test_square_of_100_m_contains_its_centre_and_a_point_45_m_east():
    square = square_around(SEKAYU, 100)
    assert distance_outside_m(square, SEKAYU) == 0
    assert distance_outside_m(square, moved(SEKAYU, 90, 45)) == 0


@pytest.mark.parametrize("azimuth", [0, 90, 180, 270])
def test_point_50_m_beyond_an_edge_of_a_100_m_square_is_about_50_m_outside(azimuth):
    square = square_around(SEKAYU, 100)
    # The edge is 50 m from the centre, the point 100 m.
    outside = distance_outside_m(square, moved(SEKAYU, azimuth, 100))
    assert outside == pytest.approx(50, abs=0.5)


def test_polygon_distance_agrees_with_a_utm_computation():
    square = square_around(SEKAYU, 100)
    # UTM zone 48S covers 102E-108E: an independent planar computation in metres.
    utm = Transformer.from_crs("EPSG:4326", "EPSG:32748", always_xy=True)
    shape = ShapelyPolygon([utm.transform(v.lon, v.lat) for v in square.vertices])
    for azimuth, metres in ((30, 120), (110, 75), (200, 300), (333, 90), (45, 1000)):
        here = moved(SEKAYU, azimuth, metres)
        expected = shape.exterior.distance(ShapelyPoint(*utm.transform(here.lon, here.lat)))
        assert distance_outside_m(square, here) == pytest.approx(expected, abs=0.5)


def test_polygon_across_the_antimeridian_measures_metres_on_the_ground():
    # A field on Taveuni, Fiji, astride 180 degrees.
    field = Polygon(
        (
            Point(-16.7990, 179.9990),
            Point(-16.7990, -179.9990),
            Point(-16.8000, -179.9990),
            Point(-16.8000, 179.9990),
        )
    )
    assert distance_outside_m(field, Point(-16.7995, 179.9999)) == 0
    assert distance_outside_m(field, Point(-16.7995, -179.9999)) == 0
    # 0.001 degree of longitude east of the east edge at 16.8 S.
    expected = distance_m(Point(-16.7995, -179.9990), Point(-16.7995, -179.9980))
    assert distance_outside_m(field, Point(-16.7995, -179.9980)) == pytest.approx(expected, abs=0.5)


# --- distances ------------------------------------------------------------------------------


def test_distance_across_the_antimeridian_is_short():
    a, b = Point(-16.8, 179.9995), Point(-16.8, -179.9995)
    assert distance_m(a, b) == pytest.approx(haversine_m(a, b), rel=0.005)
    assert distance_m(a, b) == pytest.approx(106.6, abs=0.5)


def test_circle_across_the_antimeridian_contains_a_point_on_the_other_side():
    assert distance_outside_m(Circle(Point(-16.8, 179.9999), 50), Point(-16.8, -179.9999)) == 0


def test_distance_at_wit_longitudes_from_jayapura_to_merauke():
    # A sphere and the ellipsoid differ by up to about 0.6 % along a meridian.
    assert distance_m(JAYAPURA, MERAUKE) == pytest.approx(haversine_m(JAYAPURA, MERAUKE), rel=0.01)
    assert 655_000 < distance_m(JAYAPURA, MERAUKE) < 670_000


def test_geofence_at_jayapura_measures_metres():
    office = Circle(JAYAPURA, 100)
    assert distance_outside_m(office, moved(JAYAPURA, 250, 99)) == 0
    assert distance_outside_m(office, moved(JAYAPURA, 250, 175)) == pytest.approx(75, abs=0.001)


def test_the_other_side_of_the_world_is_about_20000_km_away():
    antipode = Point(-SEKAYU.lat, SEKAYU.lon - 180)
    assert distance_m(SEKAYU, antipode) == pytest.approx(20_000_000, rel=0.003)


def test_distance_is_symmetric_and_zero_to_itself():
    assert distance_m(SEKAYU, SEKAYU) == 0
    assert distance_m(SEKAYU, JAYAPURA) == pytest.approx(distance_m(JAYAPURA, SEKAYU))


# --- several sites --------------------------------------------------------------------------


def test_nearest_picks_the_site_the_position_is_in():
    pustu = moved(SEKAYU, 0, 2_000)
    fences = [("dinkes", Circle(SEKAYU, 100)), ("pustu", Circle(pustu, 100))]
    assert nearest(fences, moved(pustu, 180, 60)) == ("pustu", 0.0)


def test_nearest_outside_all_sites_gives_the_closest_and_its_distance():
    pustu = moved(SEKAYU, 0, 2_000)
    fences = [("dinkes", Circle(SEKAYU, 100)), ("pustu", square_around(pustu, 100))]
    name, outside = nearest(fences, moved(SEKAYU, 180, 400))
    assert name == "dinkes"
    assert outside == pytest.approx(300, abs=0.001)


def test_nearest_of_no_sites_is_none():
    assert nearest([], SEKAYU) is None
