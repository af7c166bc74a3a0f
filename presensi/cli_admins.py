"""`presensi employees admin list|add|remove`: a super admin edits the admins of a unit from the
command line, under the same rules as `/admin` in chat (`core.services.unit_admins`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer

admin_app = typer.Typer(
    help="Unit admins (Keputusan Kadinkes Musi Banyuasin B-800/18/KPTS-KES/2023 Pasal 3 ayat (2) "
    "huruf a: the super admin adds and removes them).",
    no_args_is_help=True,
)

# What a refusal says on the command line (AdminRefused keys).
REFUSALS = {
    "not_super_admin": "{by} is not a super admin of {org} ({rule})",
    "unknown_unit": "no unit {unit!r} in {org}",
    "unknown_employee": "no employee {identifier} in {org}",
    "self": "{by} cannot change their own roles: another super admin must",
    "other_unit": "{name} works in {home}, not {unit}: an admin administers their own unit "
    "(transfer them first)",
    "left": "{name} left on {day}: they cannot become an admin",
    "already_admin": "{name} is already an admin of {unit}: nothing changed",
    "not_admin": "{name} is not an admin of {unit}: nothing removed",
    "last_admin": "{name} is the last admin of {unit}: add the successor first, then remove",
}

ORG = Annotated[str, typer.Option(help="organisation code")]
BY = Annotated[
    str, typer.Option(help="NIP of the super admin making the change (the audit's actor)")
]


@admin_app.command("list")
def list_command(
    org: ORG,
    unit: Annotated[str | None, typer.Option(help="one unit's code; default: every unit")] = None,
) -> None:
    """Each unit's admins on staff, one unit a line."""
    from core.services.unit_admins import AdminRefused, list_admins

    with _session(org, None) as (uow, organisation, _):
        found = list_admins(uow, None, organisation.id, unit)
        if isinstance(found, AdminRefused):
            _refused(found, org, "-")
        for entry in found:
            names = ", ".join(f"{e.identifier} {e.name}" for e in entry.admins) or "(none)"
            typer.echo(f"{entry.unit.code}: {names}")


@admin_app.command("add")
def add(
    identifier: Annotated[str, typer.Argument(help="NIP or NIK of the new admin")],
    org: ORG,
    unit: Annotated[str, typer.Option(help="the unit's code (the employee's own unit)")],
    by: BY,
) -> None:
    """Make an employee an admin of their unit; audited under the super admin's name."""
    _change(identifier, org, unit, by, add=True)


@admin_app.command("remove")
def remove(
    identifier: Annotated[str, typer.Argument(help="NIP or NIK of the admin")],
    org: ORG,
    unit: Annotated[str, typer.Option(help="the unit's code")],
    by: BY,
) -> None:
    """Take the admin role away; their pending approvals go to the unit's approver now."""
    _change(identifier, org, unit, by, add=False)


def _change(identifier: str, org: str, unit: str, by: str, add: bool) -> None:
    from core.services.unit_admins import AdminRefused, change_admin

    nip = _identity(identifier)
    with _session(org, by) as (uow, organisation, actor):
        done = change_admin(uow, actor, organisation.id, nip, unit, add)
        if isinstance(done, AdminRefused):
            _refused(done, org, actor.name)
        uow.commit()
    verb = "is now an admin of" if add else "is no longer an admin of"
    typer.echo(f"{done.employee.name} {verb} {done.unit.code}; recorded as done by {actor.name}")
    if done.moved:
        typer.echo(f"{len(done.moved)} pending requests moved to the unit's approver now")


@contextmanager
def _session(org: str, by: str | None) -> Iterator[tuple[Any, Any, Any]]:
    """The unit of work, the organisation and the super admin named by --by, or exit 1."""
    from presensi.settings import get_settings
    from presensi.wiring import unit_of_work

    nip = _identity(by) if by is not None else None
    with unit_of_work(get_settings()) as uow:
        organisation = uow.organisation(org)
        if organisation is None:
            _fail(f"no organisation {org!r}")
        actor = uow.employee_by_identifier(organisation.id, nip) if nip else None
        if nip and actor is None:
            _fail(f"no employee {nip} in {org} (--by)")
        yield uow, organisation, actor


def _refused(refusal, org: str, by: str) -> NoReturn:
    values = {"org": org, "by": by} | refusal.values
    _fail(REFUSALS[refusal.key].format(**values))


def _identity(text: str) -> str:
    from core.ids import InvalidIdentifier, parse_identity

    try:
        return parse_identity(text).value
    except InvalidIdentifier as error:
        _fail(str(error))


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)
