"""Peraturan Bupati Konawe Kepulauan 18/2023, LBP SIMPEGNAS presensi daring
(004_484ed01ec6d6b16a.txt). WITA.

Two inputs a day "sesuai jam kerja" of Perbup 16/2021, not restated: the preset's `hours`
(default Senin-Kamis 07:30-16:00, Jumat 07:30-16:30), `opens_before` (default 60) and
`apel_start` (default 07:30). Each test quotes the article it checks.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.absence import AbsenceCode, Evidence, required_evidence
from core.geo import Circle, Point
from core.policy import MISSED_RECORD, Policy
from core.presets import PRESETS, InvalidPresetParameter, build_preset
from core.rules import Direction, Outcome
from tests.unit.preset_support import GEOD, Judge, moved

FILE = "004_484ed01ec6d6b16a.txt"
ZONE = "Asia/Makassar"
IN, OUT = Direction.IN, Direction.OUT

# Langara, Wawonii: an OPD office and the Bupati's office yard where apel and SKJ are held.
DINAS = Point(-4.0330, 123.0420)
KANTOR_BUPATI = Point(-4.0262, 123.0475)
# Kendari, where an ASN on official travel clocks in at the duty location.
KENDARI = Point(-3.9700, 122.5150)

MONDAY, TUESDAY, WEDNESDAY, FRIDAY = (
    date(2024, 3, 4),
    date(2024, 3, 5),
    date(2024, 3, 6),
    date(2024, 3, 8),
)
SUNDAY = date(2024, 3, 10)


def policy(**params) -> Policy:
    return build_preset("konawe-kepulauan", params)


def placed(base: Policy | None = None) -> Policy:
    """Apel and SKJ placed at the Bupati's office, as an organisation does."""
    chosen = base or policy()
    return replace(chosen, events=tuple(replace(e, site="kantor_bupati") for e in chosen.events))


EVENT_SITES = {"kantor_bupati": Circle(KANTOR_BUPATI, 100)}


JUDGE = Judge(FILE, ZONE, policy, ("dinas", DINAS), EVENT_SITES)
utc, assert_cites = JUDGE.utc, JUDGE.assert_cites
judge = JUDGE


def test_preset_is_judged_in_wita():
    assert PRESETS["konawe-kepulauan"].zone == ZONE
    assert PRESETS["konawe-kepulauan"].file == FILE


# --- two inputs a day: Pasal 8 ayat (1) ---------------------------------------------------------


def test_check_in_opens_a_documented_60_minutes_before_work():
    """Pasal 8 ayat (1): "Setiap ASN wajib melakukan 2 kali input Presensi Daring yaitu ketika
    masuk kerja dan pulang kerja sesuai jam kerja"; the Perbup sets no earliest check-in."""
    early = judge(IN, TUESDAY, "06:29", DINAS, seconds=59)
    assert (early.outcome, early.minutes) == (Outcome.TOO_EARLY, 1)
    assert_cites(early.rule, "Pasal 8 ayat (1)")
    assert judge(IN, TUESDAY, "06:30", DINAS).outcome is Outcome.ON_TIME
    assert any(note.instrument == "presensi default" for note in policy().notes)


def test_check_in_is_on_time_until_work_starts():
    """Pasal 8 ayat (1): "ketika masuk kerja ... sesuai jam kerja" (07:30 by default)."""
    verdict = judge(IN, WEDNESDAY, "07:30", DINAS, seconds=59)
    assert verdict.outcome is Outcome.ON_TIME
    assert_cites(verdict.rule, "Pasal 8 ayat (1)")


def test_check_in_after_work_starts_is_late():
    """Pasal 8 ayat (1): "ketika masuk kerja ... sesuai jam kerja"."""
    verdict = judge(IN, WEDNESDAY, "07:31", DINAS)
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LATE, 1, "TL1")
    assert_cites(verdict.rule, "Pasal 8 ayat (1)")


