"""Records flagged for a unit admin's review: what `/tinjau` lists.

A clock-in is accepted but flagged when it was made without a face match (the employee has no
approved face and the policy's `face_required` is "flag") or over a channel the policy's
`location_trust` reviews (`{whatsapp: review}`), or with a live location whose track looks mocked
(core.track, `track: {action: flag}`: `track_jump`, `track_teleport`, `track_still`,
`track_zero_accuracy`). A flag only helps if someone sees it: this
lists a day's flagged records of the units an admin administers (their own unit; a super admin's
whole organisation); the admin confirms or rejects each (`core.services.review_decide`), which
takes it off the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.access import admin_scope
from core.services.context import employee_zone
from core.storage.tables import AttendanceRow, EmployeeRow, Organisation
from core.storage.uow import UnitOfWork

# Reasons in the order an admin should read them; unknown codes follow, as stored.
REASONS = (
    "no_face",
    "whatsapp",
    "track_teleport",
    "track_jump",
    "track_still",
    "track_zero_accuracy",
)


@dataclass(frozen=True)
class FlaggedRecord:
    """One flagged record as an admin reads it: who, when on their wall clock, and why."""

    record_id: int
    employee_id: int
    name: str
    unit: str
    direction: str
    local_time: datetime
    reasons: tuple[str, ...]


def flag_reasons(evidence: dict[str, Any] | None) -> tuple[str, ...]:
    """Why a record was flagged; records from before `flags` carry only `review`."""
    evidence = evidence or {}
    found = list(evidence.get("flags") or [])
    if evidence.get("review") and evidence["review"] not in found:
        found.append(str(evidence["review"]))
    known = [r for r in REASONS if r in found]
    return tuple(known + [r for r in found if r not in REASONS])


def scope_of(uow: UnitOfWork, admin: EmployeeRow) -> tuple[list[int] | None, str]:
    """The unit ids an admin reviews (None: the whole organisation) and the name to show."""
    scope = admin_scope(admin.role_set, admin.org_id, admin.unit_id)
    if scope is None:  # not an admin: nothing to review
        return [], uow.unit_name(admin.unit_id)
    if scope.whole_org:
        org = uow.session.get(Organisation, admin.org_id)
        assert org is not None  # the admin's own organisation
        return None, org.name
    return sorted(scope.unit_ids or ()), uow.unit_name(admin.unit_id)


def flagged_records(uow: UnitOfWork, admin: EmployeeRow, day: date) -> list[FlaggedRecord]:
    """The accepted, uncorrected records of `day` in the admin's units that carry a flag."""
    unit_ids, _ = scope_of(uow, admin)
    staff = {e.id: e for e in uow.employees(admin.org_id, unit_ids)}
    rows = uow.attendance(list(staff), day, day) if staff else []
    corrected = {row.corrects_id for row in rows if row.corrects_id is not None}
    found = []
    for row in rows:
        reasons = flag_reasons(row.evidence)
        if row.accepted and reasons and row.id not in corrected:
            found.append(_flagged(uow, staff[row.employee_id], row, reasons))
    return found


def _flagged(
    uow: UnitOfWork, employee: EmployeeRow, row: AttendanceRow, reasons: tuple[str, ...]
) -> FlaggedRecord:
    zone = ZoneInfo(employee_zone(uow, employee))
    return FlaggedRecord(
        record_id=row.id,
        employee_id=employee.id,
        name=employee.name,
        unit=uow.unit_name(employee.unit_id),
        direction=row.direction,
        local_time=row.at.astimezone(zone),
        reasons=reasons,
    )
