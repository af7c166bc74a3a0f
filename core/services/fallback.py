"""Record a fallback (manual or fingerprint) attendance for an employee, by an admin.

The record is judged like a chat clock-in at the time given (late or on time for a check-in,
early or on time for a check-out), against the same policy and timetable, without a position:
the fallback is the proof of presence (Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (2), Perwal
Sungai Penuh 12/2023 Pasal 6 ayat (4)-(5)). The monthly quota of forgotten-phone fallbacks is
`core.fallback`'s (Pasal 9 ayat (6)). The checks that any record entered for a past time
passes (its day, the month's lock, the day's order) are `core.services.entry`'s; leaving
early under an approved izin is not charged (`core.services.excuse`). A refusal is returned,
never raised: the chat and the CLI word it for their reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.access import administers
from core.fallback import (
    FALLBACK_SOURCES,
    FallbackReason,
    QuotaRefusal,
    fallback_quota_refusal,
    fallbacks_used,
)
from core.rules import Direction, Verdict
from core.services.attendance import CheckRequest, CheckResult, record_judged
from core.services.context import employee_zone, unit_on
from core.services.entry import Entry, EntryRefused, check_entry, hhmm
from core.services.excuse import EXCUSED, charge, with_excuse
from core.services.outages import covering
from core.storage.tables import AttendanceRow, EmployeeRow
from core.storage.uow import UnitOfWork

CLI_ACTOR = "cli"


@dataclass(frozen=True)
class FallbackRequest:
    employee: EmployeeRow
    direction: Direction
    reason: FallbackReason
    # When the employee arrived or left; naive: the employee's wall clock. Default: now.
    at: datetime | None = None
    note: str = ""
    source: str = "manual"  # or "fingerprint": where the admin read the time from
    dedup_key: str | None = None  # e.g. the chat update id: a replay records nothing new


@dataclass(frozen=True)
class FallbackRefused:
    """Why nothing was recorded: a key (not_administered, blocked, future, before_start,
    window, no_outage, duplicate, order, quota, not_accepted, bad_source, left) and the
    values its message names."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    quota: QuotaRefusal | None = None


@dataclass(frozen=True)
class FallbackRecorded:
    result: CheckResult
    local_time: datetime  # the record's time on the employee's wall clock

    @property
    def verdict(self) -> Verdict:
        return self.result.verdict

    @property
    def record(self) -> AttendanceRow:
        return self.result.record

    @property
    def excused(self) -> str | None:
        """The approved izin that excuses this check-out's leaving early (not charged)."""
        return (self.record.evidence or {}).get(EXCUSED)


def record_fallback(
    uow: UnitOfWork, admin: EmployeeRow | None, request: FallbackRequest
) -> FallbackRecorded | FallbackRefused:
    """Judge and record a fallback attendance; `admin` None is the CLI's operator."""
    employee = request.employee
    zone = ZoneInfo(employee_zone(uow, employee))
    if request.dedup_key:
        same = uow.attendance_by_key(request.dedup_key)
        if same is not None:  # a replay of the same message: answer as the first time
            result = record_judged(uow, _check(request, same.at), _unused)
            return FallbackRecorded(result, same.at.astimezone(zone))
    refusal = _refusal_before_judging(uow, admin, request)
    if refusal is not None:
        return refusal
    entry = check_entry(uow, employee, request.direction, request.at or uow.now())
    if isinstance(entry, EntryRefused):  # the checks of any record entered late
        return FallbackRefused(entry.key, entry.values)
    at, verdict, policy = entry.at, entry.verdict, entry.policy
    outage = covering(uow, employee.org_id, unit_on(uow, employee, verdict.work_date), at)
    if outage is None and request.reason is FallbackReason.SERVER_DOWN:
        return FallbackRefused("no_outage", {"time": hhmm(at, zone)})
    refusal = _quota_refusal(request, entry, outage is not None)
    if refusal is not None:
        return refusal
    cost = charge(uow, employee.id, verdict, policy)
    actor = f"employee:{admin.id}" if admin is not None else CLI_ACTOR
    check = replace(_check(request, at), actor_id=admin.id if admin is not None else None)
    if outage is not None:  # entered for a declared outage: outside the quota (and said so)
        check.evidence["outage"] = outage.id
    check = replace(check, evidence=with_excuse(check.evidence, cost.excused))
    result = record_judged(uow, check, lambda _e, _at: (verdict, cost.deduction, policy), actor)
    return FallbackRecorded(result, at.astimezone(zone))


def _refusal_before_judging(
    uow: UnitOfWork, admin: EmployeeRow | None, request: FallbackRequest
) -> FallbackRefused | None:
    employee = request.employee
    if request.source not in FALLBACK_SOURCES:
        return FallbackRefused("bad_source", {"source": request.source})
    if admin is not None and not administers(
        admin.role_set, admin.org_id, admin.unit_id, employee.org_id, [employee.unit_id]
    ):
        return FallbackRefused("not_administered")
    if employee.blocked:
        return FallbackRefused("blocked", {"name": employee.name})
    return None


def _quota_refusal(
    request: FallbackRequest, entry: Entry, in_outage: bool = False
) -> FallbackRefused | None:
    """The month's quota used up (not inside a declared outage)."""
    day = entry.verdict.work_date
    # "3 (tiga) kali kehadiran" (Pasal 9 ayat (6)) counts days attended, not records: the
    # check-out of a day whose check-in was a forgotten-phone fallback uses no more of it.
    days = {(r.work_date, _reason_of(r)) for r in entry.month if _rationed(r)}
    if in_outage or (day, request.reason.value) in days:
        return None
    quota = fallback_quota_refusal(entry.policy, request.reason, fallbacks_used(days, day))
    if quota is not None:
        counts = {"used": quota.used, "limit": quota.limit, "rule": str(quota.rule)}
        return FallbackRefused("quota", counts, quota)
    return None


def _rationed(row: AttendanceRow) -> bool:
    """A fallback record that counts towards the month's quota: not one entered for a
    declared outage (core.services.outages)."""
    return row.source in FALLBACK_SOURCES and "outage" not in (row.evidence or {})


def _reason_of(row: AttendanceRow) -> str | None:
    return (row.evidence or {}).get("fallback_reason")


def _check(request: FallbackRequest, at: datetime) -> CheckRequest:
    evidence: dict[str, Any] = {"fallback_reason": request.reason.value}
    if request.note.strip():
        evidence["note"] = request.note.strip()
    return CheckRequest(
        request.employee.id,
        request.direction,
        None,
        source=request.source,
        at=at,
        evidence=evidence,
        dedup_key=request.dedup_key,
    )


def _unused(_employee: EmployeeRow, _at: datetime):
    raise AssertionError("a replayed fallback is answered from its stored record")
