"""`presensi rota import`: a month's shift rota (CSV or XLSX) for the check-in and the recap."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from presensi.settings import get_settings

rota_app = typer.Typer(
    help="Shift rotas: who works which shift on which day.", no_args_is_help=True
)


@rota_app.command("import")
def rota_import(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX: nip,1,2,...,31 then a row per NIP")],
    org: Annotated[str, typer.Option(help="organisation code")],
    month: Annotated[str, typer.Option(help="YYYY-MM: the month the table's days are in")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="check and count, write nothing")
    ] = False,
) -> None:
    """Import a month's rota; a table with any problem is refused whole, each problem one line.

    A shift code names a `shifts:` entry of the organisation file; an empty cell leaves the day
    to the weekday's schedule. The listed employees' earlier entries of the month are replaced.
    """
    from core.recap import parse_month
    from core.rota import InvalidRota
    from core.services.rota import import_rota
    from presensi.cli import clean_errors
    from presensi.wiring import unit_of_work

    with clean_errors():
        year, number = parse_month(month)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise ValueError(f"cannot read {file}: {error.strerror or error}") from None
        with unit_of_work(get_settings()) as uow:
            try:
                summary = import_rota(uow, org, year, number, data, name=str(file))
            except InvalidRota as error:
                for problem in error.problems:
                    typer.echo(f"error: {problem}", err=True)
                typer.echo(f"error: {file}: nothing imported", err=True)
                raise typer.Exit(1) from None
            if not dry_run:
                uow.commit()
    prefix = "dry run, nothing written: " if dry_run else ""
    counts = (
        f"{summary.written} written, {summary.replaced} replaced, {summary.removed} removed, "
        f"{summary.unchanged} unchanged"
    )
    verdict = "" if summary.changed else " (the rota was already this: nothing changed)"
    typer.echo(
        f"{prefix}{summary.org} {month}: {summary.employees} employees; entries {counts}{verdict}"
    )


@rota_app.command("show")
def rota_show(
    org: Annotated[str, typer.Option(help="organisation code")],
    month: Annotated[str, typer.Option(help="YYYY-MM")],
    unit: Annotated[str | None, typer.Option(help="only this unit's staff")] = None,
) -> None:
    """Print a month's rota: a line per employee with a rota entry, a column per day with the
    shift code ('.' the weekday's schedule), then what each code means."""
    from core.recap import parse_month
    from core.rota_grid import grid_lines
    from core.services.rota import month_grid
    from presensi.cli import clean_errors
    from presensi.wiring import unit_of_work

    with clean_errors():
        year, number = parse_month(month)
        with unit_of_work(get_settings()) as uow:
            grid = month_grid(uow, org, year, number, unit)
    if not grid.rows:
        typer.echo(f"{grid.title}: no rota entries; every day follows the weekday's schedule")
        return
    for line in grid_lines(grid):
        typer.echo(line)
