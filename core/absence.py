"""Absence codes, their subtypes, and the evidence each needs."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.citations import Citation


class AbsenceCode(StrEnum):
    S = "S"  # sakit
    I = "I"  # izin  # noqa: E741 - the regulations' own letter
    T = "T"  # tugas (kedinasan, surat tugas)
    C = "C"  # cuti
    P = "P"  # pendidikan / diklat
    DL = "DL"  # dinas luar / perjalanan dinas
    TK = "TK"  # tanpa keterangan


SUBTYPES: dict[AbsenceCode, tuple[str, ...]] = {
    AbsenceCode.S: (),
    # Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (3).
    AbsenceCode.I: ("terlambat", "keluar_kantor", "pulang_cepat", "tidak_masuk"),
    AbsenceCode.T: ("dinas_dalam",),
    # Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (6); cuti bersama is announced nationally.
    AbsenceCode.C: (
        "tahunan",
        "alasan_penting",
        "sakit",
        "besar",
        "melahirkan",
        "luar_tanggungan",
        "bersama",
    ),
    AbsenceCode.P: ("tugas_belajar", "diklat"),
    AbsenceCode.DL: ("dalam_kota", "luar_kota", "luar_negeri"),
    AbsenceCode.TK: (),
}

# Izin for part of a day: they excuse lateness or leaving early, not the whole day.
PARTIAL_DAY = {
    (AbsenceCode.I, "terlambat"),
    (AbsenceCode.I, "keluar_kantor"),
    (AbsenceCode.I, "pulang_cepat"),
}


class Evidence(StrEnum):
    DOCTOR_NOTE = "surat_keterangan_dokter"
    SICK_LETTER = "surat_izin_sakit"
    APPROVED_LEAVE = "surat_cuti_disetujui"
    PERMIT_LETTER = "surat_permohonan_izin"
    ASSIGNMENT = "surat_tugas"
    TRAVEL_ORDER = "sppd"
    STUDY_ORDER = "surat_tugas_belajar"
    ACTIVITY_PHOTO = "foto_kegiatan"


class InvalidAbsence(ValueError):
    """An absence type, subtype or period that the rules do not allow."""


def check_type(code: str, subtype: str | None) -> tuple[AbsenceCode, str | None]:
    """Validate an absence code and subtype as typed by a user or a file."""
    try:
        absence = AbsenceCode(code.upper())
    except ValueError:
        names = ", ".join(c.value for c in AbsenceCode)
        raise InvalidAbsence(f"unknown absence code {code!r}; use one of {names}") from None
    if absence is AbsenceCode.TK:
        raise InvalidAbsence("TK (tanpa keterangan) is derived, never requested")
    allowed = SUBTYPES[absence]
    if subtype and subtype not in allowed:
        raise InvalidAbsence(f"unknown subtype {subtype!r} for {absence}; use one of {allowed}")
    return absence, subtype or None


@dataclass(frozen=True)
class EvidenceRule:
    """Evidence an absence of `min_days` to `max_days` days (inclusive; None = no limit) needs."""

    code: AbsenceCode
    requires: Evidence
    rule: Citation
    subtype: str | None = None
    min_days: int = 1
    max_days: int | None = None

    def covers(self, code: AbsenceCode, subtype: str | None, days: int) -> bool:
        if code is not self.code or (self.subtype and self.subtype != subtype):
            return False
        return self.min_days <= days and (self.max_days is None or days <= self.max_days)


def required_evidence(
    rules: tuple[EvidenceRule, ...], code: AbsenceCode, subtype: str | None, days: int
) -> list[EvidenceRule]:
    """The evidence rules that apply to an absence of `days` days, most specific first."""
    found = [r for r in rules if r.covers(code, subtype, days)]
    return sorted(found, key=lambda r: (r.subtype is None, -r.min_days))
