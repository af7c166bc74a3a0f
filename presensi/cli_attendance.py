"""`presensi attendance manual NIP --org CODE ...`: a fallback (manual or fingerprint) record,
entered by IT staff from the unit's manual list or the fingerprint machine's printout."""

from __future__ import annotations

from datetime import datetime
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
    "bad_source": "unknown source {source!r}; use manual or fingerprint",
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
            f"{verdict.outcome.value}" + (f" {verdict.minutes} min" if verdict.minutes else "")
        )


def _local(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        _fail(f"cannot read --at {text!r}; write 'YYYY-MM-DD HH:MM'")


def _refusal(refusal, name: str) -> str:
    if refusal.quota is not None:
        return f"refused: {refusal.quota}"
    return REFUSALS[refusal.key].format(**({"name": name} | refusal.values))


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)
