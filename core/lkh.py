"""The daily performance report (laporan kinerja harian, LKH): whether a policy asks for one,
which days need one, what a report must hold, its states, and what missing ones cost.

Pure: no storage, no clock. The policy carries the rule (`Policy.lkh`, an `LkhRule`); only the
E-Office preset asks for it (Perbup Musi Banyuasin 9/2023 Pasal 8-11), the others leave it off,
and an organisation file may turn it on or off with the policy key `lkh`. What a missing
verified report costs is part of the TPP table (`core.tpp.DeductionTable.lkh_weight`), where
every other TPP percentage lives.

A report is filed once per work day (Pasal 8 ayat (2): "dalam sekali pelaporan untuk satu hari
kerja"): filing again for the same day amends it while it waits for verification or was
returned, so that there is still one report for the day; a verified report is final.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import NamedTuple

from core.citations import Citation, default

NOT_ASKED = default("no daily performance report (LKH) is asked for")
LIMITS_RULE = default(
    "an LKH holds 1 to 10 activities of at most 250 characters each, one per line, and at "
    "most 3 evidence files: a day's work in a chat message an approver reads on a phone"
)
BACK_RULE = default(
    "an LKH may be filed for a work day up to 3 days back, so that a Friday's report can still "
    "be filed on the Monday; never for a day to come"
)
# Where the activity ends and its result begins on a typed line: "kegiatan - hasil".
SEPARATORS = (" - ", " – ", " — ", " -> ", " => ", " | ")


class LkhState(StrEnum):
    """An employee-day as the LKH sees it (the recap counts them)."""

    OPEN = "open"  # due, not over yet, nothing filed
    MISSING = "missing"  # due, over, nothing filed
    FILED = "filed"  # filed, waiting for verification
    RETURNED = "returned"  # returned with a note, to be amended
    VERIFIED = "verified"
    EXEMPT = "exempt"  # a work day the regulation exempts (Pasal 10)


# What a stored report's status may be (lkh_reports.status).
REPORT_STATES = (LkhState.FILED, LkhState.RETURNED, LkhState.VERIFIED)


@dataclass(frozen=True)
class Exemption:
    """An approved absence that exempts its days from the LKH from its `from_day`-th day on
    (1: all of them). `subtype` None matches any subtype of `code`."""

    code: str
    subtype: str | None
    from_day: int
    rule: Citation

    def matches(self, code: str, subtype: str | None) -> bool:
        return code == self.code and (self.subtype is None or self.subtype == subtype)


@dataclass(frozen=True)
class LkhRule:
    """Whether daily reports are asked for, their exemptions and the limits of one report."""

    required: bool = False
    rule: Citation = NOT_ASKED
    exemptions: tuple[Exemption, ...] = ()
    max_lines: int = 10
    max_line_chars: int = 250
    max_evidence: int = 3  # photos or documents (Pasal 9: bukti dukung kegiatan)
    limits_rule: Citation = LIMITS_RULE
    max_days_back: int = 3
    back_rule: Citation = BACK_RULE


LKH_OFF = LkhRule()


class AbsenceSpan(NamedTuple):
    """An approved absence as the exemptions read it."""

    code: str
    subtype: str | None
    first: date
    last: date


def exemption(rule: LkhRule, absences: Iterable[AbsenceSpan], day: date) -> Exemption | None:
    """The exemption that frees `day` from the LKH, if any.

    The n-th day of a leave counts calendar days from the first day of the leave, and a leave
    filed in parts (cuti sakit day 1-14, then 15-30) counts from the first part: parts of the
    same kind that follow each other without a gap are one leave.
    """
    spans = list(absences)
    for found in rule.exemptions:
        same = [a for a in spans if found.matches(a.code, a.subtype)]
        covering = next((a for a in same if a.first <= day <= a.last), None)
        if covering is None:
            continue
        if (day - _run_start(same, covering.first)).days + 1 >= found.from_day:
            return found
    return None


def _run_start(spans: Sequence[AbsenceSpan], first: date) -> date:
    """The first day of the unbroken run of `spans` that reaches `first`."""
    start = first
    while True:
        before = [a.first for a in spans if a.first < start <= a.last + timedelta(days=1)]
        if not before:
            return start
        start = min(before)


def day_state(
    required: bool, work_day: bool, exempt: bool, report: str | None, over: bool
) -> LkhState | None:
    """The LKH state of an employee-day; None where no report is asked for (a policy without
    LKH, a day off, a holiday, a day not on staff)."""
    if not required or not work_day:
        return None
    if report is not None:
        return LkhState(report)
    if exempt:
        return LkhState.EXEMPT
    return LkhState.MISSING if over else LkhState.OPEN


# Counted in the recap: a due day is one whose report is in or whose day is over.
DUE = frozenset({LkhState.MISSING, LkhState.FILED, LkhState.RETURNED, LkhState.VERIFIED})
FILED = frozenset({LkhState.FILED, LkhState.RETURNED, LkhState.VERIFIED})


# --- what a report holds ---------------------------------------------------------------------


class Activity(NamedTuple):
    """One line of a report: the activity (uraian aktivitas) and its result (hasil pekerjaan)."""

    activity: str
    result: str


class BadReport(ValueError):
    """A report the rule refuses: `problem` (empty, too_many, too_long, no_result), the line
    number it concerns (1-based, 0 for the whole text) and the limit broken."""

    def __init__(self, problem: str, line: int = 0, limit: int = 0) -> None:
        super().__init__(f"{problem} (line {line}, limit {limit})")
        self.problem, self.line, self.limit = problem, line, limit


def parse_activities(text: str, rule: LkhRule) -> list[Activity]:
    """One activity per non-empty line, written "kegiatan - hasil".

    Pasal 8 ayat (2) asks for the activities and a description of their results, so a line
    without a result is refused, naming the line; so are an empty report, more lines than the
    rule allows and a line longer than its limit. Bullets and numbering are dropped.
    """
    lines = [_unbulleted(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise BadReport("empty")
    if len(lines) > rule.max_lines:
        raise BadReport("too_many", len(lines), rule.max_lines)
    found = []
    for number, line in enumerate(lines, 1):
        if len(line) > rule.max_line_chars:
            raise BadReport("too_long", number, rule.max_line_chars)
        activity, result = _split(line)
        if not activity or not result:
            raise BadReport("no_result", number)
        found.append(Activity(activity, result))
    return found


def check_activities(activities: Sequence[Activity], rule: LkhRule) -> None:
    """Refuse (BadReport) activities that `parse_activities` would not have given: what a
    report stores is checked again where it is stored, whoever hands it over."""
    if not activities:
        raise BadReport("empty")
    if len(activities) > rule.max_lines:
        raise BadReport("too_many", len(activities), rule.max_lines)
    for number, (activity, result) in enumerate(activities, 1):
        if not activity.strip() or not result.strip():
            raise BadReport("no_result", number)
        if len(activity) + len(result) + len(SEPARATORS[0]) > rule.max_line_chars:
            raise BadReport("too_long", number, rule.max_line_chars)


def _unbulleted(line: str) -> str:
    line = " ".join(line.split())
    for bullet in ("- ", "* ", "• ", "· "):
        if line.startswith(bullet):
            return line[len(bullet) :].strip()
    head, dot, rest = line.partition(". ")
    if dot and head.isdigit() and len(head) <= 2:
        return rest.strip()
    return line


def _split(line: str) -> tuple[str, str]:
    cuts = [(line.find(s), s) for s in SEPARATORS if s in line]
    if not cuts:
        return line, ""
    at, separator = min(cuts)
    return line[:at].strip(" :;,"), line[at + len(separator) :].strip(" :;,")


# --- which days may be filed -----------------------------------------------------------------


class DayProblem(StrEnum):
    NOT_ASKED = "not_asked"  # the policy asks for no LKH
    FUTURE = "future"
    TOO_OLD = "too_old"  # more than max_days_back days ago
    NOT_WORK_DAY = "not_work_day"  # a day off or a holiday: no LKH (Pasal 8 ayat (1))
    NOT_ON_STAFF = "not_on_staff"
    EXEMPT = "exempt"


@dataclass(frozen=True)
class DayRefusal:
    problem: DayProblem
    rule: Citation
    earliest: date | None = None  # for TOO_OLD: the earliest day that may still be filed


def day_refusal(
    rule: LkhRule,
    day: date,
    today: date,
    *,
    work_day: bool,
    on_staff: bool,
    exempt: Exemption | None,
) -> DayRefusal | None:
    """Why no report may be filed for `day` on `today` (the employee's local date), or None."""
    if not rule.required:
        return DayRefusal(DayProblem.NOT_ASKED, rule.rule)
    if day > today:
        return DayRefusal(DayProblem.FUTURE, rule.back_rule)
    earliest = today - timedelta(days=rule.max_days_back)
    if day < earliest:
        return DayRefusal(DayProblem.TOO_OLD, rule.back_rule, earliest)
    if not on_staff:
        return DayRefusal(DayProblem.NOT_ON_STAFF, rule.rule)
    if not work_day:
        return DayRefusal(DayProblem.NOT_WORK_DAY, rule.rule)
    if exempt is not None:
        return DayRefusal(DayProblem.EXEMPT, exempt.rule)
    return None


# --- what missing reports cost ---------------------------------------------------------------


def missing_percent(weight: Decimal, due: int, verified: int) -> Decimal:
    """The share of `weight` (percent of the month's TPP that the reports weigh) lost for the
    due days without a verified report, pro rata, to two decimals (half up)."""
    if not weight or not due:
        return Decimal(0)
    missing = max(due - verified, 0)
    return (weight * missing / due).quantize(Decimal("0.01"), ROUND_HALF_UP)
