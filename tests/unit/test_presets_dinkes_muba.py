"""Keputusan Kepala Dinas Kesehatan Kab. Musi Banyuasin B-800/18/KPTS-KES/2023
(000_ec26450856fff25c.txt): the Dinas (5-day week) and its Puskesmas and hospitals (6-day week).

Each test quotes the article it checks and asserts the verdict a user would see.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.absence import AbsenceCode, Evidence, InvalidAbsence, check_type, required_evidence
from core.geo import Circle, Point
from core.policy import Policy
from core.presets import PRESETS, InvalidPresetParameter, build_preset
from core.rules import Direction, Outcome, Verdict
from tests.unit.preset_support import Judge, moved

FILE = "000_ec26450856fff25c.txt"
ZONE = "Asia/Jakarta"
IN, OUT = Direction.IN, Direction.OUT

# Dinas Kesehatan Kabupaten Musi Banyuasin, Jl. Kolonel Wahid Udin, Sekayu.
DINKES = Point(-2.8897, 103.8437)
# UPT Puskesmas Sekayu and a Pustu 4 km up the Musi.
PUSKESMAS = Point(-2.8760, 103.8512)

MONDAY, THURSDAY, FRIDAY = date(2024, 3, 4), date(2024, 3, 7), date(2024, 3, 8)
SATURDAY, SUNDAY = date(2024, 3, 9), date(2024, 3, 10)


PUSTU = moved(PUSKESMAS, 300, 4000)


def dinas() -> Policy:
    return build_preset("dinkes-muba-dinas")


def puskesmas() -> Policy:
    return build_preset("dinkes-muba-puskesmas")


JUDGE = Judge(FILE, ZONE, dinas, ("dinkes", DINKES))
utc, assert_cites = JUDGE.utc, JUDGE.assert_cites


def judge(
    policy: Policy,
    direction: Direction,
    day: date,
    clock: str,
    position: Point | None = None,
    seconds: int = 0,
    sites: dict | None = None,
) -> Verdict:
    return JUDGE(direction, day, clock, position, seconds, with_policy=policy, sites=sites)


def test_preset_is_judged_in_wib():
    """Pasal 6 ayat (1) huruf a: "mulai pukul 07.00 WIB sampai dengan pukul 07.30 WIB"."""
    assert PRESETS["dinkes-muba-dinas"].zone == ZONE
    assert PRESETS["dinkes-muba-puskesmas"].zone == ZONE
    assert PRESETS["dinkes-muba-dinas"].file == FILE


def test_presets_take_no_parameters():
    with pytest.raises(InvalidPresetParameter, match="no parameter 'hours'"):
        build_preset("dinkes-muba-dinas", {"hours": {"mon-fri": "08:00-16:00"}})


# --- Dinas, Senin-Kamis -----------------------------------------------------------------------


def test_dinas_check_in_opens_at_0700():
    """Pasal 6 ayat (1) huruf a: "Senin sampai Kamis absensi online pertama dilakukan mulai
    pukul 07.00 WIB"."""
    early = judge(dinas(), IN, MONDAY, "06:59", DINKES, seconds=59)
    assert (early.outcome, early.minutes) == (Outcome.TOO_EARLY, 1)
    assert_cites(early.rule, "Pasal 6 ayat (1) huruf a")
    opens = judge(dinas(), IN, MONDAY, "07:00", DINKES)
    assert opens.outcome is Outcome.ON_TIME
    assert_cites(opens.rule, "Pasal 6 ayat (1) huruf a")


def test_dinas_check_in_is_on_time_until_0730_inclusive():
    """Pasal 6 ayat (1) huruf a: "... sampai dengan pukul 07.30 WIB"."""
    verdict = judge(dinas(), IN, THURSDAY, "07:30", DINKES, seconds=59)
    assert verdict.outcome is Outcome.ON_TIME
    assert verdict.minutes == 0
    assert_cites(verdict.rule, "Pasal 6 ayat (1) huruf a")


