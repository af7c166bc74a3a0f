"""Organisation files: YAML with the units, sites, events, holidays, preset and policy overrides.

`parse_org` turns the text into frozen plain objects or raises `InvalidConfig` naming the field
path and the YAML line ("line 14: units[1].sites[0].radius_m: radius must be more than 0 m").
It touches no database: the caller writes the result, all of it or nothing. The format is
documented in docs/org-format.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from core import yaml_lines
from core.geo import Circle, Geofence, InvalidGeometry, Point, Polygon
from core.org import SiteKind, UnitKind
from core.org.schema import OrgModel, SiteModel, UnitModel, check_zone, schema_error
from core.policy import Policy
from core.policy.config import InvalidConfig, apply_overrides
from core.policy.resolver import lineage, policy_source, resolve
from core.presets import PRESETS, InvalidPresetParameter, build_preset
from core.schedule import InvalidSchedule

# Indonesia, generously: a site outside this box has its latitude and longitude swapped or a
# wrong sign, the commonest mistake when copying a point from a map.
INDONESIA_LAT = (-11.5, 6.5)
INDONESIA_LON = (94.5, 141.5)


@dataclass(frozen=True)
class SiteSpec:
    code: str
    name: str
    fence: Geofence
    kind: SiteKind = SiteKind.OFFICE
    own_radius_m: float | None = None  # the radius written in the file; None: the policy's
    line: int = 0


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: UnitKind
    parent: str | None
    zone: str  # the unit's own zone, else its parent's, else the organisation's
    preset: str | None = None  # a preset of its own (and of its sub-units), else inherited
    preset_params: dict[str, Any] = field(default_factory=dict)
    policy: dict[str, Any] = field(default_factory=dict)
    attends_at: str | None = None
    sites: list[SiteSpec] = field(default_factory=list)
    line: int = 0


@dataclass(frozen=True)
class OrgFile:
    code: str
    name: str
    zone: str
    preset: str
    preset_params: dict[str, Any]
    policy: dict[str, Any]
    holidays: list[tuple[dt.date, str]]
    units: list[UnitSpec]  # parents before their sub-units
    event_sites: list[SiteSpec]
    warnings: list[str] = field(default_factory=list)
    policies: dict[str, Policy] = field(default_factory=dict, repr=False, compare=False)

    def unit(self, code: str) -> UnitSpec:
        """The unit with `code`; KeyError names the known ones."""
        for unit in self.units:
            if unit.code == code:
                return unit
        raise KeyError(f"no unit {code!r}; units: {', '.join(u.code for u in self.units)}")

    def lineage(self, code: str) -> list[UnitSpec]:
        """The unit and its ancestors, the top unit first."""
        self.unit(code)  # KeyError naming the known units
        return [self.unit(c) for c in lineage(code, lambda c: self.unit(c).parent)]

    def policy_chain(self, code: str) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
        """The preset, its parameters and the override mappings that make a unit's policy."""
        return policy_source(self, self.lineage(code))

    def policy_for(self, code: str, employee: Mapping[str, Any] | None = None) -> Policy:
        """A unit's effective policy, with an employee's overrides on top if given."""
        policy = self.policies.get(code)
        if policy is None:
            policy = resolve(self, self.lineage(code))
        return apply_overrides(policy, employee, where="employee") if employee else policy

    def sites_for(self, code: str) -> list[SiteSpec]:
        """Where a unit's staff clock in: the sites of the unit it attends at, else its own."""
        unit = self.unit(code)
        return self.unit(unit.attends_at).sites if unit.attends_at else unit.sites


def parse_org(text: str, source: str = "<org>") -> OrgFile:
    """Read and check an organisation file; InvalidConfig names the field and the line."""
    try:
        data, lines = yaml_lines.load(text)
    except yaml_lines.YamlError as error:
        raise InvalidConfig("", error.message, error.line, source) from None
    if not isinstance(data, dict):
        raise InvalidConfig(
            "", "an organisation file is a mapping with code, name, zone, preset, units", 1, source
        )
    try:
        model = OrgModel.model_validate(data)
    except ValidationError as error:
        raise schema_error(error, lines, source) from None
    return _Builder(model, lines, source).build()


