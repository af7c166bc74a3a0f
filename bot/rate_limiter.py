"""Telegram's flood limits for a bot served by several processes: one pace in Redis.

python-telegram-bot's `AIORateLimiter` keeps its limits in the process; with `presensi serve
--workers N` or several machines, N of them together would send N times Telegram's ~30
messages a second and be answered 429. `SharedRateLimiter` is the same kind of limiter (a
`BaseRateLimiter`) over `core.pace.SharedPace`: every call that sends or edits a message takes
the bot's next slot, whichever process makes it; a 429 holds the pace for every process for as
long as Telegram asks, and the call is made again, up to `max_retries` times.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from core.pace import SharedPace, Sleep

log = logging.getLogger(__name__)
# Telegram's limit for one bot: "no more than 30 messages per second" (Bot FAQ).
BOT_RATE = 30.0
# In one group: 20 messages a minute. The bot talks in private chats; a group is paced anyway.
GROUP_RATE = 20 / 60


class SharedRateLimiter(BaseRateLimiter[int]):
    """Paces a bot's messages across every process sharing `redis` (keys under `prefix`)."""

    def __init__(
        self,
        redis: Any,
        bot_id: str,
        *,
        prefix: str = "presensi",
        max_retries: int = 3,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._redis, self._root = redis, f"{prefix}:pace:telegram:{bot_id}"
        self._bot = SharedPace(redis, self._root, BOT_RATE, sleep)
        self._max_retries, self._sleep = max_retries, sleep

    async def initialize(self) -> None:
        """Nothing to open: the Redis client is the composition root's."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        """Wait for the bot's slot (and a group's) when the call speaks in a chat, then call;
        on a 429 hold every process back as asked and call again."""
        chat = data.get("chat_id")
        retries = rate_limit_args if rate_limit_args is not None else self._max_retries
        for attempt in range(retries + 1):
            if chat is not None:
                await self._slot(chat)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == retries:
                    log.warning("telegram flood limit: given up after %d retries", retries)
                    raise
                seconds = _seconds(error)
                log.info("telegram flood limit: every worker waits %.1f s", seconds)
                await self._bot.hold(seconds)  # the next slot, this call's too, comes after it
                if chat is None:
                    await self._sleep(seconds)
        raise AssertionError("unreachable")

    async def _slot(self, chat: Any) -> None:
        await self._bot.wait()
        if _is_group(chat):
            group = SharedPace(self._redis, f"{self._root}:group:{chat}", GROUP_RATE, self._sleep)
            await group.wait()


def _is_group(chat: Any) -> bool:
    """Groups and channels have negative ids or @names; private chats positive ids."""
    try:
        return int(chat) < 0
    except (TypeError, ValueError):
        return isinstance(chat, str)


def _seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait: `retry_after` is seconds, or a timedelta in newer
    releases (reading it as seconds warns that it will change; either is read)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        after = error.retry_after
    return after.total_seconds() if hasattr(after, "total_seconds") else float(after)
