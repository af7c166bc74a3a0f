"""POST /webhooks/telegram: check the secret, store the update, answer 200, process it after.

The webhook logic is plain functions over a `TelegramIntake` (the bot's Application, the inbox's
units of work, the secret and the tasks in flight); the FastAPI route only adapts. An update is
committed to the inbox before the 200 goes back, so Telegram's redelivery and a crash both end
with the update processed exactly once by the flows; its replies are kept with the row's
completion and delivered after it, so a crash in between neither loses nor repeats them.
"""

from __future__ import annotations

import asyncio
import hmac
import itertools
import json
import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response
from telegram import Update
from telegram.error import NetworkError, RetryAfter
from telegram.ext import Application

from bot.application import deliver_entry, failure_of, taken_answer, tell
from core.inbox import InboxStore
from core.storage.uow import UnitOfWork
from webhooks.body import TooLarge, read_bounded, too_large
from webhooks.deps import Parts
from webhooks.intake import OUTAGES, RECOVER_AFTER, Intake

log = logging.getLogger(__name__)
router = APIRouter(tags=["telegram"])

CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Waits between attempts to reach Telegram at start-up: soon at first, then once a minute.
RETRY_S = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)


@dataclass(kw_only=True)
class TelegramIntake(Intake):
    """The shared inbox worker, with the bot and the webhook secret.

    Until the bot has reached Telegram (`ready`), updates are stored and left in the inbox; the
    first successful start processes them.
    """

    application: Application
    secret: str
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    starter: asyncio.Task[None] | None = None


def get_telegram(request: Request) -> TelegramIntake | None:
    """The Telegram intake once started (None: not configured, or the app not started)."""
    return request.app.state.telegram


Telegram = Annotated[TelegramIntake | None, Depends(get_telegram)]


@router.post("/webhooks/telegram", include_in_schema=False)
async def telegram_webhook(request: Request, intake: Telegram, parts: Parts) -> Response:
    """Adapt `receive` to FastAPI: the secret is checked before a byte of the body is read."""
    secret = request.headers.get(SECRET_HEADER)
    refused = authorise(intake, secret)
    if refused is not None:
        return PlainTextResponse(refused[1], status_code=refused[0])
    limit = parts.max_body_bytes
    try:
        body = await read_bounded(request, limit)
    except TooLarge:
        log.warning("telegram webhook body over %d bytes refused", limit)
        return too_large(limit)
    status, text = await receive(intake, body, secret)
    return PlainTextResponse(text, status_code=status)


def authorise(intake: TelegramIntake | None, secret: str | None) -> tuple[int, str] | None:
    """(status, text) refusing a delivery without the bot or the right secret, else None."""
    if intake is None:
        return 503, "telegram bot not configured"
    if secret is None or not hmac.compare_digest(secret.encode(), intake.secret.encode()):
        return 403, "forbidden"
    return None


async def receive(
    intake: TelegramIntake | None, body: bytes, secret: str | None
) -> tuple[int, str]:
    """One delivery from Telegram -> (HTTP status, body). 200 only once the update is stored."""
    refused = authorise(intake, secret)
    if refused is not None:
        return refused
    try:
        payload = json.loads(body)
        update_id = payload["update_id"]
    except (ValueError, TypeError, KeyError):
        return 400, "not a Telegram update"
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return 400, "not a Telegram update"
    key = str(update_id)
    try:
        # Claimed at once only when this worker will process it now (the bot is up).
        new = await intake.store([(key, payload)], claim=intake.ready.is_set())
    except intake.outages as error:  # not stored, so not acknowledged: Telegram sends it again
        log.warning("telegram update not stored: %s", type(error).__name__)
        return 503, "storage unavailable, deliver again later"
    if new:
        intake.spawn(process(intake, key, payload))
    return 200, "ok"


