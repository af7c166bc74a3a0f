"""Peraturan Bupati Balangan 32/2020, SIKEP e-presensi (003_1a41b21893314ce9.txt). WITA.

The Perbup sets machine windows: a check-in after its window closes is not recorded. Each test
quotes the article it checks.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from core.geo import Circle, Point
from core.policy import Policy
from core.presets import PRESETS, InvalidPresetParameter, build_preset
from core.rules import Attempt, Direction, Outcome, classify
from tests.unit.preset_support import GEOD, Judge, moved

FILE = "003_1a41b21893314ce9.txt"
ZONE = "Asia/Makassar"
IN, OUT = Direction.IN, Direction.OUT

# Kantor Bupati Balangan, Paringin; the apel and senam field; Kantor Kecamatan Paringin Selatan.
PEMKAB = Point(-2.3320, 115.4620)
LAPANGAN = Point(-2.3365, 115.4668)
KEC_PARINGIN_SELATAN = Point(-2.3700, 115.4550)

MONDAY, TUESDAY, THURSDAY, FRIDAY = (
    date(2024, 3, 4),
    date(2024, 3, 5),
    date(2024, 3, 7),
    date(2024, 3, 8),
)
SATURDAY = date(2024, 3, 9)


def policy(**params) -> Policy:
    return build_preset("balangan", params)


def placed(base: Policy | None = None) -> Policy:
    """The preset with its apel and senam placed at the field, as an organisation does."""
    chosen = base or policy()
    return replace(chosen, events=tuple(replace(e, site="lapangan") for e in chosen.events))


EVENT_SITES = {"lapangan": Circle(LAPANGAN, 100)}


JUDGE = Judge(FILE, ZONE, policy, ("pemkab", PEMKAB), EVENT_SITES)
utc, assert_cites = JUDGE.utc, JUDGE.assert_cites
judge = JUDGE


def test_preset_is_judged_in_wita():
    """Pasal 4 ayat (1): "dimulai jam 07.00 wita"."""
    assert PRESETS["balangan"].zone == ZONE
    # 07:00 WITA is 23:00 UTC the day before.
    at = datetime(2024, 3, 4, 23, 0, tzinfo=UTC)
    verdict = classify(Attempt(IN, at), policy(), ZONE, {})
    assert (verdict.outcome, verdict.work_date) == (Outcome.ON_TIME, TUESDAY)


# --- Selasa-Kamis check-in: Pasal 4 ayat (1) ----------------------------------------------------


def test_tuesday_to_thursday_check_in_opens_at_0700():
    """Pasal 4 ayat (1): "jam presensi masuk kerja untuk hari kerja Selasa, Rabu, Kamis adalah
    dimulai jam 07.00 wita sampai dengan jam 08.05 wita"."""
    early = judge(IN, TUESDAY, "06:59", PEMKAB, seconds=59)
    assert (early.outcome, early.minutes) == (Outcome.TOO_EARLY, 1)
    assert_cites(early.rule, "Pasal 4 ayat (1)")
    opens = judge(IN, TUESDAY, "07:00", PEMKAB)
    assert opens.outcome is Outcome.ON_TIME
    assert opens.window == "07:00-08:05"


def test_tuesday_to_thursday_check_in_is_on_time_until_0805_inclusive():
    """Pasal 4 ayat (1): "... sampai dengan jam 08.05 wita"."""
    verdict = judge(IN, THURSDAY, "08:05", PEMKAB, seconds=59)
    assert verdict.outcome is Outcome.ON_TIME
    assert_cites(verdict.rule, "Pasal 4 ayat (1)")


def test_tuesday_to_thursday_check_in_after_0805_is_not_recorded():
    """Pasal 4 ayat (1): the machine records check-in "sampai dengan jam 08.05 wita" and no
    later; there is no grace period."""
    verdict = judge(IN, THURSDAY, "08:06", PEMKAB)
    assert verdict.outcome is Outcome.OUTSIDE_WINDOW
    assert not verdict.accepted
    assert_cites(verdict.rule, "Pasal 4 ayat (1)")


# --- Senin-Kamis check-out: Pasal 4 ayat (2) ----------------------------------------------------


def test_monday_to_thursday_check_out_is_1630_to_1800():
    """Pasal 4 ayat (2): "jam presensi pulang kerja untuk hari kerja Senin, Selasa, Rabu, Kamis
    adalah dimulai jam 16.30 wita sampai dengan jam 18.00 wita"."""
    for day in (MONDAY, TUESDAY, THURSDAY):
        early = judge(OUT, day, "16:29", PEMKAB)
        assert (early.outcome, early.minutes, early.band) == (Outcome.LEFT_EARLY, 1, "PSW1")
        assert_cites(early.rule, "Pasal 4 ayat (2)")
        assert judge(OUT, day, "16:30", PEMKAB).outcome is Outcome.ON_TIME
        last = judge(OUT, day, "18:00", PEMKAB, seconds=59)
        assert last.outcome is Outcome.ON_TIME
        assert_cites(last.rule, "Pasal 4 ayat (2)")
        closed = judge(OUT, day, "18:01", PEMKAB)
        assert closed.outcome is Outcome.OUTSIDE_WINDOW
        assert_cites(closed.rule, "Pasal 4 ayat (2)")


