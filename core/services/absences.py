"""Absence requests (sakit, izin, cuti, tugas, pendidikan, dinas luar) and their approval."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import update

from core.absence import AbsenceCode, Evidence, EvidenceRule, check_type, required_evidence
from core.access import administers
from core.citations import Citation
from core.leave_dates import DatesRefusal, dates_refusal
from core.policy import Policy
from core.reporting import next_month
from core.revisions import lock_refusal, month_closed
from core.services import approvers
from core.services.context import NotFound, employee_today, existing_employee, load_context
from core.services.leave_balance import check_request as check_balance
from core.services.submissions import lock_of, report_rule
from core.services.travel import InvalidDestination, set_destination
from core.storage.lkh_tables import LkhReportRow
from core.storage.report_tables import FaultReport
from core.storage.tables import AbsenceRow, AttendanceRequestRow, EmployeeRow
from core.storage.uow import UnitOfWork
from core.travel import TRAVEL_CODE, clocks_in_on_travel, on_map


class AbsenceRefused(ValueError):
    """A request or decision the rules do not allow; the message says why."""


class DatesRefused(AbsenceRefused):
    """The dates fall outside what the policy allows (`core.leave_dates`)."""

    def __init__(self, refusal: DatesRefusal) -> None:
        self.refusal = refusal
        super().__init__(str(refusal))


class Overlapping(AbsenceRefused):
    """A pending or approved request of the employee already covers some of the dates."""

    def __init__(self, other: AbsenceRow) -> None:
        self.other = other
        super().__init__(f"request {other.id} already covers {other.first_day.isoformat()}")


class MonthLocked(AbsenceRefused):
    """A day of the request falls in a locked month (`core.revisions.month_lock`): "window"
    or "submitted" (`lock_refusal`), with what the refusal names."""

    def __init__(self, day: date, key: str, values: dict[str, Any]) -> None:
        self.day, self.key, self.values = day, key, values
        super().__init__(f"{day:%Y-%m} is locked ({key}): its absences may no longer change")


class MissingEvidence(AbsenceRefused):
    """The policy's evidence rule asks for a document the request lacks."""

    def __init__(self, rules: list[EvidenceRule]) -> None:
        self.rules = rules
        names = ", ".join(f"{' or '.join(e.value for e in r.accepts)} ({r.rule})" for r in rules)
        super().__init__(f"evidence required: {names}")


class MissingDestination(AbsenceRefused):
    """An official travel clocked in at its destination is filed without one."""

    def __init__(self, rule: Citation) -> None:
        self.rule = rule
        super().__init__(f"an official travel (DL) needs its destination ({rule})")


@dataclass(frozen=True)
class AbsenceRequest:
    employee_id: int
    code: str
    subtype: str | None
    first_day: date
    last_day: date
    reason: str
    evidence: list[dict] = field(default_factory=list)  # [{"kind": Evidence, "media": ref}]
    dedup_key: str | None = None
    filed_at: datetime | None = None  # when it was made (a chat message's arrival); default: now
    filed_by: int | None = None  # the admin who recorded it for the employee (`record_for`)
    # (lat, lon) of an official travel's destination, where the policy clocks DL in there.
    destination: tuple[float, float] | None = None


def request_absence(uow: UnitOfWork, request: AbsenceRequest) -> AbsenceRow:
    """File a request after checking its type, dates and evidence; it waits for approval."""
    if request.dedup_key and (old := uow.absence_by_key(request.dedup_key)):
        return old
    employee = _employee(uow, request.employee_id)
    code, subtype = check_type(request.code, request.subtype)
    policy = check_dates(uow, employee, code, request.first_day, request.last_day, request.filed_at)
    days = (request.last_day - request.first_day).days + 1
    if not request.reason.strip():
        raise AbsenceRefused("a reason is required")
    missing = missing_evidence(policy.evidence, code, subtype, days, request.evidence)
    if missing:
        raise MissingEvidence(missing)
    travel = clocks_in_on_travel(policy, code)
    if travel:
        _check_destination(policy, request.destination)
    _refuse_overlap(uow, employee.id, request.first_day, request.last_day)
    if request.filed_by is None:  # an admin records leave granted on paper, even beyond it
        check_balance(uow, employee, code, subtype, request.first_day, request.last_day, lock=True)
    filed_at = request.filed_at or uow.now()
    # Every request has its approver when filed (NoApprover otherwise); one an admin records
    # for the employee is the admin's, decided at once (`record_for`).
    approver_id = request.filed_by or approvers.assign(
        uow, employee, code.value, employee_today(uow, employee, filed_at)
    )
    row = AbsenceRow(
        employee_id=employee.id,
        code=code.value,
        subtype=subtype,
        first_day=request.first_day,
        last_day=request.last_day,
        reason=request.reason.strip(),
        evidence=list(request.evidence),
        status="pending",
        approver_id=approver_id,
        dedup_key=request.dedup_key,
        created_at=filed_at,
    )
    filer = request.filed_by or employee.id
    row = uow.add(row, f"employee:{filer}", "absence.request")
    if travel and request.destination is not None:
        set_destination(uow, row, *request.destination, set_by=filer, policy=policy)
    return row


