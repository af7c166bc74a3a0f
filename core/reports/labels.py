"""Words on reports, in Bahasa Indonesia by default (English for other readers)."""

from __future__ import annotations

from core import absence_codes
from core.reports.formats import long_date, month_name

__all__ = [
    "LANGUAGES",
    "LEGEND",
    "WORDS",
    "kind_name",
    "legend",
    "long_date",
    "month_name",
    "status_name",
    "words",
]

LANGUAGES = ("id", "en")

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "title_month": "REKAPITULASI KEHADIRAN PEGAWAI",
        "title_day": "DAFTAR HADIR HARIAN PEGAWAI",
        "summary": "Ringkasan",
        "period": "Periode",
        "date": "Tanggal",
        "printed": "Dicetak",
        "no": "No",
        "identifier": "NIP/NIK",
        "name": "Nama",
        "kind": "Jenis",
        "unit": "Unit Kerja",
        "unit_code": "Kode Unit",
        "employees": "Jumlah Pegawai",
        "work_days": "Hari Kerja",
        "present": "Hadir",
        "on_time": "Tepat Waktu",
        "late": "Terlambat",
        "late_minutes": "Menit Terlambat",
        "early": "Pulang Cepat",
        "early_minutes": "Menit Pulang Cepat",
        "holidays": "Libur",
        "missed_events": "Tidak Apel",
        "missing_in": "Tidak Absen Masuk",
        "missing_out": "Tidak Absen Pulang",
        "lkh_due": "LKH Wajib",
        "lkh_filed": "LKH Dikirim",
        "lkh_verified": "LKH Diverifikasi",
        "lkh_note": "LKH Wajib: hari kerja yang memerlukan laporan kinerja harian (LKH) dan sudah "
        "lewat atau sudah dilaporkan; Potongan TPP termasuk bagian LKH untuk hari wajib LKH "
        "tanpa LKH yang diverifikasi",
        "pending": "Belum Absen",
        "rate": "Tingkat Kehadiran (%)",
        "deduction": "Potongan TPP (%)",
        "tpp": "TPP (Rp)",
        "tpp_cut": "Potongan TPP (Rp)",
        "tpp_paid": "TPP Diterima (Rp)",
        "note": "Keterangan",
        "status": "Status",
        "check_in": "Masuk",
        "check_out": "Pulang",
        "band": "Kategori",
        "late_band": "Kategori Terlambat",
        "early_band": "Kategori Pulang Cepat",
        "revised": "direvisi",
        "source_manual": "manual",
        "source_fingerprint": "sidik jari",
        "source_machine": "mesin presensi",
        "source_request": "pengajuan lupa absen",
        "moved": "juga di",
        "revision": "Masa revisi",
        "admin": "Admin Presensi",
        "head": "Kepala",
        "known": "Mengetahui",
        "total": "Jumlah",
        "legend": "Keterangan kode",
        "nodata": "tidak ada data",
        "page": "Halaman",
        "trend": "Tingkat kehadiran harian",
        "counts": "Status kehadiran",
        "on_time_label": "Tepat Waktu",
        "late_label": "Terlambat",
        "left_early_label": "Pulang Cepat",
        "late_left_early_label": "Terlambat & Pulang Cepat",
        "BELUM_label": "Belum Absen",
        "LIBUR_label": "Libur",
        "-_label": "Bukan Hari Kerja",
        "lines": "baris",
        "bytes": "bita",
        "employees_short": "pegawai",
        "rate_short": "tingkat kehadiran",
        "demo_title": "Status per pegawai",
        "demo_refused": "percobaan yang ditolak",
        "demo_by": "sejauh",
        "demo_intro": "presensi demo — {org}, {day} (WIB), {count} pegawai",
        "demo_chats": "Percakapan Telegram (Bot API offline; tanpa token):",
        "demo_month": "hari kerja lain di {month}: {count} absen dicatat tanpa percakapan, agar "
        "`{command}` membaca satu bulan penuh",
        "demo_audit": "log audit: {count} entri, {verdict}",
        "demo_intact": "rantai utuh",
        "demo_problems": "{count} masalah",
        "detail": "rincian",
        "minutes_short": "mnt",
        "not_at": "tidak ikut",
    },
    "en": {
        "title_month": "MONTHLY ATTENDANCE RECAP",
        "title_day": "DAILY ATTENDANCE LIST",
        "summary": "Summary",
        "period": "Period",
        "date": "Date",
        "printed": "Printed",
        "no": "No",
        "identifier": "NIP/NIK",
        "name": "Name",
        "kind": "Kind",
        "unit": "Unit",
        "unit_code": "Unit code",
        "employees": "Employees",
        "work_days": "Work days",
        "present": "Present",
        "on_time": "On time",
        "late": "Late",
        "late_minutes": "Late minutes",
        "early": "Left early",
        "early_minutes": "Early minutes",
        "holidays": "Holidays",
        "missed_events": "Missed apel",
        "missing_in": "No check-in",
        "missing_out": "No check-out",
        "lkh_due": "LKH due",
        "lkh_filed": "LKH filed",
        "lkh_verified": "LKH verified",
        "lkh_note": "LKH due: work days that need a daily performance report (LKH) and are over "
        "or reported; the TPP deduction includes the LKH share for due days without a verified "
        "report",
        "pending": "Not yet",
        "rate": "Attendance rate (%)",
        "deduction": "TPP deduction (%)",
        "tpp": "TPP (Rp)",
        "tpp_cut": "TPP deduction (Rp)",
        "tpp_paid": "TPP paid (Rp)",
        "note": "Notes",
        "status": "Status",
        "check_in": "In",
        "check_out": "Out",
        "band": "Band",
        "late_band": "Late band",
        "early_band": "Early band",
        "revised": "revised",
        "source_manual": "manual",
        "source_fingerprint": "fingerprint",
        "source_machine": "attendance machine",
        "source_request": "missed-record request",
        "moved": "also in",
        "revision": "Revisions",
        "admin": "Attendance admin",
        "head": "Head of",
        "known": "Acknowledged",
        "total": "Total",
        "legend": "Codes",
        "nodata": "no data",
        "page": "Page",
        "trend": "Daily attendance rate",
        "counts": "Attendance status",
        "on_time_label": "On time",
        "late_label": "Late",
        "left_early_label": "Left early",
        "late_left_early_label": "Late & left early",
        "BELUM_label": "Not yet",
        "LIBUR_label": "Holiday",
        "-_label": "Not a work day",
        "lines": "lines",
        "bytes": "bytes",
        "employees_short": "employees",
        "rate_short": "attendance rate",
        "demo_title": "Status per employee",
        "demo_refused": "refused attempts",
        "demo_by": "by",
        "demo_intro": "presensi demo — {org}, {day} (WIB), {count} employees",
        "demo_chats": "Telegram conversations (offline Bot API; no token needed):",
        "demo_month": "the other work days of {month}: {count} check-ins recorded without a "
        "chat, so that `{command}` reads a whole month",
        "demo_audit": "audit log: {count} entries, {verdict}",
        "demo_intact": "chain intact",
        "demo_problems": "{count} problem(s)",
        "detail": "detail",
        "minutes_short": "min",
        "not_at": "missed",
    },
}

