"""The `presensi` command line."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from presensi.cli_recap import recap_app
from presensi.settings import Settings, get_settings


class _Commands(typer.core.TyperGroup):
    """Every command's database trouble (no schema, bad URL, unreachable), a setting that is
    not valid, and a media store that does not answer, as one line, exit 1.

    Here once rather than in each command: any command that reads the settings or opens the
    database can meet them.
    """

    def invoke(self, ctx):
        from pydantic import ValidationError
        from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

        from core.media_s3 import MediaStoreUnavailable
        from presensi.wiring import DatabaseNotReady, unreachable

        try:
            return super().invoke(ctx)
        except ValidationError as error:
            _settings_problems(error)
        except MediaStoreUnavailable as error:
            typer.echo(f"error: {error}", err=True)
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


def _settings_problems(error) -> None:
    """A setting that is not valid: its name and the rule, never its value (it may be a key)."""
    for problem in error.errors():
        name = "_".join(str(part) for part in problem["loc"]).upper()
        typer.echo(f"error: setting {name}: {problem['msg']}", err=True)


@contextmanager
def clean_errors() -> Iterator[None]:
    """Turn the domain's errors into one line on stderr and exit status 1."""
    from pydantic import ValidationError

    try:
        yield
    except ValidationError as error:  # a ValueError too: caught first
        _settings_problems(error)
        raise typer.Exit(1) from None
    except (ValueError, LookupError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="server processes (more than 1 needs REDIS_URL)")
    ] = 1,
    access_log: Annotated[
        bool, typer.Option(help="log every HTTP request (off: a line per webhook adds up)")
    ] = False,
) -> None:
    """Run the web app: webhooks, health and admin API."""
    import uvicorn

    from presensi.access_log import log_config
    from presensi.keys import code_key, face_cipher
    from presensi.server import build_app

    settings = get_settings()
    with clean_errors():  # a missing SECRET_KEY or FACE_KEYS is one line, before the server
        code_key(settings)
        face_cipher(settings)
        share_face_cores(settings, workers)
    # The access log never shows a webhook's query string (WhatsApp's verify token).
    options = {"host": host, "port": port, "log_config": log_config(), "access_log": access_log}
    if workers == 1:
        uvicorn.run(build_app(settings), **options)
        return
    # Each process builds its own app from the environment (uvicorn's factory mode).
    uvicorn.run("presensi.server:build_app", factory=True, workers=workers, **options)


