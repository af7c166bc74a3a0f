"""Load an organisation file into storage: add what is new, update what changed, delete nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.geo import Circle
from core.org.file import OrgFile, SiteSpec
from core.storage.tables import HolidayRow, Organisation, SiteRow, UnitRow
from core.storage.uow import UnitOfWork


@dataclass(frozen=True)
class LoadSummary:
    org: str
    added: int
    updated: int
    unchanged: int


def load_org(uow: UnitOfWork, spec: OrgFile, actor: str = "cli") -> LoadSummary:
    """Write `spec` (already validated) in the caller's transaction."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}

    def put(row, action: str, changed: bool | None) -> None:
        if changed is None:
            uow.add(row, actor, f"{action}.add")
            counts["added"] += 1
        elif changed:
            uow.touch(row, actor, f"{action}.update")
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1

    org = uow.organisation(spec.code) or Organisation(code=spec.code)
    fields = {
        "name": spec.name,
        "zone": spec.zone,
        "preset": spec.preset,
        "preset_params": dict(spec.preset_params),
        "policy": dict(spec.policy),
    }
    put(org, "organisation", _assign(org, fields))
    _load_units(uow, org, spec, put)
    existing = {s.code: s for s in uow.sites(org.id)}
    for site in spec.event_sites:
        row = existing.get(site.code) or SiteRow(org_id=org.id, code=site.code)
        put(row, "site", _assign(row, _site_fields(site, None)))
    holidays = {h.day: h for h in uow.holidays(org.id)}
    for day, name in spec.holidays:
        holiday = holidays.get(day) or HolidayRow(org_id=org.id, day=day)
        put(holiday, "holiday", _assign(holiday, {"name": name}))
    return LoadSummary(spec.code, **counts)


def _load_units(uow: UnitOfWork, org: Organisation, spec: OrgFile, put) -> None:
    units = {u.code: u for u in uow.units(org.id)}
    for unit in spec.units:  # parents first, so that links resolve below
        row = units.get(unit.code) or UnitRow(org_id=org.id, code=unit.code)
        fields = {
            "name": unit.name,
            "kind": str(unit.kind),
            "zone": unit.zone or spec.zone,
            "preset": unit.preset,
            "preset_params": dict(unit.preset_params or {}),
            "policy": dict(unit.policy),
        }
        changed = _assign(row, fields)
        if changed is None:
            uow.session.add(row)
            uow.session.flush()
        units[unit.code] = row
        put(row, "unit", changed)
    sites = {s.code: s for s in uow.sites(org.id)}
    for unit in spec.units:
        row = units[unit.code]
        links = {
            "parent_id": units[unit.parent].id if unit.parent else None,
            "attends_at_id": units[unit.attends_at].id if unit.attends_at else None,
        }
        if _assign(row, links):
            uow.touch(row, "cli", "unit.link")
        for site in unit.sites:
            site_row = sites.get(site.code) or SiteRow(org_id=org.id, code=site.code)
            put(site_row, "site", _assign(site_row, _site_fields(site, row.id)))


def _site_fields(site: SiteSpec, unit_id: int | None) -> dict:
    fence = site.fence
    shape: dict[str, Any]
    if isinstance(fence, Circle):
        # A site without its own radius follows the policy's, even when the policy changes.
        shape = {
            "lat": fence.center.lat,
            "lon": fence.center.lon,
            "radius_m": site.own_radius_m,
            "polygon": None,
        }
    else:
        shape = {
            "lat": None,
            "lon": None,
            "radius_m": None,
            "polygon": [[p.lat, p.lon] for p in fence.vertices],
        }
    return {"name": site.name, "kind": str(site.kind), "unit_id": unit_id, **shape}


def _assign(row, fields: dict) -> bool | None:
    """Set fields on a row; None for a new row, else whether anything changed."""
    new = row.id is None
    changed = any(getattr(row, key) != value for key, value in fields.items())
    for key, value in fields.items():
        setattr(row, key, value)
    return None if new else changed
