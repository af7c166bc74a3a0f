"""Sites: where staff clock in, on a map; an admin drags a circle's centre or a polygon's
corners (the metres shown as they go) and saves: the next clock-in is judged against it."""

from __future__ import annotations

import json
import math
import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from core.services.console import NotAllowed
from core.services.console_map import MapSite
from core.services.console_sites import (
    CORNERS_MAX,
    SiteRefused,
    SiteView,
    move_circle,
    move_polygon,
    site_of,
    sites_seen,
)
from core.services.context import NotFound
from webhooks.console.maps import map_data
from webhooks.console.pages import Console, Refused, SignedIn, check_form, in_thread, render
from webhooks.console.texts import word
from webhooks.deps import Parts

router = APIRouter(prefix="/admin", tags=["console"])


@router.get("/lokasi")
async def sites(request: Request, viewer: SignedIn, parts: Parts, console: Console) -> Response:
    """Every site the user may see, on one map and in a list."""
    found = await in_thread(parts, lambda uow: sites_seen(uow, viewer.user))
    drawn = [_map_site(site) for site in found]
    return render(request, "sites.html", viewer.language, viewer=viewer, page="sites",
                  sites=found, map=map_data(viewer.language, drawn, [], console),
                  shape=lambda site: _shape(viewer.language, site))  # fmt: skip


@router.get("/lokasi/{code}")
async def site(
    request: Request, code: str, viewer: SignedIn, parts: Parts, console: Console,
    selesai: str = "",
) -> Response:  # fmt: skip
    """One site's editor: its shape on the map, draggable, and the form that saves it."""
    found = await _site(parts, viewer, code)
    row = found.row
    data = {
        "tiles": console.map_tiles,
        "attribution": console.map_attribution,
        "lat": row.lat, "lon": row.lon, "radius_m": found.radius_m,
        "corners": row.polygon or [],
        "words": {"radius": word(viewer.language, "radius"),
                  "sides": word(viewer.language, "sides")},
    }  # fmt: skip
    return render(request, "site.html", viewer.language, viewer=viewer, page="sites",
                  site=found, data=data, saved=selesai == "1",
                  shape=_shape(viewer.language, found))  # fmt: skip


@router.post("/lokasi/{code}")
async def save(
    request: Request, code: str, viewer: SignedIn, parts: Parts,
    csrf: Annotated[str, Form()] = "", lat: Annotated[str, Form()] = "",
    lon: Annotated[str, Form()] = "", radius_m: Annotated[str, Form()] = "",
    corners: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Save the shape the form sends: a circle (lat, lon, radius) or a polygon (corners)."""
    check_form(request, viewer, csrf)
    back = f"/admin/lokasi/{code}"
    try:
        if corners.strip():
            points = _corners(corners)
            await in_thread(parts, lambda uow: move_polygon(uow, viewer.user, code, points))
        else:
            values = [_number(v) for v in (lat, lon, radius_m)]
            await in_thread(parts, lambda uow: move_circle(uow, viewer.user, code, *values))
    except NotFound:
        raise Refused(404, "not_found", viewer.language) from None
    except NotAllowed:
        raise Refused(403, "head_read_only", viewer.language) from None
    except SiteRefused as refused:
        raise Refused(400, refused.key, viewer.language, back, refused.values) from None
    return RedirectResponse(f"{back}?selesai=1", status_code=303)


async def _site(parts, viewer, code: str) -> SiteView:
    try:
        return await in_thread(parts, lambda uow: site_of(uow, viewer.user, code))
    except NotFound:
        raise Refused(404, "not_found", viewer.language) from None


# A form's coordinates or radius: digits, a sign, one decimal point or comma, an exponent.
NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
# The longest corners list the editor writes (40 corners of two numbers): more is not from it.
CORNERS_TEXT_MAX = 4000


def _number(text: str) -> float:
    """A number as a form sends it (a comma for the decimal point too); SiteRefused if none."""
    if not NUMBER.fullmatch(text.strip()):
        raise SiteRefused("site_bad_point")
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise SiteRefused("site_bad_point") from None
    if not math.isfinite(value):
        raise SiteRefused("site_bad_point")
    return value


def _corners(text: str) -> list[tuple[float, float]]:
    """The polygon's corners as the editor writes them: [[lat, lon], ...]."""
    if len(text) > CORNERS_TEXT_MAX:
        raise SiteRefused("site_corners", most=CORNERS_MAX)
    try:
        found = json.loads(text)
        return [(float(lat), float(lon)) for lat, lon in found]
    except (ValueError, TypeError, RecursionError):
        raise SiteRefused("site_polygon_bad") from None


def _map_site(site: SiteView) -> MapSite:
    row = site.row
    corners = tuple((lat, lon) for lat, lon in row.polygon or ())
    lat = row.lat if row.lat is not None else corners[0][0]
    lon = row.lon if row.lon is not None else corners[0][1]
    return MapSite(row.code, row.name, site.unit, lat, lon, site.radius_m, corners)


def _shape(language: str, site: SiteView) -> str:
    """'radius 30 m' or 'poligon, 5 sudut'."""
    if site.row.polygon:
        return word(language, "shape_polygon", corners=len(site.row.polygon))
    return word(language, "shape_circle", metres=round(site.radius_m or 0))
