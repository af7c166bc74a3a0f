"""Leaving early under an approved izin is not charged, whichever path writes the check-out.

Perwal Sungai Penuh 12/2023 Pasal 12 ayat (4) ("yang sakit atau izin sebelum jam kerja
berakhir, melakukan absensi online kedua pada saat akan meninggalkan tugas") and Perbup Konawe
Kepulauan 18/2023 Pasal 9 ayat (4): the check-out of an employee who leaves early with an
approved izin pulang cepat or keluar kantor is recorded, and costs nothing. The rule itself is
`core.day_status.early_excuse` (the recap asks it too); here it is read for one employee-day, so
that a chat clock-out, an admin's fallback (/manual), a correction (/koreksi), a machine import
and an approved missed-record request all record the excuse (`evidence["excused"]`) and answer
without a deduction alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from core.day_status import early_excuse as excuse_of
from core.policy import Policy
from core.rules import Outcome, Verdict
from core.storage.uow import UnitOfWork
from core.tpp import pay_effect

EXCUSED = "excused"  # the evidence key: the izin subtype the check-out follows


@dataclass(frozen=True)
class Charge:
    """What a record with its verdict costs: the TPP percentage (None: nothing) and the izin
    that excuses it (None: none)."""

    deduction: Decimal | None
    excused: str | None = None


def early_excuse(uow: UnitOfWork, employee_id: int, work_date: date) -> str | None:
    """The approved izin (its subtype) that excuses leaving early on the employee's day."""
    return excuse_of(uow.partial_absences_on(employee_id, work_date))


def charge(uow: UnitOfWork, employee_id: int, verdict: Verdict, policy: Policy) -> Charge:
    """The charge of a record judged `verdict` under `policy`; an early check-out reads the
    day's approved izin (nothing else reads anything)."""
    if verdict.outcome is Outcome.LEFT_EARLY:
        excused = early_excuse(uow, employee_id, verdict.work_date)
        if excused is not None:
            return Charge(None, excused)
    return Charge(pay_effect(policy.tpp, verdict.outcome, verdict.band))


def with_excuse(evidence: dict, excused: str | None) -> dict:
    """A record's evidence naming the izin that excuses it, or without the key when none does
    (a corrected check-out that is no longer early)."""
    kept = {key: value for key, value in evidence.items() if key != EXCUSED}
    return kept | {EXCUSED: excused} if excused else kept
