"""Peraturan Bupati Konawe Kepulauan 18/2023 (LBP SIMPEGNAS presensi daring). WITA.

Two inputs a day "sesuai jam kerja" of Perbup 16/2021, which is not restated: parameter `hours`
(default Senin-Kamis 07:30-16:00, Jumat 07:30-16:30) and `opens_before` (minutes before work a
check-in is accepted, default 60). Apel gabungan on Monday and senam (SKJ) on Friday at the
Bupati's office: parameter `apel_start` (default 07:30).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.absence import AbsenceCode, Evidence, EvidenceRule
from core.citations import Citation, default
from core.policy import MISSED_RECORD, Policy, Rule
from core.presets.common import (
    FIVE_DAY_HOURS,
    InvalidPresetParameter,
    check_params,
    office_day,
    parse_hours,
)
from core.reporting import ReportDeadline
from core.schedule import EventRule, Week, Window, parse_clock

FILE = "004_484ed01ec6d6b16a.txt"
INSTRUMENT = "Perbup Konawe Kepulauan 18/2023"


def cite(pasal: str, ayat: str = "", point: str = "", quote: str = "") -> Citation:
    return Citation(FILE, INSTRUMENT, pasal, ayat, point, quote)


TWICE = cite(
    "8",
    "1",
    quote="Setiap ASN wajib melakukan 2 kali input Presensi Daring yaitu "
    "ketika masuk kerja dan pulang kerja sesuai jam kerja",
)
FALLBACK = cite(
    "9",
    "6",
    quote="telepon genggam ASN tertinggal, hanya diberikan toleransi 3 "
    "(tiga) kali kehadiran untuk melakukan Presensi Sidik Jari dalam 1 (satu) bulan",
)
EARLY_LEAVE = cite(
    "9",
    "4",
    quote="sebelum jam kerja berakhir, sakit atau izin ... dapat "
    "melakukan Presensi Daring pulang kerja pada saat akan meninggalkan tugas",
)
TRAVEL = cite(
    "9",
    "5",
    quote="perjalanan Dinas, maka ASN melakukan Presensi Daring di tempat "
    "tugas dengan melampirkan ... Surat Perintah Perjalanan Dinas ... dan Surat Perintah "
    "Tugas",
)
TRAVEL_ORDER = cite(
    "9",
    "5",
    "huruf a",
    "bukti kehadiran (Surat Perintah Perjalanan Dinas) ditempat pelaksanaan tugas yang "
    "ditandatangani oleh pejabat berwenang/petugas",
)
TRAVEL_ASSIGNMENT = cite(
    "9", "5", "huruf b", "Surat Perintah Tugas yang ditandatangani oleh pejabat yang berwenang"
)
SICK = cite(
    "10",
    "2",
    quote="Sakit ... harus dibuktikan surat izin sakit, apabila sakit lebih "
    "dari dua hari harus dilampiri dengan surat keterangan dokter.",
)
PERMIT = cite(
    "10",
    "4",
    quote="Ijin ... dapat diberikan atau disetujui oleh atasan langsung ASN "
    "atas dasar surat permohonan yang disertai alasan.",
)
# Absence notes entered electronically are the operator's, with their evidence: the unit admin
# verifies sick notes, duty, study and cuti, which comes with its Surat Izin Cuti (Pasal 10 ayat
# (1) huruf d, granted under the national leave rules); only permits are the direct
# supervisor's (PERMIT).
OPERATOR = cite(
    "11",
    "1",
    quote="Dalam hal pengisian daftar hadir dilakukan secara elektronik, pengisian keterangan "
    "tidak masuk kerja dilakukan oleh operator disertai dengan bukti.",
)
# Attendance not made online at the time is vouched for by a letter: the evidence of a request
# for a missed record.
MISSED_EVIDENCE = cite(
    "9",
    "3",
    quote="tidak dapat melakukan Presensi Daring baik pada saat masuk kerja dan/atau pulang "
    "kerja ... Kepala OPD/UPT/Unit Kerja membuat Surat Keterangan",
)
DUTY = cite("10", "5", quote="Tugas Dinas (T) ... dibuktikan dengan surat perintah/tugas")
LEAVE = cite("10", "1", "huruf d", "C (cuti) yang dibuktikan dengan Surat Izin Cuti")
STUDY = cite(
    "10",
    "7",
    quote="Pendidikan/Diklat ... dibuktikan dengan surat tugas belajar/Diklat "
    "yang dikeluarkan oleh Bupati.",
)
REVISION = cite(
    "13",
    "4",
    quote="perubahan data dan/atau revisi bulan berjalan, dapat dilakukan "
    "pada tanggal 1 (satu) sampai dengan tanggal 4 (empat) di bulan berikutnya.",
)
REPORT = cite(
    "13",
    "1-3",
    quote="Laporan ... disampaikan pada minggu pertama setiap bulan. Apabila tanggal ... "
    "bertepatan dengan hari libur, laporan disampaikan pada 1 (satu) hari kerja berikutnya.",
)
TRANSFER = cite(
    "17",
    "1",
    quote="diberi waktu paling lama 1 (satu) minggu untuk menyelesaikan "
    "pekerjaan di tempat yang lama",
)
SPECIAL_HOURS = cite(
    "17",
    "2",
    quote="Ketentuan jam kerja khusus diberlakukan untuk: a. tenaga "
    "kesehatan yang melaksanakan shift; b. penjaga sekolah; ...",
)
# The rota's hours: the pengelola sets the shifts (Pasal 6 ayat (3) huruf g) and shift health
# workers keep special hours (Pasal 17 ayat (2) huruf a).
ROTA = cite(
    "6",
    "3",
    "huruf g; Pasal 17 ayat (2) huruf a",
    quote="menentukan pengaturan shift; ... Ketentuan jam kerja khusus diberlakukan untuk: a. "
    "tenaga kesehatan yang melaksanakan shift",
)
APEL = cite(
    "1",
    point="angka 23",
    quote="Apel Gabungan adalah kegiatan berkumpul Aparatur Sipil "
    "Negara seluruh OPD ... pada setiap hari Senin di halaman kantor Bupati",
)
SENAM = cite(
    "1", point="angka 24", quote="Apel Senam Kesegaran Jasmani atau SKJ ... pada setiap hari Jum'at"
)
OPENS = default("Perbup 18/2023 sets no earliest check-in: 60 minutes before work starts")
APEL_WINDOW = default(
    "Perbup 18/2023 names the Monday apel and Friday SKJ (Pasal 1 angka 23-24) but no times: "
    "check-in from 30 minutes before the start, on time until the start, closing an hour after"
)


def _evidence() -> tuple[EvidenceRule, ...]:
    return (
        EvidenceRule(AbsenceCode.S, Evidence.SICK_LETTER, SICK, max_days=2),
        EvidenceRule(AbsenceCode.S, Evidence.DOCTOR_NOTE, SICK, min_days=3),
        EvidenceRule(AbsenceCode.I, Evidence.PERMIT_LETTER, PERMIT),
        EvidenceRule(AbsenceCode.T, Evidence.ASSIGNMENT, DUTY),
        # Both: the SPPD (huruf a) and the SPT (huruf b).
        EvidenceRule(AbsenceCode.DL, Evidence.TRAVEL_ORDER, TRAVEL_ORDER),
        EvidenceRule(AbsenceCode.DL, Evidence.ASSIGNMENT, TRAVEL_ASSIGNMENT),
        EvidenceRule(AbsenceCode.C, Evidence.APPROVED_LEAVE, LEAVE),
        EvidenceRule(AbsenceCode.P, Evidence.STUDY_ORDER, STUDY),
    )


def build(params: Mapping[str, Any]) -> Policy:
    """Work-hour windows, apel Monday and SKJ Friday, 3 fingerprint fallbacks a month,
    official travel clocked in at its destination."""
    check_params(params, {"hours", "opens_before", "apel_start"}, "konawe-kepulauan")
    hours = parse_hours(params.get("hours", FIVE_DAY_HOURS))
    opens_before = params.get("opens_before", 60)
    if not isinstance(opens_before, int) or not 0 <= opens_before <= 240:
        raise InvalidPresetParameter("opens_before must be whole minutes from 0 to 240")
    days = {
        day: office_day(
            work, opens_before=opens_before, closes_after=None, in_rule=TWICE, out_rule=TWICE
        )
        for day, work in hours.items()
    }
    start = parse_clock(params.get("apel_start", "07:30"))
    window = Window(start - 30, start + 60)
    events = (
        EventRule(
            "apel_gabungan",
            "Apel Gabungan",
            window,
            start,
            APEL_WINDOW,
            weekdays=frozenset({0}),
            site_rule=APEL,
        ),
        EventRule(
            "senam",
            "Senam Kesegaran Jasmani",
            window,
            start,
            APEL_WINDOW,
            weekdays=frozenset({4}),
            site_rule=SENAM,
        ),
    )
    return Policy(
        key="konawe-kepulauan",
        title="Kabupaten Konawe Kepulauan - LBP SIMPEGNAS",
        week=Week(days, TWICE),
        radius_m=Rule(100, default("Perbup 18/2023 sets no radius: 100 m")),
        events=events,
        evidence=_evidence(),
        fallback_per_month=Rule(3, FALLBACK),
        revision_days=(1, 4),
        revision_rule=REVISION,
        # The first week: by the 7th, or the next working day when the 7th is a holiday.
        report_deadline=ReportDeadline(7, next_working_day=True, rule=REPORT),
        transfer_grace_days=Rule(7, TRANSFER),
        travel_clock_in=Rule(True, TRAVEL),
        approver=Rule("admin", OPERATOR),
        # A permit (Pasal 10 ayat (3)-(4)), and a missed record asked for like one.
        approver_by_type={
            "I": Rule("supervisor", PERMIT),
            MISSED_RECORD: Rule("supervisor", PERMIT),
        },
        rota_rule=ROTA,
        missed_evidence=Rule("required", MISSED_EVIDENCE),
        notes=(OPENS, EARLY_LEAVE, SPECIAL_HOURS),
    )
