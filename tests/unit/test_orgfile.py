"""Organisation files: the examples load, and every bad input names its field and its line."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.geo import Circle, Polygon
from core.org import SiteKind, UnitKind
from core.org.file import OrgFile, parse_org
from core.policy.config import InvalidConfig
from core.presets import PRESETS
from core.rules import Attempt, Direction, Outcome, classify

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("org-*.yaml"))

MINIMAL = """\
code: pemkot-contoh
name: Pemerintah Kota Contoh
zone: Asia/Jakarta
preset: sungai-penuh
policy:
  radius_m: 40
event_sites:
  - code: lapangan
    name: Lapangan Merdeka
    center: [-2.06335, 101.39415]
    radius_m: 60
holidays:
  - date: 2025-12-01
    name: Hari Jadi Kota
units:
  - code: setda
    name: Sekretariat Daerah
    kind: perangkat_daerah
    sites:
      - code: kantor
        name: Kantor Walikota
        center: [-2.06198, 101.39280]
  - code: pkm
    name: Puskesmas Kota
    kind: puskesmas
    parent: setda
    policy:
      days:
        sat: {work: "07:30-12:00"}
    sites:
      - code: puskesmas
        name: Puskesmas
        center: [-2.06840, 101.39620]
"""


def load(name: str) -> OrgFile:
    return parse_org((Path(__file__).parents[2] / "examples" / name).read_text(), name)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the last occurrence of `needle` in `text`."""
    return text[: text.rindex(needle)].count("\n") + 1


def error_of(text: str) -> InvalidConfig:
    with pytest.raises(InvalidConfig) as caught:
        parse_org(text, "contoh.yaml")
    return caught.value


