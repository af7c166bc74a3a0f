"""`presensi policy check`: judge one attempt against a preset, a YAML file or a stored org."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from core import yaml_lines
from core.calendar import HolidayCalendar
from core.geo import Circle, Point
from core.presets import PRESETS, build_preset
from core.rules import Attempt, Direction, classify
from core.services.context import EmployeeContext, NotFound, unit_context
from core.storage.database import make_engine, session_factory
from core.storage.tables import Base
from core.storage.uow import UnitOfWork
from presensi.settings import Settings
from presensi.wiring import unit_of_work


def check(
    settings: Settings,
    *,
    at: str,
    direction: str,
    org: str | None,
    unit: str | None,
    preset: str | None,
    params: list[str],
    site: str | None,
    position: str | None,
) -> dict:
    """The verdict as a JSON-ready dict, with the policy, zone and the rule applied."""
    if (org is None) == (preset is None):
        raise ValueError("give either --org or --preset")
    try:
        way = Direction(direction.lower())
    except ValueError:
        raise ValueError("--direction must be 'in' or 'out'") from None
    point = parse_point(position, "--position") if position else None
    if preset:
        return _with_preset(preset, params, site, at, way, point)
    if site or params:
        raise ValueError("--site and --param go with --preset; an organisation has its own")
    with _org_uow(settings, org) as (uow, code):
        context = _unit(uow, code, unit)
        verdict = _classify(context.policy, context.zone, at, way, point, context)
        return {
            "organisation": code,
            "unit": context.unit.code,
            "policy": context.policy.key,
            "zone": context.zone,
            **verdict,
        }


def _with_preset(key, params, site, at, way, point) -> dict:
    policy = build_preset(key, dict(_param(p) for p in params))
    zone = PRESETS[key].zone
    sites = {}
    if site:
        lat, lon, *rest = _numbers(site, "--site")
        radius = rest[0] if rest else float(policy.radius_m.value)
        sites = {"site": Circle(Point(lat, lon), radius)}
    elif point:
        raise ValueError("--position needs --site to check the area against")
    verdict = _classify(policy, zone, at, way, point, None, sites)
    return {"preset": key, "policy": policy.key, "zone": zone, **verdict}


def _classify(policy, zone, at, way, point, context: EmployeeContext | None, sites=None) -> dict:
    instant = parse_instant(at, zone)
    verdict = classify(
        Attempt(way, instant, point),
        policy,
        zone,
        context.sites if context else sites or {},
        context.event_sites if context else {},
        # A bare preset has no organisation file, hence no local holidays, but the national
        # holidays and cuti bersama hold for it as for every organisation.
        context.calendar if context else HolidayCalendar(),
    )
    return verdict.as_dict()


def parse_instant(text: str, zone: str) -> datetime:
    """An ISO time with an offset as given, or a local wall-clock time in `zone`."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--at {text!r} is not a time like '2026-11-23 07:31'") from None
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(zone))


def parse_point(text: str, option: str) -> Point:
    lat, lon, *rest = _numbers(text, option)
    if rest:
        raise ValueError(f"{option} takes LAT,LON")
    return Point(lat, lon)


def _numbers(text: str, option: str) -> list[float]:
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        raise ValueError(f"{option} {text!r} must be numbers separated by commas") from None
    if len(values) < 2:
        raise ValueError(f"{option} needs at least LAT,LON")
    return values


def _param(text: str) -> tuple[str, object]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise ValueError(f"--param {text!r} must look like key=value")
    try:
        # The org file's reader: the same types as there, and no aliases or deep nesting.
        return key.strip(), yaml_lines.load(value)[0]
    except yaml_lines.YamlError as error:
        raise ValueError(f"--param {text!r}: {error.message}") from None


def _unit(uow: UnitOfWork, code: str, unit_code: str | None) -> EmployeeContext:
    organisation = uow.organisation(code)
    if organisation is None:
        raise NotFound(f"no organisation {code!r}")
    units = uow.units(organisation.id)
    if unit_code is None:
        if len(units) != 1:
            raise ValueError(f"--unit is needed: {', '.join(u.code for u in units)}")
        unit = units[0]
    else:
        unit = next((u for u in units if u.code == unit_code), None)
        if unit is None:
            raise NotFound(f"no unit {unit_code!r}; units: {', '.join(u.code for u in units)}")
    return unit_context(uow, organisation, unit)


@contextmanager
def _org_uow(settings: Settings, org: str) -> Iterator[tuple[UnitOfWork, str]]:
    """A unit of work on the stored organisation, or on a scratch copy of a YAML file."""
    from core.org.file import parse_org
    from core.services.orgs import load_org

    path = Path(org)
    if path.suffix.lower() not in {".yaml", ".yml"}:
        with unit_of_work(settings) as uow:
            yield uow, org
        return
    spec = parse_org(yaml_lines.read_text(path), source=str(path))
    engine = make_engine("sqlite://")
    Base.metadata.create_all(engine)
    with UnitOfWork(session_factory(engine)) as uow:
        load_org(uow, spec)
        yield uow, spec.code
