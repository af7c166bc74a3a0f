"""An attendance policy: the rules of one organisation, unit or employee, as plain data.

A policy comes from a preset (one per regulation, see `core.presets`) and is overridden per unit
and per employee (`core.policy.config.apply_overrides`); shift rotas replace single days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Generic, TypeVar

from core.absence import EvidenceRule
from core.citations import Citation, default
from core.leave_balance import DEFAULT_ANNUAL_LEAVE, AnnualLeave
from core.liveness_rule import LIVENESS_OFF, LivenessRule
from core.lkh import LKH_OFF, LkhRule
from core.reporting import ReportDeadline
from core.schedule import DaySchedule, EventRule, Week
from core.tpp import DEFAULT_TPP, DeductionTable
from core.track import TRACK_DEFAULT, TrackRule


@dataclass(frozen=True)
class Category:
    """A band of late or early-leave minutes, e.g. TL1 = 1-30 minutes."""

    code: str
    min_minutes: int
    max_minutes: int | None = None  # None: and above

    def covers(self, minutes: int) -> bool:
        return self.min_minutes <= minutes and (
            self.max_minutes is None or minutes <= self.max_minutes
        )


# The four-band scheme most regional TPP rules use (TL1-TL4 late, PSW1-PSW4 early leave).
LATE_BANDS = (
    Category("TL1", 1, 30),
    Category("TL2", 31, 60),
    Category("TL3", 61, 90),
    Category("TL4", 91, None),
)
EARLY_BANDS = (
    Category("PSW1", 1, 30),
    Category("PSW2", 31, 60),
    Category("PSW3", 61, 90),
    Category("PSW4", 91, None),
)
# Days ahead of today a request of each absence code may start (Policy.leave_max_days_ahead).
LEAVE_DAYS_AHEAD = {"S": 7, "I": 30, "T": 90, "DL": 90, "P": 180, "C": 365}
# The kind of a request for a missed check-in or check-out in `Policy.approver_by_type`.
MISSED_RECORD = "lupa_absen"
# A rota under a regulation that says nothing of shifts (the presets that do set their own).
ROTA_DEFAULT = default("shift rota set by the unit's operator")
BANDS_RULE = default("four bands of 30 minutes (TL1-TL4, PSW1-PSW4), as regional TPP rules use")


V = TypeVar("V")


@dataclass(frozen=True)
class Rule(Generic[V]):
    """A rule's value (a number, a choice, a table) with the article it comes from."""

    value: V
    rule: Citation


TRUST_DEFAULT: Rule[str] = Rule(
    "accept", default("clock-ins of every chat channel accepted as equal")
)