def test_check_out_opens_when_work_ends():
    """Pasal 8 ayat (1): "... dan pulang kerja sesuai jam kerja"."""
    early = judge(OUT, WEDNESDAY, "15:59", DINAS)
    assert (early.outcome, early.minutes, early.band) == (Outcome.LEFT_EARLY, 1, "PSW1")
    assert_cites(early.rule, "Pasal 8 ayat (1)")
    assert judge(OUT, WEDNESDAY, "16:00", DINAS).outcome is Outcome.ON_TIME
    assert judge(OUT, WEDNESDAY, "23:59", DINAS).outcome is Outcome.ON_TIME
    assert judge(OUT, FRIDAY, "16:29", DINAS).outcome is Outcome.LEFT_EARLY
    assert judge(OUT, FRIDAY, "16:30", DINAS).outcome is Outcome.ON_TIME


def test_sick_or_permitted_staff_clock_out_when_they_leave():
    """Pasal 9 ayat (4): "Dalam hal ASN sebelum jam kerja berakhir, sakit atau izin ... dapat
    melakukan Presensi Daring pulang kerja pada saat akan meninggalkan tugas"."""
    verdict = judge(OUT, WEDNESDAY, "11:00", DINAS)
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LEFT_EARLY, 300, "PSW4")
    assert verdict.accepted
    assert any(note.article == "Pasal 9 ayat (4)" for note in policy().notes)


def test_sunday_is_not_a_work_day():
    """Pasal 8 ayat (1): inputs "sesuai jam kerja" (Monday to Friday by default)."""
    verdict = judge(IN, SUNDAY, "07:30", DINAS)
    assert verdict.outcome is Outcome.NOT_WORK_DAY
    assert_cites(verdict.rule, "Pasal 8 ayat (1)")


def test_opens_before_parameter_moves_the_opening():
    """Pasal 6 ayat (3) huruf b: the pengelola "melakukan pengaturan jam kerja"."""
    unit = policy(opens_before=30)
    assert judge(IN, TUESDAY, "06:59", with_policy=unit).outcome is Outcome.TOO_EARLY
    assert judge(IN, TUESDAY, "07:00", with_policy=unit).outcome is Outcome.ON_TIME


@pytest.mark.parametrize("value", [-1, 241, "60", 1.5])
def test_bad_opens_before_is_rejected(value):
    with pytest.raises(InvalidPresetParameter, match="opens_before"):
        policy(opens_before=value)


# --- special hours and shifts: Pasal 17 ayat (2) -------------------------------------------------


def test_night_shift_hours_take_the_check_out_on_the_next_morning():
    """Pasal 17 ayat (2): "Ketentuan jam kerja khusus diberlakukan untuk: a. tenaga kesehatan yang
    melaksanakan shift"; Pasal 1 angka 27: "Shift adalah pergeseran ... jam kerja ... yang terjadi
    satu kali dalam 24 jam"."""
    ward = policy(hours={"mon-sun": "22:00-06:00"})
    check_in = judge(IN, MONDAY, "21:55", DINAS, with_policy=ward)
    assert (check_in.outcome, check_in.work_date) == (Outcome.ON_TIME, MONDAY)
    late = judge(IN, TUESDAY, "00:10", DINAS, with_policy=ward)
    assert (late.outcome, late.minutes, late.work_date) == (Outcome.LATE, 130, MONDAY)
    check_out = judge(OUT, TUESDAY, "06:05", DINAS, with_policy=ward)
    assert (check_out.outcome, check_out.work_date) == (Outcome.ON_TIME, MONDAY)
    assert check_out.window == "06:00+1-20:59+1"
    assert_cites(check_out.rule, "Pasal 8 ayat (1)")
    assert any(note.article == "Pasal 17 ayat (2)" for note in policy().notes)


# --- apel gabungan and SKJ -------------------------------------------------------------------