def _check_destination(policy: Policy, destination: tuple[float, float] | None) -> None:
    """A DL clocked in at its destination is filed with one (Perbup Konawe Kepulauan 18/2023
    Pasal 9 ayat (5): "melakukan Presensi Daring di tempat tugas"), on the map."""
    if destination is None:
        raise MissingDestination(policy.travel_clock_in.rule)
    if not on_map(*destination):
        raise InvalidDestination("the destination's coordinates are not on the map")


def approve_with_destination(
    uow: UnitOfWork, absence_id: int, actor_id: int, lat: float, lon: float
) -> AbsenceRow:
    """Approve a pending DL with the destination its approver picked in place of the one it
    was filed with; refused like any decision the approver may not take."""
    if not on_map(lat, lon):
        raise InvalidDestination("the destination's coordinates are not on the map")
    found = uow.absence(absence_id)
    if found is not None and found.code != TRAVEL_CODE:
        raise AbsenceRefused(f"request {absence_id} is no official travel: it has no destination")
    absence = decide(uow, absence_id, actor_id, approve=True)
    set_destination(uow, absence, lat, lon, actor_id)
    return absence


def record_for(uow: UnitOfWork, request: AbsenceRequest, admin_id: int) -> AbsenceRow:
    """An absence an admin records on the employee's behalf, approved at once.

    Perwal Sungai Penuh 12/2023 Pasal 12 ayat (5): "Admin absensi online setiap masing-masing
    Perangkat Daerah mengisi keterangan dinas/tugas belajar, sakit, izin, cuti ... berdasarkan
    surat tugas, surat keterangan sakit, persetujuan izin dan persetujuan cuti ASN yang
    bersangkutan, yang dilengkapi dengan bukti yang sah": the same dates, reason and evidence
    as the employee's own request (`request_absence`), filed and decided by the admin.
    """
    if request.dedup_key and (old := uow.absence_by_key(request.dedup_key)):
        return old
    admin = _employee(uow, admin_id)
    subject = _employee(uow, request.employee_id)
    if admin.id == subject.id or not administers(
        admin.role_set, admin.org_id, admin.unit_id, subject.org_id, [subject.unit_id]
    ):
        raise AbsenceRefused("you may not record absences for this employee")
    row = request_absence(uow, replace(request, filed_by=admin.id))
    return decide(uow, row.id, admin.id, approve=True)


def check_dates(
    uow: UnitOfWork,
    employee: EmployeeRow,
    code: str,
    first: date,
    last: date,
    filed_at: datetime | None = None,
) -> Policy:
    """Refuse dates the policy does not allow (DatesRefused); return the policy of the first day.

    "Today" is the employee's local date when the request was made, not the UTC date.
    """
    today = employee_today(uow, employee, filed_at or uow.now())
    policy = load_context(uow, employee, first if first <= last else today).policy
    refusal = dates_refusal(policy, code, first, last, today)
    if refusal is not None:
        raise DatesRefused(refusal)
    check_lock(uow, employee, first, last, today)
    _refuse_overlap(uow, employee.id, first, last)
    return policy


def check_lock(
    uow: UnitOfWork, employee: EmployeeRow, first: date, last: date, today: date
) -> None:
    """An absence changes the recap and the TPP of the months it covers: like every change of a
    past day it asks the month's lock (`core.revisions.month_lock`, with the month's
    /kirimrekap submission: `lock_of`), at filing and again at approval (MonthLocked)."""
    month = first.replace(day=1)
    while month <= last and month_closed(month, today):
        day = max(first, month)
        policy = load_context(uow, employee, day).policy
        lock = lock_of(uow, employee, day, today, policy)
        if lock is not None:
            key, values = lock_refusal(day, lock, policy.revision_rule, report_rule(policy))
            raise MonthLocked(day, key, values)
        month = next_month(month)


def _refuse_overlap(uow: UnitOfWork, employee_id: int, first: date, last: date) -> None:
    """One request per day: a pending or approved one already covering a date is refused."""
    for other in uow.absences([employee_id], first, last):
        if other.status in {"pending", "approved"}:
            raise Overlapping(other)


def missing_evidence(
    rules: tuple[EvidenceRule, ...],
    code: AbsenceCode,
    subtype: str | None,
    days: int,
    evidence: list[dict],
) -> list[EvidenceRule]:
    """The rules no document among `evidence` satisfies (one of the kinds a rule accepts)."""
    given = {Evidence(e["kind"]) for e in evidence if e.get("kind") in Evidence._value2member_map_}
    needed = required_evidence(rules, code, subtype, days)
    return [r for r in needed if not r.satisfied_by(given)]


