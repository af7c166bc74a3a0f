"""The server's clock: once a minute, send the summaries and reminders that are due, once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from core.clock import Clock
from core.flows.messages import Channel, Reply
from core.flows.push import PushConfig, due_notices, next_check
from core.schedule import parse_clock
from core.storage.uow import UnitOfWork

log = logging.getLogger(__name__)
Deliver = Callable[[Channel, str, Reply], Awaitable[object]]
KEEP_S = 3 * 24 * 3600
HOLD_S = 60


def config_of(settings) -> PushConfig:
    return PushConfig(
        summary_at=parse_clock(settings.push_summary_at),
        remind_before=settings.push_reminder_minutes,
        language=settings.language,
    )


async def push_once(
    units: Callable[[], UnitOfWork],
    runner,
    redis,
    deliver: Deliver,
    config: PushConfig,
    now: datetime,
) -> int:
    """Send every notice due at `now` that was not sent before; return how many went out."""

    def compute():
        with units() as uow:
            return due_notices(uow, now, config)

    sent = 0
    for notice in await asyncio.to_thread(compute):
        # Held for a minute while this worker delivers (another worker skips it), marked sent
        # for days only once it went out: a crash or a failed send leaves it due again next
        # minute (at least once; its key makes a repeat within the window harmless).
        key = f"presensi:push:{notice.key}"
        if not await redis.set(key, "sending", nx=True, ex=HOLD_S):
            continue  # another worker, or an earlier minute, sent it or is sending it
        try:
            for channel, chat in await runner.chat_of(notice.employee_id):
                await deliver(channel, chat, notice.reply)
                sent += 1
        except Exception:
            await redis.delete(key)  # not sent: due again next minute
            raise
        await redis.set(key, "sent", ex=KEEP_S)
    return sent


async def push_forever(
    units, runner, redis, deliver: Deliver, config: PushConfig, clock: Clock
) -> None:
    """Run `push_once` at the start of every minute until cancelled."""
    while True:
        await asyncio.sleep(next_check(clock.now()).total_seconds())
        try:
            await push_once(units, runner, redis, deliver, config, clock.now())
        except Exception as exc:  # a database or network hiccup: try again next minute
            log.error("scheduled push failed: %s", type(exc).__name__)
