"""Which izin would excuse a charged verdict, so that the clock-in's answer can offer it with one
tap. Pure.

Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (3) lists "Ijin terlambat masuk kantor" (huruf
a) and "Ijin pulang sebelum waktunya" (huruf c), approved by the direct supervisor on a written
request with its reason (ayat (4)); the catalogue has them as izin subtypes `terlambat` and
`pulang_cepat` (core.absence_codes). An approved one takes the late check-in or the early
check-out out of the recap and its TPP deduction (`core.day_status`, EXCUSE_LATE and
EXCUSE_EARLY): those are the izin offered. A late check-out after its window (Sungai Penuh) is
excused by no izin, so none is offered for it; nor where the catalogue has no such subtype.
"""

from __future__ import annotations

from core import absence_codes
from core.citations import Citation
from core.day_status import EXCUSE_EARLY, EXCUSE_LATE
from core.rules import Direction, Outcome

CODE = "I"
RULE = Citation(
    file="004_484ed01ec6d6b16a.txt",
    instrument="Perbup Konawe Kepulauan 18/2023",
    pasal="10",
    ayat="3",
    quote="Izin yang dapat diberikan kepada ASN ... meliputi : a. Ijin terlambat masuk kantor; "
    "b. Ijin keluar kantor; c. Ijin pulang sebelum waktunya; dan d. Ijin tidak masuk kerja.",
)
# The izin for each charged verdict: (outcome, direction) -> subtype.
_OFFERED = {
    (Outcome.LATE, Direction.IN): "terlambat",
    (Outcome.LEFT_EARLY, Direction.OUT): "pulang_cepat",
}
_EXCUSES = {"terlambat": EXCUSE_LATE, "pulang_cepat": EXCUSE_EARLY}


def excusing(outcome: Outcome | str, direction: Direction | str) -> str | None:
    """The izin subtype to offer after a verdict of `outcome` in `direction`, or None."""
    subtype = _OFFERED.get((Outcome(outcome), Direction(direction)))
    return subtype if subtype is not None and offered(subtype) else None


def offered(subtype: str) -> bool:
    """Whether `subtype` is an izin this module offers and the catalogue has for part of a
    day, so that the recap lets it excuse the charge."""
    row = absence_codes.row(CODE)
    excuses = _EXCUSES.get(subtype, frozenset())
    return row is not None and subtype in row.partial and subtype in excuses


def direction_of(subtype: str) -> Direction:
    """The record an offered izin excuses: the check-in for terlambat, else the check-out."""
    return Direction.IN if subtype == "terlambat" else Direction.OUT


def outcome_of(subtype: str) -> Outcome:
    """The verdict an offered izin excuses."""
    return Outcome.LATE if subtype == "terlambat" else Outcome.LEFT_EARLY


def excuses(held: str | None, subtype: str) -> bool:
    """Whether an approved izin `held` lifts the charge the izin `subtype` is offered for (an
    izin keluar kantor excuses leaving early too)."""
    return held is not None and held in _EXCUSES.get(subtype, frozenset())
