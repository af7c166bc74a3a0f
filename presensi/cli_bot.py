"""`presensi bot --polling`: the Telegram bot without a public URL, for development."""

from __future__ import annotations

from typing import Annotated

import typer

from presensi.settings import get_settings


def bot(
    polling: Annotated[
        bool, typer.Option("--polling", help="fetch updates with getUpdates (development)")
    ] = False,
    set_webhook: Annotated[
        str | None,
        typer.Option(help="register https://HOST/webhooks/telegram with Telegram and exit"),
    ] = None,
) -> None:
    """Run the Telegram bot by polling (development); production uses `presensi serve`."""
    settings = get_settings()
    if settings.telegram_bot_token is None:
        typer.echo("error: TELEGRAM_BOT_TOKEN is not set; put the token from @BotFather in the "
                   "environment or .env", err=True)  # fmt: skip
        raise typer.Exit(1)
    if set_webhook is not None:
        _register_webhook(settings, set_webhook)
        return
    if not polling:
        typer.echo("error: webhook mode runs inside `presensi serve` (POST /webhooks/telegram); "
                   "use `presensi bot --polling` to run the bot on its own", err=True)  # fmt: skip
        raise typer.Exit(2)
    from bot.application import ALLOWED_UPDATES
    from presensi.server import telegram_bot
    from presensi.wiring import ready_engine

    ready_engine(settings.database_url)  # no schema: say so now, not at the first update
    # The summaries and reminders run while it polls (post_init), as they do under `serve`.
    application = telegram_bot(settings, polling=True)
    typer.echo("polling Telegram; Ctrl+C stops")
    # run_polling deletes a webhook set earlier; updates queued while the bot was down are kept.
    application.run_polling(allowed_updates=ALLOWED_UPDATES)


def _register_webhook(settings, url: str, request=None) -> None:
    """setWebhook with the secret header and the update kinds the flows read."""
    import asyncio

    from telegram import Bot

    from bot.application import ALLOWED_UPDATES

    if not url.startswith("https://"):
        typer.echo("error: Telegram only calls https:// webhooks", err=True)
        raise typer.Exit(2)
    if settings.telegram_webhook_secret is None:
        typer.echo("error: set TELEGRAM_WEBHOOK_SECRET first; the webhook refuses calls "
                   "without it", err=True)  # fmt: skip
        raise typer.Exit(1)

    async def register() -> None:
        bot = Bot(
            settings.telegram_bot_token.get_secret_value(),
            base_url=settings.telegram_api_base_url,
            base_file_url=settings.telegram_file_base_url,
            request=request,
        )
        async with bot:
            await bot.set_webhook(
                url,
                secret_token=settings.telegram_webhook_secret.get_secret_value(),
                allowed_updates=ALLOWED_UPDATES,
            )

    from telegram.error import NetworkError, TelegramError

    try:
        asyncio.run(register())
    except NetworkError as error:  # timeouts too
        typer.echo(f"error: cannot reach Telegram at {settings.telegram_api_base_url}: "
                   f"{error}; the webhook is not set", err=True)  # fmt: skip
        raise typer.Exit(1) from None
    except TelegramError as error:
        typer.echo(f"error: Telegram refused the webhook: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"webhook set: {url}")
