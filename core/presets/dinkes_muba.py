"""Keputusan Kepala Dinas Kesehatan Kab. Musi Banyuasin B-800/18/KPTS-KES/2023 (e-presensi).

Two variants: the Dinas itself (5-day week, out from 16:00, Fri 16:30) and its Puskesmas and
hospitals (6-day week, out from 14:00, Fri 14:30). WIB.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from core.absence import AbsenceCode, Evidence, EvidenceRule
from core.citations import Citation, default
from core.policy import Policy, Rule
from core.presets.common import check_params
from core.reporting import ReportDeadline
from core.schedule import DaySchedule, Week

FILE = "000_ec26450856fff25c.txt"
INSTRUMENT = "Keputusan Kadinkes Musi Banyuasin B-800/18/KPTS-KES/2023"


def cite(pasal: str, ayat: str = "", point: str = "", quote: str = "") -> Citation:
    return Citation(FILE, INSTRUMENT, pasal, ayat, point, quote)


DINAS_MON_THU = cite(
    "6",
    "1",
    "huruf a",
    "Senin sampai Kamis absensi online pertama dilakukan mulai pukul 07.00 WIB sampai dengan "
    "pukul 07.30 WIB. Absensi online kedua dilakukan mulai pukul 16.00 WIB",
)
DINAS_FRI = cite(
    "6",
    "1",
    "huruf b",
    "Absensi online pertama khusus hari Jum'at dilakukan mulai pukul 07.00 WIB sampai dengan "
    "pukul 07.30 WIB. Absensi online kedua dilakukan mulai pukul 16.30 WIB",
)
PKM_MON_THU = cite(
    "6",
    "2",
    "huruf a",
    "Senin sampai Kamis absensi online pertama dilakukan mulai pukul 07.00 WIB sampai dengan "
    "pukul 07.30 WIB, Absensi online kedua dilakukan mulai pukul 14.00 WIB",
)
PKM_FRI = cite(
    "6",
    "2",
    "huruf b",
    "Absensi online pertama khusus hari Jum'at dilakukan mulai pukul 07.00 WIB sampai dengan "
    "pukul 07.30 WIB dengan Absensi online kedua dilakukan mulai pukul 14.30 WIB",
)
LATE = cite(
    "6",
    "3",
    quote="Absensi online yang dilakukan diluar waktu yang telah ditentukan ... dinyatakan "
    "terlambat.",
)
DINAS_WEEK = cite("6", "1", quote="Dinas Kesehatan ... dengan 5 (lima) hari kerja")
PKM_WEEK = cite("6", "2", quote="Puskesmas dan Rumah Sakit dengan 6 (enam) hari kerja")
RADIUS = cite(
    "8",
    "1",
    quote="dalam jangkauan radius 100 meter dari lokasi kantor yang telah ditentukan ditandai "
    "oleh Global Positioning System (GPS)",
)
EVIDENCE = cite(
    "7",
    "1",
    quote="perjalanan Dinas ..., tugas belajar, sakit, izin, cuti ... wajib mengupload bukti "
    "scan pendukung pada aplikasi absensi online",
)
APPROVER = cite("3", "6", "huruf a", "Memverifikasi izin staf wilayah kerja masing-masing")
REPORT = cite(
    "3",
    "4",
    "huruf a",
    "Pengelola Absensi Online bertugas : a. Mencetak Laporan Absensi Online setiap awal bulan "
    "berikutnya",
)
# "Setiap awal bulan berikutnya" read as its first working day: the strictest reading, and the
# day the month's report is pushed to the heads and admins.
REPORT_DEADLINE = ReportDeadline(1, next_working_day=True, rule=REPORT)
SATURDAY = default(
    "Pasal 6 ayat (2) gives a 6-day week but no Saturday hours: Saturday follows Monday-Thursday"
)


def _day(out_from: str, rule: Citation, label: str) -> DaySchedule:
    # The second check-in has no end in the Keputusan: it stays open until the end of the day.
    return DaySchedule.build(
        work=("07:30", out_from),
        check_in=("07:00", _minus_one(out_from)),
        on_time_until="07:30",
        check_out=(out_from, "23:59"),
        in_rule=rule,
        label=label,
    )


def _minus_one(clock: str) -> str:
    hours, minutes = map(int, clock.split(":"))
    total = hours * 60 + minutes - 1
    return f"{total // 60:02d}:{total % 60:02d}"


def _evidence() -> tuple[EvidenceRule, ...]:
    kinds = {
        AbsenceCode.S: Evidence.SICK_LETTER,
        AbsenceCode.I: Evidence.PERMIT_LETTER,
        AbsenceCode.C: Evidence.APPROVED_LEAVE,
        AbsenceCode.DL: Evidence.ASSIGNMENT,
        AbsenceCode.T: Evidence.ASSIGNMENT,
        AbsenceCode.P: Evidence.STUDY_ORDER,
    }
    return tuple(EvidenceRule(code, kind, EVIDENCE) for code, kind in kinds.items())


def dinas(params: Mapping[str, Any]) -> Policy:
    """The Dinas Kesehatan office: Monday-Friday."""
    check_params(params, set(), "dinkes-muba-dinas")
    days = {d: _day("16:00", DINAS_MON_THU, "Senin-Kamis") for d in range(4)}
    days[4] = _day("16:30", DINAS_FRI, "Jumat")
    return _policy("dinkes-muba-dinas", "Dinkes Musi Banyuasin - Dinas (5 hari)", days, DINAS_WEEK)


def puskesmas(params: Mapping[str, Any]) -> Policy:
    """Puskesmas and the hospitals: Monday-Saturday."""
    check_params(params, set(), "dinkes-muba-puskesmas")
    days = {d: _day("14:00", PKM_MON_THU, "Senin-Kamis") for d in range(4)}
    days[4] = _day("14:30", PKM_FRI, "Jumat")
    days[5] = _day("14:00", PKM_MON_THU, "Sabtu")
    title = "Dinkes Musi Banyuasin - Puskesmas/RS (6 hari)"
    return replace(_policy("dinkes-muba-puskesmas", title, days, PKM_WEEK), notes=(SATURDAY,))


def _policy(key: str, title: str, days: dict[int, DaySchedule], week_rule: Citation) -> Policy:
    return Policy(
        key=key,
        title=title,
        week=Week(days, week_rule),
        radius_m=Rule(100, RADIUS),
        late_rule=LATE,
        outside_window_late=LATE,
        evidence=_evidence(),
        approver=Rule("admin", APPROVER),
        report_deadline=REPORT_DEADLINE,
    )
