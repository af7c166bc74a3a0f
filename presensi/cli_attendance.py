"""`presensi attendance manual|correct NIP --org CODE ...`: a fallback (manual or fingerprint)
record, entered by IT staff from the unit's manual list or the fingerprint machine's printout;
a correction of a day's time asked for by an admin."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, NoReturn

import typer

attendance_app = typer.Typer(help="Attendance records.", no_args_is_help=True)

DIRECTIONS = {"masuk": "in", "in": "in", "pulang": "out", "out": "out"}
# What a refusal says on the command line (core.services.fallback.FallbackRefused keys).
REFUSALS = {
    "blocked": "{name}'s account is blocked: unblock it first",
    "future": "{time} has not come yet: a fallback record is for a time that has passed",
    "duplicate": "{name} already has an accepted {direction} at {time} ({source}) that day",
    "not_accepted": "not recorded: that time is judged {outcome}",
    "before_start": "not recorded: {name} only started on {date}",
    "no_outage": "not recorded: no outage was declared at {time}; declare it with "
    "`presensi attendance outage`, or give another reason",
    "window": "refused: {month:%Y-%m} is closed; changes only from {first} to {last} ({rule})",
    "submitted": "refused: {month:%Y-%m} was submitted on {date}; it is locked ({rule})",
    "order": "not recorded: that day already has a record at {time} in the other direction "
    "that this one would contradict (a check-in after the check-out, or the reverse)",
    "bad_source": "unknown source {source!r}; use manual or fingerprint",
    "left": "{name} left the organisation on {left_on}: no attendance from that day",
}


@attendance_app.command("manual")
def manual(
    identifier: Annotated[str, typer.Argument(help="NIP or NIK")],
    org: Annotated[str, typer.Option(help="organisation code")],
    direction: Annotated[str, typer.Option(help="masuk (in) or pulang (out)")],
    reason: Annotated[
        str,
        typer.Option(help="lupa_hp, hp_hilang, tanpa_sinyal, server_mati, belum_terdaftar"),
    ],
    at: Annotated[
        str | None, typer.Option(help="'YYYY-MM-DD HH:MM' on the employee's clock (default: now)")
    ] = None,
    source: Annotated[str, typer.Option(help="manual or fingerprint")] = "manual",
    note: Annotated[str, typer.Option(help="the evidence: a certificate's number...")] = "",
) -> None:
    """Record a fallback check-in or check-out, judged like a clock-in at that time."""
    from core.fallback import reason_named
    from core.ids import InvalidIdentifier, parse_identity
    from core.rules import Direction
    from core.services.fallback import FallbackRefused, FallbackRequest, record_fallback
    from presensi.settings import get_settings
    from presensi.wiring import unit_of_work

    try:
        identifier = parse_identity(identifier).value
    except InvalidIdentifier as error:
        _fail(str(error))
    if direction.lower() not in DIRECTIONS:
        _fail(f"unknown direction {direction!r}; use masuk or pulang")
    _short(note)
    why = reason_named(reason)
    if why is None:
        _fail(f"unknown reason {reason!r}; use lupa_hp, hp_hilang, tanpa_sinyal, server_mati "
              "or belum_terdaftar")  # fmt: skip
    when = _local(at) if at is not None else None
    with unit_of_work(get_settings()) as uow:
        organisation = uow.organisation(org)
        employee = (uow.employee_by_identifier(organisation.id, identifier)
                    if organisation else None)  # fmt: skip
        if employee is None:
            _fail(f"no employee {identifier} in organisation {org!r}")
        request = FallbackRequest(
            employee, Direction(DIRECTIONS[direction.lower()]), why, when, note, source
        )
        done = record_fallback(uow, None, request)
        if isinstance(done, FallbackRefused):
            _fail(_refusal(done, employee.name))
        uow.commit()
        verdict, record = done.verdict, done.record
        typer.echo(
            f"recorded: {employee.name} {verdict.direction.value} "
            f"{done.local_time:%Y-%m-%d %H:%M %Z} {record.source} ({why.value}): "
            f"{verdict.outcome.value}"
            + (f" {verdict.minutes} min" if verdict.minutes else "")
            + _excused(done.excused)
        )


# What a correction's refusal says on the command line (CorrectionRefused keys).
CORRECTION_REFUSALS = {
    "not_administered": "{by} does not administer {name}'s unit",
    "no_reason": "a correction needs a --reason",
    "future": "{date} has not come yet: only days that have passed are corrected",
    "future_time": "{time:%Y-%m-%d %H:%M} has not come yet: only times that have passed are "
    "corrected",
    "no_record": "{name} has no such record on {date}: record a missed one with `manual`",
    "window": "refused: {month:%Y-%m} is closed; corrections only from {first} to {last} ({rule})",
    "submitted": "refused: {month:%Y-%m} was submitted on {date}; it is locked ({rule})",
    "not_accepted": "not corrected: that time is judged {outcome}",
    "other_day": "not corrected: {time:%Y-%m-%d %H:%M} belongs to the work day {date}, not to "
    "--date",
    "unchanged": "that record is already at {time:%H:%M}: nothing changed",
    "order": "not corrected: that day has a record at {time:%H:%M} in the other direction "
    "that this time would contradict (a check-in after the check-out, or the reverse)",
    "refused": "refused: {why}",
}


@attendance_app.command("correct")
def correct(
    identifier: Annotated[str, typer.Argument(help="NIP or NIK of the employee")],
    org: Annotated[str, typer.Option(help="organisation code")],
    day: Annotated[str, typer.Option("--date", help="the work day, YYYY-MM-DD")],
    direction: Annotated[str, typer.Option(help="masuk (in) or pulang (out)")],
    at: Annotated[str, typer.Option(help="the right time, HH:MM on the employee's clock")],
    reason: Annotated[str, typer.Option(help="why: kept with the correction")],
    by: Annotated[str, typer.Option(help="NIP of the admin who asked for it (the audit's actor)")],
) -> None:
    """Correct a day's check-in or check-out time: a new record pointing at the old one."""

    from core.ids import InvalidIdentifier, parse_identity
    from core.rules import Direction
    from core.services.corrections import CorrectionRefused, CorrectionRequest, correct_day
    from presensi.settings import get_settings
    from presensi.wiring import unit_of_work

    try:
        identifier, admin_id = parse_identity(identifier).value, parse_identity(by).value
    except InvalidIdentifier as error:
        _fail(str(error))
    if direction.lower() not in DIRECTIONS:
        _fail(f"unknown direction {direction!r}; use masuk or pulang")
    _short(reason)
    work_date = _day(day)
    clock = _clock(at)
    with unit_of_work(get_settings()) as uow:
        organisation = uow.organisation(org)
        if organisation is None:
            _fail(f"no organisation {org!r}")
        employee = uow.employee_by_identifier(organisation.id, identifier)
        admin = uow.employee_by_identifier(organisation.id, admin_id)
        if employee is None or admin is None:
            _fail(f"no employee {identifier if employee is None else admin_id} in {org!r}")
        request = CorrectionRequest(
            employee, work_date, Direction(DIRECTIONS[direction.lower()]), clock, reason
        )
        done = correct_day(uow, admin, request)
        if isinstance(done, CorrectionRefused):
            values = {"name": employee.name, "by": admin.name, "date": work_date} | done.values
            _fail(CORRECTION_REFUSALS[done.key].format(**values))
        uow.commit()
        typer.echo(
            f"corrected: {employee.name} {done.verdict.direction.value} {work_date} from "
            f"record {done.old.id} to {_shown(done.local_time, work_date)} "
            f"({done.verdict.outcome.value}"
            + (f" {done.verdict.minutes} min" if done.verdict.minutes else "")
            + _excused(done.excused)
            + f"), record {done.new.id}; the day is marked revised"
        )