def broken(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


# --- the examples ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_parses_without_warnings(path):
    org = parse_org(path.read_text(), str(path))
    assert org.warnings == []
    assert org.units
    for unit in org.units:
        assert org.policy_for(unit.code).week.days
        assert org.sites_for(unit.code), unit.code
    json.dumps([org.policy, org.preset_params, *(u.policy for u in org.units)])


def test_the_examples_cover_every_preset():
    used = set()
    for path in EXAMPLES:
        org = parse_org(path.read_text())
        used |= {org.preset, *(u.preset for u in org.units if u.preset)}
    assert used == set(PRESETS)


def test_dinkes_muba_puskesmas_units_keep_the_six_day_week():
    """Keputusan Kadinkes Musi Banyuasin Pasal 6: Dinas 5 days, Puskesmas and RS 6 days."""
    org = load("org-dinkes-muba.yaml")
    assert org.preset == "dinkes-muba-dinas"
    assert 5 not in org.policy_for("dinkes").week.days
    for code in ("pkm-sekayu", "pkm-babat-toman", "rsud-sekayu"):
        assert org.unit(code).preset == "dinkes-muba-puskesmas"
        assert 5 in org.policy_for(code).week.days
    assert [s.code for s in org.sites_for("pkm-sekayu")] == [
        "puskesmas-sekayu",
        "pustu-serasan-jaya",
    ]
    assert isinstance(org.unit("rsud-sekayu").sites[0].fence, Polygon)


def test_site_radius_defaults_to_the_units_policy():
    org = load("org-dinkes-muba.yaml")
    pustu, poskesdes = org.unit("pkm-babat-toman").sites
    assert (pustu.fence.radius_m, pustu.own_radius_m) == (100, None)
    assert (poskesdes.fence.radius_m, poskesdes.own_radius_m) == (50, 50)
    org = parse_org(MINIMAL)
    assert org.unit("setda").sites[0].fence.radius_m == 40
    assert org.event_sites[0].fence.radius_m == 60
    assert org.event_sites[0].kind is SiteKind.EVENT


def test_balangan_kelurahan_clock_in_at_their_kecamatan():
    """Perbup Balangan 32/2020 Pasal 8: Kelurahan Batupiring at Kecamatan Paringin Selatan."""
    org = load("org-balangan.yaml")
    unit = org.unit("kel-batupiring")
    assert (unit.kind, unit.attends_at, unit.zone) == (
        UnitKind.KELURAHAN,
        "kec-paringin-selatan",
        "Asia/Makassar",
    )
    assert [s.code for s in org.sites_for("kel-batupiring")] == ["kantor-camat-paringin-selatan"]
    events = {e.code: e.site for e in org.policy_for("diskominfo").events}
    assert events == {
        "apel_gabungan": "halaman-kantor-bupati",
        "senam_pagi": "halaman-kantor-bupati",
    }


def test_balangan_monday_apel_is_judged_at_the_event_site():
    """Perbup Balangan 32/2020 Pasal 6 ayat (2): apel attendance at the event's location."""
    org = load("org-balangan.yaml")
    wita = ZoneInfo("Asia/Makassar")
    office = org.unit("diskominfo").sites[0].fence.center
    attempt = Attempt(Direction.IN, datetime(2025, 6, 2, 7, 30, tzinfo=wita), office)
    sites = {s.code: s.fence for s in org.sites_for("diskominfo")}
    events = {s.code: s.fence for s in org.event_sites}
    verdict = classify(attempt, org.policy_for("diskominfo"), org.zone, sites, events)
    assert (verdict.outcome, verdict.site) == (Outcome.OUTSIDE_AREA, "halaman-kantor-bupati")


def test_konawe_night_shift_unit():
    """Perbup Konawe Kepulauan 18/2023 Pasal 17 ayat (2): special hours for shift workers."""
    org = load("org-konawe-kepulauan.yaml")
    policy = org.policy_for("pkm-langara-ugd")
    assert str(policy.week.days[6].work) == "21:00-07:00+1"
    assert policy.events == ()
    wita = ZoneInfo("Asia/Makassar")
    where = org.sites_for("pkm-langara-ugd")[0].fence.center
    sites = {s.code: s.fence for s in org.sites_for("pkm-langara-ugd")}
    out = Attempt(Direction.OUT, datetime(2025, 6, 3, 7, 15, tzinfo=wita), where)
    verdict = classify(out, policy, org.zone, sites)
    assert (verdict.outcome, verdict.work_date) == (Outcome.ON_TIME, date(2025, 6, 2))
    assert 5 in org.policy_for("pkm-langara").week.days


def test_unit_override_makes_saturday_a_work_day():
    org = parse_org(MINIMAL)
    wib = ZoneInfo("Asia/Jakarta")
    saturday = datetime(2025, 6, 7, 7, 20, tzinfo=wib)
    results = {}
    for code in ("setda", "pkm"):
        sites = {s.code: s.fence for s in org.sites_for(code)}
        where = org.sites_for(code)[0].fence.center
        attempt = Attempt(Direction.IN, saturday, where)
        results[code] = classify(attempt, org.policy_for(code), org.zone, sites).outcome
    assert results == {"setda": Outcome.NOT_WORK_DAY, "pkm": Outcome.ON_TIME}


def test_policy_for_applies_employee_overrides_on_top():
    org = parse_org(MINIMAL)
    policy = org.policy_for("pkm", {"radius_m": 15})
    assert policy.radius_m.value == 15
    assert 5 in policy.week.days
    assert org.policy_chain("pkm") == (
        "sungai-penuh",
        {},
        [{"radius_m": 40}, {}, {"days": {"sat": {"work": "07:30-12:00"}}}],
    )


def test_holidays_units_order_and_plain_policy():
    sub = "  - code: sub\n    name: Sub\n    kind: bagian\n    parent: pkm\n    attends_at: pkm\n"
    text = MINIMAL.replace("units:\n", "units:\n" + sub, 1)
    org = parse_org(text)
    assert [u.code for u in org.units] == ["setda", "pkm", "sub"]
    assert org.holidays == [(date(2025, 12, 1), "Hari Jadi Kota")]
    assert org.unit("pkm").line == line_of(text, "  - code: pkm")
    assert isinstance(org.unit("pkm").sites[0].fence, Circle)


def test_clock_times_stay_texts_and_off_stays_a_word():
    """YAML 1.1 reads 7:30 as 450 and off as false; the loader keeps what the admin wrote."""
    text = broken('sat: {work: "07:30-12:00"}', "sat: {work: 7:30-12:00, on_time_until: 7:30}")
    assert parse_org(text).policy_for("pkm").week.days[5].on_time_until == 450
    text = broken('sat: {work: "07:30-12:00"}', "fri: off")
    org = parse_org(text)
    assert org.unit("pkm").policy == {"days": {"fri": "off"}}
    assert 4 not in org.policy_for("pkm").week.days


def test_zone_aliases_and_warnings():
    assert parse_org(broken("zone: Asia/Jakarta", "zone: WIB")).zone == "Asia/Jakarta"
    org = parse_org(broken("zone: Asia/Jakarta", "zone: Asia/Tokyo"))
    assert org.zone == "Asia/Tokyo"
    assert any("not an Indonesian zone" in w for w in org.warnings)
    assert any("written for Asia/Jakarta" in w for w in org.warnings)
    outside = parse_org(broken("center: [-2.06198, 101.39280]", "center: [-2.06198, 11.3928]"))
    assert any("outside Indonesia" in w for w in outside.warnings)


# --- bad input: each names its field and line -------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ("preset: sungai-penuh", "preset: sungai-penuhh", "preset", "dinkes-muba-dinas"),
        (
            "    kind: puskesmas\n",
            "    kind: puskesmas\n    colour: red\n",
            "units[1].colour",
            "unknown field 'colour'",
        ),
        (
            "    parent: setda\n",
            "    parent: setda\n    attend_at: setda\n",
            "units[1].attend_at",
            "did you mean 'attends_at'",
        ),
        ("zone: Asia/Jakarta", "zone: Asia/Jakartaa", "zone", "unknown time zone"),
        ("zone: Asia/Jakarta", "zone: UTC+7", "zone", "Asia/Makassar (WITA)"),
        ("    kind: puskesmas", "    kind: desa", "units[1].kind", "'kelurahan'"),
        ("  - code: pkm", "  - code: setda", "units[1].code", "already defined on line 16"),
        (
            "      - code: puskesmas",
            "      - code: kantor",
            "units[1].sites[0].code",
            "already defined on line 20",
        ),
        ("    parent: setda", "    parent: dinas", "units[1].parent", "no unit 'dinas'"),
        ("    parent: setda", "    parent: pkm", "units[1].parent", "itself"),
        (
            "    parent: setda",
            "    parent: setda\n    attends_at: nowhere",
            "units[1].attends_at",
            "no unit 'nowhere'",
        ),
        (
            "    radius_m: 60",
            "    radius_m: 0",
            "event_sites[0].radius_m",
            "radius must be more than 0 m",
        ),
        ("    radius_m: 60", "    radius_m: -30", "event_sites[0].radius_m", "more than 0 m"),
        (
            "center: [-2.06198, 101.39280]",
            "center: [91, 101.39280]",
            "units[0].sites[0].center",
            "latitude 91",
        ),
        (
            "center: [-2.06198, 101.39280]",
            "center: [-2.06198]",
            "units[0].sites[0].center",
            "a point is [latitude, longitude]",
        ),
        (
            "        center: [-2.06840, 101.39620]",
            "        polygon: [[-2.0680, 101.3960], [-2.0690, 101.3970], [-2.0680, 101.3970],"
            " [-2.0690, 101.3960]]",
            "units[1].sites[0].polygon",
            "crosses itself",
        ),
        (
            "        center: [-2.06840, 101.39620]",
            "        polygon: [[-2.0680, 101.3960], [-2.0690, 101.3970], [-2.0680, 101.3970]]\n"
            "        radius_m: 10",
            "units[1].sites[0].radius_m",
            "no radius",
        ),
        ("        center: [-2.06840, 101.39620]\n", "", "units[1].sites[0]", "either center"),
        (
            'sat: {work: "07:30-12:00"}',
            'sat: {work: "07:30-12:61"}',
            "units[1].policy.days.sat.work",
            "not a clock time",
        ),
        (
            'sat: {work: "07:30-12:00"}',
            'sat: {work: "07:30-07:30"}',
            "units[1].policy.days.sat.work",
            "empty window",
        ),
        (
            'sat: {work: "07:30-12:00"}',
            'sat: {work: "07:30-07:30+1"}',
            "units[1].policy.days.sat.work",
            "a day or longer",
        ),
        (
            'sat: {work: "07:30-12:00"}',
            'sat: {work: "07:30-12:00", check_out: "12:00-12:00"}',
            "units[1].policy.days.sat.check_out",
            "empty window",
        ),
        (
            "preset: sungai-penuh\n",
            "preset: sungai-penuh\npreset_params: {radius_m: 5}\n",
            "preset_params",
            "no parameter 'radius_m'",
        ),
        (
            "preset: sungai-penuh\n",
            "preset: sungai-penuh\npreset_params: {hours: {mon: x}}\n",
            "preset_params",
            "HH:MM-HH:MM",
        ),
        (
            "    parent: setda\n",
            "    parent: setda\n    preset: balangann\n",
            "units[1].preset",
            "unknown preset 'balangann'",
        ),
        ("  radius_m: 40", "  radius: 40", "policy.radius", "unknown policy key"),
        (
            "  radius_m: 40",
            "  radius_m: 40\n  events: [{code: apel, start: '07:30', weekdays: [mon], site: alun}]",
            "policy.events[0].site",
            "no event site 'alun'",
        ),
        ("  - date: 2025-12-01", "  - date: 2025-02-30", "holidays[0].date", "date"),
        (
            "    name: Hari Jadi Kota",
            "    name: Hari Jadi Kota\n  - date: 2025-12-01\n    name: Lagi",
            "holidays[1].date",
            "already listed on line 13",
        ),
        ("code: pemkot-contoh", "code: pemkot contoh", "code", "a code is letters"),
        ("name: Pemerintah Kota Contoh\n", "", "name", "required field is missing"),
    ],
)
def test_bad_input_names_the_field_and_the_line(old, new, path, words):
    text = broken(old, new)
    error = error_of(text)
    assert error.path == path
    assert words in error.message
    needle = new.strip().splitlines()[-1] if new.strip() else None
    if needle and path.split(".")[-1].split("[")[0] in needle:
        assert error.line == line_of(text, needle)
    assert str(error).startswith(f"contoh.yaml: line {error.line}: {path}: ")


