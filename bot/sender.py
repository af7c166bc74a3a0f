"""A flow's `Reply` -> Bot API calls. Telegram's refusals are logged, never raised.

Flood control (429, `RetryAfter`) is the Application's `AIORateLimiter`'s: it paces the calls
and waits out what Telegram asks. Network errors (timeouts, connection resets, 5xx) are retried
here with growing waits, call by call; when they outlast the waits, `send` raises, so that the
inbox's outbox keeps the reply and delivers it after recovery instead of dropping it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    MenuButton,
    MenuButtonCommands,
    MenuButtonWebApp,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    WebAppInfo,
)
from telegram.constants import CallbackQueryLimit, MessageLimit
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from core.flows.messages import Reply, split_text
from core.ids import mask as masked

log = logging.getLogger(__name__)

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None
T = TypeVar("T")
# Waits before the second, third, ... attempt of a call that met a network error.
RETRY_DELAYS_S = (0.5, 1.0, 2.0, 4.0, 8.0)


async def retrying(
    call: Callable[[], Awaitable[T]], delays: tuple[float, ...] = RETRY_DELAYS_S
) -> T:
    """Run a Bot API call, again after each wait while the network fails; the last error raises.

    A refusal (BadRequest, Forbidden) is Telegram's answer and is not retried. A 429 that the
    rate limiter did not absorb (none configured) is waited out as Telegram asks.
    """
    for wait in (*delays, None):
        try:
            return await call()
        except BadRequest:
            raise
        except RetryAfter as error:
            if wait is None:
                raise
            after = error.retry_after  # seconds, or a timedelta in newer releases
            seconds = after.total_seconds() if hasattr(after, "total_seconds") else float(after)
            await asyncio.sleep(max(seconds, wait))
        except NetworkError as error:
            if wait is None:
                raise
            log.warning(
                "telegram not reached (%s); trying again in %.1f s", type(error).__name__, wait
            )
            await asyncio.sleep(wait)
    raise AssertionError("unreachable")


async def send(
    bot: Bot, chat_id: str | int, reply: Reply, delays: tuple[float, ...] = RETRY_DELAYS_S
) -> bool:
    """Deliver one reply to a chat; False (and a log line) when Telegram refuses it.

    Raises `NetworkError` (or `RetryAfter`) when Telegram stayed out of reach through `delays`.
    """
    return await deliver(bot, chat_id, reply, delays) is not None


async def deliver(
    bot: Bot, chat_id: str | int, reply: Reply, delays: tuple[float, ...] = RETRY_DELAYS_S
) -> str | None:
    """`send`, returning a reference to the message that carries the reply's buttons (the
    last one sent): "text:ID" or "caption:ID" (a file's), for `edit`; None when refused."""
    try:
        if reply.commands is not None:
            await _set_commands(bot, chat_id, reply.commands, delays)
        if reply.menu_app is not None:
            await _set_menu_button(bot, chat_id, reply.menu_app, delays)
        markup = markup_of(reply)
        attachment = reply.document or reply.photo
        if attachment is None:
            message = await _send_text(bot, chat_id, reply.text, markup, delays)
            return f"text:{message.message_id if message else ''}"  # no text: nothing to edit
        caption = reply.text if len(reply.text) <= MessageLimit.CAPTION_LENGTH else None
        if caption is None:
            await _send_text(bot, chat_id, reply.text, None, delays)
        upload = InputFile(attachment.data, filename=attachment.name)
        if reply.document is not None:
            message = await retrying(
                lambda: bot.send_document(chat_id, upload, caption=caption, reply_markup=markup),
                delays,
            )
        else:
            message = await retrying(
                lambda: bot.send_photo(chat_id, upload, caption=caption, reply_markup=markup),
                delays,
            )
        return f"caption:{message.message_id}"
    except (RetryAfter, NetworkError) as error:
        if isinstance(error, BadRequest):
            _refused(chat_id, error)
            return None
        raise
    except TelegramError as error:
        _refused(chat_id, error)
        return None


async def edit(
    bot: Bot,
    chat_id: str | int,
    ref: str,
    reply: Reply,
    delays: tuple[float, ...] = RETRY_DELAYS_S,
) -> bool:
    """Show `reply`'s text in place of the message `deliver` referred to as `ref`, with the
    reply's inline buttons or none; False (and a log line) when Telegram refuses.

    A message already showing this text counts as edited (a repeated delivery after a crash).
    """
    kind, _, raw = ref.partition(":")
    if not raw.isdigit():
        return False
    message_id = int(raw)
    # Only inline buttons can stay on an edited message; without any, its buttons go.
    markup = markup_of(reply) if reply.buttons else None
    try:
        if kind == "caption":
            caption = _fit(reply.text, MessageLimit.CAPTION_LENGTH)
            await retrying(lambda: bot.edit_message_caption(
                chat_id=chat_id, message_id=message_id, caption=caption, reply_markup=markup
            ), delays)  # fmt: skip
        else:
            text = _fit(reply.text, MessageLimit.MAX_TEXT_LENGTH)
            await retrying(lambda: bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            ), delays)  # fmt: skip
        return True
    except (RetryAfter, NetworkError) as error:
        if not isinstance(error, BadRequest):
            raise
        if "not modified" in error.message:
            return True
        _refused(chat_id, error)
        return False
    except TelegramError as error:
        _refused(chat_id, error)
        return False


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _refused(chat_id: str | int, error: TelegramError) -> bool:
    # Forbidden: the user blocked the bot; BadRequest: a chat that no longer exists or a
    # message Telegram will not take. Neither is worth failing the whole update for. The
    # description is Telegram's own words and names no person.
    log.warning(
        "telegram refused a reply to chat %s: %s: %s",
        masked(chat_id),
        type(error).__name__,
        error.message,
    )
    return False


