"""Peraturan Bupati Musi Banyuasin 9/2023, E-Office Musi Banyuasin (002_390e78b142da19ec.txt).

Recording opens at 07:00 WIB and check-out may be recorded until 17:30 WIB; the working hours of
Perbup 49/2022 (not restated) are the preset's `hours`, default Senin-Kamis 07:30-16:00, Jumat
07:30-16:30. Each test quotes the article it checks.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.absence import AbsenceCode, Evidence, required_evidence
from core.geo import Circle, Point
from core.policy import Policy
from core.presets import PRESETS, InvalidPresetParameter, build_preset
from core.rules import Direction, Outcome
from tests.unit.preset_support import Judge, moved

FILE = "002_390e78b142da19ec.txt"
ZONE = "Asia/Jakarta"
IN, OUT = Direction.IN, Direction.OUT

# Kantor Bupati Musi Banyuasin, Sekayu.
PEMKAB = Point(-2.8850, 103.8480)
TUESDAY, FRIDAY, SUNDAY = date(2024, 3, 5), date(2024, 3, 8), date(2024, 3, 10)


def policy(**params) -> Policy:
    return build_preset("eoffice-muba", params)


JUDGE = Judge(FILE, ZONE, policy, ("pemkab", PEMKAB))
utc, assert_cites = JUDGE.utc, JUDGE.assert_cites
judge = JUDGE


def test_preset_is_judged_in_wib():
    """Pasal 7 ayat (6): "dimulai pukul 07.00 WIB"."""
    assert PRESETS["eoffice-muba"].zone == ZONE
    assert PRESETS["eoffice-muba"].file == FILE


# --- check-in -----------------------------------------------------------------------------------


def test_check_in_recording_starts_at_0700():
    """Pasal 7 ayat (6): "Waktu perekaman kehadiran masuk kerja dimulai pukul 07.00 WIB."."""
    early = judge(IN, TUESDAY, "06:59", PEMKAB, seconds=59)
    assert (early.outcome, early.minutes) == (Outcome.TOO_EARLY, 1)
    assert_cites(early.rule, "Pasal 7 ayat (6)")
    opens = judge(IN, TUESDAY, "07:00", PEMKAB)
    assert opens.outcome is Outcome.ON_TIME
    assert_cites(opens.rule, "Pasal 7 ayat (6)")


def test_check_in_is_on_time_until_work_starts():
    """Pasal 7 ayat (5): "Waktu perekaman wajib mentaati peraturan bupati tentang jam kerja dan
    hari kerja." (work starts 07:30 by default), its minute included."""
    verdict = judge(IN, TUESDAY, "07:30", PEMKAB, seconds=59)
    assert verdict.outcome is Outcome.ON_TIME


def test_check_in_after_work_starts_is_late_citing_the_working_hours():
    """Pasal 7 ayat (5): "Waktu perekaman wajib mentaati peraturan bupati tentang jam kerja dan
    hari kerja."."""
    verdict = judge(IN, TUESDAY, "07:31", PEMKAB)
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LATE, 1, "TL1")
    assert_cites(verdict.rule, "Pasal 7 ayat (5)")
    later = judge(IN, TUESDAY, "08:31", PEMKAB)
    assert (later.minutes, later.band) == (61, "TL3")


# --- check-out ----------------------------------------------------------------------------------


def test_check_out_may_be_recorded_until_1730():
    """Pasal 7 ayat (7): "Waktu perekaman pulang kerja bisa dilakukan sampai dengan pukul 17.30
    WIB."."""
    last = judge(OUT, TUESDAY, "17:30", PEMKAB, seconds=59)
    assert last.outcome is Outcome.ON_TIME
    assert last.window == "16:00-17:30"
    assert_cites(last.rule, "Pasal 7 ayat (7)")
    closed = judge(OUT, TUESDAY, "17:31", PEMKAB)
    assert closed.outcome is Outcome.OUTSIDE_WINDOW
    assert_cites(closed.rule, "Pasal 7 ayat (7)")


def test_check_out_before_work_ends_is_leaving_early():
    """Pasal 7 ayat (5): the recording follows "jam kerja": leaving at 15:00 is 60 minutes
    early."""
    verdict = judge(OUT, TUESDAY, "15:00", PEMKAB)
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LEFT_EARLY, 60, "PSW2")
    assert verdict.accepted


def test_friday_check_out_opens_at_the_end_of_friday_hours_and_closes_at_1730():
    """Pasal 7 ayat (7) with the default Friday hours 07:30-16:30."""
    assert judge(OUT, FRIDAY, "16:29").outcome is Outcome.LEFT_EARLY
    assert judge(OUT, FRIDAY, "16:30").outcome is Outcome.ON_TIME
    assert judge(OUT, FRIDAY, "17:31").outcome is Outcome.OUTSIDE_WINDOW


