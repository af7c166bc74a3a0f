"""Daily performance reports (LKH): open a day, file or amend its report, verify or return it.

The rule is `core.lkh` (Perbup Musi Banyuasin 9/2023 Pasal 8-11, through `Policy.lkh`); this
reads what it needs from storage and writes through the unit of work, audited. Filing again for
a day whose report waits or was returned amends it (one report per work day, Pasal 8 ayat (2));
a verified report is final. The verifier is the direct supervisor, else an admin of the unit
(`approvers.supervisor_else_admin`, whoever the policy names for requests); any admin of the
employee's unit may verify too, nobody their own report.

A refusal is an `LkhRefused` whose key the chat words for its reader (core.flows.texts_lkh).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from core.access import administers
from core.lkh import (
    AbsenceSpan,
    Activity,
    LkhRule,
    LkhState,
    check_activities,
    day_refusal,
    exemption,
)
from core.services.absences import locked_row
from core.services.approvers import supervisor_else_admin
from core.services.context import (
    NotFound,
    employee_today,
    existing_employee,
    load_context,
    unit_on,
)
from core.storage.lkh_tables import LkhActivityRow, LkhReportRow
from core.storage.tables import EmployeeRow
from core.storage.uow import UnitOfWork

# How far back approved leave is read for its n-th day (Pasal 10: cuti sakit from day 15).
LEAVE_LOOKBACK = timedelta(days=92)


class LkhRefused(ValueError):
    """What the rules do not allow: `key` (not_asked, future, too_old, not_on_staff,
    not_work_day, exempt, verified, too_much_evidence, own, not_allowed, changed, decided,
    no_note) and the values its message names."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key + "".join(f" {k}={v}" for k, v in values.items()))
        self.key, self.values = key, values


@dataclass(frozen=True)
class ReportView:
    """A report as the chat and the command line show it."""

    id: int
    employee_id: int
    day: date
    status: str
    version: int
    activities: tuple[Activity, ...]
    evidence: tuple[dict, ...]
    note: str | None
    verifier_id: int | None


@dataclass(frozen=True)
class Opening:
    """A day an LKH may be filed for: the rule's limits and the report already there, if any."""

    day: date
    rule: LkhRule
    existing: ReportView | None


@dataclass(frozen=True)
class Filing:
    employee_id: int
    day: date
    activities: list[Activity]
    evidence: list[dict] = field(default_factory=list)  # [{"media": ref, "mime": type}]
    dedup_key: str | None = None
    filed_at: datetime | None = None  # the chat message's arrival; default: now


@dataclass(frozen=True)
class Filed:
    report: ReportView
    amended: bool  # an earlier version of the day's report was replaced
    verifier_id: int | None


def view(uow: UnitOfWork, row: LkhReportRow) -> ReportView:
    activities = tuple(Activity(a.activity, a.result) for a in uow.lkh_activities(row))
    return ReportView(
        row.id,
        row.employee_id,
        row.work_date,
        row.status,
        row.version,
        activities,
        tuple(row.evidence or ()),
        row.note,
        row.verifier_id,
    )


def open_day(uow: UnitOfWork, employee: EmployeeRow, day: date, now: datetime) -> Opening:
    """Whether `employee` may file (or amend) the report of `day` at `now`; LkhRefused if not."""
    rule = _check_day(uow, employee, day, now)
    existing = uow.lkh_report_on(employee.id, day)
    if existing is not None and existing.status == LkhState.VERIFIED:
        raise LkhRefused("verified", day=day)
    return Opening(day, rule, view(uow, existing) if existing else None)


def _check_day(uow: UnitOfWork, employee: EmployeeRow, day: date, now: datetime) -> LkhRule:
    today = employee_today(uow, employee, now)
    context = load_context(uow, employee, min(day, today))
    policy, rule = context.policy, context.policy.lkh
    schedule = policy.day_schedule(day)
    holiday = context.calendar(day) and not policy.has_rota_on(day)
    on_staff = unit_on(uow, employee, day) is not None and not employee.gone_on(day)
    spans = [
        AbsenceSpan(a.code, a.subtype, a.first_day, a.last_day)
        for a in uow.absences([employee.id], day - LEAVE_LOOKBACK, day)
        if a.status == "approved"
    ]
    refusal = day_refusal(
        rule,
        day,
        today,
        work_day=schedule is not None and not holiday,
        on_staff=on_staff,
        exempt=exemption(rule, spans, day),
    )
    if refusal is not None:
        raise LkhRefused(
            refusal.problem.value,
            day=day,
            rule=refusal.rule,
            earliest=refusal.earliest,
            days=rule.max_days_back,
        )
    return rule


