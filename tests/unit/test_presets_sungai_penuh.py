"""Peraturan Walikota Sungai Penuh 12/2023, SIABON (001_0a3a5d99b1ed9a52.txt).

The Perwal sets the windows relative to working hours it does not state; the preset's `hours`
default to Senin-Kamis 07:30-16:00, Jumat 07:30-16:30. Each test quotes the article it checks.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.absence import AbsenceCode, Evidence, required_evidence
from core.geo import Circle, Point
from core.policy import Policy
from core.presets import PRESETS, InvalidPresetParameter, build_preset
from core.presets.sungai_penuh import EVENT_SITE
from core.rules import Direction, Outcome
from core.schedule import EventRule, InvalidSchedule, Window, parse_clock
from tests.unit.preset_support import Judge, moved

FILE = "001_0a3a5d99b1ed9a52.txt"
ZONE = "Asia/Jakarta"
IN, OUT = Direction.IN, Direction.OUT

# Kantor Walikota Sungai Penuh and Lapangan Merdeka, where ceremonies are held.
BALAI_KOTA = Point(-2.0630, 101.3945)
LAPANGAN = Point(-2.0596, 101.3912)

MONDAY, WEDNESDAY, FRIDAY, SATURDAY = (
    date(2024, 3, 4),
    date(2024, 3, 6),
    date(2024, 3, 8),
    date(2024, 3, 9),
)
HUT_RI = date(2024, 8, 17)  # a Saturday: the ceremony is attended all the same


def policy(**params) -> Policy:
    return build_preset("sungai-penuh", params)


def with_ceremony(day: date, start: str) -> Policy:
    """A ceremony placed as an organisation places one: its start, the preset's lead time."""
    base = policy()
    begins = parse_clock(start)
    ceremony = EventRule(
        "upacara",
        "Upacara HUT RI",
        Window(begins - base.event_lead_min.value, begins + 60),
        begins,
        base.event_lead_min.rule,
        dates=frozenset({day}),
        site="lapangan",
        site_rule=EVENT_SITE,
    )
    return Policy(**{**base.__dict__, "events": (ceremony,)})


JUDGE = Judge(FILE, ZONE, policy, ("balai_kota", BALAI_KOTA))
utc, assert_cites = JUDGE.utc, JUDGE.assert_cites
judge = JUDGE


def test_preset_is_judged_in_wib():
    assert PRESETS["sungai-penuh"].zone == ZONE
    assert PRESETS["sungai-penuh"].file == FILE


# --- check-in: Pasal 11 ayat (2) and (7) ------------------------------------------------------


def test_check_in_opens_30_minutes_before_work_starts():
    """Pasal 11 ayat (2): "Absensi Online pada saat masuk jam kerja ... dilakukan paling cepat
    30 (tiga puluh) menit sebelum masuk Jam kerja."."""
    early = judge(IN, MONDAY, "06:59", BALAI_KOTA, seconds=59)
    assert (early.outcome, early.minutes) == (Outcome.TOO_EARLY, 1)
    assert_cites(early.rule, "Pasal 11 ayat (2)")
    opens = judge(IN, MONDAY, "07:00", BALAI_KOTA)
    assert opens.outcome is Outcome.ON_TIME
    assert opens.window == "07:00-15:59"
    assert_cites(opens.rule, "Pasal 11 ayat (2)")


def test_check_in_is_on_time_until_work_starts():
    """Pasal 11 ayat (2): "... sebelum masuk Jam kerja" (07:30 by default), its minute
    included."""
    verdict = judge(IN, WEDNESDAY, "07:30", BALAI_KOTA, seconds=59)
    assert verdict.outcome is Outcome.ON_TIME
    assert_cites(verdict.rule, "Pasal 11 ayat (2)")


def test_check_in_after_work_starts_is_late():
    """Pasal 11 ayat (7): "Absensi online yang dilakukan diluar waktu yang telah ditentukan
    sebagaimana dimaksud pada ayat (2), ayat (3) dan ayat (4) dinyatakan terlambat."."""
    verdict = judge(IN, WEDNESDAY, "07:31", BALAI_KOTA)
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LATE, 1, "TL1")
    assert_cites(verdict.rule, "Pasal 11 ayat (7)")
    later = judge(IN, WEDNESDAY, "09:15", BALAI_KOTA)
    assert (later.minutes, later.band) == (105, "TL4")
    assert_cites(later.rule, "Pasal 11 ayat (7)")


# --- check-out: Pasal 11 ayat (3) ---------------------------------------------------------------


