"""Clock in or out by chat, judged once: the location step judges, the selfie step records.

`judge` loads the employee's policy context once, checks the location's evidence against the
policy's limits and judges the attempt for every minute the selfie may come in
(`core.judgement.Judgement`, kept in the conversation). `record` writes the attempt with the
verdict of the selfie's minute, without loading the policy again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from core.clock import local_date
from core.geo import Geofence, Point
from core.judgement import (
    Judgement,
    Sighting,
    cited,
    evidence_problem,
    face_required,
    timetable,
)
from core.liveness_rule import rule_to_json as liveness_to_json
from core.policy import Policy, Rule
from core.rules import Attempt, Direction, Outcome, Verdict, classify
from core.services.attendance import (
    WIDER_FENCES,
    CheckRequest,
    CheckResult,
    Prior,
    accepted_check_in,
    first_accepted_in,
    record_judged,
)
from core.services.context import (
    EmployeeContext,
    NotFound,
    employee_zone,
    existing_employee,
    load_context,
)
from core.services.excuse import early_excuse
from core.storage.uow import UnitOfWork
from core.track import fence_to_json, rule_to_json


@dataclass(frozen=True)
class LocationRefused:
    """The location is not good enough evidence under the policy: a text key and its values."""

    key: str
    values: dict


def judge(
    uow: UnitOfWork,
    employee_id: int,
    direction: Direction,
    position: Point,
    sighting: Sighting,
    now: datetime,
    channel: str,
) -> Judgement | LocationRefused:
    """The attempt judged at `now` and for each minute of the selfie window that follows."""
    employee = uow.employee(employee_id)
    if employee is None:
        raise NotFound(f"no employee {employee_id}")
    zone = employee_zone(uow, employee)
    contexts: dict[date, EmployeeContext] = {}

    def context(day: date) -> EmployeeContext:
        if day not in contexts:
            contexts[day] = load_context(uow, employee, day)
        return contexts[day]

    def judged(at: datetime) -> tuple[Verdict, Policy]:
        # The schedule day is not known before judging: judge with the local date's context,
        # and again with the schedule day's when it differs (a night shift after midnight).
        attempt = Attempt(direction, at, position)
        today = local_date(at, zone)
        verdict, policy = _classify(attempt, context(today))
        if verdict.work_date != today:
            verdict, policy = _classify(attempt, context(verdict.work_date))
        return verdict, policy

    problem = evidence_problem(context(local_date(now, zone)).policy, sighting, now)
    if problem is not None:
        return LocationRefused(*problem)
    verdict, policy = judged(now)
    window = int(policy.selfie_window_s.value)
    earlier = accepted_check_in(uow, employee.id, verdict) if verdict.accepted else None
    trust = policy.trust_of(channel)
    table = timetable(judged, now, window)
    excused = _early_excuse(uow, employee.id, verdict, table)
    if excused is not None:  # not charged: the day's status excuses it (core.day_status)
        table = tuple(replace(t, deduction=None) if _early(t.verdict) else t for t in table)
    return Judgement(
        verdict=verdict,
        zone=getattr(verdict.local_time.tzinfo, "key", zone),
        timetable=table,
        excused=excused,
        selfie_window_s=window,
        face_threshold=policy.face_threshold.value,
        face_required=face_required(policy),
        trust=(str(trust.value), str(trust.rule)),
        earlier_at=earlier.at if earlier is not None else None,
        track={
            "rule": rule_to_json(policy.track),
            "cited": cited(Rule(policy.track.action, policy.track.rule)),
            "fence": fence_to_json(_fence(context(verdict.work_date), verdict)),
        },
        site_name=context(verdict.work_date).site_names.get(verdict.site or ""),
        event_names={e.code: e.name for e in policy.events_on(verdict.work_date) if e.name},
        liveness=liveness_to_json(policy.liveness) if policy.liveness.mode != "off" else None,
    )


def _fence(c: EmployeeContext, verdict: Verdict) -> Geofence | None:
    """The site's fence the attempt was judged in; None for a wider one (duty, travel), whose
    circle a track's teleport is not measured against."""
    if verdict.site is None or verdict.fence in WIDER_FENCES:
        return None
    first, then = (c.event_sites, c.sites) if verdict.fence == "event" else (c.sites, c.event_sites)
    return first.get(verdict.site) or then.get(verdict.site)


def _early(verdict: Verdict) -> bool:
    return verdict.outcome is Outcome.LEFT_EARLY


def _early_excuse(uow: UnitOfWork, employee_id: int, verdict: Verdict, table) -> str | None:
    """The approved izin that excuses this check-out's leaving early, if it is early at any
    minute of the selfie window; read only then (a check-out on time reads nothing)."""
    if not any(_early(t.verdict) for t in table):
        return None
    return early_excuse(uow, employee_id, verdict.work_date)


def _classify(attempt: Attempt, c: EmployeeContext) -> tuple[Verdict, Policy]:
    verdict = classify(
        attempt, c.policy, c.zone, c.sites, c.event_sites, c.calendar, c.on_duty, c.travel
    )
    return verdict, c.policy


def prior(uow: UnitOfWork, judgement: Judgement, employee_id: int, key: str, at: datetime) -> Prior:
    """What is recorded already that decides the attempt at `at`, in one read: the record of
    this delivery (an earlier try that did not finish) and, for a check-in the verdict of `at`
    accepts, the accepted check-in of its day. Read before the selfie is checked; `record`
    takes it."""
    verdict = judgement.at(at).verdict
    if verdict.direction is not Direction.IN or not verdict.accepted:
        return Prior(uow.attendance_by_key(key), None)
    same, day = uow.attendance_by_key_or_day(key, employee_id, verdict.work_date)
    return Prior(same, first_accepted_in(day))


def record(
    uow: UnitOfWork,
    judgement: Judgement,
    request: CheckRequest,
    actor: str = "self",
    prior: Prior | None = None,
) -> CheckResult:
    """Record the attempt with the verdict of its own minute (`request.at`), as judged;
    `prior` as `prior` read it for that minute, if it did."""

    def timed(employee, at: datetime):
        found = judgement.at(at)
        return found.verdict, found.deduction, None

    return record_judged(uow, request, timed, actor, prior)


def trust(uow: UnitOfWork, employee_id: int, channel: str, now: datetime) -> tuple[str, str]:
    """The channel's location trust in the employee's policy today, and its citation.

    For a channel that is asked before its location is judged (see core.flows.clocking).
    """
    employee = existing_employee(uow, employee_id)
    today = local_date(now, employee_zone(uow, employee))
    rule = load_context(uow, employee, today).policy.trust_of(channel)
    return str(rule.value), str(rule.rule)
