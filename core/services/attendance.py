"""Record check-ins and check-outs, and correct them without rewriting history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from core.citations import Citation
from core.clock import local_date
from core.geo import Point
from core.policy import Policy
from core.revisions import correction_refusal, month_closed
from core.rules import Attempt, Direction, Outcome, Verdict, classify
from core.services.context import (
    NotFound,
    employee_today,
    employee_zone,
    existing_employee,
    load_context,
    unit_on,
)
from core.services.submissions import submitted_on
from core.storage.tables import AttendanceRow, EmployeeRow
from core.storage.uow import UnitOfWork
from core.tpp import pay_effect

# Fences a record names in its evidence: its site alone does not tell them from the office.
WIDER_FENCES = frozenset({"duty", "travel"})
# `CheckRequest.refused` of a live location whose track looked mocked (core.track).
TRACK_REFUSED = "track"


class AttendanceRefused(ValueError):
    """A write the rules do not allow (blocked account, correction of a missing record...)."""


@dataclass(frozen=True)
class CheckRequest:
    employee_id: int
    direction: Direction
    position: Point | None
    accuracy_m: float | None = None
    source: str = "manual"
    at: datetime | None = None  # default: the unit of work's clock
    evidence: dict[str, Any] = field(default_factory=dict)
    dedup_key: str | None = None  # e.g. the chat update id: a redelivery records nothing new
    refused: str | None = None  # a reason the evidence failed (face, track): recorded as refused
    actor_id: int | None = None  # the admin who recorded it for the employee (a fallback)


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict
    record: AttendanceRow
    duplicate: bool = False  # the same request was recorded before; nothing new was written
    earlier: AttendanceRow | None = None  # an accepted check-in already on that day
    policy: Policy | None = None  # the policy that judged it (None for a redelivery)
    deduction: Decimal | None = None  # the TPP percentage this late or early record costs


@dataclass(frozen=True)
class Prior:
    """What is recorded already that decides a request, read ahead by a caller that judges in
    steps (core.services.checkin.prior): `record_judged` then reads neither again. A second
    delivery racing past it is stopped by the unique `dedup_key`."""

    same: AttendanceRow | None  # recorded under the request's dedup_key
    earlier: AttendanceRow | None  # the accepted check-in of the verdict's day, for a check-in


# How a request is judged for `record_judged`: the verdict at an instant, the TPP it costs and
# the policy that judged it (None where the verdict was judged earlier, see core.judgement).
Judge = Callable[[EmployeeRow, datetime], tuple[Verdict, Decimal | None, Policy | None]]


def record_check(uow: UnitOfWork, request: CheckRequest, actor: str = "self") -> CheckResult:
    """Judge an attempt and record it, accepted or refused; a second check-in is not recorded."""

    def judge(employee: EmployeeRow, at: datetime):
        verdict, policy = _judge(uow, employee, request, at)
        return verdict, pay_effect(policy.tpp, verdict.outcome, verdict.band), policy

    return record_judged(uow, request, judge, actor)


def record_judged(
    uow: UnitOfWork,
    request: CheckRequest,
    judge: Judge,
    actor: str = "self",
    prior: Prior | None = None,
) -> CheckResult:
    """Record an attempt with the verdict `judge` gives it; a redelivery (same `dedup_key`)
    answers from the stored record, and a second accepted check-in on a day is not recorded.
    `prior`: both were read ahead, in the caller's earlier transaction."""
    if prior is not None:
        old = prior.same
    else:
        old = uow.attendance_by_key(request.dedup_key) if request.dedup_key else None
    if old is not None:
        zone = ZoneInfo(employee_zone(uow, existing_employee(uow, old.employee_id)))
        return CheckResult(verdict_of(old, zone), old, duplicate=True)
    employee = uow.employee(request.employee_id)
    if employee is None:
        raise NotFound(f"no employee {request.employee_id}")
    if employee.blocked:
        raise AttendanceRefused("account is blocked")
    at = request.at or uow.now()
    verdict, deduction, policy = judge(employee, at)
    # The day the attempt belongs to (a night shift's check-out: the day before), as every other
    # path asks it (`EmployeeRow.gone_on`).
    if employee.gone_on(verdict.work_date):
        raise AttendanceRefused(f"the employee left the organisation on {employee.left_on}")
    if request.refused:
        refused = Outcome.TRACK_REJECTED if request.refused == TRACK_REFUSED else None
        verdict = replace(verdict, outcome=refused or Outcome.FACE_REJECTED)
    earlier = None
    if verdict.accepted:
        earlier = prior.earlier if prior else accepted_check_in(uow, employee.id, verdict)
    if earlier is not None:
        return CheckResult(verdict, earlier, earlier=earlier, policy=policy, deduction=deduction)
    row = uow.add(_row(employee.id, request, verdict, at), actor, f"attendance.{request.direction}")
    return CheckResult(verdict, row, policy=policy, deduction=deduction)


