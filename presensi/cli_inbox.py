"""`presensi inbox status` and `presensi inbox retry`: what the webhooks' inbox holds, for the
operator.

Messages that failed in themselves are given up after a few tries and wait here for someone to
look (the log names each with its error type); once the cause is fixed, `retry` gives them their
tries back and the running server's sweep processes them within seconds.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

inbox_app = typer.Typer(help="The webhooks' inbox: waiting and given-up messages.",
                        no_args_is_help=True)  # fmt: skip


@inbox_app.command("status")
def status() -> None:
    """Count waiting messages per channel and list the given-up ones (key, error, received)."""

    async def read(inbox) -> tuple[dict, list]:
        return await inbox.counts(), await inbox.given_up()

    counts, given_up = _with_inbox(read)
    lines = [
        f"{channel}: {c['waiting']} waiting, {c['outage']} waiting for a service, "
        f"{c['given_up']} given up, {c['undelivered']} answers not yet delivered"
        for channel, c in sorted(counts.items())
    ] or ["inbox: nothing waiting"]
    # The key and the error type only: the payload holds what a person sent.
    lines += [
        f"given up: {row.channel} {row.key} {row.error or '-'} "
        f"after {row.failures} failures, received {row.received_at:%Y-%m-%d %H:%M} UTC"
        for row in given_up
    ]
    typer.echo("\n".join(lines))


@inbox_app.command("retry")
def retry(
    key: Annotated[
        str | None, typer.Argument(help="the delivery's key, as `status` lists it")
    ] = None,
    channel: Annotated[str | None, typer.Option(help="telegram or whatsapp")] = None,
    all_: Annotated[bool, typer.Option("--all", help="every given-up message")] = False,
) -> None:
    """Give given-up messages their tries back (after fixing what failed them)."""
    if (key is None) == (not all_):
        typer.echo("error: name one KEY or use --all", err=True)
        raise typer.Exit(1)

    async def give_back(inbox) -> int:
        rows = [row for row in await inbox.given_up(channel) if all_ or row.key == key]
        return sum([await inbox.retry(row) for row in rows])

    retried = _with_inbox(give_back)
    if not retried:
        typer.echo(f"error: no given-up message {key or ''}".rstrip(), err=True)
        raise typer.Exit(1)
    typer.echo(f"{retried} message(s) will be tried again by the running server")


def _with_inbox(work):
    """Run `work(inbox)` on the inbox the server uses (Redis and the database, or the database
    alone); a database or Redis out of reach is one line and exit status 1."""
    import redis.exceptions
    from sqlalchemy.exc import DBAPIError

    from presensi.settings import get_settings
    from presensi.wiring import DatabaseNotReady, inbox_store, redis_client, unit_of_work

    settings = get_settings()
    try:
        unit_of_work(settings)  # fails early, in one line, when the database is not ready
    except DatabaseNotReady as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None

    async def run():
        redis = redis_client(settings)
        try:
            return await work(inbox_store(settings, redis, lambda: unit_of_work(settings)))
        finally:
            await redis.aclose()

    try:
        return asyncio.run(run())
    except (redis.exceptions.RedisError, DBAPIError) as error:
        typer.echo(f"error: the inbox could not be read ({type(error).__name__})", err=True)
        raise typer.Exit(1) from None
