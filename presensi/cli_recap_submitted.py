"""`presensi recap submitted`: which units submitted a month's report (`/kirimrekap`), for IT
staff who collect them (the BKPSDM of Perbup Konawe Kepulauan Pasal 13 ayat (1))."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from presensi.cli_recap import recap_app
from presensi.settings import get_settings


@recap_app.command("submitted")
def submitted(
    org: Annotated[str, typer.Option(help="organisation code")],
    month: Annotated[
        str | None, typer.Option(help="YYYY-MM (default: last month on the organisation's clock)")
    ] = None,
) -> None:
    """List each unit's month as submitted (when, by whom) or not, against its due day."""
    from core.recap import parse_month
    from core.reporting import previous_month
    from core.services.submissions import month_state
    from presensi.cli import clean_errors
    from presensi.wiring import unit_of_work

    with clean_errors(), unit_of_work(get_settings()) as uow:
        found = uow.organisation(org)
        if found is None:
            raise LookupError(f"no organisation {org!r}")
        today = datetime.now(UTC).astimezone(ZoneInfo(found.zone)).date()
        year, number = parse_month(month) if month else previous_month(today)
        states = month_state(uow, org, year, number)
    done = [s for s in states if s.submitted_on]
    typer.echo(f"{org} {year}-{number:02d}: {len(done)} of {len(states)} units submitted")
    for state in states:
        typer.echo(f"{state.code:<20} {_line(state, today)}")


def _line(state, today) -> str:
    due = f", due {state.due}" if state.due else ""
    if state.submitted_on is not None:
        late = (state.submitted_on - state.due).days if state.due else 0
        when = f" ({_days(late)} late{due})" if late > 0 else (f" (on time{due})" if due else "")
        return f"submitted {state.submitted_on} by {state.by}{when}"
    overdue = (today - state.due).days if state.due else 0
    return "not submitted" + (f" ({_days(overdue)} overdue{due})" if overdue > 0 else due)


def _days(count: int) -> str:
    return f"{count} day" + ("" if count == 1 else "s")