# --- Senin and Jumat: apel gabungan and senam pagi, Pasal 4 ayat (3) and Pasal 6 ayat (2) --------


@pytest.mark.parametrize(("day", "event"), [(MONDAY, "apel_gabungan"), (FRIDAY, "senam_pagi")])
def test_event_day_check_in_is_0700_to_0830(day, event):
    """Pasal 4 ayat (3): "jam presensi masuk kerja untuk hari kerja pada kegiatan apel Senin
    (Apel Gabungan) dan Jum'at (Kegiatan Senam Pagi/Kegiatan Olah Raga lainnya) ... adalah
    dimulai jam 07.00 wita sampai dengan jam 08.30 wita"."""
    early = judge(IN, day, "06:59", LAPANGAN, with_policy=placed())
    assert (early.outcome, early.minutes, early.event) == (Outcome.TOO_EARLY, 1, event)
    assert_cites(early.rule, "Pasal 4 ayat (3)")
    last = judge(IN, day, "08:30", LAPANGAN, seconds=59, with_policy=placed())
    assert (last.outcome, last.site, last.event) == (Outcome.ON_TIME, "lapangan", event)
    assert last.window == "07:00-08:30"
    assert_cites(last.rule, "Pasal 4 ayat (3)")
    closed = judge(IN, day, "08:31", LAPANGAN, with_policy=placed())
    assert closed.outcome is Outcome.OUTSIDE_WINDOW
    assert_cites(closed.rule, "Pasal 4 ayat (3)")


@pytest.mark.parametrize("day", [MONDAY, FRIDAY])
def test_event_day_check_in_is_at_the_event_location(day):
    """Pasal 6 ayat (2): "Pelaksanaan E-Presensi pada kegiatan Apel Senin (Apel Gabungan) dan
    Jum'at (Kegiatan Senam Pagi) ... dilaksanakan pada lokasi kegiatan sesuai dengan lokasi yang
    sudah ditentukan"."""
    at_office = judge(IN, day, "07:30", PEMKAB, with_policy=placed())
    assert at_office.outcome is Outcome.OUTSIDE_AREA
    assert at_office.site == "lapangan"
    expected = round(GEOD.inv(PEMKAB.lon, PEMKAB.lat, LAPANGAN.lon, LAPANGAN.lat)[2] - 100)
    assert abs(at_office.distance_m - expected) <= 1
    assert_cites(at_office.rule, "Pasal 6 ayat (2)")
    just_outside = judge(IN, day, "07:30", moved(LAPANGAN, 300, 101), with_policy=placed())
    assert (just_outside.outcome, just_outside.distance_m) == (Outcome.OUTSIDE_AREA, 1)
    inside = judge(IN, day, "07:30", moved(LAPANGAN, 300, 99), with_policy=placed())
    assert inside.outcome is Outcome.ON_TIME


def test_tuesday_check_in_is_at_the_unit_not_the_event_location():
    """Pasal 6 ayat (1): "Pelaksanaan E-Presensi untuk masuk kerja dan pulang kerja setiap hari
    dilaksanakan pada SKPD masing-masing"."""
    verdict = judge(IN, TUESDAY, "07:30", LAPANGAN, with_policy=placed())
    assert (verdict.outcome, verdict.site) == (Outcome.OUTSIDE_AREA, "pemkab")
    assert verdict.event is None


def test_monday_check_out_is_at_the_unit():
    """Pasal 6 ayat (1): check-out "setiap hari dilaksanakan pada SKPD masing-masing"; Pasal 4
    ayat (2): Monday 16.30-18.00."""
    verdict = judge(OUT, MONDAY, "16:45", PEMKAB, with_policy=placed())
    assert (verdict.outcome, verdict.site, verdict.event) == (Outcome.ON_TIME, "pemkab", None)
    assert_cites(verdict.rule, "Pasal 4 ayat (2)")


def test_event_not_yet_placed_is_checked_at_the_unit():
    """Until an organisation places the apel (Pasal 6 ayat (2) "lokasi yang sudah ditentukan"),
    the Monday check-in is checked at the unit with the Pasal 4 ayat (3) window."""
    verdict = judge(IN, MONDAY, "08:15", PEMKAB)
    assert (verdict.outcome, verdict.event, verdict.site) == (
        Outcome.ON_TIME,
        "apel_gabungan",
        "pemkab",
    )


def test_events_open_no_earlier_than_their_window():
    """Pasal 4 ayat (3) gives the whole window: no lead time before 07.00."""
    assert policy().event_lead_min.value == 0
    assert_cites(policy().event_lead_min.rule, "Pasal 4 ayat (3)")


# --- Jumat check-out: Pasal 4 ayat (4) ----------------------------------------------------------