def _shown(local: datetime, work_date: date) -> str:
    """HH:MM ZONE, with the date when it is not the work day's (a night shift's check-out)."""
    return f"{local:%H:%M %Z}" if local.date() == work_date else f"{local:%Y-%m-%d %H:%M %Z}"


# Exactly as asked for: strptime alone takes "07:5" for 07:05, and a year 1 runs off the calendar.
STAMP = re.compile(r"(20\d\d)-(\d\d)-(\d\d) (\d\d):(\d\d)")
CLOCK = re.compile(r"(\d\d):(\d\d)")


# What an outage declaration's refusal says (core.services.outages.OutageRefused keys).
OUTAGE_REFUSALS = {
    "not_super_admin": "{by} is not a super admin of {org}",
    "no_reason": "an outage needs a --reason of at most {limit} characters",
    "order": "--to must come after --from",
    "too_long": "an outage of more than {days} days is not one: ask for a decision instead",
    "future": "an outage is declared once it has begun",
    "unknown_unit": "no unit {unit!r} in {org}",
}


@attendance_app.command("outage")
def outage(
    org: Annotated[str, typer.Option(help="organisation code")],
    start: Annotated[str, typer.Option("--from", help="'YYYY-MM-DD HH:MM', the org's clock")],
    end: Annotated[str, typer.Option("--to", help="'YYYY-MM-DD HH:MM', the org's clock")],
    reason: Annotated[str, typer.Option(help="what was down, for the record")],
    unit: Annotated[
        list[str] | None, typer.Option(help="a unit it hit (repeat); none: every unit")
    ] = None,
) -> None:
    """Declare that the system was down: admins then enter that period's attendance as
    fallbacks (reason server_mati), outside the monthly quota."""
    from zoneinfo import ZoneInfo

    from core.services.outages import OutageRefused, declare
    from presensi.settings import get_settings
    from presensi.wiring import unit_of_work

    _short(reason)
    starts, ends = _local(start, "--from"), _local(end, "--to")
    with unit_of_work(get_settings()) as uow:
        organisation = uow.organisation(org)
        if organisation is None:
            _fail(f"no organisation {org!r}")
        zone = ZoneInfo(organisation.zone)
        period = (starts.replace(tzinfo=zone), ends.replace(tzinfo=zone))
        done = declare(uow, None, organisation.id, period, list(unit or []), reason)
        if isinstance(done, OutageRefused):
            _fail(OUTAGE_REFUSALS[done.key].format(**({"org": org, "by": "-"} | done.values)))
        uow.commit()
    where = ", ".join(unit) if unit else "every unit"
    typer.echo(
        f"declared: outage {done.id} of {org} from {starts:%Y-%m-%d %H:%M} to "
        f"{ends:%Y-%m-%d %H:%M} ({where}); fallbacks then are outside the quota"
    )