def _judge(
    uow: UnitOfWork, employee, request: CheckRequest, at: datetime
) -> tuple[Verdict, Policy]:
    """The verdict and the policy that gave it."""
    attempt = Attempt(request.direction, at, request.position)

    def judged_on(day) -> tuple[Verdict, Policy]:
        c = load_context(uow, employee, day)
        verdict = classify(
            attempt, c.policy, c.zone, c.sites, c.event_sites, c.calendar, c.on_duty, c.travel
        )
        return verdict, c.policy

    # The schedule day is not known before judging: judge with the local date's context, and
    # again with the schedule day's when it differs (a night shift's check-out after midnight).
    today = employee_today(uow, employee, at)
    verdict, policy = judged_on(today)
    if verdict.work_date != today:
        verdict, policy = judged_on(verdict.work_date)
    return verdict, policy


def judge_at(
    uow: UnitOfWork, employee: EmployeeRow, direction: Direction, at: datetime
) -> tuple[Verdict, Policy]:
    """The verdict of an attempt at `at` without a position (a fallback record: no fence to
    be inside of), and the policy that gave it."""
    return _judge(uow, employee, CheckRequest(employee.id, direction, None), at)


def accepted_check_in(uow: UnitOfWork, employee_id: int, verdict: Verdict) -> AttendanceRow | None:
    """The accepted check-in already recorded on the verdict's work day, for a check-in."""
    if verdict.direction is not Direction.IN:
        return None
    rows = uow.attendance([employee_id], verdict.work_date, verdict.work_date)
    return first_accepted_in(rows)


def first_accepted_in(rows: list[AttendanceRow]) -> AttendanceRow | None:
    """The first accepted check-in among one day's rows that no correction replaces."""
    return next((r for r in current(rows) if r.direction == "in" and r.accepted), None)


def _row(employee_id: int, request: CheckRequest, verdict: Verdict, at: datetime) -> AttendanceRow:
    position = request.position
    return AttendanceRow(
        employee_id=employee_id,
        work_date=verdict.work_date,
        direction=request.direction.value,
        at=at,
        outcome=verdict.outcome.value,
        accepted=verdict.accepted,
        minutes=verdict.minutes,
        band=verdict.band,
        distance_m=verdict.distance_m,
        site=verdict.site,
        event=verdict.event,
        rule=str(verdict.rule),
        source=request.source,
        lat=position.lat if position else None,
        lon=position.lon if position else None,
        accuracy_m=request.accuracy_m,
        evidence=_evidence(request, verdict),
        dedup_key=request.dedup_key,
        actor_id=request.actor_id,
    )


def _evidence(request: CheckRequest, verdict: Verdict) -> dict[str, Any]:
    """The request's evidence, the apel missed before this check-in, and the fence that judged
    it where it was not the office's or the apel's own (an approved duty's radius, a travel's
    destination), so that recaps and corrections see it in the record itself."""
    evidence = dict(request.evidence)
    if verdict.missed_event:
        evidence["missed_event"] = verdict.missed_event
    if verdict.fence in WIDER_FENCES:
        evidence["fence"] = verdict.fence
    return evidence


