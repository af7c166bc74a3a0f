"""`presensi bot --polling`: the Telegram bot without a public URL, for development."""

from __future__ import annotations

from typing import Annotated

import typer

from presensi.settings import get_settings


def bot(
    polling: Annotated[
        bool, typer.Option("--polling", help="fetch updates with getUpdates (development)")
    ] = False,
) -> None:
    """Run the Telegram bot by polling (development); production uses `presensi serve`."""
    settings = get_settings()
    if settings.telegram_bot_token is None:
        typer.echo("error: TELEGRAM_BOT_TOKEN is not set; put the token from @BotFather in the "
                   "environment or .env", err=True)  # fmt: skip
        raise typer.Exit(1)
    if not polling:
        typer.echo("error: webhook mode runs inside `presensi serve` (POST /webhooks/telegram); "
                   "use `presensi bot --polling` to run the bot on its own", err=True)  # fmt: skip
        raise typer.Exit(2)
    from bot.application import ALLOWED_UPDATES, build_application
    from presensi.runtime import build_runner

    application = build_application(settings, build_runner, polling=True)
    typer.echo("polling Telegram; Ctrl+C stops")
    # run_polling deletes a webhook set earlier; updates queued while the bot was down are kept.
    application.run_polling(allowed_updates=ALLOWED_UPDATES)