@dataclass(frozen=True)
class Policy:
    key: str
    title: str
    week: Week
    radius_m: Rule[float]
    events: tuple[EventRule, ...] = ()
    late_bands: tuple[Category, ...] = LATE_BANDS
    early_bands: tuple[Category, ...] = EARLY_BANDS
    bands_rule: Citation = BANDS_RULE
    # The article that makes a check-in after the on-time limit late, where one says so.
    late_rule: Citation | None = None
    # The article that declares attendance outside the set times late ("dinyatakan terlambat"),
    # where one does: a check-in or check-out after its window is then recorded late by the
    # minutes past the on-time limit (check-in) or the window's end (check-out), not refused.
    outside_window_late: Citation | None = None
    # An event placed by an organisation with only a start time opens this many minutes before.
    # The article that places events at their own site, for events an organisation adds.
    event_site_rule: Citation | None = None
    event_lead_min: Rule[int] = field(
        default_factory=lambda: Rule(30, default("event check-in opens 30 minutes before it"))
    )
    evidence: tuple[EvidenceRule, ...] = ()
    # Fingerprint or manual fallbacks for a forgotten phone an employee may use in a month (None:
    # no limit); checked by core.fallback.fallback_quota_refusal, which a fallback record asks.
    fallback_per_month: Rule[int | None] = field(
        default_factory=lambda: Rule(None, default("no limit"))
    )
    # Days of the next month on which an admin may still correct a closed month.
    revision_days: tuple[int, int] | None = None
    revision_rule: Citation | None = None
    # When the month's report is due in the next month (core.reporting); None: no regulation
    # of this policy sets a day, and nothing is reminded.
    report_deadline: ReportDeadline | None = None
    # Days a transferred employee may still clock in at the old unit's sites.
    transfer_grace_days: Rule[int] = field(default_factory=lambda: Rule(0, default("no grace")))
    # Duty nearby (dinas dalam): check-ins accepted this far from the office with an assignment;
    # measured by core.duty.within_duty_radius (the check-in with an approved T asks it).
    duty_radius_m: Rule[float | None] = field(
        default_factory=lambda: Rule(None, default("not allowed"))
    )
    # Official travel (DL) clocked in at its destination (Perbup Konawe Kepulauan 18/2023
    # Pasal 9 ayat (5)): a DL is filed with its destination, its days' clock-ins are judged
    # against the destination's circle of `travel_radius_m` (core.rules) and its days are
    # judged on those records (core.day_status). False: a DL excuses the whole day.
    travel_clock_in: Rule[bool] = field(
        default_factory=lambda: Rule(False, default("official travel excuses the whole day"))
    )
    travel_radius_m: Rule[float] = field(
        default_factory=lambda: Rule(
            500,
            default(
                "a travel destination is a point picked on a map, not a surveyed office: 500 m "
                "holds a venue's grounds and the pick's imprecision"
            ),
        )
    )
    # True: the employee's own destination must be a live location sent from there (filed on
    # arrival), judged like a clock-in's location; False: a point picked on the map.
    travel_destination_live: Rule[bool] = field(
        default_factory=lambda: Rule(
            False, default("the destination is picked on the map, before the trip")
        )
    )
    # 1: the selfie is taken in official uniform. No software judges clothing: it is an
    # instruction to the employee and a point for the admin who looks at the photo, never a
    # reason the system refuses a clock-in.
    uniform_selfie: Rule[int] = field(default_factory=lambda: Rule(0, default("not required")))
    # Who verifies absence notes: "admin" (unit admin) or "supervisor" (direct supervisor).
    approver: Rule[str | None] = field(default_factory=lambda: Rule(None, default("unit admin")))
    # Who verifies one kind of request where a regulation names someone else than `approver`:
    # an absence code, or MISSED_RECORD (/lupaabsen) -> "admin" or "supervisor"
    # (`approver_of`, decided in core.services.approvers).
    approver_by_type: dict[str, Rule[str]] = field(default_factory=dict)
    # Office hours (the work window of the unit's work days, holidays left out) a request may
    # wait before it is sent to its approver again, then before it goes to the next level
    # (core.approval_hours); 0: never. No regulation fixes them: a request is answered within
    # about a working day, and nobody is chased at night or over a weekend.
    approval_remind_hours: Rule[float] = field(
        default_factory=lambda: Rule(
            8, default("a waiting request is sent again after 8 office hours")
        )
    )
    approval_escalate_hours: Rule[float] = field(
        default_factory=lambda: Rule(
            8, default("still waiting 8 office hours after that, it goes to the next level")
        )
    )
    # Evidence (a photo or document) with a request for a missed check-in or check-out
    # (core.missed): "required", or "optional" where no regulation asks for it (the approver
    # then judges the reason alone).
    missed_evidence: Rule[str] = field(
        default_factory=lambda: Rule(
            "optional", default("a request for a missed record may come without evidence")
        )
    )
    # How far each chat channel's locations are trusted, by channel ("telegram", "whatsapp"):
    # "accept" like any other, "review" (recorded, flagged for an admin) or "refuse" (the unit
    # wants another channel). A channel not named is accepted (`trust_of`).
    location_trust: dict[str, Rule[str]] = field(default_factory=dict)
    # The evidence a location must give. No regulation fixes them: a weaker fix than this cannot
    # tell a geofence of tens of metres; a location or a selfie older than this was not taken
    # at the attempt.
    max_accuracy_m: Rule[float] = field(
        default_factory=lambda: Rule(150, default("a GPS fix weaker than 150 m is refused"))
    )
    location_max_age_s: Rule[float] = field(
        default_factory=lambda: Rule(180, default("a location older than 3 minutes is refused"))
    )
    selfie_window_s: Rule[float] = field(
        default_factory=lambda: Rule(
            300, default("the selfie follows the location within 5 minutes")
        )
    )
    # A clock-in of an employee with no approved face: "flag" (recorded without a face match
    # and flagged for the unit admin) or "refuse" (until the employee enrolls with /wajah). No
    # regulation fixes it: flagging keeps new staff able to clock in on their first day.
    face_required: Rule[str] = field(
        default_factory=lambda: Rule(
            "flag", default("without an enrolled face a clock-in is recorded and flagged")
        )
    )
    # How a live location's track is judged for signs of a mocked position (core.track): for
    # how long, its limits and whether a signal flags the clock-in or refuses it. No regulation
    # sets these numbers; they only ever apply to channels that send a live location's updates.
    track: TrackRule = TRACK_DEFAULT
    # Largest face distance accepted for a selfie; None: the matcher's measured default (0.55,
    # see core.faces.port.FaceSettings).
    face_threshold: Rule[float | None] = field(
        default_factory=lambda: Rule(None, default("matcher default"))
    )
    # How many days ahead of today a request may start, per absence code (S, I, C, T, DL, P).
    # No regulation fixes it: sick leave is known a few days ahead at most (a planned operation),
    # permits within a month, duty and training within a quarter or half-year, and annual leave
    # is planned within the year (cuti tahunan is counted per calendar year).
    leave_max_days_ahead: Rule[dict[str, int]] = field(
        default_factory=lambda: Rule(
            dict(LEAVE_DAYS_AHEAD),
            default("a request starts at most S 7, I 30, T/DL 90, P 180, C 365 days ahead"),
        )
    )
    # How many days before the day it is filed a request may start. No regulation fixes it: a
    # sick note filed on the return to work still covers a month's absence, while a request
    # months late would reopen recaps that were already the basis of TPP pay.
    leave_max_days_back: Rule[int] = field(
        default_factory=lambda: Rule(31, default("a request starts at most 31 days back"))
    )
    # Minutes before the check-out window closes at which staff who clocked in and have not
    # clocked out are reminded once (core.flows.push_checkout); 0: no reminder.
    checkout_reminder_min: Rule[int] = field(
        default_factory=lambda: Rule(
            30, default("a reminder to clock out 30 minutes before the check-out window closes")
        )
    )
    # Cuti tahunan per employee kind (PNS, CPNS, PPPK, NON_ASN): days a year and how many carry
    # over (core.leave_balance, which cites the national rules the regulations refer to).
    annual_leave: Mapping[str, AnnualLeave] = field(
        default_factory=lambda: dict(DEFAULT_ANNUAL_LEAVE)
    )
    notes: tuple[Citation, ...] = ()
    # The daily performance report (LKH): whether it is asked for, its exemptions and limits
    # (core.lkh). What a missing one costs is in `tpp` (DeductionTable.lkh_weight).
    lkh: LkhRule = LKH_OFF
    # A short video with a one-time challenge at check-in (core.liveness_rule): off, always,
    # or a random share of check-ins; no regulation asks for it.
    liveness: LivenessRule = LIVENESS_OFF
    # TPP deductions per late / early band, TK day, missed apel, missing record; capped monthly.
    tpp: DeductionTable = DEFAULT_TPP
    rota: dict[date, DaySchedule | None] = field(default_factory=dict)
    # The article under which a rota's shift hours replace the weekday's (a preset's own; the
    # verdicts of a rota day cite it).
    rota_rule: Citation = ROTA_DEFAULT
    # The shift codes a rota may name (`presensi rota import`), each a schedule or None for a
    # day off: the operator's shift settings (Konawe Kepulauan Pasal 6 ayat 3 huruf g).
    shifts: dict[str, DaySchedule | None] = field(default_factory=dict)
    # One of `shifts` an employee keeps on every working day without a rota entry (the employee
    # file's `shift` column, stored as the override `fixed_shift`): a guard always on the night
    # shift, a role with special hours (Konawe Kepulauan Pasal 17 ayat 2). Its schedule is read
    # back like a stored rota day, citing `rota_rule`.
    fixed_shift: tuple[str, DaySchedule] | None = None

    def trust_of(self, channel: str) -> Rule[str]:
        """How the clock-ins of `channel` count: accept, review or refuse, and its citation."""
        return self.location_trust.get(channel, TRUST_DEFAULT)

    def approver_of(self, kind: str | None) -> Rule[str | None]:
        """Who verifies a request of `kind` (an absence code or MISSED_RECORD), and why."""
        found = self.approver_by_type.get(kind or "")
        return Rule(found.value, found.rule) if found is not None else self.approver

    def days_ahead(self, code: str) -> int:
        """How many days ahead of today a request of absence `code` may start."""
        limits = self.leave_max_days_ahead.value
        return int(limits.get(code, LEAVE_DAYS_AHEAD.get(code, 30)))

    def day_schedule(self, day: date) -> DaySchedule | None:
        """The schedule on `day`: a rota entry if there is one, else the weekday's, whose hours
        a fixed shift replaces (a day off stays off)."""
        if day in self.rota:
            return self.rota[day]
        weekday = self.week.on(day)
        if weekday is not None and self.fixed_shift is not None:
            return self.fixed_shift[1]
        return weekday

    def has_rota_on(self, day: date) -> bool:
        return day in self.rota

    def events_on(self, day: date) -> list[EventRule]:
        return [e for e in self.events if e.applies_on(day)]

    def late_band(self, minutes: int) -> str | None:
        return _band(self.late_bands, minutes)

    def early_band(self, minutes: int) -> str | None:
        return _band(self.early_bands, minutes)

    def with_rota(self, rota: dict[date, DaySchedule | None]) -> Policy:
        return replace(self, rota={**self.rota, **rota})

    def __hash__(self) -> int:
        return hash((self.key, self.title))


def _band(bands: tuple[Category, ...], minutes: int) -> str | None:
    for band in bands:
        if band.covers(minutes):
            return band.code
    return None
