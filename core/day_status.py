"""The status of one employee on one schedule day, derived from everything recorded for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from core.absence import PARTIAL_DAY, AbsenceCode
from core.absence_codes import DayCode
from core.citations import default
from core.policy import Policy
from core.rules import Outcome, Verdict
from core.schedule import DaySchedule
from core.travel import clocks_in_on_travel

# A missing check-in or check-out weighs as the heaviest band (TL4 / PSW4), as TPP rules do.
MISSING_RULE = default(
    "a missing check-in counts as the last late band, a missing check-out as "
    "the last early-leave band"
)


@dataclass(frozen=True)
class Absence:
    """An approved absence as the day status needs it."""

    code: AbsenceCode
    subtype: str | None
    first: date
    last: date

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def partial(self) -> bool:
        return (self.code, self.subtype) in PARTIAL_DAY


@dataclass(frozen=True)
class DayStatus:
    work_date: date
    code: DayCode
    late_minutes: int = 0
    late_band: str | None = None
    early_minutes: int = 0
    early_band: str | None = None
    # A check-out after its window where the regulation declares it late (Perwal Sungai Penuh
    # 12/2023 Pasal 11 ayat (7)): recorded, late by the minutes after the window closed.
    late_out_minutes: int = 0
    late_out_band: str | None = None
    missing_in: bool = False
    missing_out: bool = False
    missed_events: tuple[str, ...] = ()
    holiday: str | None = None
    subtype: str | None = None
    excused: tuple[str, ...] = field(default_factory=tuple)  # "late" / "early" excused by izin

    @property
    def label(self) -> str:
        """One word for lists: on_time, late, left_early, late_left_early, or the code."""
        if self.code is not DayCode.PRESENT:
            return self.code.value
        late = self.late_minutes > 0 or self.missing_in or self.late_out_minutes > 0
        early = self.early_minutes > 0 or self.missing_out
        return {(False, False): "on_time", (True, False): "late", (False, True): "left_early"}.get(
            (late, early), "late_left_early"
        )


# Izin subtypes for part of a day that excuse leaving early (Perwal Sungai Penuh 12/2023 Pasal 12
# ayat (4): "yang sakit atau izin sebelum jam kerja berakhir, melakukan absensi online kedua pada
# saat akan meninggalkan tugas"): the check-out is recorded and not charged.
EXCUSE_EARLY = frozenset({"pulang_cepat", "keluar_kantor"})
# The izin for coming late (Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (3) huruf a: "Ijin
# terlambat masuk kantor") excuses the late or missing check-in.
EXCUSE_LATE = frozenset({"terlambat"})


def early_excuse(subtypes: Iterable[str | None]) -> str | None:
    """The approved izin among a day's partial absences (their subtypes) that excuses leaving
    early, or None. The one rule: the recap asks it of the day's absences, and every path that
    writes a check-out (chat, /manual, /koreksi, a machine import, an approved request) asks
    it through `core.services.excuse`, so that the record and its answer say the same."""
    found = {subtype for subtype in subtypes if subtype in EXCUSE_EARLY}
    return min(found) if found else None


def day_status(
    work_date: date,
    policy: Policy,
    schedule: DaySchedule | None,
    holiday: str | None,
    check_in: Verdict | None,
    check_out: Verdict | None,
    absences: list[Absence],
    attended_events: set[str],
    day_over: bool,
) -> DayStatus:
    """Derive the day: off or holiday, then a whole-day absence, then the clock records."""
    if schedule is None:
        return DayStatus(work_date, DayCode.OFF)
    if holiday and not policy.has_rota_on(work_date):
        return DayStatus(work_date, DayCode.HOLIDAY, holiday=holiday)
    today = [a for a in absences if a.covers(work_date)]
    whole = next((a for a in today if not a.partial), None)
    if whole and clocks_in_on_travel(policy, whole.code):
        # Official travel clocked in at its destination (Perbup Konawe Kepulauan 18/2023 Pasal 9
        # ayat (5)): the day counts as the travel, judged on those clock-ins like an office day's
        # (a missing one is charged as any missing one is); no apel is expected of a traveller.
        return _present(
            work_date, policy, check_in, check_out, today, attended_events, day_over, whole
        )
    if whole:
        return DayStatus(work_date, AbsenceCode(whole.code), subtype=whole.subtype)
    if check_in is None and check_out is None:
        return DayStatus(work_date, DayCode.TK if day_over else DayCode.PENDING)
    return _present(work_date, policy, check_in, check_out, today, attended_events, day_over)


def _present(
    work_date: date,
    policy: Policy,
    check_in: Verdict | None,
    check_out: Verdict | None,
    absences: list[Absence],
    attended_events: set[str],
    day_over: bool,
    travel: Absence | None = None,
) -> DayStatus:
    """The clock records of a day present, or of an official travel's day (`travel`)."""
    excused = {a.subtype for a in absences if a.partial}
    late = check_in.minutes if check_in and check_in.outcome is Outcome.LATE else 0
    early = check_out.minutes if check_out and check_out.outcome is Outcome.LEFT_EARLY else 0
    late_out = check_out.minutes if check_out and check_out.outcome is Outcome.LATE else 0
    # Nothing recorded yet is missing only once the day is over (an official travel's day
    # comes here with no record at all).
    missing_in = check_in is None and (day_over or check_out is not None)
    missing_out = check_out is None and day_over
    if excused & EXCUSE_LATE:
        late, missing_in = 0, False
    if early_excuse(excused) is not None:
        early, missing_out = 0, False
    missed = tuple(e.code for e in policy.events_on(work_date) if e.code not in attended_events)
    if travel is not None:
        missed = ()
    return DayStatus(
        work_date,
        AbsenceCode(travel.code) if travel else DayCode.PRESENT,
        late_minutes=late,
        late_band=policy.late_bands[-1].code if missing_in else policy.late_band(late),
        early_minutes=early,
        early_band=policy.early_bands[-1].code if missing_out else policy.early_band(early),
        late_out_minutes=late_out,
        late_out_band=policy.late_band(late_out),
        missing_in=missing_in,
        missing_out=missing_out,
        missed_events=missed,
        excused=tuple(sorted(s for s in excused if s)),
        subtype=travel.subtype if travel else None,
    )
