"""Import an attendance machine's punches as attendance records (source "machine").

Perbup Balangan 32/2020 Pasal 3 huruf d-e: the admin downloads the machine's data every week
and uploads it "dari tanggal 1 s.d 5 setiap awal bulan ... sebagai dasar perhitungan TPP SKPD".
Each employee-day's check-in and check-out (`core.machine_files.day_directions`) is judged like
a chat clock-in at its time (`judge_at`, the same policy and timetable, no position: the machine
stands in the office) and recorded through `record_judged`, audit entry included; a check-out
early under an approved izin pulang cepat is not charged (`core.services.excuse`). A machine
punch is not a fallback: no reason is asked and no fallback quota applies.

Punches are grouped by work day, not calendar date (`core.work_day`): a night shift's 07:00
punch the next morning is that shift's check-out, not the next day's check-in.

A punch of a locked month (`core.revisions.month_lock`, the same lock as a /manual's or a
/koreksi's) is refused line by line: outside the policy's revisions window (Balangan's is the
1st-5th of the next month, when Pasal 3 huruf d has the month's data uploaded), or once the
month's report was submitted with `/kirimrekap`.

A punch's dedup key (`machine:<org>:<user id>:<UTC instant>`) makes a re-import of the same
file, or of a longer download overlapping it, add nothing. A file with a bad line writes
nothing unless the caller skips bad lines: half an upload would look like a complete month.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.machine_files import LineError, Punch, day_directions
from core.policy import Policy
from core.revisions import window_values
from core.rules import Direction, Verdict
from core.services.attendance import CheckRequest, accepted_check_in, judge_at, record_judged
from core.services.attendance import current as current_rows
from core.services.context import employee_today, employee_zone, load_context
from core.services.excuse import charge, with_excuse
from core.services.submissions import lock_of
from core.storage.tables import EmployeeRow, Organisation
from core.storage.uow import UnitOfWork
from core.work_day import leaves, work_day

MACHINE = "machine"  # the records' source
ACTOR = "cli"  # the audit's actor: IT staff at the command line


@dataclass(frozen=True)
class ImportOptions:
    user_map: dict[str, str] = field(default_factory=dict)  # machine user id -> NIP
    device_zone: str | None = None  # the device's clock; None: the organisation's zone
    skip_bad: bool = False  # write the good lines of a file with bad ones
    dry_run: bool = False  # judge and count, write nothing


@dataclass
class ImportReport:
    punches: int = 0  # lines read as punches, good or bad
    employees: int = 0
    written: Counter[str] = field(default_factory=Counter)  # direction -> records written
    already: int = 0  # punches a former import recorded
    unused: int = 0  # punches between a day's first and last
    excused: int = 0  # check-outs early under an approved izin: recorded, not charged
    refused: dict[str, list[int]] = field(default_factory=dict)  # reason -> line numbers
    # A closed month's window and rule, by month ("2026-10"), for the closed_month refusals.
    closed: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[LineError] = field(default_factory=list)
    stopped: bool = False  # nothing written because of the errors

    @property
    def new(self) -> int:
        return sum(self.written.values())


@dataclass(frozen=True)
class _Resolved:
    punch: Punch
    employee: EmployeeRow
    at: datetime  # aware
    zone: ZoneInfo  # the employee's


def import_punches(
    uow: UnitOfWork,
    org: Organisation,
    punches: list[Punch],
    errors: list[LineError],
    options: ImportOptions,
) -> ImportReport:
    """Judge and record `punches` (read from one file, whose unreadable lines are `errors`)."""
    resolved, bad = _resolve(uow, org, punches, options)
    report = ImportReport(punches=len(punches) + len(errors))
    report.errors = sorted([*errors, *bad], key=lambda e: e.line)
    report.employees = len({r.employee.id for r in resolved})
    if report.errors and not options.skip_bad:
        report.stopped = True
        return report
    days: dict[tuple[int, date], list[tuple[_Resolved, Direction | None]]] = defaultdict(list)
    policies: dict[tuple[int, date], Policy] = {}
    for item in resolved:
        day, hint = _work_day(uow, item, policies)
        days[(item.employee.id, day)].append((item, item.punch.direction or hint))
    for punches_of_day in days.values():
        punches_of_day.sort(key=lambda pair: (pair[0].at, pair[0].punch.line))
        chosen = day_directions([hint for _, hint in punches_of_day])
        for (item, _), direction in zip(punches_of_day, chosen, strict=True):
            if direction is None:
                report.unused += 1
            else:
                _one(uow, org, item, direction, options, report)
    return report


def _work_day(
    uow: UnitOfWork, item: _Resolved, policies: dict[tuple[int, date], Policy]
) -> tuple[date, Direction | None]:
    """The work day a punch belongs to on the employee's schedules (their rota's night shift
    included), and Direction.OUT for a night shift's punch the next morning, which can only be
    its check-out."""
    local = item.at.astimezone(item.zone)
    key = (item.employee.id, local.date())
    if key not in policies:  # the rota of the day before and of the day itself
        policies[key] = load_context(uow, item.employee, local.date()).policy
    schedule_on = policies[key].day_schedule
    day, minute = work_day(local, schedule_on)
    return day, Direction.OUT if leaves(schedule_on(day), minute) else None


def _resolve(
    uow: UnitOfWork, org: Organisation, punches: list[Punch], options: ImportOptions
) -> tuple[list[_Resolved], list[LineError]]:
    """Each punch's employee and instant, or why it has none."""
    staff: dict[str, EmployeeRow | None] = {}
    seen: dict[tuple[str, datetime], int] = {}
    resolved: list[_Resolved] = []
    bad: list[LineError] = []
    now = uow.now()
    for punch in punches:
        nip = options.user_map.get(punch.user_id, punch.user_id)
        if nip not in staff:
            staff[nip] = uow.employee_by_identifier(org.id, nip)
        employee = staff[nip]
        if employee is None:
            bad.append(LineError(punch.line, _unknown(punch.user_id, nip, org.code)))
            continue
        zone = ZoneInfo(employee_zone(uow, employee))
        at = _instant(punch, zone, org, options)
        if isinstance(at, str):
            bad.append(LineError(punch.line, at.format(name=employee.name)))
            continue
        if at > now:
            bad.append(LineError(punch.line, f"{punch.at:%Y-%m-%d %H:%M:%S} has not come yet"))
            continue
        first = seen.setdefault((employee.identifier, at), punch.line)
        if first != punch.line:
            bad.append(LineError(punch.line, f"duplicate punch: the same as line {first}"))
            continue
        resolved.append(_Resolved(punch, employee, at, zone))
    return resolved, bad


