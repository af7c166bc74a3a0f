"""A unit admin's decision on a flagged record (/tinjau): confirm it, or reject it with a reason.

A record is flagged when it was accepted without a face match or over a channel the unit
reviews (`core.services.review`). The admin verifies it (Perwal Sungai Penuh 12/2023 Pasal 7
ayat (3) huruf a: the admin "memverifikasi dan validasi" the attendance of their unit):

- **confirmed**, the record loses its flag: its evidence keeps what was flagged and who
  confirmed it under `reviewed`, the verdict is untouched (audited `attendance.review_confirm`);
- **rejected**, it no longer counts: a correction row pointing at it, not accepted, with the
  outcome `rejected`, the admin and the reason (audited `attendance.review_reject`). The day is
  then judged by what remains: with no other valid record it is TK, "tidak masuk kerja tanpa
  diketahui alasannya" (Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (8)); a valid check-out
  left alone is a day present without a check-in, as the recap always counts one.

Once only, by an admin of the employee's unit (that day's or today's), on a record nothing has
corrected since; a rejection needs its reason and, in a closed month, the revisions window
(`core.revisions`), like any correction. A refusal is returned, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.access import admin_scope, administers
from core.clock import local_date
from core.day_status import DayStatus
from core.revisions import lock_refusal
from core.rules import Outcome
from core.services.attendance import correct
from core.services.context import employee_zone, existing_employee, load_context, unit_on
from core.services.recap import employee_days
from core.services.review import flag_reasons
from core.services.submissions import lock_of, report_rule
from core.storage.tables import AttendanceRow, EmployeeRow
from core.storage.uow import UnitOfWork

CONFIRMED, REJECTED = "confirmed", "rejected"
REVIEWED = "reviewed"  # the evidence key of a decided record


@dataclass(frozen=True)
class ReviewRefused:
    """Why nothing changed: unknown, not_admin, not_yours, not_flagged, decided, corrected,
    no_reason, window, submitted or refused (a rule of `correct`), and what its message names."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reviewed:
    """A decision made: the record as flagged, the rejection's row, the day now."""

    decision: str
    record: AttendanceRow
    employee: EmployeeRow
    local_time: datetime  # the record's time on the employee's wall clock
    reasons: tuple[str, ...]  # what was flagged
    day: DayStatus | None  # the day's status after the decision (None: not on staff)
    rejection: AttendanceRow | None = None


def decide_review(
    uow: UnitOfWork, admin: EmployeeRow, record_id: int, confirm: bool, reason: str = ""
) -> Reviewed | ReviewRefused:
    """Confirm or reject the flagged record `record_id` (see the module's docstring)."""
    # Locked until the transaction ends (FOR UPDATE on PostgreSQL): two admins deciding at
    # once, or a /koreksi meanwhile, see each other's outcome.
    row = uow.session.get(AttendanceRow, record_id, with_for_update=True, populate_existing=True)
    refused = review_refusal(uow, admin, row, confirm, reason)
    if refused is not None:
        return refused
    assert row is not None  # review_refusal says "unknown" otherwise
    employee = existing_employee(uow, row.employee_id)
    reasons = flag_reasons(row.evidence)
    evidence = _reviewed(row.evidence, confirm, admin, uow.now(), reasons)
    actor = f"employee:{admin.id}"
    rejection = None
    if confirm:
        row.evidence = evidence
        uow.touch(row, actor, "attendance.review_confirm")
    else:
        rejection = correct(
            uow,
            row.id,
            admin.id,
            reason.strip()[:500],
            outcome=Outcome.REJECTED,
            minutes=0,
            evidence=evidence,
            action="attendance.review_reject",
        )
    day = employee_days(uow, employee, row.work_date, row.work_date, now=uow.now())
    return Reviewed(
        CONFIRMED if confirm else REJECTED,
        row,
        employee,
        row.at.astimezone(ZoneInfo(employee_zone(uow, employee))),
        reasons,
        day[0].status if day else None,
        rejection,
    )


