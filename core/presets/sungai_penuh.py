"""Peraturan Walikota Sungai Penuh 12/2023 (SIABON).

The Perwal fixes the windows relative to working hours it does not state: check-in at most 30
minutes before work starts, check-out at most 30 minutes after it ends. The hours are therefore a
parameter, `hours`, defaulting to `FIVE_DAY_HOURS` (Senin-Kamis 07:30-16:00, Jumat 07:30-16:30).
WIB (Jambi).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.absence import AbsenceCode, Evidence, EvidenceRule
from core.citations import Citation
from core.policy import Policy, Rule
from core.presets.common import FIVE_DAY_HOURS, check_params, office_day, parse_hours
from core.reporting import ReportDeadline
from core.schedule import Week

FILE = "001_0a3a5d99b1ed9a52.txt"
INSTRUMENT = "Perwal Sungai Penuh 12/2023"


def cite(pasal: str, ayat: str = "", point: str = "", quote: str = "") -> Citation:
    return Citation(FILE, INSTRUMENT, pasal, ayat, point, quote)


CHECK_IN = cite(
    "11",
    "2",
    quote="Absensi Online pada saat masuk jam kerja ... dilakukan paling cepat 30 (tiga puluh) "
    "menit sebelum masuk Jam kerja.",
)
CHECK_OUT = cite(
    "11",
    "3",
    quote="Absensi Online pada saat pulang kerja dilakukan paling lambat 30 (tiga puluh) menit "
    "setelah jam pulang kerja.",
)
LATE = cite(
    "11",
    "7",
    quote="Absensi online yang dilakukan diluar waktu yang telah ditentukan sebagaimana dimaksud "
    "pada ayat (2), ayat (3) dan ayat (4) dinyatakan terlambat.",
)
TWICE = cite(
    "11",
    "1",
    quote="Absensi online dilakukan sebanyak 2 (dua) kali yaitu pada saat masuk kerja dan pada "
    "saat pulang kerja.",
)
EVENT = cite(
    "11",
    "5",
    quote="Absensi online pelaksanaan apel gabungan atau upacara peringatan hari besar dilakukan "
    "paling cepat 30 (tiga puluh) menit dari jadwal yang telah ditentukan.",
)
EVENT_SITE = cite(
    "11",
    "4",
    quote="Absensi pada pelaksanaan apel gabungan atau upacara ... dilakukan secara online di "
    "lokasi pelaksanaan apel gabungan",
)
RADIUS = cite(
    "13",
    quote="dalam jangkauan radius maksimal 30 (tiga puluh) meter dari lokasi kantor yang telah "
    "ditentukan/ditandai oleh Global Positioning System (GPS)",
)
APPROVER = cite(
    "7",
    "3",
    "huruf a",
    "memverifikasi dan validasi keterangan ketidakhadiran pegawai di lingkungan kerjanya",
)
EVIDENCE = cite(
    "12",
    "5",
    quote="berdasarkan surat tugas, surat keterangan sakit, persetujuan izin dan persetujuan cuti "
    "ASN yang bersangkutan, yang dilengkapi dengan bukti yang sah",
)
DUTY = cite(
    "12",
    "1",
    quote="tugas kedinasan, pendidikan atau pelatihan dibuktikan dengan Surat Perintah Tugas "
    "dihitung sebagai masuk kerja",
)
# Duty that is not travel out of the region (T, dinas dalam): a photo of the employee at the
# activity proves it as well as the assignment letter of ayat (1) does; ayat (3) likewise takes
# "print foto atau surat tugas/keterangan/dispensasi dan dokumen sejenis lainnya".
LOCAL_DUTY = cite(
    "12",
    "2",
    quote="melaksanakan kegiatan kedinasan, tetapi bukan merupakan dinas luar daerah ... "
    "dihitung sebagai masuk kerja yang dibuktikan dengan print foto sedang mengikuti kegiatan",
)
EARLY_LEAVE = cite(
    "12",
    "4",
    quote="yang sakit atau izin sebelum jam kerja berakhir, melakukan absensi online kedua pada "
    "saat akan meninggalkan tugas",
)
MANUAL = cite(
    "11",
    "6",
    quote="Jika terdapat kendala dalam penerapan absensi online ... maka absensi dilakukan secara "
    "manual.",
)
REPORT = cite(
    "7",
    "3",
    "huruf b dan d",
    "melaporkan hasil rekapitulasi absensi pegawai online kepada Kepala Perangkat Daerah; ... "
    "merekap absensi pegawai online setiap awal bulan berikutnya",
)
TPP = cite("14", "1", quote="sebagai bahan evaluasi dan dasar pembayaran TPP setiap bulan")
# Not filling the attendance in at the time, for an official activity or a social reason:
# counted as present on the evidence handed to the direct supervisor or the admin.
MISSED_EVIDENCE = cite(
    "12",
    "2-3",
    quote="tidak mengisi daftar hadir secara online dan/atau manual pada jam masuk kerja dan/atau "
    "jam pulang kerja, dihitung sebagai masuk kerja yang dibuktikan dengan print foto ... "
    "disampaikan kepada atasan langsung atau Admin yang ditunjuk",
)


def build(params: Mapping[str, Any]) -> Policy:
    """Windows 30 minutes either side of the working hours, 30 m radius."""
    check_params(params, {"hours"}, "sungai-penuh")
    hours = parse_hours(params.get("hours", FIVE_DAY_HOURS))
    days = {
        day: office_day(
            work, opens_before=30, closes_after=30, in_rule=CHECK_IN, out_rule=CHECK_OUT
        )
        for day, work in hours.items()
    }
    evidence = (
        EvidenceRule(AbsenceCode.S, Evidence.DOCTOR_NOTE, EVIDENCE),
        EvidenceRule(AbsenceCode.I, Evidence.PERMIT_LETTER, EVIDENCE),
        EvidenceRule(AbsenceCode.C, Evidence.APPROVED_LEAVE, EVIDENCE),
        # One of the two: the surat tugas (ayat (1)) or a photo at the activity (ayat (2)-(3)).
        EvidenceRule(
            AbsenceCode.T, Evidence.ASSIGNMENT, LOCAL_DUTY, alternatives=(Evidence.ACTIVITY_PHOTO,)
        ),
        EvidenceRule(AbsenceCode.DL, Evidence.ASSIGNMENT, DUTY),
        EvidenceRule(AbsenceCode.P, Evidence.ASSIGNMENT, DUTY),
    )
    return Policy(
        key="sungai-penuh",
        title="Kota Sungai Penuh - SIABON",
        week=Week(days, TWICE),
        radius_m=Rule(30, RADIUS),
        late_rule=LATE,
        outside_window_late=LATE,
        event_lead_min=Rule(30, EVENT),
        event_site_rule=EVENT_SITE,
        evidence=evidence,
        approver=Rule("admin", APPROVER),
        missed_evidence=Rule("required", MISSED_EVIDENCE),
        # "Setiap awal bulan berikutnya" read as its first working day.
        report_deadline=ReportDeadline(1, next_working_day=True, rule=REPORT),
        notes=(EVENT_SITE, EARLY_LEAVE, MANUAL, TPP),
    )