def test_dinas_check_in_at_0731_is_late_by_one_minute():
    """Pasal 6 ayat (3): "Absensi online yang dilakukan diluar waktu yang telah ditentukan
    sebagai mana dimaksud pada pasal 6 ayat (1) dan ayat (2) dinyatakan terlambat."."""
    verdict = judge(dinas(), IN, MONDAY, "07:31", DINKES)
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LATE, 1, "TL1")
    assert_cites(verdict.rule, "Pasal 6 ayat (3)")


def test_dinas_check_in_late_is_accepted_until_the_second_absensi_opens():
    """Pasal 6 ayat (3): outside the window "dinyatakan terlambat"; ayat (1) huruf a: "Absensi
    online kedua dilakukan mulai pukul 16.00 WIB". A check-in after that is still late."""
    verdict = judge(dinas(), IN, MONDAY, "15:59", DINKES)
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LATE, 509, "TL4")
    after = judge(dinas(), IN, MONDAY, "16:00", DINKES)
    assert (after.outcome, after.minutes, after.band) == (Outcome.LATE, 510, "TL4")
    assert_cites(after.rule, "Pasal 6 ayat (3)")


def test_dinas_check_out_opens_at_1600_monday_to_thursday():
    """Pasal 6 ayat (1) huruf a: "Absensi online kedua dilakukan mulai pukul 16.00 WIB"."""
    early = judge(dinas(), OUT, THURSDAY, "15:59", DINKES)
    assert (early.outcome, early.minutes, early.band) == (Outcome.LEFT_EARLY, 1, "PSW1")
    assert_cites(early.rule, "Pasal 6 ayat (1) huruf a")
    on_time = judge(dinas(), OUT, THURSDAY, "16:00", DINKES)
    assert on_time.outcome is Outcome.ON_TIME
    assert_cites(on_time.rule, "Pasal 6 ayat (1) huruf a")


def test_dinas_check_out_has_no_closing_time_that_day():
    """Pasal 6 ayat (1) huruf a gives only "mulai pukul 16.00 WIB": open until midnight."""
    assert judge(dinas(), OUT, MONDAY, "23:59", DINKES).outcome is Outcome.ON_TIME


# --- Dinas, Jumat -------------------------------------------------------------------------------


def test_dinas_friday_check_in_window_is_0700_to_0730():
    """Pasal 6 ayat (1) huruf b: "Absensi online pertama khusus hari Jum'at dilakukan mulai
    pukul 07.00 WIB sampai dengan pukul 07.30 WIB"."""
    on_time = judge(dinas(), IN, FRIDAY, "07:30", DINKES)
    assert on_time.outcome is Outcome.ON_TIME
    assert_cites(on_time.rule, "Pasal 6 ayat (1) huruf b")
    late = judge(dinas(), IN, FRIDAY, "07:31", DINKES)
    assert (late.outcome, late.minutes) == (Outcome.LATE, 1)
    assert_cites(late.rule, "Pasal 6 ayat (3)")


def test_dinas_friday_check_out_opens_at_1630():
    """Pasal 6 ayat (1) huruf b: "Absensi online kedua dilakukan mulai pukul 16.30 WIB"."""
    early = judge(dinas(), OUT, FRIDAY, "16:00", DINKES)
    assert (early.outcome, early.minutes, early.band) == (Outcome.LEFT_EARLY, 30, "PSW1")
    assert_cites(early.rule, "Pasal 6 ayat (1) huruf b")
    assert judge(dinas(), OUT, FRIDAY, "16:29").minutes == 1
    assert judge(dinas(), OUT, FRIDAY, "16:30", DINKES).outcome is Outcome.ON_TIME


# --- Puskesmas and hospitals -------------------------------------------------------------------


def test_puskesmas_check_in_window_is_0700_to_0730():
    """Pasal 6 ayat (2) huruf a: "Senin sampai Kamis absensi online pertama dilakukan mulai
    pukul 07.00 WIB sampai dengan pukul 07.30 WIB"."""
    sites = {"pkm": Circle(PUSKESMAS, 100)}
    assert judge(puskesmas(), IN, MONDAY, "06:59", PUSKESMAS, sites=sites).outcome is (
        Outcome.TOO_EARLY
    )
    on_time = judge(puskesmas(), IN, MONDAY, "07:30", PUSKESMAS, seconds=59, sites=sites)
    assert on_time.outcome is Outcome.ON_TIME
    assert_cites(on_time.rule, "Pasal 6 ayat (2) huruf a")
    late = judge(puskesmas(), IN, MONDAY, "07:31", PUSKESMAS, sites=sites)
    assert (late.outcome, late.minutes) == (Outcome.LATE, 1)
    assert_cites(late.rule, "Pasal 6 ayat (3)")


