"""What the console's maps draw (static/map.js), every label in the reader's language."""

from __future__ import annotations

from typing import Any

from core.flows.texts import TEXTS, t
from core.services.console_map import MapPoint, MapSite
from webhooks.console.texts import word


def map_data(language: str, sites: list[MapSite], points: list[MapPoint], console) -> dict:
    """The sites and clock-ins to draw, and the tile server (None: no base map)."""
    return {
        "tiles": console.map_tiles,
        "attribution": console.map_attribution,
        "sites": [site_json(language, site) for site in sites],
        "points": [point_json(language, point) for point in points],
    }


def site_json(language: str, site: MapSite) -> dict[str, Any]:
    if site.event:
        label = word(language, "event_label", name=site.name, hours=site.event,
                     metres=round(site.radius_m or 0))  # fmt: skip
    elif site.corners:
        label = word(language, "site_polygon", name=site.name, corners=len(site.corners))
    else:
        label = word(language, "site_label", name=site.name, metres=round(site.radius_m or 0))
    return {"code": site.code, "lat": site.lat, "lon": site.lon, "radius_m": site.radius_m,
            "corners": site.corners, "label": label, "event": bool(site.event)}  # fmt: skip


def point_json(language: str, point: MapPoint) -> dict[str, Any]:
    what = t(language, f"manual_what_{point.direction}")
    label = word(language, "point_label", time=point.time, name=point.name, what=what,
                 outcome=_outcome(language, point))  # fmt: skip
    return {"lat": point.lat, "lon": point.lon, "accepted": point.accepted, "label": label}


def _outcome(language: str, point: MapPoint) -> str:
    """'tepat waktu', or 'ditolak: di luar area (857 m)'."""
    if point.accepted:
        return _said(language, f"outcome_{point.outcome}", point.outcome)
    said = _said(language, f"attempt_{point.outcome}", point.outcome)
    far = point.outcome == "outside_area" and point.distance_m
    return word(language, "map_refused") + f": {said}" + (f" ({point.distance_m} m)" if far else "")


def _said(language: str, key: str, fallback: str) -> str:
    return t(language, key) if key in TEXTS else fallback
