"""What the console's maps draw: the sites of the units shown (their fences as judging reads
them) and where today's clock-ins were made, accepted or refused.

Locations are personal data (UU 27/2022): they go to the page of an admin or head whose scope
covers the employee, never to a log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from core.geo import Circle, Polygon
from core.services.console import ConsoleUser, staff_shown
from core.services.context import employee_zone, org_view
from core.storage.uow import UnitOfWork

# At most this many clock-ins on one map (the latest): a whole regency's morning is a cloud.
MOST_POINTS = 2000


@dataclass(frozen=True)
class MapSite:
    """A site's fence: a circle (centre and radius) or a polygon (its corners)."""

    code: str
    name: str
    unit: str
    lat: float
    lon: float
    radius_m: float | None  # a circle's
    corners: tuple[tuple[float, float], ...] = ()  # a polygon's, (lat, lon)
    event: str | None = None  # an event called from chat today: its hours ("07:30-08:30")


@dataclass(frozen=True)
class MapPoint:
    """Where one clock-in or clock-out was made today, and what became of it."""

    name: str
    time: str  # HH:MM on the employee's clock
    direction: str
    lat: float
    lon: float
    accuracy_m: float | None
    accepted: bool
    outcome: str
    distance_m: int | None


def unit_sites(
    uow: UnitOfWork, org_id: int, unit_ids: list[int], day: date | None = None
) -> list[MapSite]:
    """The sites the staff of these units clock in at, as judging reads them (a circle without
    its own radius takes its policy's), and the events called from chat on `day` they take
    part in."""
    view = org_view(uow, org_id)
    events = [
        MapSite(e.code, e.name, "", e.lat, e.lon, e.radius_m, event=e.window_text)
        for e in view.adhoc
        if e.day == day and e.unit_ids & set(unit_ids)
    ]
    found: dict[str, MapSite] = {}
    for unit_id in unit_ids:
        home = view.home_of(unit_id)
        radius = float(view.policy(unit_id).radius_m.value)
        names = view.site_names
        for code, fence in view.fences(home, radius).items():
            unit = view.units[home].name
            found.setdefault(code, _site(code, names.get(code, code), unit, fence))
    return sorted(found.values(), key=lambda site: site.name) + events


def today_points(
    uow: UnitOfWork, user: ConsoleUser, day: date, unit_code: str | None
) -> list[MapPoint]:
    """The day's clock-ins of the staff shown that carry a location (those made in chat: a
    fallback or a machine's has none), the latest first."""
    staff = staff_shown(uow, user, unit_code)
    rows = uow.attendance(list(staff), day, day) if staff else []
    zones: dict[int, ZoneInfo] = {}
    points = []
    for row in reversed(rows):
        if row.lat is None or row.lon is None or row.corrects_id is not None:
            continue
        employee = staff[row.employee_id]
        if employee.id not in zones:
            zones[employee.id] = ZoneInfo(employee_zone(uow, employee))
        zone = zones[employee.id]
        points.append(
            MapPoint(
                employee.name, f"{row.at.astimezone(zone):%H:%M}", row.direction, row.lat,
                row.lon, row.accuracy_m, row.accepted, row.outcome, row.distance_m,
            )
        )  # fmt: skip
        if len(points) == MOST_POINTS:
            break
    return points


def _site(code: str, name: str, unit: str, fence) -> MapSite:
    if isinstance(fence, Circle):
        return MapSite(code, name, unit, fence.center.lat, fence.center.lon, fence.radius_m)
    assert isinstance(fence, Polygon)
    corners = tuple((p.lat, p.lon) for p in fence.vertices)
    lat = sum(c[0] for c in corners) / len(corners)
    lon = sum(c[1] for c in corners) / len(corners)
    return MapSite(code, name, unit, lat, lon, None, corners)
