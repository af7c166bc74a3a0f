"""The one resolver of units, policies and the unit on a day (core.policy.resolver)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.geo import Circle, Point, Polygon
from core.org.file import parse_org
from core.policy.resolver import (
    OrgCache,
    OrgInfo,
    OrgView,
    SiteInfo,
    UnitInfo,
    lineage,
    policy_source,
    previous_unit,
    resolve,
    unit_on,
)

EXAMPLES = Path(__file__).parents[2] / "examples"
JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)

ORG = OrgInfo(1, "kab", "Kabupaten", "Asia/Jakarta", "sungai-penuh", {}, {"radius_m": 40}, 3)
UNITS = [
    UnitInfo(10, 1, "dinkes", "Dinas Kesehatan", "perangkat_daerah", None, policy={"radius_m": 50}),
    UnitInfo(
        11, 1, "pkm", "Puskesmas", "puskesmas", "Asia/Makassar", parent_id=10,
        preset="dinkes-muba-puskesmas", policy={"radius_m": 70},
    ),
    UnitInfo(12, 1, "pustu", "Pustu", "puskesmas", None, parent_id=11, attends_at_id=11),
]  # fmt: skip
SITES = [
    SiteInfo("kantor", 10, -2.0, 101.0, None),
    SiteInfo("pkm", 11, -2.1, 101.1, 25.0),
    SiteInfo("lapangan", None, -2.2, 101.2, 60.0),
    SiteInfo("pasar", 11, polygon=[[-2.0, 101.0], [-2.0, 101.01], [-2.01, 101.0]]),
]


def view() -> OrgView:
    return OrgView(ORG, UNITS, SITES, {date(2026, 5, 2): "Hari jadi"})


def test_lineage_is_top_first_and_stops_at_a_loop():
    parents = {"c": "b", "b": "a", "a": None}
    assert lineage("c", parents.get) == ["a", "b", "c"]
    looped = {"a": "b", "b": "a"}
    assert lineage("a", looped.get) == ["b", "a"]


def test_the_nearest_preset_up_the_tree_then_overrides_from_the_top():
    chain = view().chain(12)
    assert [u.code for u in chain] == ["dinkes", "pkm", "pustu"]
    preset, params, overrides = policy_source(ORG, chain)
    assert params == {}
    assert preset == "dinkes-muba-puskesmas"  # pkm's, the nearest above pustu
    assert overrides == [{"radius_m": 40}, {"radius_m": 50}, {"radius_m": 70}, {}]
    assert policy_source(ORG, [])[0] == "sungai-penuh"
    assert resolve(ORG, chain).radius_m.value == 70


def test_a_view_resolves_each_unit_once_with_its_zone_and_fences():
    v = view()
    assert v.policy(10).radius_m.value == 50
    assert v.policy(10) is v.policy(10)
    assert (v.zone_of(11), v.zone_of(12), v.zone_of(10)) == (
        "Asia/Makassar",
        "Asia/Jakarta",
        "Asia/Jakarta",
    )
    assert v.home_of(12) == 11
    fences = v.fences(v.home_of(12), 30.0)
    assert set(fences) == {"pkm", "pasar"}
    assert fences["pkm"] == Circle(Point(-2.1, 101.1), 25.0)  # its own radius
    assert isinstance(fences["pasar"], Polygon)
    assert v.fences(10, 30.0)["kantor"].radius_m == 30.0  # the policy's radius
    assert set(v.fences(None, 30.0)) == {"lapangan"}
    assert v.calendar(date(2026, 5, 2)) == "Hari jadi"


def test_the_orgfile_and_a_view_of_the_same_file_agree():
    spec = parse_org((EXAMPLES / "org-dinkes-muba.yaml").read_text())
    units = {u.code: i for i, u in enumerate(spec.units, start=1)}
    org = OrgInfo(1, spec.code, spec.name, spec.zone, spec.preset, spec.preset_params, spec.policy)
    v = OrgView(
        org,
        [
            UnitInfo(
                units[u.code], 1, u.code, u.name, str(u.kind), u.zone,
                parent_id=units.get(u.parent), preset=u.preset,
                preset_params=u.preset_params, policy=u.policy,
            )
            for u in spec.units
        ],
        [],
        {},
    )  # fmt: skip
    for unit in spec.units:
        mine, theirs = v.policy(units[unit.code]), spec.policy_for(unit.code)
        assert mine.day_schedule(JAN) == theirs.day_schedule(JAN), unit.code
        assert mine.radius_m.value == theirs.radius_m.value


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 12, 31), None),  # before the first assignment: not on staff yet
        (JAN, 10),
        (date(2026, 1, 31), 10),
        (FEB, 11),
        (MAR, 12),
    ],
)
def test_the_unit_on_a_day(day, expected):
    history = [(JAN, 10), (FEB, 11), (MAR, 12)]
    assert unit_on(history, day, current=12) == expected


def test_without_any_assignment_the_current_unit():
    assert unit_on([], JAN, current=7) == 7


def test_the_old_unit_during_the_transfer_grace():
    history = [(JAN, 10), (FEB, 11)]
    assert previous_unit(history, date(2026, 2, 6), grace_days=7) == 10
    assert previous_unit(history, date(2026, 2, 8), grace_days=7) is None
    assert previous_unit(history, date(2026, 2, 6), grace_days=0) is None
    assert previous_unit(history, date(2026, 1, 20), grace_days=7) is None


def test_the_cache_answers_only_its_version_and_keeps_the_latest():
    cache = OrgCache(size=2)
    v = view()
    assert cache.get(1, 3) is None
    cache.put(v)
    assert cache.get(1, 3) is v
    assert cache.get(1, 4) is None  # the organisation changed since
    newer = OrgView(OrgInfo(**{**ORG.__dict__, "version": 4}), UNITS, SITES, {})
    cache.put(newer)
    assert (cache.get(1, 4), cache.get(1, 3)) == (newer, None)
    assert (cache.hits, cache.misses) == (2, 3)


def test_the_cache_forgets_the_least_recently_used():
    cache = OrgCache(size=2)
    views = [OrgView(OrgInfo(i, f"o{i}", "O", "Asia/Jakarta", "sungai-penuh", {}, {}), [], [], {})
             for i in (1, 2, 3)]  # fmt: skip
    cache.put(views[0])
    cache.put(views[1])
    cache.get(1, 0)
    cache.put(views[2])
    assert cache.get(2, 0) is None
    assert cache.get(1, 0) is views[0]
    assert cache.get(3, 0) is views[2]