def test_monday_apel_at_the_bupati_office_is_on_time_until_it_starts():
    """Pasal 1 angka 23: "Apel Gabungan adalah kegiatan berkumpul Aparatur Sipil Negara seluruh
    OPD ... pada setiap hari Senin di halaman kantor Bupati Konawe Kepulauan"."""
    early = judge(IN, MONDAY, "06:59", KANTOR_BUPATI, with_policy=placed())
    assert (early.outcome, early.minutes, early.event) == (Outcome.TOO_EARLY, 1, "apel_gabungan")
    # The Perbup gives the apel no times: the window is a documented presensi default.
    assert early.rule.instrument == "presensi default" and "apel" in early.rule.quote
    on_time = judge(IN, MONDAY, "07:30", KANTOR_BUPATI, seconds=59, with_policy=placed())
    assert (on_time.outcome, on_time.site) == (Outcome.ON_TIME, "kantor_bupati")
    assert on_time.window == "07:00-08:30"
    late = judge(IN, MONDAY, "07:31", KANTOR_BUPATI, with_policy=placed())
    assert (late.outcome, late.minutes, late.band) == (Outcome.LATE, 1, "TL1")
    assert late.rule.instrument == "presensi default"


def test_monday_apel_check_in_at_the_own_office_is_outside_the_apel_site():
    """Pasal 1 angka 23: "... di halaman kantor Bupati Konawe Kepulauan"."""
    verdict = judge(IN, MONDAY, "07:20", DINAS, with_policy=placed())
    assert verdict.outcome is Outcome.OUTSIDE_AREA
    assert verdict.site == "kantor_bupati"
    assert verdict.event == "apel_gabungan"
    expected = GEOD.inv(DINAS.lon, DINAS.lat, KANTOR_BUPATI.lon, KANTOR_BUPATI.lat)[2] - 100
    assert abs(verdict.distance_m - expected) <= 1
    assert_cites(verdict.rule, "Pasal 1 angka 23")


def test_after_the_apel_the_work_check_in_is_still_open_and_the_apel_is_missed():
    """Pasal 8 ayat (1): "2 kali input Presensi Daring yaitu ketika masuk kerja dan pulang kerja
    sesuai jam kerja"; Pasal 10 ayat (1): "yang tidak masuk kerja dan/atau tidak mengikuti apel"
    are two things. Monday 09:00 at the own office is late by 90 minutes, as on Tuesday."""
    monday = judge(IN, MONDAY, "09:00", DINAS, with_policy=placed())
    assert (monday.outcome, monday.minutes, monday.band) == (Outcome.LATE, 90, "TL3")
    assert (monday.site, monday.event, monday.missed_event) == ("dinas", None, "apel_gabungan")
    assert_cites(monday.rule, "Pasal 8 ayat (1)")
    tuesday = judge(IN, TUESDAY, "09:00", DINAS, with_policy=placed())
    assert (tuesday.outcome, tuesday.minutes, tuesday.missed_event) == (Outcome.LATE, 90, None)
    skj = judge(IN, FRIDAY, "08:31", DINAS, with_policy=placed())
    assert (skj.outcome, skj.minutes, skj.missed_event) == (Outcome.LATE, 61, "senam")


def test_friday_skj_is_the_friday_event():
    """Pasal 1 angka 24: "Apel Senam Kesegaran Jasmani atau SKJ adalah kegiatan berkumpul ...
    pada setiap hari Jum'at"."""
    verdict = judge(IN, FRIDAY, "07:40", KANTOR_BUPATI, with_policy=placed())
    assert (verdict.outcome, verdict.minutes, verdict.event) == (Outcome.LATE, 10, "senam")
    assert verdict.rule.instrument == "presensi default"
    elsewhere = judge(IN, FRIDAY, "07:20", DINAS, with_policy=placed())
    assert elsewhere.outcome is Outcome.OUTSIDE_AREA
    assert_cites(elsewhere.rule, "Pasal 1 angka 24")
    assert judge(IN, WEDNESDAY, "07:40", DINAS, with_policy=placed()).event is None


