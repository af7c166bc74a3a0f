"""POST /webhooks/telegram: check the secret, store the update, answer 200, process it after.

The webhook logic is plain functions over a `TelegramIntake` (the bot's Application, the inbox's
units of work, the secret and the tasks in flight); the FastAPI route only adapts. An update is
committed to the inbox before the 200 goes back, so Telegram's redelivery and a crash both end
with the update processed exactly once by the flows.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from telegram import Update
from telegram.ext import Application

from bot.application import close_runner, failure_of
from core.services import inbox
from core.storage.uow import UnitOfWork

log = logging.getLogger(__name__)
router = APIRouter(tags=["telegram"])

CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# An unprocessed row older than this was lost (its worker died): processing takes seconds. Younger
# rows may still be in the hands of another worker, so recovery leaves them alone.
RECOVER_AFTER = timedelta(minutes=2)
SWEEP_EVERY_S = 60.0
# Raw updates hold positions and identity numbers: keep them only as long as redelivery matters.
KEEP_FOR = timedelta(days=2)
DRAIN_TIMEOUT_S = 30.0
RECOVER_BATCH = 1000


@dataclass
class TelegramIntake:
    """What the webhook needs: the bot, the inbox, the secret, and the work it started."""

    application: Application
    units: Callable[[], UnitOfWork]
    secret: str
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    holders: Counter[str] = field(default_factory=Counter)
    sweeper: asyncio.Task[None] | None = None


@router.post("/webhooks/telegram", include_in_schema=False)
async def telegram_webhook(request: Request) -> PlainTextResponse:
    """Adapt `receive` to FastAPI."""
    status, text = await receive(
        request.app.state.telegram, await request.body(), request.headers.get(SECRET_HEADER)
    )
    return PlainTextResponse(text, status_code=status)


async def receive(
    intake: TelegramIntake | None, body: bytes, secret: str | None
) -> tuple[int, str]:
    """One delivery from Telegram -> (HTTP status, body). 200 only once the update is stored."""
    if intake is None:
        return 503, "telegram bot not configured"
    if secret is None or not hmac.compare_digest(secret.encode(), intake.secret.encode()):
        return 403, "forbidden"
    try:
        payload = json.loads(body)
        update_id = payload["update_id"]
    except (ValueError, TypeError, KeyError):
        return 400, "not a Telegram update"
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return 400, "not a Telegram update"
    key = str(update_id)
    if await asyncio.to_thread(_store, intake, key, payload):
        spawn(intake, process(intake, key, payload))
    return 200, "ok"


def spawn(intake: TelegramIntake, work: Any) -> asyncio.Task[Any]:
    """Run work in the background, owned by the intake so that shutdown can wait for it."""
    task = asyncio.create_task(work)
    intake.tasks.add(task)
    task.add_done_callback(intake.tasks.discard)
    return task


async def process(intake: TelegramIntake, key: str, payload: dict[str, Any]) -> None:
    """Claim the stored update, run it through the bot, mark the row done or failed."""
    async with _in_order(intake, _sender(payload)):
        row_id = await asyncio.to_thread(_claim, intake, key)
        if row_id is None:
            return  # processed already, given up, or another worker has it
        try:
            update = Update.de_json(payload, intake.application.bot)
            await intake.application.process_update(update)
            error = failure_of(intake.application, update.update_id)
        except Exception as exc:  # an update PTB cannot read: keep the row, name the failure
            error = type(exc).__name__
            log.error("telegram update %s could not be processed: %s", key, error)
        await asyncio.to_thread(_finish, intake, row_id, error)


async def recover(intake: TelegramIntake, older_than: timedelta = RECOVER_AFTER) -> int:
    """Process updates stored but never processed (their worker died); return how many."""
    rows = await asyncio.to_thread(_orphans, intake, older_than)
    for key, payload in rows:
        spawn(intake, process(intake, key, payload))
    if rows:
        log.warning("recovering %d stored telegram updates", len(rows))
    return len(rows)


async def sweep_forever(intake: TelegramIntake, every_s: float = SWEEP_EVERY_S) -> None:
    """Now and then: recover lost updates and drop old ones."""
    while True:
        await asyncio.sleep(every_s)
        try:
            await recover(intake)
            await asyncio.to_thread(_purge, intake)
        except Exception as exc:  # a database hiccup: try again next round
            log.error("telegram inbox sweep failed: %s", type(exc).__name__)


async def start(
    application: Application, units: Callable[[], UnitOfWork], secret: str
) -> TelegramIntake:
    """Start the bot, recover what a previous process left, and sweep from then on."""
    await application.initialize()
    await application.start()
    intake = TelegramIntake(application, units, secret)
    spawn(intake, recover(intake))
    intake.sweeper = asyncio.create_task(sweep_forever(intake))
    return intake


async def stop(intake: TelegramIntake) -> None:
    """Finish the updates in flight, then stop the bot."""
    if intake.sweeper is not None:
        intake.sweeper.cancel()
        with suppress(asyncio.CancelledError):
            await intake.sweeper
    # New tasks can appear while waiting (recovery spawns processing): wait until none are left.
    while intake.tasks:
        _, waiting = await asyncio.wait(set(intake.tasks), timeout=DRAIN_TIMEOUT_S)
        if waiting:
            log.warning("%d telegram updates still running at shutdown", len(waiting))
            break
    await intake.application.stop()
    await intake.application.shutdown()
    await close_runner(intake.application)  # run_polling calls it as post_shutdown; we do here


@asynccontextmanager
async def _in_order(intake: TelegramIntake, who: str) -> AsyncIterator[None]:
    """One update at a time per sender, in arrival order: a location before its selfie."""
    lock = intake.locks.setdefault(who, asyncio.Lock())
    intake.holders[who] += 1
    try:
        async with lock:
            yield
    finally:
        intake.holders[who] -= 1
        if intake.holders[who] == 0:
            del intake.holders[who], intake.locks[who]


def _sender(payload: dict[str, Any]) -> str:
    """Whose update this is (the `from` of its message or button press), read from the raw JSON."""
    for value in payload.values():
        if isinstance(value, dict) and isinstance(value.get("from"), dict):
            return str(value["from"].get("id"))
    return ""


def _store(intake: TelegramIntake, key: str, payload: dict[str, Any]) -> bool:
    with intake.units() as uow:
        new = inbox.store(uow, CHANNEL, key, payload)
        uow.commit()
    return new


def _claim(intake: TelegramIntake, key: str) -> int | None:
    with intake.units() as uow:
        row = inbox.claim(uow, CHANNEL, key)
        uow.commit()
    return row.id if row is not None else None


def _finish(intake: TelegramIntake, row_id: int, error: str | None) -> None:
    with intake.units() as uow:
        if error is None:
            inbox.mark_done(uow, row_id)
        else:
            inbox.mark_failed(uow, row_id, error)
        uow.commit()


def _orphans(intake: TelegramIntake, older_than: timedelta) -> list[tuple[str, dict[str, Any]]]:
    with intake.units() as uow:
        cutoff = uow.now() - older_than
        rows = inbox.pending(uow, CHANNEL, limit=RECOVER_BATCH, received_before=cutoff)
        return [(row.key, row.payload) for row in rows]


def _purge(intake: TelegramIntake) -> None:
    with intake.units() as uow:
        inbox.purge(uow, uow.now() - KEEP_FOR)
        uow.commit()