def _local(text: str, option: str = "--at") -> datetime:
    found = STAMP.fullmatch(text.strip())
    try:
        if found is None:
            raise ValueError(text)
        year, month, day, hour, minute = (int(part) for part in found.groups())
        return datetime(year, month, day, hour, minute)
    except ValueError:
        _fail(f"cannot read {option} {text!r}; write 'YYYY-MM-DD HH:MM' (year 2000-2099)")


def _short(text: str, limit: int = 500) -> None:
    """A note or reason is kept with the record and sent to the employee: keep it readable."""
    if len(text) > limit:
        _fail(f"the text is too long: at most {limit} characters")


def _day(text: str) -> date:
    found = STAMP.fullmatch(f"{text.strip()} 00:00")
    try:
        if found is None:
            raise ValueError(text)
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        _fail(f"cannot read --date {text!r}; write YYYY-MM-DD (year 2000-2099)")


def _clock(text: str) -> time:
    found = CLOCK.fullmatch(text.strip())
    try:
        if found is None:
            raise ValueError(text)
        return time(int(found[1]), int(found[2]))
    except ValueError:
        _fail(f"cannot read --at {text!r}; write HH:MM")


def _excused(izin: str | None) -> str:
    """After an early check-out's minutes: the approved izin that excuses it."""
    return f", excused by the approved izin {izin}: no deduction" if izin else ""


def _refusal(refusal, name: str) -> str:
    if refusal.quota is not None:
        return f"refused: {refusal.quota}"
    return REFUSALS[refusal.key].format(**({"name": name} | refusal.values))


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)
