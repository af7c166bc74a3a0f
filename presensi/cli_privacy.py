"""`presensi privacy export|erase NIP --org CODE`: what is held about one person, as JSON, and
the erasure of what the law does not keep (UU 27/2022)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
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


@privacy_app.command("erase")
def erase(
    identifier: Annotated[str, typer.Argument(help="NIP or NIK")],
    org: Annotated[str, typer.Option(help="organisation code")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="do not ask for confirmation")] = False,
) -> None:
    """Erase the employee's faces, photos, documents, exact positions and chat accounts.

    Attendance and absence records and the employee record stay (the TPP pay basis).
    """
    from core.ids import InvalidIdentifier, parse_identity
    from core.services.privacy_erase import chats_of
    from core.services.privacy_erase import erase as erase_data
    from presensi.settings import get_settings
    from presensi.wiring import media_store, unit_of_work

    try:
        identifier = parse_identity(identifier).value
    except InvalidIdentifier as error:
        _fail(str(error))
    settings = get_settings()
    with unit_of_work(settings) as uow:
        employee = _employee(uow, org, identifier)
        who = f"{employee.name} ({uow.unit_name(employee.unit_id)})"
    if not yes and not typer.confirm(
        f"Erase the face data, photos, documents, exact positions and chat accounts of {who}?"
        " Attendance and absence records stay.",
        default=False,
    ):
        typer.echo("aborted: nothing erased", err=True)
        raise typer.Exit(1)
    try:
        media = media_store(settings)
    except ValueError as error:
        _fail(str(error))
    with unit_of_work(settings) as uow:
        employee = _employee(uow, org, identifier)
        chats = chats_of(uow, employee)
        done = erase_data(uow, employee, media, actor="cli")
        uow.commit()
    keys, files = _forget_cached(settings, employee.id, chats, media)
    if done.nothing and not keys and not files:
        typer.echo("nothing left to erase for this employee")
        return
    cached = f", {keys} cached item(s)" if settings.redis_url else ""
    typer.echo(
        f"erased: {done.face_references} face reference(s), {done.chat_accounts} chat "
        f"account(s), {done.activation_codes} activation code(s), "
        f"{done.media_files + files} media file(s), {done.conversations} open "
        f"conversation(s){cached}"
    )
    typer.echo(
        f"cleared: exact positions of {done.locations} attendance record(s), selfie references "
        f"of {done.attendance_photos}, document references of {done.absence_documents} absence(s), "
        f"{done.request_documents} missed-record request(s) and {done.lkh_documents} daily "
        "report(s)"
    )
    typer.echo(
        "kept: the employee record, attendance and absence records and daily reports "
        "(the TPP pay basis)"
    )


def _employee(uow, org: str, identifier: str):
    organisation = uow.organisation(org)
    if organisation is None:
        _fail(f"no organisation {org!r}")
    employee = uow.employee_by_identifier(organisation.id, identifier)
    if employee is None:
        _fail(f"no employee {identifier} in organisation {org!r}")
    return employee


def _forget_cached(settings, employee_id: int, chats, media) -> tuple[int, int]:
    """With REDIS_URL: the cached conversations and selfie fingerprints (keys, files)."""
    if not settings.redis_url:
        return 0, 0  # the embedded stand-in lives in the server's process and dies with it
    import redis

    from core.services.privacy_erase import forget_cached

    client = redis.Redis.from_url(settings.redis_url)
    try:
        keys, files = forget_cached(client, employee_id, chats, media)
        return keys + _erase_inbox(settings, chats), files
    except redis.RedisError as error:
        typer.echo(
            f"warning: Redis not reached ({type(error).__name__}): cached conversations expire "
            "within 15 minutes, selfie fingerprints after SELFIE_RETENTION_DAYS",
            err=True,
        )
        return 0, 0
    finally:
        client.close()


def _erase_inbox(settings, chats) -> int:
    """The person's deliveries still in the Redis inbox (raw messages, replies not yet sent)."""
    import asyncio

    from redis.asyncio import Redis

    from core.inbox.redis_store import RedisInbox

    async def run() -> int:
        client = Redis.from_url(settings.redis_url)
        try:
            return await RedisInbox(client, lambda: datetime.now(UTC)).erase(chats)
        finally:
            await client.aclose()

    return asyncio.run(run())


def _fail(message: str):
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)