def test_puskesmas_check_out_opens_at_1400_monday_to_thursday():
    """Pasal 6 ayat (2) huruf a: "Absensi online kedua dilakukan mulai pukul 14.00 WIB"."""
    early = judge(puskesmas(), OUT, THURSDAY, "13:59")
    assert (early.outcome, early.minutes, early.band) == (Outcome.LEFT_EARLY, 1, "PSW1")
    assert_cites(early.rule, "Pasal 6 ayat (2) huruf a")
    assert judge(puskesmas(), OUT, THURSDAY, "14:00").outcome is Outcome.ON_TIME


def test_puskesmas_friday_check_out_opens_at_1430():
    """Pasal 6 ayat (2) huruf b: "... dengan Absensi online kedua dilakukan mulai pukul
    14.30 WIB"."""
    early = judge(puskesmas(), OUT, FRIDAY, "14:29")
    assert (early.outcome, early.minutes) == (Outcome.LEFT_EARLY, 1)
    assert_cites(early.rule, "Pasal 6 ayat (2) huruf b")
    on_time = judge(puskesmas(), OUT, FRIDAY, "14:30")
    assert on_time.outcome is Outcome.ON_TIME
    assert_cites(on_time.rule, "Pasal 6 ayat (2) huruf b")


# --- five and six work days -------------------------------------------------------------------


def test_saturday_is_not_a_work_day_at_the_dinas():
    """Pasal 6 ayat (1): "Absensi online pada Dinas Kesehatan ... dengan 5 (lima) hari kerja"."""
    verdict = judge(dinas(), IN, SATURDAY, "07:15", DINKES)
    assert verdict.outcome is Outcome.NOT_WORK_DAY
    assert not verdict.accepted
    assert_cites(verdict.rule, "Pasal 6 ayat (1)")


def test_saturday_is_a_work_day_at_the_puskesmas():
    """Pasal 6 ayat (2): "Absensi online pada Puskesmas dan Rumah Sakit dengan 6 (enam) hari
    kerja". No Saturday hours are given: Saturday follows Senin-Kamis (a documented default)."""
    sites = {"pkm": Circle(PUSKESMAS, 100)}
    on_time = judge(puskesmas(), IN, SATURDAY, "07:15", PUSKESMAS, sites=sites)
    assert on_time.outcome is Outcome.ON_TIME
    late = judge(puskesmas(), IN, SATURDAY, "07:40", PUSKESMAS, sites=sites)
    assert (late.outcome, late.minutes) == (Outcome.LATE, 10)
    assert judge(puskesmas(), OUT, SATURDAY, "14:00").outcome is Outcome.ON_TIME
    assert any("Saturday" in note.quote for note in puskesmas().notes)


def test_sunday_is_not_a_work_day_at_the_puskesmas():
    """Pasal 6 ayat (2): "... dengan 6 (enam) hari kerja"."""
    verdict = judge(puskesmas(), IN, SUNDAY, "07:15")
    assert verdict.outcome is Outcome.NOT_WORK_DAY
    assert_cites(verdict.rule, "Pasal 6 ayat (2)")


# --- radius -----------------------------------------------------------------------------------


def test_radius_is_100_m():
    """Pasal 8 ayat (1): "dalam jangkauan radius 100 meter dari lokasi kantor yang telah
    ditentukan ditandai oleh Global Positioning System (GPS)"."""
    assert dinas().radius_m.value == 100
    assert_cites(dinas().radius_m.rule, "Pasal 8 ayat (1)")


@pytest.mark.parametrize("azimuth", [0, 90, 225])
def test_position_99_m_from_the_office_is_inside(azimuth):
    """Pasal 8 ayat (1): "dalam jangkauan radius 100 meter dari lokasi kantor"."""
    verdict = judge(dinas(), IN, MONDAY, "07:10", moved(DINKES, azimuth, 99))
    assert verdict.outcome is Outcome.ON_TIME
    assert verdict.site == "dinkes"


