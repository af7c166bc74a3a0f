"""GET and POST /webhooks/whatsapp: the handshake and the deliveries, adapted to FastAPI.

The logic is in `webhooks.whatsapp` (verify, parse, process, sender); this module only adapts it
and builds the intake from settings when the app starts.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from core.clock import Clock, SystemClock
from core.flows.messages import Channel, Reply
from core.flows.turn import FlowConfig
from presensi.settings import Settings
from presensi.wiring import unit_of_work
from webhooks.body import TooLarge, read_bounded, too_large
from webhooks.whatsapp import process
from webhooks.whatsapp.process import SIGNATURE_HEADER, WhatsAppIntake
from webhooks.whatsapp.sender import WhatsAppSender
from webhooks.whatsapp.verify import handshake

log = logging.getLogger(__name__)
router = APIRouter(tags=["whatsapp"])

HTTP_TIMEOUT = httpx.Timeout(20.0, connect=5.0)


@router.get("/webhooks/whatsapp", include_in_schema=False)
async def whatsapp_handshake(request: Request) -> PlainTextResponse:
    """Adapt `verify.handshake` to FastAPI."""
    token = request.app.state.settings.whatsapp_verify_token
    status, text = handshake(request.query_params, token.get_secret_value() if token else None)
    return PlainTextResponse(text, status_code=status)


@router.post("/webhooks/whatsapp", include_in_schema=False)
async def whatsapp_webhook(request: Request) -> Response:
    """Adapt `process.receive` to FastAPI; the body is read within the limit, then verified."""
    intake = request.app.state.whatsapp
    if intake is None:
        return PlainTextResponse("whatsapp not configured", status_code=503)
    limit = request.app.state.settings.webhook_max_body_bytes
    try:
        body = await read_bounded(request, limit)
    except TooLarge:
        log.warning("whatsapp webhook body over %d bytes refused", limit)
        return too_large(limit)
    status, text = await process.receive(intake, body, request.headers.get(SIGNATURE_HEADER))
    return PlainTextResponse(text, status_code=status)


async def start(
    settings: Settings,
    runner_factory: Any,
    redis: Any,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Clock | None = None,
) -> WhatsAppIntake | None:
    """The WhatsApp intake when the token, app secret and phone number id are configured."""
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
    clock = clock or SystemClock()
    client = httpx.AsyncClient(transport=transport, timeout=HTTP_TIMEOUT)
    sender = WhatsAppSender.from_settings(settings, client, redis=redis, clock=clock)
    if runner_factory is None:
        from presensi.runtime import build_runner

        # The sender's window and the flows share one Redis (one store when it is embedded).
        runner_factory = partial(build_runner, redis=redis)
    config = FlowConfig()
    limit = max(config.max_photo_bytes, config.max_document_bytes)
    runner = runner_factory(settings, {Channel.WHATSAPP: sender.fetcher(limit)})
    intake = WhatsAppIntake(
        runner=runner,
        sender=sender,
        units=lambda: unit_of_work(settings),
        app_secret=settings.whatsapp_app_secret.get_secret_value(),
        clock=clock,
        phone_number_id=settings.whatsapp_phone_number_id,
        max_age=timedelta(seconds=settings.whatsapp_max_message_age_s),
        language=settings.language,
    )
    return await process.start(intake)


def share_runner(intake: WhatsAppIntake | None, runner_factory: Any) -> Any:
    """A runner factory for the Telegram bot that hands it the WhatsApp intake's runner.

    One runner per process means one face-matching pool and one memory of used photos for both
    channels. A runner without `deps` (a test's stand-in) is built by `runner_factory` instead.
    """
    deps = getattr(intake.runner, "deps", None) if intake is not None else None
    if deps is None:
        return runner_factory

    def build(settings: Settings, fetchers: Any) -> Any:
        deps.fetchers.update(fetchers)
        intake.shared = True  # the Telegram side closes it, after both have drained
        return intake.runner

    return build


async def stop(intake: WhatsAppIntake) -> None:
    """Finish the work in flight, then close the HTTP client (and the runner, if not shared)."""
    await process.stop(intake)
    await intake.sender.graph.client.aclose()
    close = getattr(intake.runner, "aclose", None)
    if close is not None and not intake.shared:
        await close()


def telegram_forward(bot: Any) -> process.Forward:
    """Deliver WhatsApp-born notices (an approval request) to an approver on Telegram."""
    from bot.sender import send

    async def forward(channel: Channel, chat: str, reply: Reply) -> Any:
        if channel == Channel.TELEGRAM:
            return await send(bot, chat, reply)
        log.warning("no sender for %s notices; one notice not delivered", channel.value)
        return False

    return forward
