"""The FastAPI application: health, the Telegram webhook and the WhatsApp webhook."""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager, suppress
from typing import Any

import httpx
from fastapi import FastAPI
from telegram.request import BaseRequest

from core.clock import Clock, SystemClock
from core.flows.messages import Channel, Reply
from presensi.settings import Settings, get_settings
from presensi.wiring import redis_client, unit_of_work
from webhooks.push import config_of, push_forever
from webhooks.routes import health, telegram, whatsapp
from webhooks.whatsapp.process import forward_hook

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    runner_factory: Any = None,
    telegram_request: BaseRequest | None = None,
    whatsapp_transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock | None = None,
) -> FastAPI:
    """One app per process; routers per resource, state on `app.state`.

    `runner_factory(settings, fetchers)` builds the flow runner (default:
    `presensi.runtime.build_runner`); `telegram_request` replaces the Bot API's HTTP layer
    (tests, the offline demo); `whatsapp_transport` the Graph API's, and `clock` the WhatsApp
    intake's (what "stale" is measured against).
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.redis = redis_client(settings)
        app.state.whatsapp = await whatsapp.start(
            settings, runner_factory, app.state.redis, whatsapp_transport, clock
        )
        # Notices cross channels: an approver on Telegram, a requester on WhatsApp, or back.
        forward = forward_hook(app.state.whatsapp) if app.state.whatsapp else None
        app.state.telegram = await _start_telegram(
            settings,
            whatsapp.share_runner(app.state.whatsapp, runner_factory),
            telegram_request,
            forward,
        )
        if app.state.whatsapp is not None and app.state.telegram is not None:
            bot = app.state.telegram.application.bot
            app.state.whatsapp.forward = whatsapp.telegram_forward(bot)
        pusher = _start_push(app, settings, clock or SystemClock())
        yield
        if pusher is not None:
            pusher.cancel()
            with suppress(asyncio.CancelledError):
                await pusher
        if app.state.whatsapp is not None:
            await whatsapp.stop(app.state.whatsapp)
        if app.state.telegram is not None:
            await telegram.stop(app.state.telegram)
        await app.state.redis.aclose()

    docs = settings.api_docs  # the schema lists every route: only when asked for (API_DOCS)
    app = FastAPI(
        title="presensi",
        version="0.1.0",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.settings = settings
    app.state.telegram = None
    app.state.whatsapp = None
    app.include_router(health.router)
    app.include_router(telegram.router)
    app.include_router(whatsapp.router)
    return app


async def _start_telegram(
    settings: Settings, runner_factory: Any, request: BaseRequest | None, forward: Any = None
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
    application = build_application(settings, runner_factory, request=request, forward=forward)
    secret = settings.telegram_webhook_secret.get_secret_value()
    return await telegram.start(
        application, lambda: unit_of_work(settings), secret, settings.language
    )


def _start_push(app: FastAPI, settings: Settings, clock: Clock) -> asyncio.Task | None:
    """Summaries for heads of unit and reminders to clock in, once a minute, when a bot runs."""
    telegram_intake, whatsapp_intake = app.state.telegram, app.state.whatsapp
    if whatsapp_intake is not None:
        runner = whatsapp_intake.runner
    elif telegram_intake is not None:
        runner = telegram_intake.application.bot_data["runner"]
    else:
        return None

    async def deliver(channel: Channel, chat: str, reply: Reply) -> object:
        if channel == Channel.TELEGRAM and telegram_intake is not None:
            from bot.sender import send

            return await send(telegram_intake.application.bot, chat, reply)
        if channel == Channel.WHATSAPP and whatsapp_intake is not None:
            return await whatsapp_intake.sender.send(chat, reply, purpose="reminder")
        return None

    work = push_forever(
        lambda: unit_of_work(settings), runner, app.state.redis, deliver, config_of(settings), clock
    )
    return asyncio.create_task(work)
