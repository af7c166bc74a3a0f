"""`presensi privacy export NIP --org CODE`: what is held about one person, as JSON."""

from __future__ import annotations

import json
from typing import Annotated

import typer

privacy_app = typer.Typer(help="Personal data (UU 27/2022).", no_args_is_help=True)


@privacy_app.command("export")
def export(
    identifier: Annotated[str, typer.Argument(help="NIP or NIK")],
    org: Annotated[str, typer.Option(help="organisation code")],
) -> None:
    """Print, as JSON, every record held about the employee (codes and face data as facts)."""
    from core.ids import InvalidIdentifier, parse_identity
    from core.services.privacy import export as gather
    from presensi.settings import get_settings
    from presensi.wiring import DatabaseNotReady, unit_of_work

    try:
        identifier = parse_identity(identifier).value
    except InvalidIdentifier as error:
        raise typer.BadParameter(str(error)) from None
    try:
        with unit_of_work(get_settings()) as uow:
            organisation = uow.organisation(org)
            employee = (uow.employee_by_identifier(organisation.id, identifier)
                        if organisation else None)  # fmt: skip
            if employee is None:
                typer.echo(f"error: no employee {identifier} in organisation {org!r}", err=True)
                raise typer.Exit(1)
            data = gather(uow, employee)
    except DatabaseNotReady as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