def test_check_out_is_on_time_from_the_end_of_work_to_30_minutes_after():
    """Pasal 11 ayat (3): "Absensi Online pada saat pulang kerja dilakukan paling lambat 30
    (tiga puluh) menit setelah jam pulang kerja."."""
    for clock in ("16:00", "16:15", "16:30"):
        verdict = judge(OUT, MONDAY, clock, BALAI_KOTA)
        assert verdict.outcome is Outcome.ON_TIME, clock
        assert_cites(verdict.rule, "Pasal 11 ayat (3)")
    assert judge(OUT, MONDAY, "16:30", seconds=59).outcome is Outcome.ON_TIME


def test_check_out_more_than_30_minutes_after_work_is_recorded_late():
    """Pasal 11 ayat (3): "paling lambat 30 (tiga puluh) menit setelah jam pulang kerja"; ayat
    (7): "Absensi online yang dilakukan diluar waktu ... ayat (3) ... dinyatakan terlambat".
    Recorded, late by the minutes after the window closed, not a missing check-out."""
    verdict = judge(OUT, MONDAY, "16:31", BALAI_KOTA)
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LATE, 1, "TL1")
    assert verdict.accepted
    assert verdict.window == "16:00-16:30"
    assert_cites(verdict.rule, "Pasal 11 ayat (7)")
    evening = judge(OUT, MONDAY, "18:00", BALAI_KOTA)
    assert (evening.outcome, evening.minutes, evening.band) == (Outcome.LATE, 90, "TL3")


def test_check_in_after_its_window_is_recorded_late():
    """Pasal 11 ayat (7) covers ayat (2) too: a check-in once the check-out window has opened
    is late by its minutes after 07:30, not refused."""
    verdict = judge(IN, WEDNESDAY, "16:10", BALAI_KOTA)
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LATE, 520, "TL4")
    assert_cites(verdict.rule, "Pasal 11 ayat (7)")


def test_a_missed_apel_does_not_shut_the_day():
    """An apel gabungan placed on Monday (ayat (4)-(5)): after its window a check-in at the office
    is judged against the work window, late as on Tuesday, and the apel is recorded missed."""
    apel = EventRule(
        "apel_gabungan",
        "Apel Gabungan",
        Window(420, 510),
        450,
        policy().event_lead_min.rule,
        weekdays=frozenset({0}),
        site="lapangan",
        site_rule=EVENT_SITE,
    )
    monday = Policy(**{**policy().__dict__, "events": (apel,)})
    verdict = judge(IN, MONDAY, "09:00", BALAI_KOTA, with_policy=monday)
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LATE, 90, "TL3")
    assert (verdict.missed_event, verdict.event, verdict.site) == (
        "apel_gabungan",
        None,
        "balai_kota",
    )
    assert verdict.as_dict()["missed_event"] == "apel_gabungan"
    tuesday = judge(IN, MONDAY + timedelta(days=1), "09:00", BALAI_KOTA, with_policy=monday)
    assert (tuesday.outcome, tuesday.minutes, tuesday.missed_event) == (Outcome.LATE, 90, None)


def test_check_out_before_work_ends_is_leaving_early():
    """Pasal 12 ayat (4): "yang sakit atau izin sebelum jam kerja berakhir, melakukan absensi
    online kedua pada saat akan meninggalkan tugas"."""
    verdict = judge(OUT, MONDAY, "15:59", BALAI_KOTA)
    assert (verdict.outcome, verdict.minutes, verdict.band) == (Outcome.LEFT_EARLY, 1, "PSW1")
    assert verdict.accepted
    assert_cites(verdict.rule, "Pasal 11 ayat (3)")
    assert any(note.article == "Pasal 12 ayat (4)" for note in policy().notes)


def test_friday_check_out_window_follows_the_friday_hours():
    """Pasal 11 ayat (3) with the default Friday hours 07:30-16:30: 16:30 to 17:00."""
    assert judge(OUT, FRIDAY, "16:29").outcome is Outcome.LEFT_EARLY
    assert judge(OUT, FRIDAY, "17:00").outcome is Outcome.ON_TIME
    late = judge(OUT, FRIDAY, "17:01")
    assert (late.outcome, late.minutes) == (Outcome.LATE, 1)  # ayat (7)


def test_weekend_is_not_a_work_day_with_the_default_hours():
    """Pasal 11 ayat (1): "Absensi online dilakukan sebanyak 2 (dua) kali yaitu pada saat masuk
    kerja dan pada saat pulang kerja" on the days of the local hours (Monday-Friday)."""
    verdict = judge(IN, SATURDAY, "07:15", BALAI_KOTA)
    assert verdict.outcome is Outcome.NOT_WORK_DAY
    assert_cites(verdict.rule, "Pasal 11 ayat (1)")


# --- local hours as a parameter -----------------------------------------------------------------


