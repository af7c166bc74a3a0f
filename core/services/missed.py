"""A missed check-in or check-out asked for by the employee ("lupa absen"), decided like a permit.

`file_request` checks the day (`core.missed.day_refusal`, a work day the employee was on
staff), that the day has no record of that direction and no other pending request for it, and
the time as a record entered for a past time (`core.services.entry`); then the reason and the
evidence the policy asks for (`Policy.missed_evidence`). The request goes to the approver of
the employee's permits (`core.services.approvers`); with nobody to decide it, it is refused
(`no_approver`, naming who can give the employee an approver).

`decide` is the decision of a permit (`absences.decision_refusal` and `settle`: the designated
approver, a unit admin or a super admin, never the employee; once; a rejection needs a
reason). Approving writes the record through the same checks again, since the day may have
changed meanwhile (an admin's /manual, the revisions window closing): source `request`, the
approver as its actor, judged like a chat clock-in at the time asked for, an early check-out
under an approved izin not charged (`core.services.excuse`). It uses none of the fallback quota
(`core.missed.QUOTA_RULE`). Everything happens in the caller's one transaction: a refusal
raised half-way leaves nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.missed import MAX_REASON, REQUEST, day_refusal, evidence_required
from core.policy import MISSED_RECORD
from core.rules import Direction
from core.services.absences import AbsenceRefused, decision_refusal, locked_row, settle
from core.services.approvers import NoApprover, assign
from core.services.attendance import (
    CheckRequest,
    CheckResult,
    current,
    judge_at,
    record_judged,
)
from core.services.context import (
    NotFound,
    employee_today,
    employee_zone,
    existing_employee,
    load_context,
)
from core.services.entry import Entry, EntryRefused, check_entry, hhmm, off_staff_refusal
from core.services.excuse import Charge, charge, with_excuse
from core.storage.tables import AttendanceRequestRow, EmployeeRow
from core.storage.uow import UnitOfWork

ENTITY = "attendance_request"  # the audit's action prefix


@dataclass(frozen=True)
class Refusal:
    """Why a request cannot be filed or recorded: a key and the values its message names.
    Keys: future_day, too_old, window, not_work_day, holiday, before_start, left, duplicate,
    pending, future, not_accepted, order, no_reason, too_long, no_evidence, blocked,
    no_approver, no_approver_nobody."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