def _unknown(user_id: str, nip: str, org_code: str) -> str:
    if nip != user_id:
        return f"user id {user_id} maps to NIP {nip}, who is no employee of {org_code}"
    return f"unknown user id {user_id}: not in the map, and no employee of {org_code} has it as NIP"


def _instant(
    punch: Punch, zone: ZoneInfo, org: Organisation, options: ImportOptions
) -> datetime | str:
    """The punch's instant. A time without an offset is on the device's clock: the zone given,
    else the organisation's; an employee whose unit keeps another zone makes that a guess, so
    the import asks for the device's zone rather than shift their day by an hour."""
    if punch.at.tzinfo is not None:
        return punch.at
    if options.device_zone is not None:
        return punch.at.replace(tzinfo=ZoneInfo(options.device_zone))
    if str(zone) != org.zone:
        return (
            f"{{name}}'s unit keeps {zone} time, not {org.zone}, and the time has no offset: "
            "give --device-zone"
        )
    return punch.at.replace(tzinfo=zone)


def _one(
    uow: UnitOfWork,
    org: Organisation,
    item: _Resolved,
    direction: Direction,
    options: ImportOptions,
    report: ImportReport,
) -> None:
    """Judge and record one employee-day's check-in or check-out, or count why not."""
    key = f"machine:{org.code}:{item.punch.user_id}:{item.at.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    if uow.attendance_by_key(key) is not None:
        report.already += 1
        return
    employee = item.employee
    if employee.blocked:
        report.refused.setdefault("blocked", []).append(item.punch.line)
        return
    verdict, policy = judge_at(uow, employee, direction, item.at)
    if employee.gone_on(verdict.work_date):  # left the organisation (core.services.staff)
        report.refused.setdefault("left", []).append(item.punch.line)
        return
    today = employee_today(uow, employee, uow.now())
    lock = lock_of(uow, employee, verdict.work_date, today, policy)
    if lock is not None and lock.window is not None:  # closed, outside its revisions window
        report.refused.setdefault("closed_month", []).append(item.punch.line)
        month = f"{verdict.work_date:%Y-%m}"
        report.closed[month] = window_values(verdict.work_date, lock.window, policy.revision_rule)
        return
    if lock is not None:  # submitted with /kirimrekap, and no revisions window is open
        report.refused.setdefault("month_submitted", []).append(item.punch.line)
        return
    reason = _refusal(uow, employee, verdict, item.at)
    if reason is not None:
        report.refused.setdefault(reason, []).append(item.punch.line)
        return
    report.written[direction.value] += 1
    cost = charge(uow, employee.id, verdict, policy)  # leaving early under an approved izin
    report.excused += cost.excused is not None
    if options.dry_run:
        return
    evidence = {"machine_user": item.punch.user_id, "line": item.punch.line}
    request = CheckRequest(
        employee.id,
        direction,
        None,
        source=MACHINE,
        at=item.at,
        evidence=with_excuse(evidence, cost.excused),
        dedup_key=key,
    )
    record_judged(uow, request, lambda _e, _at: (verdict, cost.deduction, policy), ACTOR)


def _refusal(uow: UnitOfWork, employee: EmployeeRow, verdict: Verdict, at: datetime) -> str | None:
    """Why the punch is not recorded: the verdict's outcome when it is not accepted (outside the
    window, not a work day...); a check-in already recorded that day (the first one counts); a
    check-out at or after this one already recorded (the last one counts)."""
    if not verdict.accepted:
        return verdict.outcome.value
    if verdict.direction is Direction.IN:
        return "already_checked_in" if accepted_check_in(uow, employee.id, verdict) else None
    rows = uow.attendance([employee.id], verdict.work_date, verdict.work_date)
    later = [r for r in current_rows(rows) if r.direction == "out" and r.accepted and r.at >= at]
    return "already_checked_out" if later else None