async def answer_button(bot: Bot, query_id: str, toast: str | None) -> bool:
    """Stop the client's spinner on a pressed button, with the flow's short answer if any."""
    text = toast[: CallbackQueryLimit.ANSWER_CALLBACK_QUERY_TEXT_LENGTH] if toast else None
    try:
        await bot.answer_callback_query(query_id, text=text)
        return True
    except TelegramError as error:
        # An answer later than ~15 s after the press is refused ("query is too old"): harmless.
        log.warning("telegram refused a button answer: %s: %s", type(error).__name__, error.message)
        return False


def markup_of(reply: Reply) -> Markup:
    """The reply's one keyboard: inline buttons, a reply keyboard, or the order to remove one."""
    if reply.buttons:
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                for row in reply.buttons
            ]
        )
    rows: list[list[KeyboardButton]] = []
    if reply.ask_location:
        rows.append([KeyboardButton(reply.ask_location, request_location=True)])
    if reply.ask_contact:
        rows.append([KeyboardButton(reply.ask_contact, request_contact=True)])
    rows.extend([KeyboardButton(label) for label in row] for row in reply.keyboard)
    if rows:
        # A request for a location or a number is answered once; a menu (Masuk / Pulang) stays.
        one_time = bool(reply.ask_location or reply.ask_contact)
        return ReplyKeyboardMarkup(rows, resize_keyboard=True, one_time_keyboard=one_time)
    if reply.remove_keyboard:
        return ReplyKeyboardRemove()
    return None


def chunks(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split a long text (a big unit's recap) into messages Telegram accepts, at line ends."""
    return split_text(text, limit)


async def _send_text(
    bot: Bot,
    chat_id: str | int,
    text: str,
    markup: Markup,
    delays: tuple[float, ...] = RETRY_DELAYS_S,
) -> Message | None:
    """Send a text, split if too long; the keyboard goes with the last piece (returned)."""
    pieces = chunks(text)
    message = None
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        message = await retrying(
            lambda piece=piece, last=last: bot.send_message(
                chat_id, piece, reply_markup=markup if last else None
            ),
            delays,
        )
    return message


async def _set_commands(
    bot: Bot,
    chat_id: str | int,
    commands: tuple[tuple[str, str], ...],
    delays: tuple[float, ...] = RETRY_DELAYS_S,
) -> None:
    """The command menu this chat sees (it differs by role); empty restores the default."""
    scope = BotCommandScopeChat(chat_id)
    if commands:
        menu = [BotCommand(name, about) for name, about in commands]
        await retrying(lambda: bot.set_my_commands(menu, scope=scope), delays)
    else:
        await retrying(lambda: bot.delete_my_commands(scope=scope), delays)


async def _set_menu_button(
    bot: Bot,
    chat_id: str | int,
    app: tuple[str, str],
    delays: tuple[float, ...] = RETRY_DELAYS_S,
) -> None:
    """This chat's menu button: the console as a Mini App, or ("", "") the command menu."""
    label, address = app
    button: MenuButton = (
        MenuButtonWebApp(label, WebAppInfo(address)) if address else MenuButtonCommands()
    )
    await retrying(lambda: bot.set_chat_menu_button(int(chat_id), button), delays)


class TelegramSender:
    """The Telegram side of the delivery port (`core.delivery.Sender`): every purpose alike."""

    def __init__(self, bot: Bot, delays: tuple[float, ...] = RETRY_DELAYS_S) -> None:
        self.bot = bot
        self.delays = delays

    async def send(self, chat: str, reply: Reply, purpose: str = "reply") -> bool:
        return await send(self.bot, chat, reply, self.delays)

    async def send_kept(self, chat: str, reply: Reply, purpose: str = "reply") -> str | None:
        """Send, and return the reference `edit` takes (`core.delivery.Editor`)."""
        return await deliver(self.bot, chat, reply, self.delays)

    async def edit(self, chat: str, ref: str, reply: Reply) -> bool:
        return await edit(self.bot, chat, ref, reply, self.delays)