class MissedRefused(AbsenceRefused):
    """Raised by `file_request` and `decide`: the refusal, for the chat to word."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.key)
        self.refusal = refusal


@dataclass(frozen=True)
class MissedRequest:
    employee: EmployeeRow
    day: date
    direction: Direction
    clock: time  # on the employee's wall clock that day
    reason: str
    evidence: list[dict] = field(default_factory=list)  # [{"kind", "media", "mime"}]
    dedup_key: str | None = None


@dataclass(frozen=True)
class Preview:
    """A request that may be filed: how it would be recorded, and who would decide it."""

    entry: Entry
    charge: Charge
    approver: EmployeeRow | None
    evidence_required: bool


@dataclass(frozen=True)
class Filed:
    request: AttendanceRequestRow
    preview: Preview  # how it would be recorded, and who decides it


@dataclass(frozen=True)
class Decided:
    request: AttendanceRequestRow
    recorded: CheckResult | None  # the record an approval wrote
    local_time: datetime  # the time asked for, on the employee's wall clock


def check_day(uow: UnitOfWork, employee: EmployeeRow, day: date) -> Refusal | None:
    """Whether `day` may be asked for today: within reach, a work day, on staff."""
    today = employee_today(uow, employee, uow.now())
    context = load_context(uow, employee, min(day, today))
    policy = context.policy
    found = day_refusal(day, today, policy)
    if found is not None:
        return Refusal(*found)
    if policy.day_schedule(day) is None:
        return Refusal("not_work_day", {"date": day})
    holiday = context.calendar(day)
    if holiday and not policy.has_rota_on(day):
        return Refusal("holiday", {"date": day, "holiday": holiday})
    off = off_staff_refusal(uow, employee, day)
    if off is not None:
        return Refusal(off.key, off.values)
    approver = _approver(uow, employee)
    return approver if isinstance(approver, Refusal) else None


def _approver(uow: UnitOfWork, employee: EmployeeRow) -> EmployeeRow | Refusal:
    """Who the request goes to (`core.services.approvers`), or why nobody may decide it:
    `no_approver` with the names of who can give the employee one (`ask`), `no_approver_nobody`
    when the organisation names nobody."""
    try:
        found = assign(uow, employee, MISSED_RECORD, employee_today(uow, employee, uow.now()))
    except NoApprover as nobody:
        ask = ", ".join(nobody.ask)
        return Refusal("no_approver", {"ask": ask}) if ask else Refusal("no_approver_nobody")
    return existing_employee(uow, found)


def check_kind(
    uow: UnitOfWork, employee: EmployeeRow, day: date, direction: Direction
) -> Refusal | None:
    """The day has a record of that direction already, or a request for it waits."""
    rows = current(uow.attendance([employee.id], day, day))
    same = [r for r in rows if r.accepted and r.direction == direction.value]
    if same:
        zone = ZoneInfo(employee_zone(uow, employee))
        values = {"time": hhmm(same[0].at, zone), "source": same[0].source}
        return Refusal("duplicate", values | {"date": day, "direction": direction.value})
    if pending_for(uow, employee.id, day, direction) is not None:
        return Refusal("pending", {"date": day, "direction": direction.value})
    return None


def preview(
    uow: UnitOfWork, employee: EmployeeRow, day: date, direction: Direction, clock: time
) -> Preview | Refusal:
    """The record the request would write at `clock` on `day`, as if approved now."""
    refusal = check_day(uow, employee, day) or check_kind(uow, employee, day, direction)
    if refusal is not None:
        return refusal
    entry = check_entry(uow, employee, direction, datetime.combine(day, clock))
    if isinstance(entry, EntryRefused):
        return Refusal(entry.key, entry.values)
    policy = entry.policy
    approver = _approver(uow, employee)
    if isinstance(approver, Refusal):
        return approver
    cost = charge(uow, employee.id, entry.verdict, policy)
    return Preview(entry, cost, approver, evidence_required(policy))


def file_request(uow: UnitOfWork, request: MissedRequest) -> Filed:
    """File the request (MissedRefused when a check fails); it waits for the approver."""
    if request.dedup_key:
        query = select(AttendanceRequestRow).where(
            AttendanceRequestRow.dedup_key == request.dedup_key
        )
        filed = uow.session.scalars(query).first()
        if filed is not None:  # a redelivery of the same message: answered as the first time
            return Filed(filed, _preview_of(uow, request.employee, filed))
    employee = request.employee
    if employee.blocked:
        raise MissedRefused(Refusal("blocked", {"name": employee.name}))
    found = preview(uow, employee, request.day, request.direction, request.clock)
    if isinstance(found, Refusal):
        raise MissedRefused(found)
    reason = request.reason.strip()
    if not reason:
        raise MissedRefused(Refusal("no_reason"))
    if len(reason) > MAX_REASON:
        raise MissedRefused(Refusal("too_long", {"limit": MAX_REASON}))
    if found.evidence_required and not request.evidence:
        raise MissedRefused(
            Refusal("no_evidence", {"rule": str(found.entry.policy.missed_evidence.rule)})
        )
    row = AttendanceRequestRow(
        employee_id=employee.id,
        work_date=found.entry.verdict.work_date,
        direction=request.direction.value,
        at=found.entry.at,
        reason=reason,
        evidence=list(request.evidence),
        status="pending",
        approver_id=found.approver.id if found.approver else None,
        dedup_key=request.dedup_key,
        created_at=uow.now(),
    )
    return Filed(uow.add(row, f"employee:{employee.id}", f"{ENTITY}.file"), found)


def _preview_of(uow: UnitOfWork, employee: EmployeeRow, row: AttendanceRequestRow) -> Preview:
    """How a filed request would be recorded, for a redelivery's answer: judged again, without
    the checks its own filing now fails (the day has its pending request)."""
    direction = Direction(row.direction)
    entry = check_entry(uow, employee, direction, row.at)
    if isinstance(entry, EntryRefused):  # the day changed since: judged on its own
        verdict, policy = judge_at(uow, employee, direction, row.at)
        zone = ZoneInfo(employee_zone(uow, employee))
        entry = Entry(verdict, policy, row.at, zone, [])
    approver = uow.employee(row.approver_id) if row.approver_id is not None else None
    cost = charge(uow, employee.id, entry.verdict, entry.policy)
    return Preview(entry, cost, approver, evidence_required(entry.policy))


def pending_for(
    uow: UnitOfWork, employee_id: int, day: date, direction: Direction
) -> AttendanceRequestRow | None:
    """The employee's request for that day and direction still waiting for a decision."""
    query = select(AttendanceRequestRow).where(
        AttendanceRequestRow.employee_id == employee_id,
        AttendanceRequestRow.work_date == day,
        AttendanceRequestRow.direction == direction.value,
        AttendanceRequestRow.status == "pending",
    )
    return uow.session.scalars(query.limit(1)).first()


def request_by_id(uow: UnitOfWork, request_id: int) -> AttendanceRequestRow | None:
    return uow.session.get(AttendanceRequestRow, request_id)


def decide(
    uow: UnitOfWork, request_id: int, actor_id: int, approve: bool, reason: str = ""
) -> Decided:
    """Approve (and record) or reject a pending request, once. AbsenceRefused when the actor
    may not decide it (or it was decided); MissedRefused when it can no longer be recorded."""
    # Read afresh and locked until the transaction ends, as an absence's decision is: the
    # same request approved from two chats at once is recorded once.
    row = locked_row(uow, AttendanceRequestRow, request_id)
    if row is None:
        raise NotFound(f"no attendance request {request_id}")
    actor = existing_employee(uow, actor_id)
    problem = decision_refusal(uow, row, actor, approve, reason)
    if problem is not None:
        raise AbsenceRefused(problem)
    recorded = _record(uow, row, actor) if approve else None
    if recorded is not None:
        row.attendance_id = recorded.record.id
    settle(uow, row, actor, approve, reason, ENTITY)
    zone = ZoneInfo(employee_zone(uow, existing_employee(uow, row.employee_id)))
    return Decided(row, recorded, row.at.astimezone(zone))


def _record(uow: UnitOfWork, row: AttendanceRequestRow, actor: EmployeeRow) -> CheckResult:
    """Write the approved request's record through the checks of any record entered late."""
    employee = existing_employee(uow, row.employee_id)
    if employee.blocked:
        raise MissedRefused(Refusal("blocked", {"name": employee.name}))
    direction = Direction(row.direction)
    entry = check_entry(uow, employee, direction, row.at)
    if isinstance(entry, EntryRefused):
        raise MissedRefused(Refusal(entry.key, {"direction": row.direction} | entry.values))
    cost = charge(uow, employee.id, entry.verdict, entry.policy)
    check = CheckRequest(
        employee.id,
        direction,
        None,
        source=REQUEST,
        at=entry.at,
        evidence=with_excuse({"request": row.id}, cost.excused),
        dedup_key=f"{REQUEST}:{row.id}",
        actor_id=actor.id,
    )
    judged = (entry.verdict, cost.deduction, entry.policy)
    return record_judged(uow, check, lambda _e, _at: judged, f"employee:{actor.id}")
