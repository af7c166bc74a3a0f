"""Absence requests: codes and subtypes as the catalogue (core/absence_codes.py) has them,
and the evidence each needs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from enum import StrEnum

from core import absence_codes
from core.absence_codes import CATALOGUE, AbsenceCode
from core.citations import Citation

__all__ = [
    "PARTIAL_DAY",
    "SUBTYPES",
    "AbsenceCode",
    "Evidence",
    "EvidenceRule",
    "InvalidAbsence",
    "check_type",
    "required_evidence",
    "upload_kind",
]


class _Subtypes(Mapping[AbsenceCode, tuple[str, ...]]):
    """Each code's subtypes, read from the catalogue (core/absence_codes.py) when asked."""

    def __getitem__(self, code: AbsenceCode) -> tuple[str, ...]:
        row = CATALOGUE.row(code)
        if row is None:
            raise KeyError(code)
        return row.subtypes

    def __iter__(self) -> Iterator[AbsenceCode]:
        return iter(CATALOGUE.members())

    def __len__(self) -> int:
        return len(CATALOGUE.members())


class _PartialDay(Set[tuple[AbsenceCode, str]]):
    """(code, subtype) pairs that excuse part of a day only: izin terlambat, keluar kantor..."""

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, tuple) or len(item) != 2:
            return False
        row = CATALOGUE.row(item[0])
        return row is not None and item[1] in row.partial

    def __iter__(self) -> Iterator[tuple[AbsenceCode, str]]:
        return iter([(AbsenceCode(r.code), s) for r in CATALOGUE.rows() for s in r.partial])

    def __len__(self) -> int:
        return sum(len(r.partial) for r in CATALOGUE.rows())


SUBTYPES: Mapping[AbsenceCode, tuple[str, ...]] = _Subtypes()
# Izin for part of a day: they excuse lateness or leaving early, not the whole day.
PARTIAL_DAY: Set[tuple[AbsenceCode, str]] = _PartialDay()


class Evidence(StrEnum):
    DOCTOR_NOTE = "surat_keterangan_dokter"
    SICK_LETTER = "surat_izin_sakit"
    APPROVED_LEAVE = "surat_cuti_disetujui"
    PERMIT_LETTER = "surat_permohonan_izin"
    ASSIGNMENT = "surat_tugas"
    TRAVEL_ORDER = "sppd"
    STUDY_ORDER = "surat_tugas_belajar"
    ACTIVITY_PHOTO = "foto_kegiatan"


# Kinds that are pictures by nature: a PDF is never one of them.
PICTURES = frozenset({Evidence.ACTIVITY_PHOTO})


def upload_kind(accepts: Sequence[Evidence], picture: bool) -> Evidence:
    """Which of the kinds a rule accepts one upload stands for: a picture is the photo the rule
    takes where it takes one (a photo at the activity), anything else the first document it
    takes. Either satisfies the rule; the approver sees the file itself."""
    if picture:
        photo = next((kind for kind in accepts if kind in PICTURES), None)
        if photo is not None:
            return photo
    return next((kind for kind in accepts if kind not in PICTURES), accepts[0])


class InvalidAbsence(ValueError):
    """An absence type, subtype or period that the rules do not allow."""


def check_type(code: str, subtype: str | None) -> tuple[AbsenceCode, str | None]:
    """Validate an absence code and subtype as typed by a user or a file."""
    row = CATALOGUE.row(code.upper())
    if row is None:
        names = ", ".join(c.value for c in AbsenceCode)
        raise InvalidAbsence(f"unknown absence code {code!r}; use one of {names}")
    absence = AbsenceCode(row.code)
    if not row.requestable:
        raise InvalidAbsence(f"{absence} ({row.label('id').lower()}) is derived, never requested")
    allowed = row.subtypes
    if subtype and subtype not in allowed:
        raise InvalidAbsence(f"unknown subtype {subtype!r} for {absence}; use one of {allowed}")
    return absence, subtype or None


@dataclass(frozen=True)
class EvidenceRule:
    """Evidence an absence of `min_days` to `max_days` days (inclusive; None = no limit) needs.

    `requires` is the document asked for; `alternatives` are other kinds that serve as well
    where the regulation allows one of several ("print foto ... atau surat tugas", Perwal
    Sungai Penuh 12/2023 Pasal 12 ayat (3)): any one of `accepts` satisfies the rule. Two
    rules covering one absence both apply (a surat tugas and an SPPD).
    """

    code: AbsenceCode
    requires: Evidence
    rule: Citation
    subtype: str | None = None
    min_days: int = 1
    max_days: int | None = None
    alternatives: tuple[Evidence, ...] = ()

    @property
    def accepts(self) -> tuple[Evidence, ...]:
        """Every kind of document that satisfies the rule, the one asked for first."""
        return (self.requires, *(e for e in self.alternatives if e != self.requires))

    def satisfied_by(self, given: Set[Evidence]) -> bool:
        return any(kind in given for kind in self.accepts)

    def covers(self, code: AbsenceCode, subtype: str | None, days: int) -> bool:
        if code != self.code or (self.subtype and self.subtype != subtype):
            return False
        return self.min_days <= days and (self.max_days is None or days <= self.max_days)


def required_evidence(
    rules: tuple[EvidenceRule, ...], code: AbsenceCode, subtype: str | None, days: int
) -> list[EvidenceRule]:
    """The evidence rules that apply to an absence of `days` days, most specific first.

    A policy's rules for a code are the whole of what that code needs; a code the policy never
    names needs what its catalogue row says (nothing, for the codes every preset covers).
    """
    if not any(r.code == code for r in rules):
        row = absence_codes.row(code)
        rules = row.evidence if row else ()
    found = [r for r in rules if r.covers(code, subtype, days)]
    return sorted(found, key=lambda r: (r.subtype is None, -r.min_days))