# The day grid's codes around the absence codes (the regulations' letters, plus TAM/TAP for a
# missing record).
LEGEND = {
    "id": (
        "H hadir tepat waktu; TL1-TL4 terlambat; PSW1-PSW4 pulang sebelum waktunya; "
        "TAM tidak absen masuk; TAP tidak absen pulang",
        "L libur; * direvisi",
    ),
    "en": (
        "H on time; TL1-TL4 late; PSW1-PSW4 left early; TAM no check-in; TAP no check-out",
        "L holiday; * revised",
    ),
}

# Employee kinds as a reader writes them (the stored codes are PNS, CPNS, PPPK, NON_ASN).
KINDS = {
    "id": {"PNS": "PNS", "CPNS": "CPNS", "PPPK": "PPPK", "NON_ASN": "Non ASN"},
    "en": {"PNS": "PNS", "CPNS": "CPNS", "PPPK": "PPPK", "NON_ASN": "Non-ASN"},
}


def words(language: str) -> dict[str, str]:
    """The words of `language` ('id' or 'en'), with each absence code's title."""
    if language not in WORDS:
        raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
    return {**WORDS[language], **absence_codes.titles(language)}


def legend(language: str) -> str:
    """The day grid's codes, the absence codes in the catalogue's order."""
    before, after = LEGEND[language]
    return f"{before}; {absence_codes.legend(language)}; {after}"


def kind_name(kind: str, language: str = "id") -> str:
    """'Non ASN' for NON_ASN; a kind the table does not know is shown as stored."""
    return KINDS[language].get(str(kind), str(kind))


def status_name(label: str, language: str = "id") -> str:
    """A day label (on_time, late, S, TK, BELUM...) as words."""
    table = words(language)
    return table.get(f"{label}_label") or table.get(label, label)