def test_apel_start_parameter_moves_the_apel_window():
    """Pasal 1 angka 22-23: the apel is held "pada awal waktu jam kerja"; its start is local."""
    unit = placed(policy(apel_start="07:00"))
    assert judge(IN, MONDAY, "06:30", KANTOR_BUPATI, with_policy=unit).outcome is Outcome.ON_TIME
    late = judge(IN, MONDAY, "07:05", KANTOR_BUPATI, with_policy=unit)
    assert (late.outcome, late.minutes) == (Outcome.LATE, 5)


# --- radius -------------------------------------------------------------------------------------


def test_default_radius_is_a_documented_100_m():
    """Pasal 6 ayat (3) huruf e: the pengelola sets "lokasi/titik koordinat unit kerja"; the
    Perbup sets no radius."""
    rule = policy().radius_m
    assert rule.value == 100
    assert rule.rule.instrument == "presensi default"
    assert judge(IN, TUESDAY, "07:10", moved(DINAS, 135, 99)).outcome is Outcome.ON_TIME
    outside = judge(IN, TUESDAY, "07:10", moved(DINAS, 135, 101))
    assert (outside.outcome, outside.distance_m) == (Outcome.OUTSIDE_AREA, 1)


def test_official_travel_clocks_in_at_the_duty_location():
    """Pasal 9 ayat (5): "Dalam hal ASN melakukan perjalanan Dinas, maka ASN melakukan Presensi
    Daring di tempat tugas dengan melampirkan ... Surat Perintah Perjalanan Dinas ... dan Surat
    Perintah Tugas"."""
    duty = {"tempat_tugas": Circle(KENDARI, 100)}
    verdict = judge(IN, TUESDAY, "07:20", moved(KENDARI, 0, 50), sites=duty)
    assert (verdict.outcome, verdict.site) == (Outcome.ON_TIME, "tempat_tugas")
    assert policy().travel_clock_in.value is True
    assert_cites(policy().travel_clock_in.rule, "Pasal 9 ayat (5)")
    assert evidence(AbsenceCode.DL, "luar_kota", 3) == [
        (Evidence.TRAVEL_ORDER, "Pasal 9 ayat (5) huruf a"),
        (Evidence.ASSIGNMENT, "Pasal 9 ayat (5) huruf b"),
    ]


# --- fallback, revision, transfer -----------------------------------------------------------------


def test_forgotten_phone_fingerprint_fallback_is_3_a_month():
    """Pasal 9 ayat (6): "telepon genggam ASN tertinggal, hanya diberikan toleransi 3 (tiga) kali
    kehadiran untuk melakukan Presensi Sidik Jari dalam 1 (satu) bulan"."""
    rule = policy().fallback_per_month
    assert rule.value == 3
    assert_cites(rule.rule, "Pasal 9 ayat (6)")


def test_revisions_are_allowed_on_the_1st_to_4th_of_the_next_month():
    """Pasal 13 ayat (4): "Dalam hal terjadi perubahan data dan/atau revisi bulan berjalan, dapat
    dilakukan pada tanggal 1 (satu) sampai dengan tanggal 4 (empat) di bulan berikutnya."."""
    assert policy().revision_days == (1, 4)
    assert_cites(policy().revision_rule, "Pasal 13 ayat (4)")


def test_transferred_staff_have_one_week_at_the_old_site():
    """Pasal 17 ayat (1): "ASN tersebut diberi waktu paling lama 1 (satu) minggu untuk
    menyelesaikan pekerjaan di tempat yang lama selanjutnya harus melaksanakan presensi di
    tempat kerja yang baru"."""
    rule = policy().transfer_grace_days
    assert rule.value == 7
    assert_cites(rule.rule, "Pasal 17 ayat (1)")