def share_face_cores(settings: Settings, workers: int) -> None:
    """Several server processes share one Redis server and the machine's cores: without
    REDIS_URL each would keep its own conversations, limits and pushes, so it is refused; and
    each process's face pool gets its share of the cores unless FACE_WORKERS says otherwise."""
    if workers == 1:
        return
    if not settings.redis_url:
        raise ValueError(
            f"--workers {workers} needs REDIS_URL: the processes share conversations, "
            "send limits and the minute's reminders through a Redis server"
        )
    if settings.face_workers is None and settings.face_queue == "pool":
        os.environ["FACE_WORKERS"] = str(max(1, (os.cpu_count() or 1) // workers))
        get_settings.cache_clear()


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
    from core.org.file import parse_org
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
    from core.services.employees import import_employees, policy_context
    from core.services.staff import settle_transfers
    from presensi.wiring import unit_of_work

    with clean_errors(), unit_of_work(get_settings()) as uow:
        organisation = uow.organisation(org)
        if organisation is None:
            raise LookupError(f"no organisation {org!r}; load it first with `presensi org load`")
        known = {u.code for u in uow.units(organisation.id)}
        people = {e.identifier for e in uow.employees(organisation.id)}
        try:
            stored = policy_context(uow, organisation.id)
            rows = parse_employees_file(file, known, frozenset(people), stored)
        except ImportErrors as errors:
            typer.echo(f"error: {file}: nothing imported\n{errors}", err=True)
            raise typer.Exit(1) from None
        # A new unit assignment starts on the organisation's local date, not the server's.
        today = local_date(uow.now(), organisation.zone)
        # Transfers entered ahead (`employees transfer --from`) whose day has come first: the
        # file is then compared with the unit each employee is in today.
        settle_transfers(uow, organisation.id, today)
        summary = import_employees(uow, org, rows, today)
        uow.commit()
    typer.echo(
        f"{org}: {summary.added} added, {summary.updated} updated, "
        f"{summary.transferred} transferred, {summary.unchanged} unchanged"
    )
    # The file's peran column wins over roles changed in chat since: say so, line by line.
    for change in summary.role_changes:
        typer.echo(
            f"roles changed: line {change.line} {change.name}: {change.before} -> {change.after}"
        )
    for code in summary.units_without_admin:
        typer.echo(f"warning: unit {code} has no admin left", err=True)


@policy_app.command("presets")
def policy_presets() -> None:
    """List the presets, the regulation each implements and their parameters."""
    from core.presets import PRESETS

    for preset in PRESETS.values():
        params = f"; parameters: {preset.parameters}" if preset.parameters else ""
        typer.echo(f"{preset.key}: {preset.file} ({preset.zone}){params}")


@policy_app.command("check")
def policy_check(
    at: Annotated[str, typer.Option(help="'2026-11-23 07:31' (local) or ISO with offset")],
    direction: Annotated[str, typer.Option(help="in or out")] = "in",
    org: Annotated[str | None, typer.Option(help="organisation YAML file or stored code")] = None,
    unit: Annotated[str | None, typer.Option(help="unit code (with --org)")] = None,
    preset: Annotated[str | None, typer.Option(help="preset key (instead of --org)")] = None,
    param: Annotated[list[str] | None, typer.Option(help="preset parameter k=v")] = None,
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
    """Check every chain, every covered row and the checkpoints; exit 1 on any tampering."""
    from core.storage import audit
    from presensi.wiring import unit_of_work

    settings = get_settings()
    key, path = settings.audit_key_bytes, settings.audit_checkpoint_file
    with clean_errors(), unit_of_work(settings) as uow:
        points, problems = audit.read_checkpoints(path, key) if path else ([], [])
        count, found = audit.verify(uow.session, key, points)
    problems += found
    for problem in problems:
        typer.echo(_tampered(problem), err=True)
    for note in audit.limits(key, path, points):
        typer.echo(f"note: {note}")
    if problems:
        typer.echo(f"audit log: {count} entries, {len(problems)} problem(s)", err=True)
        raise typer.Exit(1)
    anchored = f", checked against {len(points)} checkpoint(s)" if points else ""
    typer.echo(f"audit log: {count} entries, chain intact{anchored}")


@audit_app.command("checkpoint")
def audit_checkpoint(
    adopt_unsigned: Annotated[
        bool,
        typer.Option(
            "--adopt-unsigned",
            help="vouch for entries written without AUDIT_KEY (once, after "
            "setting the key or upgrading); refused otherwise",
        ),
    ] = False,
) -> None:
    """Sign every chain's length and head, print it and append it to AUDIT_CHECKPOINT_FILE.

    Refused while `audit verify` finds a problem: a checkpoint must never bless tampering.
    """
    from datetime import UTC, datetime

    from core.storage import audit
    from presensi.wiring import unit_of_work

    settings = get_settings()
    key, path = settings.audit_key_bytes, settings.audit_checkpoint_file
    with clean_errors(), unit_of_work(settings) as uow:
        points, problems = audit.read_checkpoints(path, key) if path else ([], [])
        problems += audit.verify(uow.session, key, points)[1]
        adopted = [p for p in problems if adopt_unsigned and p.kind == audit.UNSIGNED]
        problems = [p for p in problems if p not in adopted]
        point = audit.checkpoint(uow.session, datetime.now(UTC), key)
    if problems:
        for problem in problems:
            typer.echo(_tampered(problem), err=True)
        hint = (
            " (--adopt-unsigned vouches for entries written without AUDIT_KEY)"
            if any(p.kind == audit.UNSIGNED for p in problems)
            else ""
        )
        typer.echo(f"no checkpoint written: {len(problems)} problem(s){hint}", err=True)
        raise typer.Exit(1)
    if path:
        audit.write_checkpoint(path, point)
    typer.echo(point.to_json())
    if adopted:
        typer.echo(f"note: {len(adopted)} entries without a MAC are now vouched for", err=True)
    if path is None:
        typer.echo(
            "note: AUDIT_CHECKPOINT_FILE is not set: the checkpoint was only printed; "
            "append it to a file on another machine",
            err=True,
        )
    if key is None:
        typer.echo(f"note: {audit.limits(key, path, [point])[0]}", err=True)


def _tampered(problem) -> str:
    from core.storage import audit

    return f"TAMPERED {audit.describe(problem)}"


@media_app.command("purge")
def media_purge() -> None:
    """Delete every kind of media past its retention, and the exact positions of attendance
    records past LOCATION_RETENTION_DAYS (run it daily, e.g. from cron)."""
    from datetime import UTC, datetime, timedelta

    from core.services.privacy import redact_locations
    from presensi.wiring import media_store, unit_of_work

    settings = get_settings()
    with clean_errors():
        store, now = media_store(settings), datetime.now(UTC)
    for kind, label, days in (
        ("selfie", "selfie(s)", settings.selfie_retention_days),
        ("enroll", "enrollment photo(s)", settings.selfie_retention_days),
        ("evidence", "evidence document(s)", settings.evidence_retention_days),
    ):
        removed = store.purge(kind, days, now)
        typer.echo(f"{removed} {label} older than {days} days deleted")
    days = settings.location_retention_days
    with unit_of_work(settings) as uow:  # commits batch by batch
        redacted = redact_locations(uow, now - timedelta(days=days))
    typer.echo(
        f"{redacted} attendance position(s) older than {days} days removed "
        "(distance and verdict kept)"
    )


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
    web: Annotated[
        bool, typer.Option(help="serve the playground instead: a web chat and the console")
    ] = False,
    port: Annotated[int, typer.Option(min=1024, max=65535, help="the playground's port")] = 8000,
    browser: Annotated[
        bool, typer.Option("--browser/--no-browser", help="open the playground in a browser")
    ] = True,
) -> None:
    """Play a working day through the Telegram bot, offline; print chats and statuses.
    With --web, serve the demo on localhost: talk to the bot in a web chat as any of its people,
    with the admin console beside it."""
    from presensi.demo import DEMO_DAY, run_demo

    settings = get_settings().model_copy(update={"database_url": database})
    with clean_errors():
        played = _day_option(day) if day else DEMO_DAY
        if web:
            from presensi.playground import serve_playground

            serve_playground(settings, employees, port, browser, played)
            return
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
    from presensi.cli_admins import admin_app
    from presensi.cli_bot import bot
    from presensi.cli_employees import deactivate, transfer

    app.command(name="bot")(bot)
    employees_app.command("transfer")(transfer)
    employees_app.command("deactivate")(deactivate)
    employees_app.add_typer(admin_app, name="admin")


_mount_commands()


def _mount_optional() -> None:
    """Sub-apps whose heavy dependencies load only when used."""
    try:
        from presensi.cli_face import face_app
    except ImportError:
        return
    app.add_typer(face_app, name="face")


_mount_optional()


def _mount_operations() -> None:
    """Commands for data-subject requests, the webhooks' inbox, fallback attendance and the
    attendance machine's import, in modules of their own."""
    from presensi import cli_attendance_import  # noqa: F401 - registers `attendance import`
    from presensi.cli_attendance import attendance_app
    from presensi.cli_inbox import inbox_app
    from presensi.cli_leave import leave_app
    from presensi.cli_lkh import lkh_app
    from presensi.cli_privacy import privacy_app
    from presensi.cli_receipt import receipt_app
    from presensi.cli_rota import rota_app

    app.add_typer(privacy_app, name="privacy")
    app.add_typer(inbox_app, name="inbox")
    app.add_typer(attendance_app, name="attendance")
    app.add_typer(rota_app, name="rota")
    app.add_typer(lkh_app, name="lkh")
    app.add_typer(leave_app, name="leave")
    app.add_typer(receipt_app, name="receipt")


_mount_operations()


def _mount_recap() -> None:
    """`recap` and its subcommands."""
    from presensi import cli_recap_submitted  # noqa: F401 - registers `recap submitted`

    app.add_typer(recap_app, name="recap")


_mount_recap()

if __name__ == "__main__":
    app()
