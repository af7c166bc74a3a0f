"""The FastAPI application: health and the Telegram webhook; the WhatsApp webhook plugs in here."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from telegram.request import BaseRequest

from presensi.settings import Settings, get_settings
from presensi.wiring import redis_client, unit_of_work
from webhooks.routes import health, telegram

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    runner_factory: Any = None,
    telegram_request: BaseRequest | None = None,
) -> FastAPI:
    """One app per process; routers per resource, state on `app.state`.

    `runner_factory(settings, fetchers)` builds the flow runner (default:
    `presensi.runtime.build_runner`); `telegram_request` replaces the Bot API's HTTP layer
    (tests, the offline demo).
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.redis = redis_client(settings)
        app.state.telegram = await _start_telegram(settings, runner_factory, telegram_request)
        yield
        if app.state.telegram is not None:
            await telegram.stop(app.state.telegram)
        await app.state.redis.aclose()

    app = FastAPI(title="presensi", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.telegram = None
    app.include_router(health.router)
    app.include_router(telegram.router)
    return app


async def _start_telegram(
    settings: Settings, runner_factory: Any, request: BaseRequest | None
) -> telegram.TelegramIntake | None:
    """The Telegram bot in webhook mode, when a token and a webhook secret are configured."""
    if settings.telegram_bot_token is None:
        return None
    if settings.telegram_webhook_secret is None:
        # Without a secret no delivery can be authenticated: keep the webhook closed (503).
        log.warning("TELEGRAM_WEBHOOK_SECRET is not set: the Telegram webhook stays closed")
        return None
    from bot.application import build_application

    if runner_factory is None:
        from presensi.runtime import build_runner as runner_factory
    application = build_application(settings, runner_factory, request=request)
    secret = settings.telegram_webhook_secret.get_secret_value()
    return await telegram.start(application, lambda: unit_of_work(settings), secret)
