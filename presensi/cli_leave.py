"""`presensi leave balance`: each employee's cuti tahunan balance of a year, for IT and HR."""

from __future__ import annotations

from typing import Annotated

import typer

from presensi.settings import get_settings

leave_app = typer.Typer(help="Leave: cuti tahunan balances.", no_args_is_help=True)

HEADER = ("NIP/NIK", "name", "kind", "entitled", "carried", "taken", "pending", "left")


@leave_app.command("balance")
def leave_balance(
    org: Annotated[str, typer.Option(help="organisation code")],
    year: Annotated[int | None, typer.Option(help="the year (default: this year)")] = None,
    nip: Annotated[str | None, typer.Option(help="only this employee (NIP or NIK)")] = None,
) -> None:
    """Print the cuti tahunan balance of a year in working days, a line per employee: the
    entitlement, what was carried over from the year before, what is taken (approved) and
    waiting (pending), and what is left. A balance below zero (leave recorded beyond it) is
    printed as it is and named on stderr."""
    from core.services.leave_balance import org_balances
    from presensi.cli import clean_errors
    from presensi.wiring import unit_of_work

    with clean_errors():
        identifier = nip.strip() if nip else None
        with unit_of_work(get_settings()) as uow:
            chosen, lines = org_balances(uow, org, year, identifier, uow.now())
    if not lines:
        typer.echo(f"{org} {chosen}: nobody on staff")
        return
    rule = lines[0].balance.rule
    typer.echo(f"{org} {chosen}: cuti tahunan in working days ({rule.rule})")
    rows = [HEADER, *(_row(line) for line in lines)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        typer.echo("  ".join(cells).rstrip())
    for line in lines:
        if line.balance.remaining < 0:
            over = -line.balance.remaining
            typer.echo(f"warning: {line.identifier} {line.name}: {over} over the balance", err=True)
    if not lines[0].balance.calendar_settled:
        typer.echo(
            f"warning: the holidays and cuti bersama of {chosen} are not decreed yet: working "
            "days are counted without them",
            err=True,
        )


def _row(line) -> tuple[str, ...]:
    found = line.balance
    numbers = (found.entitlement, found.carried, found.taken, found.pending, found.remaining)
    return (line.identifier, line.name, line.kind, *(str(n) for n in numbers))