def test_error_line_points_at_the_broken_override():
    text = broken('sat: {work: "07:30-12:00"}', 'sat: {work: "07:30-12:60"}')
    error = error_of(text)
    assert error.line == line_of(text, "sat: {work")
    assert str(error) == (
        f"contoh.yaml: line {error.line}: units[1].policy.days.sat.work: "
        "not a clock time (00:00-23:59): '12:60'"
    )


def test_radius_error_reads_like_the_issue_says():
    text = broken(
        "        center: [-2.06840, 101.39620]",
        "        center: [-2.06840, 101.39620]\n        radius_m: 0",
    )
    error = error_of(text)
    assert str(error) == (
        f"contoh.yaml: line {line_of(text, 'radius_m: 0')}: units[1].sites[0].radius_m: "
        "radius must be more than 0 m, got 0.0"
    )


def test_parent_cycle_is_refused():
    text = broken("    kind: perangkat_daerah\n", "    kind: perangkat_daerah\n    parent: pkm\n")
    error = error_of(text)
    assert "parent cycle" in error.message
    assert error.path in ("units[0].parent", "units[1].parent")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "a mapping"),
        ("- just\n- a list\n", 1, "a mapping"),
        ("code: a\nname: [unclosed\nzone: x\n", 3, "not valid YAML"),
        ("code: a\ncode: b\n", 2, "key given twice (first on line 1)"),
    ],
)
def test_unreadable_files(text, line, words):
    error = error_of(text)
    assert error.line == line
    assert words in error.message


def test_a_broken_parent_override_is_reported_at_the_parent():
    text = MINIMAL.replace(
        "    kind: perangkat_daerah\n",
        "    kind: perangkat_daerah\n    policy:\n      approver: boss\n",
        1,
    )
    error = error_of(text)
    assert error.path == "units[0].policy.approver"
    assert error.line == line_of(text, "approver: boss")