def test_windows_follow_the_local_hours_given():
    """Pasal 11 ayat (2) and (3) are relative: with hours 08:00-15:00 check-in opens at 07:30 and
    check-out closes at 15:30."""
    custom = policy(hours={"mon-sat": "08:00-15:00"})
    assert judge(IN, SATURDAY, "07:29", with_policy=custom).outcome is Outcome.TOO_EARLY
    assert judge(IN, SATURDAY, "08:00", with_policy=custom).outcome is Outcome.ON_TIME
    late = judge(IN, SATURDAY, "08:01", with_policy=custom)
    assert (late.outcome, late.minutes) == (Outcome.LATE, 1)
    assert judge(OUT, SATURDAY, "15:30", with_policy=custom).outcome is Outcome.ON_TIME
    after = judge(OUT, SATURDAY, "15:31", with_policy=custom)
    assert (after.outcome, after.minutes, after.window) == (Outcome.LATE, 1, "15:00-15:30")


def test_night_hours_put_the_check_out_window_on_the_next_morning():
    """Pasal 11 ayat (3) for a shift 22:00-06:00: check-out until 06:30 the next day."""
    night = policy(hours={"mon-sun": "22:00-06:00"})
    verdict = judge(OUT, date(2024, 3, 5), "06:30", with_policy=night)
    assert (verdict.outcome, verdict.work_date) == (Outcome.ON_TIME, MONDAY)
    assert judge(OUT, date(2024, 3, 5), "06:31", with_policy=night).outcome is (
        Outcome.OUTSIDE_WINDOW
    )


def test_bad_hours_are_rejected():
    with pytest.raises(InvalidSchedule, match="unknown weekday"):
        policy(hours={"senin": "07:30-16:00"})
    with pytest.raises(InvalidPresetParameter, match="HH:MM-HH:MM"):
        policy(hours={"mon": "07:30"})
    with pytest.raises(InvalidPresetParameter, match="no parameter 'radius_m'"):
        policy(radius_m=50)


# --- radius: Pasal 13 -------------------------------------------------------------------------


def test_radius_is_30_m():
    """Pasal 13: "dalam jangkauan radius maksimal 30 (tiga puluh) meter dari lokasi kantor"."""
    assert policy().radius_m.value == 30
    assert_cites(policy().radius_m.rule, "Pasal 13")


@pytest.mark.parametrize("azimuth", [0, 72, 180, 290])
def test_position_29_m_from_the_office_is_inside(azimuth):
    """Pasal 13: "radius maksimal 30 (tiga puluh) meter"."""
    verdict = judge(IN, MONDAY, "07:20", moved(BALAI_KOTA, azimuth, 29))
    assert verdict.outcome is Outcome.ON_TIME
    assert verdict.site == "balai_kota"


@pytest.mark.parametrize("azimuth", [0, 72, 180, 290])
def test_position_31_m_from_the_office_is_1_m_outside(azimuth):
    """Pasal 13: "radius maksimal 30 (tiga puluh) meter"."""
    verdict = judge(IN, MONDAY, "07:20", moved(BALAI_KOTA, azimuth, 31))
    assert (verdict.outcome, verdict.distance_m) == (Outcome.OUTSIDE_AREA, 1)
    assert_cites(verdict.rule, "Pasal 13")


# --- ceremonies: Pasal 11 ayat (4) and (5) -----------------------------------------------------


def test_ceremony_check_in_opens_30_minutes_before_its_schedule():
    """Pasal 11 ayat (5): "Absensi online pelaksanaan apel gabungan atau upacara peringatan hari
    besar dilakukan paling cepat 30 (tiga puluh) menit dari jadwal yang telah ditentukan."."""
    ceremony = with_ceremony(HUT_RI, "08:00")
    event_sites = {"lapangan": Circle(LAPANGAN, 30)}
    early = judge(IN, HUT_RI, "07:29", LAPANGAN, with_policy=ceremony, event_sites=event_sites)
    assert (early.outcome, early.minutes, early.event) == (Outcome.TOO_EARLY, 1, "upacara")
    assert_cites(early.rule, "Pasal 11 ayat (5)")
    opens = judge(IN, HUT_RI, "07:30", LAPANGAN, with_policy=ceremony, event_sites=event_sites)
    assert (opens.outcome, opens.site) == (Outcome.ON_TIME, "lapangan")
    late = judge(IN, HUT_RI, "08:01", LAPANGAN, with_policy=ceremony, event_sites=event_sites)
    assert (late.outcome, late.minutes) == (Outcome.LATE, 1)
    assert_cites(late.rule, "Pasal 11 ayat (5)")