def test_friday_check_out_is_1100_to_1200():
    """Pasal 4 ayat (4): "jam presensi pulang kerja untuk hari kerja Jum'at adalah dimulai jam
    11.00 wita sampai dengan jam 12.00 wita"."""
    early = judge(OUT, FRIDAY, "10:59", PEMKAB)
    assert (early.outcome, early.minutes) == (Outcome.LEFT_EARLY, 1)
    assert_cites(early.rule, "Pasal 4 ayat (4)")
    assert judge(OUT, FRIDAY, "11:00", PEMKAB).outcome is Outcome.ON_TIME
    last = judge(OUT, FRIDAY, "12:00", PEMKAB, seconds=59)
    assert last.outcome is Outcome.ON_TIME
    assert last.window == "11:00-12:00"
    closed = judge(OUT, FRIDAY, "12:01", PEMKAB)
    assert closed.outcome is Outcome.OUTSIDE_WINDOW
    assert_cites(closed.rule, "Pasal 4 ayat (4)")


def test_friday_afternoon_check_out_at_the_monday_thursday_time_is_not_recorded():
    """Pasal 4 ayat (4): on Friday the machine takes check-out only 11.00-12.00, not 16.30."""
    assert judge(OUT, FRIDAY, "16:30", PEMKAB).outcome is Outcome.OUTSIDE_WINDOW


def test_saturday_is_not_a_work_day():
    """Pasal 4 sets hours for Senin to Jum'at only."""
    verdict = judge(IN, SATURDAY, "07:30", PEMKAB)
    assert verdict.outcome is Outcome.NOT_WORK_DAY
    assert_cites(verdict.rule, "Pasal 4")


# --- place and radius -------------------------------------------------------------------------


def test_default_radius_is_a_documented_100_m():
    """Pasal 6 ayat (1) puts attendance at the unit's own machine and sets no radius."""
    rule = policy().radius_m
    assert rule.value == 100
    assert rule.rule.instrument == "presensi default"
    assert judge(IN, TUESDAY, "07:10", moved(PEMKAB, 10, 99)).outcome is Outcome.ON_TIME
    outside = judge(IN, TUESDAY, "07:10", moved(PEMKAB, 10, 101))
    assert (outside.outcome, outside.distance_m) == (Outcome.OUTSIDE_AREA, 1)


def test_radius_given_by_the_organisation_cites_attendance_at_the_unit():
    """Pasal 6 ayat (1): "E-Presensi untuk masuk kerja dan pulang kerja setiap hari dilaksanakan
    pada SKPD masing-masing"."""
    unit = policy(radius_m=30)
    verdict = judge(IN, TUESDAY, "07:10", moved(PEMKAB, 250, 31), with_policy=unit)
    assert (verdict.outcome, verdict.distance_m) == (Outcome.OUTSIDE_AREA, 1)
    assert_cites(verdict.rule, "Pasal 6 ayat (1)")


@pytest.mark.parametrize("radius", [0, -5, "abc"])
def test_radius_that_is_not_a_positive_number_is_rejected(radius):
    with pytest.raises(InvalidPresetParameter, match="radius_m must be a number of metres"):
        policy(radius_m=radius)


def test_kelurahan_batupiring_staff_clock_in_at_the_kecamatan():
    """Pasal 8 ayat (1): "Untuk pelaksanaan E-Presensi ASN Kelurahan Batupiring adalah pada
    Kecamatan Paringin Selatan"."""
    kecamatan = {"kec_paringin_selatan": Circle(KEC_PARINGIN_SELATAN, 100)}
    verdict = judge(IN, TUESDAY, "07:40", moved(KEC_PARINGIN_SELATAN, 90, 40), sites=kecamatan)
    assert (verdict.outcome, verdict.site) == (Outcome.ON_TIME, "kec_paringin_selatan")
    assert any(note.article == "Pasal 8" for note in policy().notes)


def test_shifts_unregistered_staff_and_monthly_upload_are_recorded_as_notes():
    """Pasal 5: shift staff "berdasarkan jam kerja yang di atur oleh RSUD"; Pasal 7 ayat (3):
    "Bagi ASN yang belum terdaftar pada perangkat E-Presensi ... tetap menggunakan presensi
    manual"; Pasal 3 huruf d-e: upload "dari tanggal 1 s.d 5 setiap awal bulan" as the basis of
    TPP."""
    articles = {note.article for note in policy().notes}
    assert {"Pasal 5", "Pasal 7 ayat (3)", "Pasal 3 huruf d-e"} <= articles


def test_a_month_is_revised_and_uploaded_on_the_1st_to_5th_and_rotas_cite_pasal_5():
    """Pasal 3 huruf d-e: the month's data goes up on the 1st-5th of the next month, as the
    basis of TPP: the revisions window; Pasal 5: shift hours are the hospital's."""
    balangan = policy()
    assert balangan.revision_days == (1, 5)
    assert str(balangan.revision_rule) == "Perbup Balangan 32/2020, Pasal 3 huruf d-e"
    assert str(balangan.rota_rule) == "Perbup Balangan 32/2020, Pasal 5"
