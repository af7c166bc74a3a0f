"""The `presensi` command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from presensi.cli_recap import recap
from presensi.settings import get_settings


class _Commands(typer.core.TyperGroup):
    """Every command's database trouble (no schema, bad URL, unreachable) as one line, exit 1.

    Here once rather than in each command: any command that opens the database can meet it.
    """

    def invoke(self, ctx):
        from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

        from presensi.wiring import DatabaseNotReady, unreachable

        try:
            return super().invoke(ctx)
        except DatabaseNotReady as error:
            typer.echo(f"error: {error}", err=True)
        except (OperationalError, InterfaceError) as error:  # lost, locked, unreachable
            typer.echo(f"error: {unreachable(get_settings().database_url, error)}", err=True)
        except DBAPIError as error:  # a constraint, a type: the driver's first line, no SQL
            reason = (str(error.orig).strip().splitlines() or [type(error.orig).__name__])[0]
            typer.echo(f"error: the database refused the change: {reason}", err=True)
        raise typer.Exit(1)


app = typer.Typer(
    help="presensi: attendance by chat for Indonesian civil servants.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=_Commands,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
org_app = typer.Typer(help="Organisations: units, sites, schedules.", no_args_is_help=True)
employees_app = typer.Typer(help="Employees.", no_args_is_help=True)
policy_app = typer.Typer(help="Attendance policies and presets.", no_args_is_help=True)
audit_app = typer.Typer(help="The tamper-evident log.", no_args_is_help=True)
media_app = typer.Typer(help="Selfies and uploaded documents.", no_args_is_help=True)
for sub, name in (
    (media_app, "media"),
    (db_app, "db"),
    (org_app, "org"),
    (employees_app, "employees"),
    (policy_app, "policy"),
    (audit_app, "audit"),
):
    app.add_typer(sub, name=name)


@contextmanager
def clean_errors() -> Iterator[None]:
    """Turn the domain's errors into one line on stderr and exit status 1."""
    try:
        yield
    except (ValueError, LookupError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
) -> None:
    """Run the web app: webhooks, health and admin API."""
    import uvicorn

    from webhooks.app import create_app

    uvicorn.run(create_app(get_settings()), host=host, port=port)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest revision."""
    from core.storage.database import upgrade
    from presensi.wiring import engine_for

    with clean_errors():
        upgrade(engine_for(get_settings().database_url))
    typer.echo("database is up to date")


@org_app.command("load")
def org_load(file: Annotated[Path, typer.Argument(help="organisation YAML")]) -> None:
    """Load or update an organisation from YAML; nothing is written if any part is invalid."""
    from core.orgfile import parse_org
    from core.services.orgs import load_org
    from presensi.wiring import unit_of_work

    with clean_errors():
        spec = parse_org(_read(file), source=str(file))
        for warning in spec.warnings:
            typer.echo(f"warning: {warning}", err=True)
        with unit_of_work(get_settings()) as uow:
            summary = load_org(uow, spec)
            uow.commit()
    typer.echo(
        f"{summary.org}: {summary.added} added, {summary.updated} updated, "
        f"{summary.unchanged} unchanged"
    )


@employees_app.command("import")
def employees_import(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX with a header row")],
    org: Annotated[str, typer.Option(help="organisation code")],
) -> None:
    """Import employees; a bad row is reported by line and nothing from the file is written."""
    from core.clock import local_date
    from core.employee_file import ImportErrors, parse_employees_file
    from core.services.employees import import_employees
    from presensi.wiring import unit_of_work

    with clean_errors(), unit_of_work(get_settings()) as uow:
        organisation = uow.organisation(org)
        if organisation is None:
            raise LookupError(f"no organisation {org!r}; load it first with `presensi org load`")
        known = {u.code for u in uow.units(organisation.id)}
        people = {e.identifier for e in uow.employees(organisation.id)}
        try:
            rows = parse_employees_file(file, known, frozenset(people))
        except ImportErrors as errors:
            typer.echo(f"error: {file}: nothing imported\n{errors}", err=True)
            raise typer.Exit(1) from None
        # A new unit assignment starts on the organisation's local date, not the server's.
        today = local_date(uow.now(), organisation.zone)
        summary = import_employees(uow, org, rows, today)
        uow.commit()
    typer.echo(
        f"{org}: {summary.added} added, {summary.updated} updated, "
        f"{summary.transferred} transferred, {summary.unchanged} unchanged"
    )


@policy_app.command("presets")
def policy_presets() -> None:
    """List the presets, the regulation each implements and their parameters."""
    from core.presets import PRESETS

    for preset in PRESETS.values():
        params = f"; parameters: {preset.parameters}" if preset.parameters else ""
        typer.echo(f"{preset.key}: {preset.file} ({preset.zone}){params}")


@policy_app.command("check")
def policy_check(
    at: Annotated[
        str, typer.Option(help="'2026-11-23 07:31' (local) or ISO with offset")
    ],
    direction: Annotated[str, typer.Option(help="in or out")] = "in",
    org: Annotated[str | None, typer.Option(help="organisation YAML file or stored code")] = None,
    unit: Annotated[str | None, typer.Option(help="unit code (with --org)")] = None,
    preset: Annotated[str | None, typer.Option(help="preset key (instead of --org)")] = None,
    param: Annotated[
        list[str] | None, typer.Option(help="preset parameter k=v")
    ] = None,
    site: Annotated[str | None, typer.Option(help="LAT,LON[,RADIUS] (with --preset)")] = None,
    position: Annotated[str | None, typer.Option(help="LAT,LON of the attempt")] = None,
) -> None:
    """Print the verdict for an attempt as JSON, with the rule that decided it."""
    from presensi.policy_check import check

    with clean_errors():
        result = check(
            get_settings(),
            at=at,
            direction=direction,
            org=org,
            unit=unit,
            preset=preset,
            params=param or [],
            site=site,
            position=position,
        )
    typer.echo(json.dumps(result, indent=2, ensure_ascii=False))


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit chain and every audited row; exit 1 if anything was tampered with."""
    from core.storage import audit
    from presensi.wiring import unit_of_work

    with clean_errors(), unit_of_work(get_settings()) as uow:
        count, problems = audit.verify(uow.session)
    for problem in problems:
        where = f"entry {problem.seq}: " if problem.seq else ""
        typer.echo(f"TAMPERED {where}{problem.what}", err=True)
    if problems:
        typer.echo(f"audit log: {count} entries, {len(problems)} problem(s)", err=True)
        raise typer.Exit(1)
    typer.echo(f"audit log: {count} entries, chain intact")