# --- absence evidence: Pasal 10 ---------------------------------------------------------------


def evidence(code: AbsenceCode, subtype: str | None, days: int) -> list[tuple[Evidence, str]]:
    return [
        (r.requires, r.rule.article)
        for r in required_evidence(policy().evidence, code, subtype, days)
    ]


@pytest.mark.parametrize("days", [1, 2])
def test_sickness_of_up_to_two_days_needs_a_sick_letter(days):
    """Pasal 10 ayat (2): "Sakit ... harus dibuktikan surat izin sakit, apabila sakit lebih dari
    dua hari harus dilampiri dengan surat keterangan dokter."."""
    assert evidence(AbsenceCode.S, None, days) == [(Evidence.SICK_LETTER, "Pasal 10 ayat (2)")]


@pytest.mark.parametrize("days", [3, 10])
def test_sickness_of_more_than_two_days_needs_a_doctors_note(days):
    """Pasal 10 ayat (2): "apabila sakit lebih dari dua hari harus dilampiri dengan surat
    keterangan dokter"."""
    assert evidence(AbsenceCode.S, None, days) == [(Evidence.DOCTOR_NOTE, "Pasal 10 ayat (2)")]


@pytest.mark.parametrize(
    ("code", "subtype", "expected", "article"),
    [
        (AbsenceCode.I, "tidak_masuk", Evidence.PERMIT_LETTER, "Pasal 10 ayat (4)"),
        (AbsenceCode.T, None, Evidence.ASSIGNMENT, "Pasal 10 ayat (5)"),
        (AbsenceCode.C, "tahunan", Evidence.APPROVED_LEAVE, "Pasal 10 ayat (1) huruf d"),
        (AbsenceCode.P, "diklat", Evidence.STUDY_ORDER, "Pasal 10 ayat (7)"),
    ],
)
def test_each_absence_code_needs_its_document(code, subtype, expected, article):
    """Pasal 10 ayat (1): "b. I (Izin) ...; c. T (Tugas) yang dibuktikan dengan Surat Tugas;
    d. C (cuti) yang dibuktikan dengan Surat Izin Cuti; e. P (Pendidikan/Diklat) yang dibuktikan
    dengan Surat Tugas Belajar/Diklat"; ayat (4) "atas dasar surat permohonan yang disertai
    alasan"; ayat (7) "surat tugas belajar/Diklat yang dikeluarkan oleh Bupati"."""
    assert evidence(code, subtype, 1) == [(expected, article)]


def test_permits_are_approved_by_the_direct_supervisor():
    """Pasal 10 ayat (4): "Ijin ... dapat diberikan atau disetujui oleh atasan langsung ASN atas
    dasar surat permohonan yang disertai alasan."; a missed record is asked for like one."""
    for kind in ("I", MISSED_RECORD):
        assert policy().approver_of(kind).value == "supervisor"
        assert_cites(policy().approver_of(kind).rule, "Pasal 10 ayat (4)")


@pytest.mark.parametrize("code", ["C", "S", "T", "DL", "P"])
def test_cuti_and_other_absences_go_the_regular_way_to_the_operator(code):
    """Pasal 11 ayat (1): "Dalam hal pengisian daftar hadir dilakukan secara elektronik,
    pengisian keterangan tidak masuk kerja dilakukan oleh operator disertai dengan bukti."; cuti
    is proved by its Surat Izin Cuti (Pasal 10 ayat (1) huruf d), not a supervisor's permit."""
    assert policy().approver_of(code).value == "admin"
    assert_cites(policy().approver_of(code).rule, "Pasal 11 ayat (1)")
    assert "oleh operator disertai dengan bukti" in policy().approver_of(code).rule.quote


def test_unknown_parameter_is_rejected():
    with pytest.raises(InvalidPresetParameter, match="no parameter 'radius_m'"):
        policy(radius_m=50)