def test_sunday_is_not_a_work_day():
    """Pasal 7 ayat (1): "pada saat jam masuk kerja dan pulang kerja setiap hari kerja"."""
    verdict = judge(IN, SUNDAY, "07:10", PEMKAB)
    assert verdict.outcome is Outcome.NOT_WORK_DAY
    assert_cites(verdict.rule, "Pasal 7 ayat (5)")


def test_local_hours_move_the_on_time_limit_but_not_0700_or_1730():
    """Pasal 7 ayat (1): "mengacu pada ketentuan jam kerja masing-masing unit kerja"; ayat (6)
    and (7) fix 07:00 and 17:30."""
    unit = policy(hours={"mon-fri": "08:00-16:00"})
    assert judge(IN, TUESDAY, "06:59", with_policy=unit).outcome is Outcome.TOO_EARLY
    assert judge(IN, TUESDAY, "08:00", with_policy=unit).outcome is Outcome.ON_TIME
    late = judge(IN, TUESDAY, "08:10", with_policy=unit)
    assert (late.outcome, late.minutes) == (Outcome.LATE, 10)
    assert judge(OUT, TUESDAY, "17:30", with_policy=unit).outcome is Outcome.ON_TIME
    assert judge(OUT, TUESDAY, "17:31", with_policy=unit).outcome is Outcome.OUTSIDE_WINDOW


# --- place and radius ---------------------------------------------------------------------------


def test_default_radius_is_a_documented_100_m():
    """Pasal 7 ayat (4): "Perekaman kehadiran dilakukan pada koordinat sesuai titik lokasi tempat
    kerja" names no radius: 100 m is a presensi default that says so."""
    rule = policy().radius_m
    assert rule.value == 100
    assert rule.rule.instrument == "presensi default"
    assert "Pasal 7 ayat (4)" in rule.rule.quote


def test_default_radius_99_m_inside_and_101_m_outside():
    """Pasal 7 ayat (4): "pada koordinat sesuai titik lokasi tempat kerja"."""
    assert judge(IN, TUESDAY, "07:10", moved(PEMKAB, 30, 99)).outcome is Outcome.ON_TIME
    outside = judge(IN, TUESDAY, "07:10", moved(PEMKAB, 30, 101))
    assert (outside.outcome, outside.distance_m) == (Outcome.OUTSIDE_AREA, 1)


def test_radius_given_by_the_organisation_cites_the_workplace_coordinates():
    """Pasal 7 ayat (4): "Perekaman kehadiran dilakukan pada koordinat sesuai titik lokasi tempat
    kerja"."""
    unit = policy(radius_m=50)
    assert judge(IN, TUESDAY, "07:10", moved(PEMKAB, 210, 49), with_policy=unit).outcome is (
        Outcome.ON_TIME
    )
    verdict = judge(IN, TUESDAY, "07:10", moved(PEMKAB, 210, 51), with_policy=unit)
    assert (verdict.outcome, verdict.distance_m) == (Outcome.OUTSIDE_AREA, 1)
    assert_cites(verdict.rule, "Pasal 7 ayat (4)")


@pytest.mark.parametrize("radius", [0, -10, "100", True])
def test_radius_that_is_not_a_positive_number_is_rejected(radius):
    with pytest.raises(InvalidPresetParameter, match="radius_m must be a number of metres"):
        policy(radius_m=radius)


def test_duty_nearby_is_allowed_within_7_km_of_the_office():
    """Pasal 1 angka 10: "dinas dalam adalah kegiatan kerja yang dilakukan diluar kantor
    maksimal radius 7 (tujuh) kilometer dari kantor berdasarkan surat tugas"."""
    rule = policy().duty_radius_m
    assert rule.value == 7000
    assert_cites(rule.rule, "Pasal 1 angka 10")
    duty = {"dinas_dalam": Circle(PEMKAB, rule.value)}
    inside = judge(IN, TUESDAY, "07:20", moved(PEMKAB, 160, 6999), sites=duty)
    assert inside.outcome is Outcome.ON_TIME
    outside = judge(IN, TUESDAY, "07:20", moved(PEMKAB, 160, 7001), sites=duty)
    assert (outside.outcome, outside.distance_m) == (Outcome.OUTSIDE_AREA, 1)


def test_selfie_in_official_uniform_is_required():
    """Pasal 7 ayat (2): "Perekaman kehadiran dilakukan dengan cara berfoto diri langsung dengan
    pakaian dinas."."""
    assert policy().uniform_selfie.value == 1
    assert_cites(policy().uniform_selfie.rule, "Pasal 7 ayat (2)")