@media_app.command("purge")
def media_purge() -> None:
    """Delete selfies older than SELFIE_RETENTION_DAYS (run it daily, e.g. from cron)."""
    from datetime import UTC, datetime

    from core.media import LocalMediaStore

    settings = get_settings()
    removed = LocalMediaStore(settings.media_dir).purge(
        "selfie", settings.selfie_retention_days, datetime.now(UTC))
    typer.echo(f"{removed} selfie(s) older than {settings.selfie_retention_days} days deleted")


@app.command()
def demo(
    employees: Annotated[
        int, typer.Option(min=6, max=500, help="how many employees to simulate (6-500)")
    ] = 36,
    database: Annotated[str, typer.Option(help="the demo's own database, emptied first")] = (
        "sqlite:///var/demo.db"
    ),
    day: Annotated[
        str | None,
        typer.Option(help="the work day to play, YYYY-MM-DD (default: Tuesday 2026-11-24)"),
    ] = None,
) -> None:
    """Play a working day through the Telegram bot, offline; print chats and statuses."""
    from presensi.demo import DEMO_DAY, run_demo

    settings = get_settings().model_copy(update={"database_url": database})
    with clean_errors():
        played = _day_option(day) if day else DEMO_DAY
        run_demo(settings, employees, out=sys.stdout, day=played)


def _day_option(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--day {value!r} is not a date; write it as YYYY-MM-DD") from None


def _read(file: Path) -> str:
    from core.yaml_lines import read_text

    return read_text(file)


def _mount_commands() -> None:
    """Commands written in modules of their own."""
    from presensi.cli_bot import bot

    app.command(name="bot")(bot)


_mount_commands()


def _mount_optional() -> None:
    """Sub-apps whose heavy dependencies load only when used."""
    try:
        from presensi.cli_face import face_app
    except ImportError:
        return
    app.add_typer(face_app, name="face")


_mount_optional()
app.command()(recap)

if __name__ == "__main__":
    app()
