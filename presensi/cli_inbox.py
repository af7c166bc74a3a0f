"""`presensi inbox status` and `presensi inbox retry`: what the webhooks' inbox holds, for the
operator.

Messages that failed in themselves are given up after a few tries and wait here for someone to
look (the log names each with its error type); once the cause is fixed, `retry` gives them their
tries back and the running server's sweep processes them within seconds.
"""

from __future__ import annotations

from typing import Annotated

import typer

inbox_app = typer.Typer(help="The webhooks' inbox: waiting and given-up messages.",
                        no_args_is_help=True)  # fmt: skip


@inbox_app.command("status")
def status() -> None:
    """Count waiting messages per channel and list the given-up ones (key, error, received)."""
    from core.services import inbox

    with _unit_of_work() as uow:
        counts = inbox.counts(uow)
        given_up = inbox.given_up(uow)
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
    from core.services import inbox

    if (key is None) == (not all_):
        typer.echo("error: name one KEY or use --all", err=True)
        raise typer.Exit(1)
    with _unit_of_work() as uow:
        rows = [row for row in inbox.given_up(uow, channel) if all_ or row.key == key]
        if not rows:
            typer.echo(f"error: no given-up message {key or ''}".rstrip(), err=True)
            raise typer.Exit(1)
        for row in rows:
            inbox.retry(uow, row.id)
        uow.commit()
    typer.echo(f"{len(rows)} message(s) will be tried again by the running server")


def _unit_of_work():
    from presensi.settings import get_settings
    from presensi.wiring import DatabaseNotReady, unit_of_work

    try:
        return unit_of_work(get_settings())
    except DatabaseNotReady as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