def approver_for(uow: UnitOfWork, employee: EmployeeRow, kind: str = "") -> int | None:
    """The approver the rule names now for the employee's request of `kind` (an absence code,
    `MISSED_RECORD`; `approvers.designated`), e.g. for a request whose approver left the role;
    None when nobody may approve it."""
    today = employee_today(uow, employee, uow.now())
    found = approvers.designated(uow, employee, kind, today)
    return found.employee_id if found is not None else None


class Decidable(Protocol):
    """A request decided with one tap by the approver of the employee's permits: an absence,
    or a missed clock-in or clock-out (`core.services.missed`)."""

    id: int
    employee_id: int
    approver_id: int | None
    status: str
    decided_by: int | None
    decided_at: datetime | None
    decision_reason: str | None


def may_decide(uow: UnitOfWork, request: Decidable, actor: EmployeeRow) -> bool:
    """The approver, whoever is asked to decide it now (the rule's approver, a substitute, the
    next level once escalated: `approvers.asked`), an admin of the employee's unit, or a super
    admin; never the employee who asked."""
    subject = existing_employee(uow, request.employee_id)
    if actor.id == subject.id or actor.org_id != subject.org_id:
        return False
    if actor.id == request.approver_id or administers(
        actor.role_set, actor.org_id, actor.unit_id, subject.org_id, [subject.unit_id]
    ):
        return True
    return actor.id in approvers.asked(uow, request, subject, uow.now())


def decide(
    uow: UnitOfWork, absence_id: int, actor_id: int, approve: bool, reason: str = ""
) -> AbsenceRow:
    """Approve or reject a pending request, once; a rejection needs a reason; an approval
    of days in a locked month is refused (MonthLocked), its rejection is not."""
    absence = locked_absence(uow, absence_id)
    if absence is None:
        raise NotFound(f"no absence request {absence_id}")
    actor = _employee(uow, actor_id)
    if approve and decision_refusal(uow, absence, actor, approve, reason) is None:
        subject = _employee(uow, absence.employee_id)  # its month may have locked since filing
        today = employee_today(uow, subject, uow.now())
        check_lock(uow, subject, absence.first_day, absence.last_day, today)
    return settle(uow, absence, actor, approve, reason, "absence")


def decision_refusal(
    uow: UnitOfWork, request: Decidable, actor: EmployeeRow, approve: bool, reason: str
) -> str | None:
    """Why `actor` may not make this decision, or None: the one rule of every request's
    approval (who decides, once, a rejection with its reason)."""
    if not may_decide(uow, request, actor):
        return "you may not decide this request"
    if request.status != "pending":
        return f"request {request.id} was already {request.status}"
    if not approve and not reason.strip():
        return "a rejection needs a reason"
    return None


def settle(
    uow: UnitOfWork,
    request: Decidable,
    actor: EmployeeRow,
    approve: bool,
    reason: str,
    entity: str,
) -> Any:
    """Decide a pending request (AbsenceRefused when `decision_refusal` says no), audited as
    `{entity}.approved` or `{entity}.rejected`."""
    refusal = decision_refusal(uow, request, actor, approve, reason)
    if refusal is not None:
        raise AbsenceRefused(refusal)
    request.status = "approved" if approve else "rejected"
    request.decided_by = actor.id
    request.decided_at = uow.now()
    request.decision_reason = reason.strip() or None
    return uow.touch(request, f"employee:{actor.id}", f"{entity}.{request.status}")  # type: ignore[arg-type]


def locked_absence(uow: UnitOfWork, absence_id: int) -> AbsenceRow | None:
    """The request read afresh and locked until the transaction ends (`locked_row`), so that a
    decision and the employee's cancellation at the same moment cannot both pass the pending
    check: the second sees the first's outcome."""
    return locked_row(uow, AbsenceRow, absence_id)


R = TypeVar("R", AbsenceRow, AttendanceRequestRow, LkhReportRow, FaultReport)


def locked_row(uow: UnitOfWork, model: type[R], row_id: int) -> R | None:
    """A request (or a report decided once: an LKH, a fault report) read afresh and locked
    until the transaction ends: FOR UPDATE on PostgreSQL. SQLite has one writer at a time but
    ignores FOR UPDATE, and two transactions could each read "pending" before either writes:
    there the transaction first takes the write lock with a write that changes nothing, so a
    second decision waits for the first and reads its outcome (two taps from two chats at once
    decide once)."""
    session = uow.session
    if session.get_bind().dialect.name == "sqlite":
        same = update(model).where(model.id == row_id).values(id=model.id)
        session.execute(same.execution_options(synchronize_session=False))
    return session.get(model, row_id, with_for_update=True, populate_existing=True)


def _employee(uow: UnitOfWork, employee_id: int) -> EmployeeRow:
    employee = uow.employee(employee_id)
    if employee is None:
        raise NotFound(f"no employee {employee_id}")
    return employee
