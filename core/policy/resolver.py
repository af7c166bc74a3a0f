"""One place for "which rules apply where": the unit tree, a unit's policy, a unit on a day.

Pure: plain values in, plain values out, no storage. Single checks (`services.context`), bulk
recaps (`services.recap_batch`) and organisation files (`core.org.file`) all resolve through here:

* a unit's policy is the nearest preset up the unit tree (the organisation's when no unit on
  the way names one), then the override mappings from the top down: the organisation's, then
  each unit's from the top unit to the unit itself;
* the unit an employee belonged to on a day is the last assignment that started on or before
  it, and none before the first one (`unit_on`).

`OrgView` is an organisation resolved once (its units, their policies, fences, holidays and
zones, and the events called from chat, core.event_fence, joining the policies of the units
taking part); `OrgCache` keeps views between requests, keyed by the organisation's version, which
every write that changes any of it bumps (`core.storage.org_version`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar

from core.calendar import HolidayCalendar
from core.event_fence import AdhocEvent, merged
from core.geo import Circle, Geofence, Point, Polygon
from core.policy import Policy
from core.policy.config import resolve_policy

K = TypeVar("K", bound=Hashable)


class PolicySource(Protocol):
    """Anything that may name a preset and overrides: an organisation or a unit, as a file's
    spec, a schema model, a stored row or a plain snapshot."""

    # Read-only: a frozen snapshot or a schema model names them as well as a stored row.
    @property
    def preset(self) -> str | None: ...

    @property
    def preset_params(self) -> Mapping[str, Any] | None: ...

    @property
    def policy(self) -> Mapping[str, Any] | None: ...


# --- the unit tree and a unit's policy ------------------------------------------------------


def lineage(start: K, parent_of: Callable[[K], K | None]) -> list[K]:
    """`start` and its ancestors, the top first; a loop in stored data ends the walk."""
    chain: list[K] = []
    current: K | None = start
    seen: set[K] = set()
    while current is not None and current not in seen:
        seen.add(current)
        chain.append(current)
        current = parent_of(current)
    return chain[::-1]


def policy_source(
    org: PolicySource, chain: Sequence[PolicySource]
) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """The preset, its parameters and the override mappings (organisation first, then each unit
    of `chain` from the top) that make the policy of the last unit of `chain`."""
    preset, params = org.preset, org.preset_params
    for unit in chain:
        if unit.preset:
            preset, params = unit.preset, unit.preset_params
    overrides = [dict(org.policy or {}), *(dict(u.policy or {}) for u in chain)]
    return preset or "", dict(params or {}), overrides


def resolve(
    org: PolicySource, chain: Sequence[PolicySource], *, wheres: Sequence[str] | None = None
) -> Policy:
    """The effective policy of the last unit of `chain` (the organisation's if it is empty)."""
    preset, params, overrides = policy_source(org, chain)
    return resolve_policy(preset, params, overrides, wheres=wheres)


# --- the unit on a day ----------------------------------------------------------------------


def unit_on(
    history: Sequence[tuple[date, int]], day: date, current: int, left_on: date | None = None
) -> int | None:
    """The unit an employee belonged to on `day`, from their assignments (valid_from, unit id)
    in order; `current` (the employee's unit) when no history was ever written.

    None from `left_on` on, too: an employee who left the organisation (retired, dismissed,
    moved out) is no longer expected, and their days before stay as they were.

    None before the first assignment: the employee was not on staff yet. Recaps and daily
    lists leave such a day out rather than count it TK against them: a person imported to
    start on the 15th did not skip the 1st to the 14th. (An earlier single-check path answered
    with the first unit instead, which made /status and the recap of the same day disagree.)
    """
    if left_on is not None and day >= left_on:
        return None
    if not history:
        return current
    found = None
    for valid_from, unit_id in history:
        if valid_from > day:
            break
        found = unit_id
    return found


def previous_unit(history: Sequence[tuple[date, int]], day: date, grace_days: int) -> int | None:
    """The unit left by the transfer in force on `day`, while its grace period lasts
    (Konawe Kepulauan: one week at the old office); None otherwise."""
    started = [entry for entry in history if entry[0] <= day]
    if not grace_days or len(started) < 2 or (day - started[-1][0]).days >= grace_days:
        return None
    return started[-2][1]


# --- an organisation, resolved --------------------------------------------------------------


@dataclass(frozen=True)
class OrgInfo:
    """An organisation's own fields as stored, and the version they were read at."""

    id: int
    code: str
    name: str
    zone: str
    preset: str
    preset_params: Mapping[str, Any]
    policy: Mapping[str, Any]
    version: int = 0


@dataclass(frozen=True)
class UnitInfo:
    """A unit as stored (the attribute names of `UnitRow`)."""

    id: int
    org_id: int
    code: str
    name: str
    kind: str
    zone: str | None
    parent_id: int | None = None
    attends_at_id: int | None = None
    preset: str | None = None
    preset_params: Mapping[str, Any] = field(default_factory=dict)
    policy: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteInfo:
    """A site as stored; `unit_id` None is an event site."""

    code: str
    unit_id: int | None
    lat: float | None = None
    lon: float | None = None
    radius_m: float | None = None
    polygon: Sequence[Sequence[float]] | None = None
    name: str | None = None  # what staff call it, for replies ("Lapangan Merdeka")


def fence_of(site: Any, default_radius: float) -> Geofence:
    """The geofence of a site; a circle without a radius takes the policy's."""
    if site.polygon:
        return Polygon(tuple(Point(lat, lon) for lat, lon in site.polygon))
    return Circle(Point(site.lat, site.lon), site.radius_m or default_radius)


class OrgView:
    """An organisation resolved: what judging an attempt reads of it, each part computed once.

    Immutable in what it answers; the memo dictionaries only fill (two threads computing the
    same entry at once compute the same value), so one view serves every thread of a process.
    """

    def __init__(
        self,
        org: OrgInfo,
        units: Iterable[UnitInfo],
        sites: Iterable[SiteInfo],
        holidays: Mapping[date, str],
        adhoc: Iterable[AdhocEvent] = (),
    ) -> None:
        self.org = org
        self.units: dict[int, UnitInfo] = {u.id: u for u in units}
        self.by_code: dict[str, UnitInfo] = {u.code: u for u in self.units.values()}
        self.adhoc: tuple[AdhocEvent, ...] = tuple(adhoc)
        # An event called from chat is placed at its own site, like an organisation's event site.
        called = (SiteInfo(e.code, None, e.lat, e.lon, e.radius_m, name=e.name) for e in self.adhoc)
        self.sites: tuple[SiteInfo, ...] = (*sites, *called)
        self.site_names: dict[str, str] = {s.code: s.name for s in self.sites if s.name}
        self.holidays: dict[date, str] = dict(holidays)
        self.calendar = HolidayCalendar(self.holidays)
        self._policies: dict[int, Policy] = {}
        self._fences: dict[tuple[int | None, float], dict[str, Geofence]] = {}

    @property
    def version(self) -> int:
        return self.org.version

    def chain(self, unit_id: int) -> list[UnitInfo]:
        """The unit and its ancestors, the top unit first."""
        ids = lineage(unit_id, lambda i: self.units[i].parent_id if i in self.units else None)
        return [self.units[i] for i in ids if i in self.units]

    def policy(self, unit_id: int) -> Policy:
        """The unit's policy, before any employee's own overrides, with the events called from
        chat that the unit takes part in."""
        found = self._policies.get(unit_id)
        if found is None:
            policy = merged(resolve(self.org, self.chain(unit_id)), unit_id, self.adhoc)
            found = self._policies[unit_id] = policy
        return found

    def zone_of(self, unit_id: int | None) -> str:
        """The unit's zone, else the organisation's."""
        unit = self.units.get(unit_id) if unit_id is not None else None
        return (unit.zone if unit else None) or self.org.zone

    def home_of(self, unit_id: int) -> int:
        """The unit whose sites the unit's staff clock in at."""
        return self.units[unit_id].attends_at_id or unit_id

    def fences(self, home: int | None, radius: float) -> dict[str, Geofence]:
        """The sites of unit `home` (None: the event sites), circles without their own radius
        taking `radius`."""
        key = (home, radius)
        found = self._fences.get(key)
        if found is None:
            found = self._fences[key] = {
                s.code: fence_of(s, radius) for s in self.sites if s.unit_id == home
            }
        return found


class OrgCache:
    """Resolved organisations by id, each kept with the version it was read at; at most
    `size` organisations, the least recently used leaving first. Safe across threads."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._views: OrderedDict[int, OrgView] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, org_id: int, version: int) -> OrgView | None:
        """The view of `org_id` at `version`, if kept."""
        with self._lock:
            view = self._views.get(org_id)
            if view is None or view.version != version:
                self.misses += 1
                return None
            self._views.move_to_end(org_id)
            self.hits += 1
            return view

    def put(self, view: OrgView) -> None:
        """Keep `view` in place of any other version of its organisation. The latest read wins:
        a reader in an older transaction may put back an older view, which the next reader
        of the current version then replaces, and a database restored to an older version is
        followed at once."""
        with self._lock:
            self._views[view.org.id] = view
            self._views.move_to_end(view.org.id)
            while len(self._views) > self.size:
                self._views.popitem(last=False)
