"""`presensi employees transfer|deactivate NIP --org CODE ...`: a transfer (mutasi) from its
effective day, and a departure from the organisation (see `core.services.staff`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, NoReturn

import typer


def transfer(
    identifier: Annotated[str, typer.Argument(help="NIP or NIK")],
    org: Annotated[str, typer.Option(help="organisation code")],
    unit: Annotated[str, typer.Option(help="the new unit's code")],
    from_: Annotated[
        str, typer.Option("--from", help="the effective day, YYYY-MM-DD (from the decree)")
    ],
) -> None:
    """Transfer an employee to another unit from a day; the old site stays allowed for the
    policy's transfer grace (Konawe Kepulauan Pasal 17 ayat (1): one week)."""
    from core.services import staff
    from presensi.cli import clean_errors
    from presensi.settings import get_settings
    from presensi.wiring import unit_of_work

    effective = _day("--from", from_)
    with clean_errors(), unit_of_work(get_settings()) as uow:
        today = _today(uow, org)
        employee = staff.find_employee(uow, org, _nip(identifier))
        done = staff.transfer(uow, employee, unit, effective, today)
        staff.settle_transfers(uow, employee.org_id, today)
        uow.commit()
        when = "now" if done.now_in_force else "on that day"
        typer.echo(
            f"transferred: {employee.name} from {done.old_unit.code} to {done.new_unit.code} "
            f"from {effective} (in force {when})"
        )


def deactivate(
    identifier: Annotated[str, typer.Argument(help="NIP or NIK")],
    org: Annotated[str, typer.Option(help="organisation code")],
    on: Annotated[str, typer.Option(help="the first day no longer on staff, YYYY-MM-DD")],
    reason: Annotated[str, typer.Option(help="pensiun, diberhentikan, pindah_keluar, meninggal")],
) -> None:
    """Deactivate an employee who leaves: from that day they are not expected and cannot clock
    in; their days before stay in the recaps."""
    from core.services import staff
    from presensi.cli import clean_errors
    from presensi.settings import get_settings
    from presensi.wiring import unit_of_work

    first_day = _day("--on", on)
    with clean_errors(), unit_of_work(get_settings()) as uow:
        employee = staff.find_employee(uow, org, _nip(identifier))
        staff.deactivate(uow, employee, first_day, reason.strip().lower())
        uow.commit()
        typer.echo(
            f"deactivated: {employee.name} from {first_day} ({employee.left_reason}); "
            "past days stay in the recaps"
        )


def _today(uow, org_code: str) -> date:
    """The organisation's local date (its transfers take effect by it), not the server's."""
    from core.clock import local_date

    organisation = uow.organisation(org_code)
    return local_date(uow.now(), organisation.zone) if organisation else date.min


def _nip(text: str) -> str:
    from core.ids import InvalidIdentifier, parse_identity

    try:
        return parse_identity(text).value
    except InvalidIdentifier as error:
        _fail(str(error))


def _day(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        _fail(f"cannot read {option} {text!r}; write YYYY-MM-DD")


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)
