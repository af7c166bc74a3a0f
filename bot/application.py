"""The python-telegram-bot Application: one handler that runs every update through the flows.

The same Application serves webhook mode (inside the FastAPI app, which feeds it with
`process_update`) and polling mode (`presensi bot --polling`); the composition root builds it and
`bind`s the flows and the dispatcher to it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from telegram import Bot, Update
from telegram.ext import AIORateLimiter, Application, BaseRateLimiter, ContextTypes, TypeHandler
from telegram.request import BaseRequest

from bot.sender import answer_button, send
from bot.translate import to_inbound
from core.clock import Clock, SystemClock
from core.delivery import Dispatcher, Handle, send_in_order
from core.flows.messages import (
    Answer,
    Channel,
    Media,
    Reply,
    answer_from_json,
    answer_to_json,
)
from core.flows.texts import t

log = logging.getLogger(__name__)

# What the bot asks Telegram for, in both modes: messages, live-location moves, button presses.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]

Fetcher = Callable[[Media], Awaitable[bytes]]
Hook = Callable[[Application], Awaitable[None]]


def build_application(
    settings: Any,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    *,
    polling: bool = False,
    clock: Clock | None = None,
    rate_limit: bool | BaseRateLimiter = True,
    post_init: Hook | None = None,
    post_shutdown: Hook | None = None,
) -> Application:
    """An Application for `settings.telegram_bot_token`; `bind` gives it the flows and the way out.

    `request`/`get_updates_request` replace the HTTP layer (tests, the offline demo). Without
    `polling` there is no Updater: updates come from the webhook. `rate_limit` paces the calls
    within Telegram's limits and waits out its 429s (`AIORateLimiter`); the offline demo goes
    without. `post_init`/`post_shutdown` run around polling (the composition root's background
    work and the runner's release).
    """
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
    )
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    if not polling:
        builder = builder.updater(None)
    if isinstance(rate_limit, BaseRateLimiter):
        builder = builder.rate_limiter(rate_limit)
    elif rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    if post_init is not None:
        builder = builder.post_init(post_init)
    if post_shutdown is not None:
        builder = builder.post_shutdown(post_shutdown)
    application = builder.build()
    application.bot_data["clock"] = clock or SystemClock()
    # Webhook mode reads each update's failure back for its inbox row, and hands in the time
    # each update was stored; polling mode does neither.
    application.bot_data["failures"] = None if polling else {}
    application.bot_data["arrived"] = {}
    application.add_handler(TypeHandler(Update, on_update))
    application.add_error_handler(on_error)
    return application


def bind(application: Application, handle: Handle, dispatcher: Dispatcher) -> None:
    """Hand the Application the flows (`handle`) and the way out of every channel."""
    application.bot_data["handle"] = handle
    application.bot_data["dispatcher"] = dispatcher


def fetcher(bot: Bot) -> Fetcher:
    """The runner's way to read a photo or document a user sent."""

    async def fetch(media: Media) -> bytes:
        file = await bot.get_file(media.file_id)
        return bytes(await file.download_as_bytearray())

    return fetch


async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Translate the update, run the flows, deliver their replies, notices and toast.

    Under the webhook's inbox (`bot_data["outbox"]` set) nothing is sent here: the answer is
    handed back to be kept with the inbox row and delivered after (`deliver_entry`).
    """
    # Under the inbox, the time the update was stored is the time that counts.
    arrived = context.bot_data.get("arrived", {}).pop(update.update_id, None)
    event = to_inbound(update, now=arrived or context.bot_data["clock"].now())
    if event is None:
        return
    if arrived is not None:
        event = replace(event, arrived_at=arrived)
    answer: Answer = await context.bot_data["handle"](event)
    query = update.callback_query.id if update.callback_query is not None else None
    entry = {"chat": event.chat, "query": query, "outcome": answer_to_json(answer)}
    outbox = context.bot_data.get("outbox")
    if outbox is not None:
        outbox[update.update_id] = entry
        return
    await deliver_entry(context.bot, context.bot_data, entry)


def taken_answer(application: Application, update_id: int) -> dict | None:
    """The outbox entry `on_update` left for an update (and forget it); None if none."""
    outbox = application.bot_data.get("outbox")
    return outbox.pop(update_id, None) if outbox is not None else None


async def deliver_entry(
    bot: Bot,
    bot_data: Mapping[str, Any],
    entry: dict,
    start: int = 0,
    sent: Callable[[int], Awaitable[None]] | None = None,
) -> None:
    """Send an outbox entry's messages from number `start` on: the replies, each notice, the
    toast, resumable (`core.delivery.send_in_order`)."""
    answer, dispatcher = answer_from_json(entry["outcome"]), bot_data["dispatcher"]
    steps: list[Callable[[], Awaitable[Any]]] = [
        *(
            _bound(dispatcher.send, Channel.TELEGRAM, reply.chat or entry["chat"], reply)
            for reply in answer.replies
        ),
        *(_bound(dispatcher.notify, employee_id, reply) for employee_id, reply in answer.notices),
    ]
    if entry.get("query") is not None:
        steps.append(lambda: answer_button(bot, entry["query"], answer.toast))
    await send_in_order(steps, start, sent)


def _bound(function: Callable[..., Awaitable[Any]], *args: Any) -> Callable[[], Awaitable[Any]]:
    return lambda: function(*args)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a failed update by its id and error type only, and remember it for the inbox."""
    # The exception's text may quote what the user sent (a position, a NIP): log its type and
    # where it was raised, never its message.
    error = context.error
    name = type(error).__name__
    frames = traceback.extract_tb(error.__traceback__)[-3:] if error is not None else []
    where = " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))
    if isinstance(update, Update):
        log.error("update %s failed: %s at %s", update.update_id, name, where)
        failures = context.bot_data["failures"]
        if failures is not None:
            failures[update.update_id] = error  # the inbox judges it: an outage or poison
        else:
            await _say_busy(context.bot, update)
    else:
        log.error("bot error outside an update: %s at %s", name, where)


async def _say_busy(bot: Bot, update: Update) -> None:
    """Polling mode has no inbox to try again: ask the user to (nothing was recorded)."""
    chat = update.effective_chat
    if chat is None or chat.type != "private":
        return
    user = update.effective_user
    language = "en" if user and (user.language_code or "").startswith("en") else "id"
    try:
        await send(bot, str(chat.id), Reply(t(language, "busy")))
    except Exception as exc:  # Telegram unreachable as well
        log.warning("busy answer not sent: %s", type(exc).__name__)


def failure_of(application: Application, update_id: int) -> BaseException | None:
    """The error an update failed with in `on_error`, if it did (and forget it)."""
    failures = application.bot_data["failures"]
    return failures.pop(update_id, None) if failures is not None else None


async def tell(bot: Bot, payload: Mapping[str, Any], what: str, language: str) -> None:
    """Tell the sender of a stored update what became of it ("wait" or "given_up")."""
    sender = next(
        (v["from"] for v in payload.values() if isinstance(v, dict) and "from" in v), None
    )
    if not isinstance(sender, dict) or "id" not in sender:
        return
    code = str(sender.get("language_code") or "")
    await send(bot, str(sender["id"]), Reply(t("en" if code.startswith("en") else language,
                                                f"inbox_{what}")))  # fmt: skip
