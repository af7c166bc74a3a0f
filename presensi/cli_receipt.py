"""`presensi receipt verify CODE`: whether the record of a receipt code still stands.

One line per fact. Exit status: 0 the record stands as its receipt recorded it; 1 it was
replaced (a correction, a later decision) or changed outside the audit log; 2 the code is
unknown, altered or not a code at all.
"""

from __future__ import annotations

from typing import Annotated

import typer

receipt_app = typer.Typer(help="Receipts staff keep for their records.", no_args_is_help=True)

STANDS, REPLACED, UNKNOWN = 0, 1, 2


@receipt_app.command("verify")
def verify(code: Annotated[str, typer.Argument(help="the code, e.g. K7QF-3MZD-XW2P-A4RT")]) -> None:
    """Say whether the record of CODE stands, what replaced it, or that the code is unknown."""
    from core import receipts as codes
    from core.services import receipts
    from presensi.keys import KeyMissing, receipt_key
    from presensi.settings import get_settings
    from presensi.wiring import unit_of_work

    settings = get_settings()
    try:
        key = receipt_key(settings)
    except KeyMissing as missing:
        typer.echo(f"error: {missing}", err=True)
        raise typer.Exit(UNKNOWN) from None
    try:
        with unit_of_work(settings) as uow:
            found = receipts.verify(uow, key, code)
    except codes.MalformedCode:
        typer.echo(f"error: {code!r} is not a receipt code (16 or more letters and digits, "
                   "e.g. K7QF-3MZD-XW2P-A4RT)", err=True)  # fmt: skip
        raise typer.Exit(UNKNOWN) from None
    if found.status == codes.UNKNOWN:
        typer.echo(f"error: unknown receipt code {code} (no such record, or the code was altered)",
                   err=True)  # fmt: skip
        raise typer.Exit(UNKNOWN)
    typer.echo(f"status: {found.status}")
    if found.status == codes.CHANGED:
        typer.echo("note: the record no longer matches what the audit log says was written")
    for label, facts in (("record", found.record), ("replaced by", found.by)):
        if facts is not None:
            for name, value in receipts.plain(facts).items():
                typer.echo(f"{label} {name}: {value}")
    raise typer.Exit(STANDS if found.status == codes.STANDS else REPLACED)