def test_ceremony_check_in_is_at_the_ceremony_site_not_the_office():
    """Pasal 11 ayat (4): "Absensi pada pelaksanaan apel gabungan atau upacara peringatan hari
    besar tetap dilakukan secara online di lokasi pelaksanaan apel gabungan"."""
    ceremony = with_ceremony(HUT_RI, "08:00")
    event_sites = {"lapangan": Circle(LAPANGAN, 30)}
    verdict = judge(IN, HUT_RI, "07:45", BALAI_KOTA, with_policy=ceremony, event_sites=event_sites)
    assert verdict.outcome is Outcome.OUTSIDE_AREA
    assert verdict.site == "lapangan"
    assert verdict.event == "upacara"
    assert verdict.distance_m is not None and verdict.distance_m > 400
    assert_cites(verdict.rule, "Pasal 11 ayat (4)")
    just_out = judge(
        IN, HUT_RI, "07:45", moved(LAPANGAN, 10, 31), with_policy=ceremony, event_sites=event_sites
    )
    assert (just_out.outcome, just_out.distance_m) == (Outcome.OUTSIDE_AREA, 1)


def test_event_lead_is_30_minutes():
    """Pasal 11 ayat (5): "paling cepat 30 (tiga puluh) menit dari jadwal"."""
    assert policy().event_lead_min.value == 30
    assert_cites(policy().event_lead_min.rule, "Pasal 11 ayat (5)")


# --- absences and admin -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "evidence", "article"),
    [
        (AbsenceCode.S, Evidence.DOCTOR_NOTE, "Pasal 12 ayat (5)"),
        (AbsenceCode.I, Evidence.PERMIT_LETTER, "Pasal 12 ayat (5)"),
        (AbsenceCode.C, Evidence.APPROVED_LEAVE, "Pasal 12 ayat (5)"),
        (AbsenceCode.T, Evidence.ASSIGNMENT, "Pasal 12 ayat (2)"),
        (AbsenceCode.DL, Evidence.ASSIGNMENT, "Pasal 12 ayat (1)"),
        (AbsenceCode.P, Evidence.ASSIGNMENT, "Pasal 12 ayat (1)"),
    ],
)
def test_absence_evidence(code, evidence, article):
    """Pasal 12 ayat (5): "berdasarkan surat tugas, surat keterangan sakit, persetujuan izin dan
    persetujuan cuti ASN"; ayat (1): "tugas kedinasan, pendidikan atau pelatihan dibuktikan
    dengan Surat Perintah Tugas dihitung sebagai masuk kerja"."""
    rules = required_evidence(policy().evidence, code, None, 1)
    assert [r.requires for r in rules] == [evidence]
    assert_cites(rules[0].rule, article)


def test_local_duty_is_proven_by_an_assignment_letter_or_a_photo_at_the_activity():
    """Pasal 12 ayat (2): "melaksanakan kegiatan kedinasan, tetapi bukan merupakan dinas luar
    daerah ... dihitung sebagai masuk kerja yang dibuktikan dengan print foto sedang mengikuti
    kegiatan"; ayat (3): "dibuktikan dengan print foto atau surat tugas/keterangan/dispensasi":
    one of the two, not both."""
    [rule] = required_evidence(policy().evidence, AbsenceCode.T, "dinas_dalam", 1)
    assert rule.accepts == (Evidence.ASSIGNMENT, Evidence.ACTIVITY_PHOTO)
    assert rule.satisfied_by({Evidence.ACTIVITY_PHOTO})
    assert rule.satisfied_by({Evidence.ASSIGNMENT})
    assert not rule.satisfied_by({Evidence.PERMIT_LETTER})
    assert "print foto sedang mengikuti kegiatan" in rule.rule.quote
    # Travel out of the region (DL) still needs the surat tugas itself (ayat (1)).
    [travel] = required_evidence(policy().evidence, AbsenceCode.DL, "luar_kota", 1)
    assert travel.accepts == (Evidence.ASSIGNMENT,)


def test_unit_admin_verifies_absence_notes():
    """Pasal 7 ayat (3) huruf a: "memverifikasi dan validasi keterangan ketidakhadiran pegawai
    di lingkungan kerjanya"."""
    assert policy().approver.value == "admin"
    assert_cites(policy().approver.rule, "Pasal 7 ayat (3) huruf a")


def test_manual_fallback_has_no_monthly_quota():
    """Pasal 11 ayat (6): "Jika terdapat kendala dalam penerapan absensi online ... maka
    absensi dilakukan secara manual." No quota is set."""
    assert policy().fallback_per_month.value is None
    assert any(note.article == "Pasal 11 ayat (6)" for note in policy().notes)


def test_monthly_recap_is_the_basis_of_tpp():
    """Pasal 14 ayat (1): "sebagai bahan evaluasi dan dasar pembayaran TPP setiap bulan"."""
    assert any(note.article == "Pasal 14 ayat (1)" for note in policy().notes)