def file_report(uow: UnitOfWork, filing: Filing) -> Filed:
    """File the day's report, or amend the one waiting or returned; a redelivered chat event
    files nothing again. Everything is checked again here: the day, the activities (BadReport),
    the evidence."""
    if filing.dedup_key and (done := uow.lkh_report_by_key(filing.dedup_key)):
        return Filed(view(uow, done), done.version > 1, done.verifier_id)
    employee = existing_employee(uow, filing.employee_id)
    now = filing.filed_at or uow.now()
    opening = open_day(uow, employee, filing.day, now)
    check_activities(filing.activities, opening.rule)
    if len(filing.evidence) > opening.rule.max_evidence:
        raise LkhRefused("too_much_evidence", limit=opening.rule.max_evidence)
    verifier = supervisor_else_admin(uow, employee, employee_today(uow, employee, now))
    actor = f"employee:{employee.id}"
    row = _locked(uow, uow.lkh_report_on(employee.id, filing.day))
    if row is not None and row.status == LkhState.VERIFIED:  # verified since `open_day` read it
        raise LkhRefused("verified", day=filing.day)
    amended = row is not None
    if row is None:
        row = LkhReportRow(employee_id=employee.id, work_date=filing.day, version=1)
        _fill(row, filing, verifier, now)
        uow.add(row, actor, "lkh.file")
    else:
        row.version += 1
        _fill(row, filing, verifier, now)
        uow.touch(row, actor, "lkh.amend")
    activities = [
        LkhActivityRow(
            report_id=row.id,
            employee_id=employee.id,
            version=row.version,
            position=number,
            activity=item.activity,
            result=item.result,
        )
        for number, item in enumerate(filing.activities, 1)
    ]
    uow.add_many(activities, actor, "lkh.activity")
    return Filed(view(uow, row), amended, verifier)


def _locked(uow: UnitOfWork, row: LkhReportRow | None) -> LkhReportRow | None:
    """The report read afresh under a row lock (`locked_row`): an amendment and a decision at
    the same moment are taken one after the other, each seeing the other's outcome."""
    return locked_row(uow, LkhReportRow, row.id) if row is not None else None


def _fill(row: LkhReportRow, filing: Filing, verifier: int | None, now: datetime) -> None:
    row.status = LkhState.FILED.value
    row.evidence = list(filing.evidence)
    row.verifier_id = verifier
    row.filed_at = now
    row.decided_by = row.decided_at = row.note = None
    row.dedup_key = filing.dedup_key


def may_verify(uow: UnitOfWork, report: LkhReportRow, actor: EmployeeRow) -> bool:
    """The designated verifier or an admin of the employee's unit; never the employee."""
    subject = existing_employee(uow, report.employee_id)
    if actor.id == subject.id or actor.org_id != subject.org_id:
        return False
    if actor.id == report.verifier_id:
        return True
    return administers(
        actor.role_set, actor.org_id, actor.unit_id, subject.org_id, [subject.unit_id]
    )


def decidable(uow: UnitOfWork, report_id: int, version: int, actor_id: int) -> LkhReportRow:
    """The report `actor_id` may verify or return now, as of the version they were shown: read
    afresh under a row lock (`locked_row`), so that an amendment at the same moment either
    lands first (the version no longer matches) or waits for the decision."""
    report = locked_row(uow, LkhReportRow, report_id)
    if report is None:
        raise NotFound(f"no LKH report {report_id}")
    actor = existing_employee(uow, actor_id)
    if actor.id == report.employee_id:
        raise LkhRefused("own")
    if not may_verify(uow, report, actor):
        raise LkhRefused("not_allowed")
    if report.status != LkhState.FILED:
        raise LkhRefused("decided", status=report.status, day=report.work_date)
    if report.version != version:
        raise LkhRefused("changed", day=report.work_date)
    return report


def verify(uow: UnitOfWork, report_id: int, version: int, actor_id: int) -> ReportView:
    """Verify the report as of `version`, once."""
    return _decide(uow, decidable(uow, report_id, version, actor_id), actor_id, None)


def return_report(
    uow: UnitOfWork, report_id: int, version: int, actor_id: int, note: str
) -> ReportView:
    """Return the report to the employee with a note saying what to fix."""
    if not note.strip():
        raise LkhRefused("no_note")
    report = decidable(uow, report_id, version, actor_id)
    return _decide(uow, report, actor_id, note.strip()[:500])


def _decide(uow: UnitOfWork, report: LkhReportRow, actor_id: int, note: str | None) -> ReportView:
    state = LkhState.RETURNED if note else LkhState.VERIFIED
    report.status = state.value
    report.decided_by = actor_id
    report.decided_at = uow.now()
    report.note = note
    uow.touch(report, f"employee:{actor_id}", f"lkh.{state.value}")
    return view(uow, report)


@dataclass(frozen=True)
class Listed:
    """A report of the month for `presensi lkh list`."""

    identifier: str
    name: str
    unit: str
    report: ReportView
    verifier: str | None  # who was asked to verify it
    decided_by: str | None  # who verified or returned it


def month_reports(
    uow: UnitOfWork, org_code: str, year: int, month: int, unit_code: str | None = None
) -> list[Listed]:
    """The organisation's (or a unit's current staff's) reports of a month, by day and name."""
    org = uow.organisation(org_code)
    if org is None:
        raise NotFound(f"no organisation {org_code!r}")
    units = {u.id: u for u in uow.units(org.id)}
    wanted = None
    if unit_code is not None:
        unit = next((u for u in units.values() if u.code == unit_code), None)
        if unit is None:
            raise NotFound(f"no unit {unit_code!r} in {org_code}")
        wanted = [unit.id]
    staff = {e.id: e for e in uow.employees(org.id, wanted)}
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    names = {e.id: e.name for e in uow.employees(org.id)}
    found = [
        Listed(
            staff[r.employee_id].identifier,
            staff[r.employee_id].name,
            units[staff[r.employee_id].unit_id].code,
            view(uow, r),
            names.get(r.verifier_id) if r.verifier_id else None,
            names.get(r.decided_by) if r.decided_by else None,
        )
        for r in uow.lkh_reports(list(staff), first, last)
    ]
    return sorted(found, key=lambda item: (item.report.day, item.name, item.identifier))
