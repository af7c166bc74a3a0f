"""The composition root of the running service: one runner, one dispatcher, the channels' adapters
and the background work, built once per process and handed to the web app or the polling bot.

Adding a channel is one adapter package and one `dispatcher.register(...)` line here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from contextlib import suppress
from datetime import timedelta
from functools import partial
from typing import Any

import httpx
from fastapi import FastAPI
from telegram.ext import Application
from telegram.request import BaseRequest

from bot.application import bind, build_application, fetcher
from bot.rate_limiter import SharedRateLimiter
from bot.sender import TelegramSender
from core.clock import Clock, SystemClock
from core.console_auth import Sessions, SingleUse, issue_link
from core.delivery import Dispatcher
from core.flows.messages import Channel
from core.flows.turn import FlowConfig
from core.held_messages import SqlHeldMessages
from core.pace import SharedPace
from core.sent_messages import RedisSentMessages
from presensi.background import config_of, push_forever
from presensi.keys import KeyMissing, console_key, receipt_key
from presensi.runtime import build_runner
from presensi.settings import Settings, get_settings
from presensi.wiring import database_ok, inbox_store, redis_client, unit_of_work
from webhooks.app import AppParts, ConsoleParts, PlaygroundParts, TelegramParts, create_app
from webhooks.web.intake import WebIntake
from webhooks.web.sender import WebSender
from webhooks.web.uploads import WebUploads
from webhooks.whatsapp.process import WhatsAppIntake
from webhooks.whatsapp.sender import WhatsAppSender

log = logging.getLogger(__name__)

HTTP_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
# runner_factory(settings, fetchers) -> a runner (`handle`, `chat_of`, maybe `aclose`).
RunnerFactory = Callable[[Any, Mapping[Channel, Any]], Any]


def build_app(
    settings: Settings | None = None,
    runner_factory: RunnerFactory | None = None,
    telegram_request: BaseRequest | None = None,
    whatsapp_transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock | None = None,
    playground: PlaygroundParts | None = None,
) -> FastAPI:
    """The web app of `presensi serve`, with everything it serves with built once.

    `runner_factory` replaces `build_runner` (tests); `telegram_request` the Bot API's HTTP
    layer; `whatsapp_transport` the Graph API's; `clock` everyone's (the flows', the intakes',
    the pushes'); `playground` adds the web chat of `presensi demo --web` (with PUBLIC_URL).
    """
    settings = settings or get_settings()
    clock = clock or SystemClock()
    redis = redis_client(settings)
    # On the same clock as the pushes: a delivery's arrival is the time a clock-in counts at.
    units = lambda: unit_of_work(settings, clock)  # noqa: E731
    inbox = inbox_store(settings, redis, units, clock)
    sender = whatsapp_sender(settings, redis, whatsapp_transport, clock, units)
    application = telegram_application(settings, telegram_request, redis)
    parts = AppParts(
        units=units,
        redis=redis,
        inbox=inbox,
        database_ok=partial(database_ok, settings),
        redis_embedded=not settings.redis_url,
        whatsapp_verify_token=_secret(settings.whatsapp_verify_token),
        max_body_bytes=settings.webhook_max_body_bytes,
        api_docs=settings.api_docs,
        receipt_key=_receipt_key(settings),
    )
    if sender is None and application is None and playground is None:
        return create_app(parts)  # no channel: health only, no runner to build
    fetchers: dict[Channel, Any] = {}
    uploads = WebUploads(redis)  # what a web chat sends (the playground's page)
    if settings.public_url:  # the web channel: the console's, and the playground's chat
        fetchers[Channel.WEB] = uploads.fetch
    if sender is not None:
        config = FlowConfig()
        fetchers[Channel.WHATSAPP] = sender.fetcher(
            max(config.max_photo_bytes, config.max_document_bytes)
        )
    if application is not None:
        fetchers[Channel.TELEGRAM] = fetcher(application.bot)
    # One runner per process: one face-matching pool and one memory of used photos for both
    # channels; the sender's window and the flows share one Redis.
    runner = (runner_factory or partial(build_runner, redis=redis, clock=clock))(settings, fetchers)
    dispatcher = Dispatcher(runner.chat_of, sent=RedisSentMessages(redis))
    runner.send_early_with(dispatcher.send)  # "diterima, sedang diperiksa" before a verdict
    if application is not None:
        dispatcher.register(Channel.TELEGRAM, TelegramSender(application.bot))
        bind(application, runner.handle, dispatcher)
        parts.telegram = TelegramParts(application, _secret(settings.telegram_webhook_secret),
                                       settings.language)  # fmt: skip
    if sender is not None:
        dispatcher.register(Channel.WHATSAPP, sender)
        parts.whatsapp = whatsapp_intake(settings, runner, sender, dispatcher, units, clock, inbox)
    if settings.public_url:
        parts.console = console(settings, runner, dispatcher, units, redis, clock, inbox)
        parts.console.uploads = uploads
        parts.playground = playground
    parts.background = [lambda: push_forever(units, dispatcher, redis, config_of(settings), clock)]
    parts.closers = [partial(close_runner, runner)]
    return create_app(parts)


def console(
    settings: Settings,
    runner: Any,
    dispatcher: Dispatcher,
    units: Callable[[], Any],
    redis: Any,
    clock: Clock,
    inbox: Any = None,
) -> ConsoleParts:
    """The web console at PUBLIC_URL/admin: the web channel's sender and inbox, and /web's
    sign-in links in the flows."""
    sender = WebSender(redis)
    dispatcher.register(Channel.WEB, sender)
    key = console_key(settings)
    base = (settings.public_url or "").rstrip("/")

    def link(employee_id: int, now) -> str:
        return f"{base}/admin/masuk?t={issue_link(key, employee_id, now)}"

    runner.deps.console_link = link
    # Telegram opens a Mini App only over HTTPS: over plain HTTP the menu button stays.
    if base.startswith("https://") and settings.telegram_bot_token is not None:
        runner.deps.console_app = f"{base}/admin/tg"
    web = WebIntake(handle=runner.handle, dispatcher=dispatcher, units=units, inbox=inbox,
                    clock=clock)  # fmt: skip
    return ConsoleParts(
        web=web,
        sender=sender,
        link_key=key,
        sessions=Sessions(redis),
        once=SingleUse(redis),
        clock=clock,
        media=runner.deps.media,
        secure_cookies=base.startswith("https://"),
        public_url=base,
        language=settings.language,
        telegram_token=_secret(settings.telegram_bot_token),
        map_tiles=settings.map_tiles,
        map_attribution=settings.map_attribution,
        audit_key=settings.audit_key_bytes,
        audit_checkpoints=settings.audit_checkpoint_file,
    )


def telegram_application(
    settings: Settings, request: BaseRequest | None = None, redis: Any = None
) -> Application | None:
    """The Telegram bot in webhook mode, when a token and a webhook secret are configured;
    with a Redis server, its flood limits shared by every worker (bot.rate_limiter)."""
    if settings.telegram_bot_token is None:
        return None
    if settings.telegram_webhook_secret is None:
        # Without a secret no delivery can be authenticated: keep the webhook closed (503).
        log.warning("TELEGRAM_WEBHOOK_SECRET is not set: the Telegram webhook stays closed")
        return None
    limiter: bool | SharedRateLimiter = True
    if settings.redis_url and redis is not None:
        bot_id = settings.telegram_bot_token.get_secret_value().split(":", 1)[0]  # public id
        limiter = SharedRateLimiter(redis, bot_id)
    return build_application(settings, request=request, rate_limit=limiter)


def whatsapp_sender(
    settings: Settings,
    redis: Any,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock | None = None,
    units: Callable[[], Any] | None = None,
) -> WhatsAppSender | None:
    """The WhatsApp sender when the token, app secret and phone number id are configured;
    with `units`, messages with buttons are held in the database outside the 24-hour window."""
    if settings.whatsapp_access_token is None:
        return None
    missing = [
        name
        for name, value in (
            ("WHATSAPP_APP_SECRET", settings.whatsapp_app_secret),
            ("WHATSAPP_PHONE_NUMBER_ID", settings.whatsapp_phone_number_id),
        )
        if not value
    ]
    if missing:
        # Without the app secret no delivery can be authenticated: keep the webhook closed.
        log.warning("%s not set: the WhatsApp webhook stays closed", " and ".join(missing))
        return None
    client = httpx.AsyncClient(transport=transport, timeout=HTTP_TIMEOUT)
    held = SqlHeldMessages(units) if units is not None else None
    # With a Redis server the account's pace is shared by every worker (core.pace).
    pace = None
    if settings.redis_url:
        key = f"presensi:pace:whatsapp:{settings.whatsapp_phone_number_id}"
        pace = SharedPace(redis, key, settings.whatsapp_messages_per_second)
    return WhatsAppSender.from_settings(
        settings, client, redis=redis, clock=clock or SystemClock(), held=held, pace=pace
    )


def whatsapp_intake(
    settings: Settings,
    runner: Any,
    sender: WhatsAppSender,
    dispatcher: Dispatcher,
    units: Callable[[], Any],
    clock: Clock,
    inbox: Any = None,
) -> WhatsAppIntake:
    return WhatsAppIntake(
        handle=runner.handle,
        sender=sender,
        dispatcher=dispatcher,
        units=units,
        inbox=inbox,
        app_secret=_secret(settings.whatsapp_app_secret),
        clock=clock,
        phone_number_id=settings.whatsapp_phone_number_id,
        max_age=timedelta(seconds=settings.whatsapp_max_message_age_s),
        language=settings.language,
    )


def telegram_bot(
    settings: Settings,
    runner_factory: RunnerFactory | None = None,
    *,
    polling: bool = False,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    clock: Clock | None = None,
    rate_limit: bool = True,
    push: bool = True,
    senders: Mapping[str, Any] | None = None,
) -> Application:
    """The Telegram bot on its own (`presensi bot --polling`, the offline demo, tests); without
    `polling` it is fed updates by hand (`process_update`), as the webhook does.

    With `push`, the summaries and reminders run while it polls, as they do under `serve`.
    `senders` registers other channels' senders with the dispatcher (a test's fake channel).
    """
    clock = clock or SystemClock()
    redis = redis_client(settings)
    application = build_application(
        settings,
        request=request,
        get_updates_request=get_updates_request,
        polling=polling,
        clock=clock,
        rate_limit=rate_limit,
    )
    factory = runner_factory or partial(build_runner, redis=redis)
    runner = factory(settings, {Channel.TELEGRAM: fetcher(application.bot)})
    dispatcher = Dispatcher(runner.chat_of, senders, sent=RedisSentMessages(redis))
    runner.send_early_with(dispatcher.send)
    dispatcher.register(Channel.TELEGRAM, TelegramSender(application.bot))
    bind(application, runner.handle, dispatcher)
    tasks: list[asyncio.Task] = []

    async def start(_: Application) -> None:
        if push:
            units = lambda: unit_of_work(settings)  # noqa: E731
            work = push_forever(units, dispatcher, redis, config_of(settings), clock)
            tasks.append(asyncio.create_task(work))

    async def stop(_: Application) -> None:
        for task in tasks:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        await close_runner(runner)

    application.post_init, application.post_shutdown = start, stop
    return application


async def close_runner(runner: Any) -> None:
    """Release what the runner holds (a face-matching pool), if it says how."""
    close = getattr(runner, "aclose", None)
    if close is not None:
        await close()


def _receipt_key(settings: Settings) -> bytes | None:
    """The receipt key; None where none can be had (no SECRET_KEY on PostgreSQL): the app still
    serves health, and GET /verify answers 404 (the runner refuses to start without one)."""
    try:
        return receipt_key(settings)
    except KeyMissing as missing:
        log.warning("receipts cannot be checked: %s", missing)
        return None


def _secret(value: Any) -> str | None:
    return value.get_secret_value() if value is not None else None