def verdict_of(row: AttendanceRow, zone: ZoneInfo | None = None) -> Verdict:
    """Rebuild the verdict a stored row recorded (for replies to a redelivered message); its
    local time in `zone`, the employee's (a reply names the time on their wall clock)."""
    return Verdict(
        outcome=Outcome(row.outcome),
        direction=Direction(row.direction),
        work_date=row.work_date,
        local_time=row.at.astimezone(zone) if zone else row.at,
        rule=Citation(file="", instrument=row.rule),
        minutes=row.minutes,
        band=row.band,
        distance_m=row.distance_m,
        site=row.site,
        event=row.event,
        missed_event=(row.evidence or {}).get("missed_event"),
        fence=(row.evidence or {}).get("fence"),
    )


def current(rows: list[AttendanceRow]) -> list[AttendanceRow]:
    """The rows no later correction replaces."""
    replaced = {r.corrects_id for r in rows if r.corrects_id}
    return [r for r in rows if r.id not in replaced]


def correct(
    uow: UnitOfWork,
    record_id: int,
    actor_id: int,
    reason: str,
    *,
    at: datetime | None = None,
    outcome: Outcome | None = None,
    minutes: int | None = None,
    evidence: dict[str, Any] | None = None,
    action: str = "attendance.correct",
) -> AttendanceRow:
    """Write a correction: a new row pointing at `record_id`, by whom and why; its evidence is
    the old row's unless given (the excuse of a check-out that is no longer early goes).
    `action` names it in the audit log (a review's rejection is one too).

    A closed month is corrected only by an admin, inside the policy's revisions window.
    """
    if not reason.strip():
        raise AttendanceRefused("a correction needs a reason")
    old = uow.session.get(AttendanceRow, record_id)
    if old is None:
        raise NotFound(f"no attendance record {record_id}")
    _check_window(uow, old, actor_id)
    fixed = outcome or Outcome(old.outcome)
    columns = {c.key: getattr(old, c.key) for c in AttendanceRow.__table__.columns}
    for key in ("id", "created_at", "dedup_key"):
        columns.pop(key)
    columns |= {
        "at": at or old.at,
        "outcome": fixed.value,
        "accepted": fixed in {Outcome.ON_TIME, Outcome.LATE, Outcome.LEFT_EARLY},
        "minutes": old.minutes if minutes is None else minutes,
        "evidence": old.evidence if evidence is None else evidence,
        "source": "correction",
        "corrects_id": old.id,
        "actor_id": actor_id,
        "reason": reason.strip(),
    }
    return uow.add(AttendanceRow(**columns), f"employee:{actor_id}", action)


def _check_window(uow: UnitOfWork, old: AttendanceRow, actor_id: int) -> None:
    """Refuse a correction of a closed month outside its revisions window or by a non-admin."""
    actor = uow.employee(actor_id)
    if actor is None:
        raise NotFound(f"no employee {actor_id}")
    subject = existing_employee(uow, old.employee_id)
    context = load_context(uow, subject, old.work_date)
    today = local_date(uow.now(), context.zone)
    units = {subject.unit_id, unit_on(uow, subject, old.work_date)}
    by_admin = actor.org_id == subject.org_id and (
        "super_admin" in actor.role_set or ("admin" in actor.role_set and actor.unit_id in units)
    )
    policy = context.policy
    closed = by_admin and month_closed(old.work_date, today)
    submitted = submitted_on(uow, subject, old.work_date) if closed else None
    refusal = correction_refusal(
        old.work_date, today, policy.revision_days, policy.revision_rule, by_admin, submitted
    )
    if refusal:
        raise AttendanceRefused(refusal)