@pytest.mark.parametrize("azimuth", [0, 90, 225])
def test_position_101_m_from_the_office_is_1_m_outside(azimuth):
    """Pasal 8 ayat (1): "dalam jangkauan radius 100 meter dari lokasi kantor"."""
    verdict = judge(dinas(), IN, MONDAY, "07:10", moved(DINKES, azimuth, 101))
    assert verdict.outcome is Outcome.OUTSIDE_AREA
    assert verdict.distance_m == 1
    assert verdict.site == "dinkes"
    assert_cites(verdict.rule, "Pasal 8 ayat (1)")


def test_check_out_far_from_the_office_is_outside_the_area():
    """Pasal 8 ayat (1) applies to both absensi: 2.5 km away is 2,400 m outside."""
    verdict = judge(dinas(), OUT, MONDAY, "16:05", moved(DINKES, 10, 2500))
    assert (verdict.outcome, verdict.distance_m) == (Outcome.OUTSIDE_AREA, 2400)


def test_staff_clock_in_at_the_gps_point_of_their_pustu():
    """Pasal 3 ayat (4) huruf d: "Melakukan pengaturan titik lokasi Global Positioning System
    (GPS) setiap UPT Puskesmas dan Pustu serta Poskesdes"."""
    sites = {"pkm-sekayu": Circle(PUSKESMAS, 100), "pustu": Circle(PUSTU, 100)}
    verdict = judge(puskesmas(), IN, MONDAY, "07:20", moved(PUSTU, 45, 60), sites=sites)
    assert (verdict.outcome, verdict.site) == (Outcome.ON_TIME, "pustu")
    away = judge(puskesmas(), IN, MONDAY, "07:20", moved(PUSTU, 45, 150), sites=sites)
    assert (away.outcome, away.site, away.distance_m) == (Outcome.OUTSIDE_AREA, "pustu", 50)


# --- evidence and approval ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "evidence"),
    [
        (AbsenceCode.S, Evidence.SICK_LETTER),
        (AbsenceCode.I, Evidence.PERMIT_LETTER),
        (AbsenceCode.C, Evidence.APPROVED_LEAVE),
        (AbsenceCode.DL, Evidence.ASSIGNMENT),
        (AbsenceCode.T, Evidence.ASSIGNMENT),
        (AbsenceCode.P, Evidence.STUDY_ORDER),
    ],
)
def test_every_absence_needs_an_uploaded_scan(code, evidence):
    """Pasal 7 ayat (1): "perjalanan Dinas dengan keharusan menginap, tugas belajar, sakit,
    izin, cuti ... wajib mengupload bukti scan pendukung pada aplikasi absensi online"."""
    for policy in (dinas(), puskesmas()):
        for days in (1, 3, 20):
            rules = required_evidence(policy.evidence, code, None, days)
            assert [r.requires for r in rules] == [evidence]
            assert_cites(rules[0].rule, "Pasal 7 ayat (1)")


def test_tk_is_never_requested():
    """Pasal 7 ayat (1) lists the valid reasons; TK is what remains without one."""
    with pytest.raises(InvalidAbsence, match="derived"):
        check_type("TK", None)


def test_admin_verifies_permits():
    """Pasal 3 ayat (6) huruf a: Admin bertugas "Memverifikasi izin staf wilayah kerja
    masing-masing"."""
    assert dinas().approver.value == "admin"
    assert_cites(puskesmas().approver.rule, "Pasal 3 ayat (6) huruf a")


def test_no_fallback_quota_revision_days_or_transfer_grace_are_set():
    """The Keputusan sets none: Pasal 3 ayat (2) huruf c only says the super admin moves
    attendance "pegawai yang mutasi sesuai dengan tempat tugas yang baru"."""
    policy = dinas()
    assert policy.fallback_per_month.value is None
    assert policy.revision_days is None
    assert policy.transfer_grace_days.value == 0
    assert policy.duty_radius_m.value is None
