"""The console's sites: the places staff clock in at, redrawn on a map by an admin.

A unit admin edits their unit's sites, a super admin every site (event sites too); a head of
unit reads them. A change is audited (`site.edit`, with the admin) and bumps the
organisation's version, so the next clock-in is judged against the new fence in every process
(core.storage.org_version). `presensi org load` writes the sites of the organisation file
again: the file stays the source of record, and README says so.

The bounds are the event fences' (core.event_fence, from the regulations' field use): a circle
of 20-500 m; a polygon whose corners lie within 500 m of each other's middle.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.event_fence import RADIUS_MAX_M, RADIUS_MIN_M
from core.geo import Circle, InvalidGeometry, Point, Polygon, distance_m
from core.services.console import ConsoleUser, NotAllowed
from core.services.context import NotFound, org_view
from core.storage.tables import SiteRow
from core.storage.uow import UnitOfWork

CORNERS_MAX = 40


class SiteRefused(ValueError):
    """A shape the console refuses; `key` names the reason in the console's words."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class SiteView:
    row: SiteRow
    unit: str  # the unit's name; "" for an event site
    editable: bool
    radius_m: float | None  # a circle's as judging reads it: its own, else its policy's


def sites_seen(uow: UnitOfWork, user: ConsoleUser) -> list[SiteView]:
    """The sites of the units in the user's scope (every site for a super admin), by name."""
    org_id = user.employee.org_id
    view = org_view(uow, org_id)
    found = []
    for row in uow.sites(org_id):
        if not _may_see(user, row):
            continue
        # An event site's radius, where it has none, is its attendee's policy's: the user's.
        policy = view.policy(row.unit_id or user.employee.unit_id)
        radius = None if row.polygon else row.radius_m or float(policy.radius_m.value)
        unit = view.units[row.unit_id].name if row.unit_id in view.units else ""
        found.append(SiteView(row, unit, _may_edit(user, row), radius))
    return sorted(found, key=lambda site: (site.unit, site.row.name))


def site_of(uow: UnitOfWork, user: ConsoleUser, code: str) -> SiteView:
    """One site the user may see; NotFound otherwise."""
    for site in sites_seen(uow, user):
        if site.row.code == code:
            return site
    raise NotFound(f"site {code!r}")


def move_circle(
    uow: UnitOfWork, user: ConsoleUser, code: str, lat: float, lon: float, radius_m: float
) -> SiteRow:
    """Set a site's circle: its centre and radius (in whole metres)."""
    row = _editable(uow, user, code)
    if not RADIUS_MIN_M <= radius_m <= RADIUS_MAX_M:  # NaN too
        raise SiteRefused("site_radius", low=RADIUS_MIN_M, high=RADIUS_MAX_M)
    try:
        Circle(Point(lat, lon), radius_m)
    except InvalidGeometry:
        raise SiteRefused("site_bad_point") from None
    row.lat, row.lon, row.radius_m, row.polygon = lat, lon, float(round(radius_m)), None
    uow.touch(row, f"employee:{user.employee.id}", "site.edit")
    return row


def move_polygon(
    uow: UnitOfWork, user: ConsoleUser, code: str, corners: list[tuple[float, float]]
) -> SiteRow:
    """Set a site's polygon: its corners, in order around it."""
    row = _editable(uow, user, code)
    if not 3 <= len(corners) <= CORNERS_MAX:
        raise SiteRefused("site_corners", most=CORNERS_MAX)
    try:
        shape = Polygon(tuple(Point(lat, lon) for lat, lon in corners))
    except InvalidGeometry:
        raise SiteRefused("site_polygon_bad") from None
    middle = Point(
        sum(p.lat for p in shape.vertices) / len(corners),
        sum(p.lon for p in shape.vertices) / len(corners),
    )
    if max(distance_m(middle, p) for p in shape.vertices) > RADIUS_MAX_M:
        raise SiteRefused("site_polygon_large", high=RADIUS_MAX_M)
    row.polygon = [[lat, lon] for lat, lon in corners]
    row.lat, row.lon, row.radius_m = middle.lat, middle.lon, None
    uow.touch(row, f"employee:{user.employee.id}", "site.edit")
    return row


def _may_see(user: ConsoleUser, row: SiteRow) -> bool:
    if row.unit_id is None:
        return user.whole_org
    return user.scope.covers(row.org_id, [row.unit_id])


def _may_edit(user: ConsoleUser, row: SiteRow) -> bool:
    return user.administers and _may_see(user, row)


def _editable(uow: UnitOfWork, user: ConsoleUser, code: str) -> SiteRow:
    site = site_of(uow, user, code)
    if not site.editable:
        raise NotAllowed(code)
    return site.row