# --- evidence by duration: Pasal 9 --------------------------------------------------------------


def evidence(code: AbsenceCode, subtype: str | None, days: int) -> list[tuple[Evidence, str]]:
    return [
        (r.requires, r.rule.article)
        for r in required_evidence(policy().evidence, code, subtype, days)
    ]


@pytest.mark.parametrize(("code", "subtype"), [(AbsenceCode.S, None), (AbsenceCode.C, "sakit")])
def test_one_day_sick_leave_needs_a_doctors_note(code, subtype):
    """Pasal 9 huruf e: "Pegawai yang menjalani cuti sakit selama 1 (satu) hari harus
    melampirkan surat keterangan dokter"."""
    assert evidence(code, subtype, 1) == [(Evidence.DOCTOR_NOTE, "Pasal 9 huruf e")]


@pytest.mark.parametrize("days", [2, 7, 14])
@pytest.mark.parametrize(("code", "subtype"), [(AbsenceCode.S, None), (AbsenceCode.C, "sakit")])
def test_sick_leave_of_2_to_14_days_needs_an_approved_leave_letter(code, subtype, days):
    """Pasal 9 huruf f: "pegawai yang menjalani cuti sakit hari ke 2 (dua) sampai dengan hari ke
    14 (empat belas) dengan melampirkan surat cuti yang disetujui atasan"."""
    assert evidence(code, subtype, days) == [(Evidence.APPROVED_LEAVE, "Pasal 9 huruf f")]


@pytest.mark.parametrize("days", [1, 10])
def test_important_reason_leave_needs_an_approved_leave_letter(days):
    """Pasal 9 huruf g: "pegawai yang menjalani cuti alasan penting hari ke 1 (satu) sampai
    dengan hari ke 10 (sepuluh) dengan melampirkan surat cuti yang disetujui atasan"."""
    assert evidence(AbsenceCode.C, "alasan_penting", days) == [
        (Evidence.APPROVED_LEAVE, "Pasal 9 huruf g")
    ]


@pytest.mark.parametrize("subtype", ["tahunan", "melahirkan"])
def test_annual_and_maternity_leave_need_an_approved_leave_letter(subtype):
    """Pasal 9 huruf d: "pegawai yang menjalani cuti tahunan dan cuti melahirkan dengan
    melampirkan surat cuti yang disetujui atasan"."""
    assert evidence(AbsenceCode.C, subtype, 5) == [(Evidence.APPROVED_LEAVE, "Pasal 9 huruf d")]


def test_duty_nearby_needs_the_assignment_letter():
    """Pasal 9 huruf b: "kegiatan dinas dalam dengan melampirkan surat tugas/undangan/disposisi
    pimpinan"."""
    assert evidence(AbsenceCode.T, "dinas_dalam", 1) == [(Evidence.ASSIGNMENT, "Pasal 9 huruf b")]


def test_official_travel_needs_the_assignment_letter():
    """Pasal 9 huruf c: "perjalanan dinas luar dengan melampirkan dokumen surat tugas"."""
    assert evidence(AbsenceCode.DL, "luar_kota", 3) == [(Evidence.ASSIGNMENT, "Pasal 9 huruf c")]


@pytest.mark.parametrize("subtype", ["besar", "luar_tanggungan", "bersama"])
def test_long_unpaid_and_collective_leave_need_no_daily_evidence(subtype):
    """Pasal 10 huruf c: exempt from LKH are "pegawai yang menjalani cuti bersama, cuti besar dan
    cuti di luar tanggungan negara"."""
    assert evidence(AbsenceCode.C, subtype, 30) == []


# --- administration -----------------------------------------------------------------------------


def test_unit_administrator_answers_for_the_evidence():
    """Pasal 6 ayat (3) huruf b: "bertanggungjawab terhadap validitas bukti dukung kehadiran dan
    ketidakhadiran pegawai pada aplikasi E-Office"."""
    assert policy().approver.value == "admin"
    assert_cites(policy().approver.rule, "Pasal 6 ayat (3) huruf b")


def test_exemptions_and_tpp_are_recorded_as_notes():
    """Pasal 7 ayat (8): "Dikecualikan dari kewajiban perekaman kehadiran bagi: a. pegawai yang
    menjalani cuti; b. ... tugas dinas luar; c. ... tugas belajar"; Pasal 11: attendance and LKH
    are "dasar penilaian kinerja pegawai dan perhitungan besaran TPP"."""
    articles = {note.article for note in policy().notes}
    assert {"Pasal 7 ayat (8)", "Pasal 11"} <= articles


def test_unknown_parameter_is_rejected():
    with pytest.raises(InvalidPresetParameter, match="no parameter 'opens_before'"):
        policy(opens_before=30)