class _Builder:
    """Checks what the schema cannot (references, geometry, zones, policies) and builds specs."""

    def __init__(self, model: OrgModel, lines: dict, source: str) -> None:
        self.model = model
        self.lines = lines
        self.source = source
        self.warnings: list[str] = []
        self.index = {u.code: i for i, u in enumerate(model.units)}
        self.site_lines: dict[str, int] = {}
        self.zones: dict[str, str] = {}

    def fail(self, path: Sequence[str | int], message: str) -> InvalidConfig:
        """The error at `path`, located at its line."""
        line = yaml_lines.line_of(self.lines, path)
        return InvalidConfig(yaml_lines.format_path(path), message, line, self.source)

    def warn(self, path: Sequence[str | int], message: str) -> None:
        """Record a warning at `path`."""
        line = yaml_lines.line_of(self.lines, path)
        self.warnings.append(f"line {line}: {yaml_lines.format_path(path)}: {message}")

    def zone(self, value: str, path: tuple) -> str:
        """The checked IANA zone of `value`."""
        try:
            zone, warning = check_zone(value)
        except ValueError as error:
            raise self.fail(path, str(error)) from None
        if warning:
            self.warn(path, warning)
        return zone

    def build(self) -> OrgFile:
        """Every check, in the order the file reads, then the specs."""
        m = self.model
        zone = self.zone(m.zone, ("zone",))
        self.check_preset(m.preset, m.preset_params or {}, (), zone)
        self.check_units()
        for unit in self.ordered():
            self.check_unit(unit, zone)
        holidays = self.holidays()
        org_policy = self.resolve([], ("policy",))
        policies = {u.code: self.resolve(self.chain(u), ()) for u in m.units}
        event_codes = {s.code for s in m.event_sites or []}
        self.check_event_sites(m.policy, ("policy",), event_codes)
        event_sites = [
            self.site(s, ("event_sites", i), org_policy.radius_m.value, SiteKind.EVENT)
            for i, s in enumerate(m.event_sites or [])
        ]
        units = [self.unit(u, policies[u.code], event_codes) for u in self.ordered()]
        self.check_reachable(units)
        for event in org_policy.events:
            if event.site is None:
                self.warn(
                    ("policy",),
                    f"event {event.code!r} has no site: its check-ins are "
                    "judged at each unit's own sites",
                )
        return OrgFile(
            code=m.code, name=m.name, zone=zone, preset=m.preset,
            preset_params=_plain(m.preset_params or {}), policy=_plain(m.policy or {}),
            holidays=holidays, units=units, event_sites=event_sites,
            warnings=self.warnings, policies=policies,
        )  # fmt: skip

    def check_preset(self, key: str, params: dict, path: tuple, zone: str) -> None:
        """The preset exists and accepts its parameters; warn when its zone differs."""
        if key not in PRESETS:
            raise self.fail(
                (*path, "preset"), f"unknown preset {key!r}; presets: {', '.join(PRESETS)}"
            )
        try:
            build_preset(key, params)
        except (InvalidPresetParameter, InvalidSchedule, TypeError, ValueError) as error:
            raise self.fail((*path, "preset_params"), str(error)) from None
        if PRESETS[key].zone != zone:
            self.warn(
                (*path, "preset"),
                f"preset {key!r} is written for {PRESETS[key].zone}, this is {zone}",
            )

    def check_units(self) -> None:
        """Unit codes are unique; parents and attends_at exist; no unit is its own ancestor."""
        seen: dict[str, int] = {}
        for i, unit in enumerate(self.model.units):
            if unit.code in seen:
                first = yaml_lines.line_of(self.lines, ("units", seen[unit.code]))
                raise self.fail(
                    ("units", i, "code"), f"unit {unit.code!r} is already defined on line {first}"
                )
            seen[unit.code] = i
        for i, unit in enumerate(self.model.units):
            for key in ("parent", "attends_at"):
                target = getattr(unit, key)
                if target is not None and target not in self.index:
                    raise self.fail(
                        ("units", i, key), f"no unit {target!r}; units: {', '.join(self.index)}"
                    )
                if target == unit.code:
                    raise self.fail(("units", i, key), "a unit cannot point at itself")
            self.check_cycle(i)

    def check_cycle(self, start: int) -> None:
        """Follow parents from unit `start` and refuse a loop."""
        path, current = [self.model.units[start].code], self.model.units[start].parent
        while current is not None:
            if current in path:
                cycle = " -> ".join([*path[path.index(current) :], current])
                raise self.fail(("units", start, "parent"), f"parent cycle: {cycle}")
            path.append(current)
            current = self.model.units[self.index[current]].parent

    def chain(self, unit: UnitModel) -> list[UnitModel]:
        """The unit and its ancestors, top first (cycles are refused before this is asked)."""
        units = self.model.units
        codes = lineage(unit.code, lambda code: units[self.index[code]].parent)
        return [units[self.index[code]] for code in codes]

    def ordered(self) -> list[UnitModel]:
        """The units, parents before their sub-units, otherwise in file order."""
        return sorted(self.model.units, key=lambda u: (len(self.chain(u)), self.index[u.code]))

    def resolve(self, chain: list[UnitModel], path: tuple) -> Policy:
        """The effective policy of the last unit of `chain` (the organisation's if empty)."""
        m = self.model
        wheres = [f"organisation {m.code}", *(f"unit {u.code}" for u in chain)]
        prefixes = [("policy",), *(("units", self.index[u.code], "policy") for u in chain)]
        try:
            return resolve(m, chain, wheres=wheres)
        except InvalidConfig as error:
            prefix = prefixes[error.level] if error.level is not None else path
            raise self.fail((*prefix, *yaml_lines.parse_path(error.path)), error.message) from None

    def check_event_sites(self, policy: dict | None, path: tuple, codes: set[str]) -> None:
        """Events placed by this mapping name an event site of the file."""
        for i, event in enumerate((policy or {}).get("events") or []):
            site = event.get("site") if isinstance(event, dict) else None
            if site is not None and site not in codes:
                known = ", ".join(sorted(codes)) or "none; add event_sites"
                raise self.fail(
                    (*path, "events", i, "site"), f"no event site {site!r}; event sites: {known}"
                )

    def check_unit(self, m: UnitModel, org_zone: str) -> None:
        """The unit's zone (else its parent's, else the organisation's) and its own preset."""
        path = ("units", self.index[m.code])
        if m.zone is not None:
            self.zones[m.code] = self.zone(m.zone, (*path, "zone"))
        else:
            self.zones[m.code] = self.zones[m.parent] if m.parent else org_zone
        if m.preset:
            self.check_preset(m.preset, m.preset_params or {}, path, self.zones[m.code])
        elif m.preset_params:
            raise self.fail((*path, "preset_params"), "preset parameters need a preset of the unit")

    def unit(self, m: UnitModel, policy: Policy, events: set[str]) -> UnitSpec:
        """The unit's spec with its checked sites."""
        path = ("units", self.index[m.code])
        self.check_event_sites(m.policy, (*path, "policy"), events)
        radius = policy.radius_m.value
        sites = [self.site(s, (*path, "sites", j), radius) for j, s in enumerate(m.sites or [])]
        return UnitSpec(
            code=m.code, name=m.name, kind=m.kind, parent=m.parent,
            zone=self.zones[m.code], preset=m.preset,
            preset_params=_plain(m.preset_params or {}), policy=_plain(m.policy or {}),
            attends_at=m.attends_at, sites=sites, line=yaml_lines.line_of(self.lines, path),
        )  # fmt: skip

    def site(
        self, m: SiteModel, path: tuple, radius: Any, kind: SiteKind = SiteKind.OFFICE
    ) -> SiteSpec:
        """A site with a checked fence; a circle without a radius takes the policy's."""
        if m.code in self.site_lines:
            raise self.fail(
                (*path, "code"),
                f"site {m.code!r} is already defined on line {self.site_lines[m.code]}",
            )
        self.site_lines[m.code] = yaml_lines.line_of(self.lines, path)
        if (m.center is None) == (m.polygon is None):
            raise self.fail(
                path, "a site has either center: [lat, lon] or polygon: [[lat, lon], ...]"
            )
        if m.polygon is not None and m.radius_m is not None:
            raise self.fail((*path, "radius_m"), "a polygon has no radius")
        fence = self.fence(m, path, radius)
        points = [fence.center] if isinstance(fence, Circle) else list(fence.vertices)
        if not all(_in_indonesia(p) for p in points):
            self.warn(path, "lies outside Indonesia: are latitude and longitude swapped?")
        return SiteSpec(m.code, m.name, fence, kind, m.radius_m, self.site_lines[m.code])

    def fence(self, m: SiteModel, path: tuple, radius: Any) -> Geofence:
        """The site's circle or polygon, checked."""
        if m.polygon is not None:
            corners = [self.point(c, (*path, "polygon", i)) for i, c in enumerate(m.polygon)]
            try:
                return Polygon(tuple(corners))
            except InvalidGeometry as error:
                raise self.fail((*path, "polygon"), str(error)) from None
        assert m.center is not None  # `site` refused a site with neither
        center = self.point(m.center, (*path, "center"))
        try:
            return Circle(center, m.radius_m if m.radius_m is not None else radius)
        except InvalidGeometry as error:
            at = (*path, "radius_m") if m.radius_m is not None else (*path, "center")
            raise self.fail(at, str(error)) from None

    def point(self, pair: list[float], path: tuple) -> Point:
        """[latitude, longitude] as a checked point."""
        if len(pair) != 2:
            raise self.fail(path, f"a point is [latitude, longitude], got {pair}")
        try:
            return Point(*pair)
        except InvalidGeometry as error:
            raise self.fail(path, str(error)) from None

    def holidays(self) -> list[tuple[dt.date, str]]:
        """The local holidays by date; a date listed twice is an error."""
        seen: dict[dt.date, int] = {}
        for i, holiday in enumerate(self.model.holidays or []):
            if holiday.date in seen:
                raise self.fail(
                    ("holidays", i, "date"),
                    f"{holiday.date} is already listed on line {seen[holiday.date]}",
                )
            seen[holiday.date] = yaml_lines.line_of(self.lines, ("holidays", i))
        return sorted((h.date, h.name) for h in self.model.holidays or [])

    def check_reachable(self, units: list[UnitSpec]) -> None:
        """Warn about units whose staff would have nowhere to clock in."""
        by_code = {u.code: u for u in units}
        for unit in units:
            target = by_code[unit.attends_at] if unit.attends_at else unit
            if not target.sites:
                self.warn(
                    ("units", self.index[unit.code]),
                    f"unit {unit.code!r} has no site to clock in at",
                )


def _in_indonesia(point: Point) -> bool:
    """Whether the point lies in the box around Indonesia."""
    return (
        INDONESIA_LAT[0] <= point.lat <= INDONESIA_LAT[1]
        and INDONESIA_LON[0] <= point.lon <= INDONESIA_LON[1]
    )


def _plain(value: Any) -> Any:
    """Mappings as stored (JSON): dates as ISO texts, tuples as lists, keys as texts."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