def check_rejection(uow: UnitOfWork, admin: EmployeeRow, record_id: int) -> ReviewRefused | None:
    """Whether a rejection of the record would pass, its reason aside: the chat asks before it
    asks for the reason, so that nobody writes one for a record that cannot be rejected."""
    row = uow.session.get(AttendanceRow, record_id)
    return review_refusal(uow, admin, row, confirm=False, reason="(asked next)")


def review_refusal(
    uow: UnitOfWork, admin: EmployeeRow, row: AttendanceRow | None, confirm: bool, reason: str
) -> ReviewRefused | None:
    """Why `admin` may not make this decision on `row`, or None."""
    if admin_scope(admin.role_set, admin.org_id, admin.unit_id) is None:
        return ReviewRefused("not_admin")
    if row is None:
        return ReviewRefused("unknown")
    employee = existing_employee(uow, row.employee_id)
    then = unit_on(uow, employee, row.work_date)  # a transfer since: that day's unit counts too
    units = [employee.unit_id] + ([then] if then is not None else [])
    if not administers(admin.role_set, admin.org_id, admin.unit_id, employee.org_id, units):
        return ReviewRefused("not_yours")
    zone = ZoneInfo(employee_zone(uow, employee))
    refused = _state_refusal(uow, row, zone)
    if refused is not None:
        return refused
    if confirm:
        return None
    if not reason.strip():
        return ReviewRefused("no_reason")
    return _window_refusal(uow, employee, row, zone)


def _state_refusal(uow: UnitOfWork, row: AttendanceRow, zone: ZoneInfo) -> ReviewRefused | None:
    """Decided already, corrected since, or nothing to decide."""
    decided = (row.evidence or {}).get(REVIEWED)
    if decided:
        return _decided(uow, decided, zone)
    later = uow.session.scalars(
        select(AttendanceRow).where(AttendanceRow.corrects_id == row.id).order_by(AttendanceRow.id)
    ).all()
    if later:
        by_review = (later[-1].evidence or {}).get(REVIEWED)
        if by_review and by_review.get("decision") == REJECTED:
            return _decided(uow, by_review, zone)
        actor = uow.employee(later[-1].actor_id) if later[-1].actor_id else None
        return ReviewRefused("corrected", {"by": actor.name if actor else "-"})
    if not row.accepted or not flag_reasons(row.evidence):
        return ReviewRefused("not_flagged")
    return None


def _decided(uow: UnitOfWork, reviewed: dict[str, Any], zone: ZoneInfo) -> ReviewRefused:
    """Decided before: how, by whom and when (on the employee's wall clock)."""
    by = reviewed.get("by")
    admin = uow.employee(int(by)) if by else None
    at = datetime.fromisoformat(reviewed["at"]).astimezone(zone) if reviewed.get("at") else None
    return ReviewRefused(
        "decided",
        {"decision": reviewed.get("decision", ""), "by": admin.name if admin else "-", "at": at},
    )


def _window_refusal(
    uow: UnitOfWork, employee: EmployeeRow, row: AttendanceRow, zone: ZoneInfo
) -> ReviewRefused | None:
    """A rejection changes the recap: refused in a locked month (`core.revisions.month_lock`:
    closed and outside its revisions window, or submitted with /kirimrekap), as /koreksi is."""
    policy = load_context(uow, employee, row.work_date).policy
    today = local_date(uow.now(), zone.key)
    lock = lock_of(uow, employee, row.work_date, today, policy)
    if lock is None:
        return None
    return ReviewRefused(
        *lock_refusal(row.work_date, lock, policy.revision_rule, report_rule(policy))
    )


def _reviewed(
    evidence: dict[str, Any] | None,
    confirm: bool,
    admin: EmployeeRow,
    at: datetime,
    reasons: tuple[str, ...],
) -> dict[str, Any]:
    """The evidence without its flags (nothing is left to review), and the decision."""
    kept = {k: v for k, v in (evidence or {}).items() if k not in ("flags", "review")}
    decision = {
        "decision": CONFIRMED if confirm else REJECTED,
        "by": admin.id,
        "at": at.isoformat(),
        "flags": list(reasons),
    }
    return {**kept, REVIEWED: decision}
