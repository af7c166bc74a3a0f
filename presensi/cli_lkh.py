"""`presensi lkh list`: a month's daily performance reports (LKH), read-only, for IT and admins."""

from __future__ import annotations

from typing import Annotated

import typer

from presensi.settings import get_settings

lkh_app = typer.Typer(
    help="Daily performance reports (LKH, Perbup Musi Banyuasin 9/2023 Pasal 8-11).",
    no_args_is_help=True,
)


@lkh_app.command("list")
def lkh_list(
    org: Annotated[str, typer.Option(help="organisation code")],
    month: Annotated[str, typer.Option(help="YYYY-MM")],
    unit: Annotated[str | None, typer.Option(help="only this unit's current staff")] = None,
) -> None:
    """A line per report (day, unit, NIP, name, status, by whom, activities), then the counts."""
    from collections import Counter

    from core.recap import parse_month
    from core.services.lkh import month_reports
    from presensi.cli import clean_errors
    from presensi.wiring import unit_of_work

    with clean_errors():
        year, number = parse_month(month)
        with unit_of_work(get_settings()) as uow:
            found = month_reports(uow, org, year, number, unit)
    if not found:
        typer.echo(f"no daily reports (LKH) in {org} for {month}")
        return
    for item in found:
        report = item.report
        if item.decided_by:
            state = f"{report.status} by {item.decided_by}"
        else:
            state = f"{report.status}, to {item.verifier or 'nobody (no supervisor or admin)'}"
        typer.echo(
            f"{report.day.isoformat()}  {item.unit}  {item.identifier}  {item.name}  "
            f"{state}  {len(report.activities)} activities  v{report.version}"
        )
    counts = Counter(item.report.status for item in found)
    states = ", ".join(f"{counts[s]} {s}" for s in ("verified", "filed", "returned") if counts[s])
    typer.echo(f"{len(found)} report(s): {states}")