async def process(intake: TelegramIntake, key: str, payload: dict[str, Any]) -> None:
    """Claim the stored update, run it through the bot, mark the row done or failed."""

    if not intake.ready.is_set():
        return  # stays in the inbox: `_start_bot` processes it once Telegram answers

    async def work(received_at: datetime) -> dict[str, Any] | None:
        update = Update.de_json(payload, intake.application.bot)
        intake.application.bot_data["arrived"][update.update_id] = received_at
        await intake.application.process_update(update)
        error = failure_of(intake.application, update.update_id)
        entry = taken_answer(intake.application, update.update_id)
        intake.application.bot_data["arrived"].pop(update.update_id, None)
        if error is not None:
            raise error
        return entry

    await intake.run_claimed(key, payload, work)


async def recover(intake: TelegramIntake, older_than: timedelta = RECOVER_AFTER) -> int:
    """Process updates stored but never processed (their worker died); return how many."""
    return await intake.recover(partial(process, intake), older_than)


async def start(
    application: Application,
    units: Callable[[], UnitOfWork],
    secret: str,
    language: str = "id",
    inbox: InboxStore | None = None,
) -> TelegramIntake:
    """Start the bot, recover what a previous process left, and sweep from then on.

    Telegram out of reach does not stop the server (WhatsApp and health do not need it): the
    bot keeps trying in the background while the webhook stores what arrives.
    """
    intake = TelegramIntake(
        channel=CHANNEL,
        units=units,
        inbox=inbox,
        application=application,
        secret=secret,
        sender_of=_sender,
        # Telegram unreachable (a timeout, a 429 after the rate limiter's retries) is an outage.
        outages=(*OUTAGES, NetworkError, RetryAfter),
    )
    application.bot_data["outbox"] = {}  # on_update hands the answer back: the inbox delivers
    bot, bot_data = application.bot, application.bot_data

    async def deliver(entry: dict[str, Any], start: int, sent) -> None:
        await deliver_entry(bot, bot_data, entry, start, sent)

    async def tell_sender(payload: dict[str, Any], what: str) -> None:
        await tell(bot, payload, what, language)

    intake.deliver, intake.tell = deliver, tell_sender
    if not await _try_start(intake):
        intake.starter = asyncio.create_task(_keep_trying(intake))
    return intake


async def _try_start(intake: TelegramIntake) -> bool:
    """Reach Telegram (getMe) and start the bot and the inbox sweeper; False if out of reach."""
    try:
        await intake.application.initialize()
    except NetworkError as error:  # timeouts too; a wrong token is not worth retrying
        log.warning(
            "Telegram is not reachable (%s); updates wait in the inbox", type(error).__name__
        )
        return False
    await intake.application.start()
    intake.ready.set()
    intake.start_sweeping(partial(process, intake))
    return True


async def _keep_trying(intake: TelegramIntake) -> None:
    """Retry with growing waits; once started, catch up on what waited in the inbox."""
    for attempt in itertools.count():
        await asyncio.sleep(RETRY_S[min(attempt, len(RETRY_S) - 1)])
        if await _try_start(intake):
            log.warning("Telegram is reachable again; processing the updates that waited")
            # However young: a user is waiting. Claims are atomic and the flows ignore an
            # update seen before, so a row another worker holds is not handled twice.
            intake.spawn(intake.recover(partial(process, intake), timedelta(0)))
            return


async def stop(intake: TelegramIntake) -> None:
    """Finish the updates in flight, then stop the bot."""
    if intake.starter is not None:
        intake.starter.cancel()
        with suppress(asyncio.CancelledError):
            await intake.starter
    await intake.drain()
    if intake.application.running:
        await intake.application.stop()
    await intake.application.shutdown()  # the runner is the composition root's to close


def _sender(payload: dict[str, Any]) -> str:
    """Whose update this is (the `from` of its message or button press), read from the raw JSON."""
    for value in payload.values():
        if isinstance(value, dict) and isinstance(value.get("from"), dict):
            return str(value["from"].get("id"))
    return ""
