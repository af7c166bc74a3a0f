"""Background work the composition root starts next to the channels, in `serve` and in
`bot --polling` alike: once a minute, the summaries and reminders that are due, sent once, and
the month's report on the first working days (`presensi.monthly_push`); once an hour, the
transfers whose day has come (the employee's current unit moves)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from core.clock import Clock, local_date
from core.delivery import Dispatcher
from core.flows.push import Notice, PushConfig, due_notices, next_check
from core.schedule import parse_clock
from core.services.staff import settle_transfers
from core.storage.uow import UnitOfWork
from presensi.monthly_push import reports_once

log = logging.getLogger(__name__)
KEEP_S = 3 * 24 * 3600
# A notice is held this long while a worker sends it: longer than any send takes, Telegram's
# 429 waits and retries included, so that a later minute never sends it a second time. A worker
# that dies mid-send leaves it due again after the hold.
HOLD_S = 600
# Notices on their way at once: the platform's pace (30 a second for Telegram, shared by every
# worker) spaces them; one after another, each waiting for its answer, 10,000 reminders took
# 8 minutes at ~21 a second.
SENDS_AT_ONCE = 32


def config_of(settings) -> PushConfig:
    return PushConfig(
        summary_at=parse_clock(settings.push_summary_at),
        remind_before=settings.push_reminder_minutes,
        language=settings.language,
    )


async def push_once(
    units: Callable[[], UnitOfWork],
    dispatcher: Dispatcher,
    redis,
    config: PushConfig,
    now: datetime,
    prefix: str = "presensi",
) -> int:
    """Send every notice due at `now` that was not sent before; return how many chats got one.

    Once across every worker sharing the Redis server, and after a restart: the notice's key
    (`prefix` names this installation's keys) is claimed with SET NX before it goes out.
    """

    def compute():
        with units() as uow:
            return due_notices(uow, now, config)

    gate = asyncio.Semaphore(SENDS_AT_ONCE)

    async def one(notice: Notice) -> int:
        async with gate:
            return await _push(notice, dispatcher, redis, prefix)

    notices = await asyncio.to_thread(compute)
    results = await asyncio.gather(*(one(n) for n in notices), return_exceptions=True)
    failed = [result for result in results if isinstance(result, BaseException)]
    if failed:
        raise failed[0]  # the others went out; the failed ones are due again next minute
    return sum(result for result in results if isinstance(result, int))


async def _push(notice: Notice, dispatcher: Dispatcher, redis, prefix: str) -> int:
    """One notice, unless another worker or an earlier minute has it; chats reached."""
    # Held while this worker delivers (another worker, or a later minute, skips it), marked
    # sent for days only once it went out: a failed send leaves it due again next minute, a
    # crash once the hold has run out (at least once; its key makes a repeat harmless).
    key = f"{prefix}:push:{notice.key}"
    if not await redis.set(key, "sending", nx=True, ex=HOLD_S):
        return 0  # another worker, or an earlier minute, sent it or is sending it
    try:
        sent = await dispatcher.notify(notice.employee_id, notice.reply, notice.purpose)
    except Exception:
        await redis.delete(key)  # not sent: due again next minute
        raise
    await redis.set(key, "sent", ex=KEEP_S)
    return sent


async def settle_once(units: Callable[[], UnitOfWork], redis, now: datetime) -> int | None:
    """Move the employees whose transfer's day has come, once an hour across all workers
    (None: another worker has this hour); return how many moved."""
    key = f"presensi:settle:{now:%Y-%m-%dT%H}"
    if not await redis.set(key, "1", nx=True, ex=2 * 3600):
        return None

    def settle() -> int:
        with units() as uow:
            moved = sum(
                settle_transfers(uow, org.id, local_date(now, org.zone), actor="system")
                for org in uow.organisations()
            )
            uow.end()
            return moved

    try:
        return await asyncio.to_thread(settle)
    except Exception:
        await redis.delete(key)  # not done: due again next minute
        raise


async def push_forever(
    units: Callable[[], UnitOfWork],
    dispatcher: Dispatcher,
    redis,
    config: PushConfig,
    clock: Clock,
) -> None:
    """At the start of every minute, the minute's work, computed by one worker of all that
    share the Redis server (the first to claim the minute), until cancelled.

    A minute's work runs beside the clock, not before the next tick: 10,000 reminders take
    minutes to go out at Telegram's pace, and the minutes meanwhile have their own notices."""
    running: set[asyncio.Task[None]] = set()
    try:
        while True:
            await asyncio.sleep(next_check(clock.now()).total_seconds())
            now = clock.now()
            if not await claim_minute(redis, now):
                continue  # another worker has this minute
            task = asyncio.create_task(_minute(units, dispatcher, redis, config, now))
            running.add(task)
            task.add_done_callback(running.discard)
    finally:
        for task in running:
            task.cancel()
        # Ended before the channels and Redis close under them.
        await asyncio.gather(*running, return_exceptions=True)


async def claim_minute(redis, now: datetime, prefix: str = "presensi") -> bool:
    """Whether this worker claimed the minute of `now` (kept an hour: a late worker's clock)."""
    try:
        return bool(await redis.set(f"{prefix}:minute:{now:%Y-%m-%dT%H:%M}", "1", nx=True, ex=3600))
    except Exception as exc:  # Redis down: every notice's own mark keeps them single
        log.error("claiming the minute failed: %s", type(exc).__name__)
        return True


async def _minute(units, dispatcher: Dispatcher, redis, config: PushConfig, now: datetime) -> None:
    """The minute's notices, the month's report when due, the hour's transfers."""
    try:
        await push_once(units, dispatcher, redis, config, now)
    except Exception as exc:  # a database or network hiccup: try again next minute
        log.error("scheduled push failed: %s", type(exc).__name__)
    try:  # the month's report, on the first working days (presensi.monthly_push)
        await reports_once(units, dispatcher, config, now)
    except Exception as exc:  # its marks were given back: due again next minute
        log.error("monthly report push failed: %s", type(exc).__name__)
    try:
        await settle_once(units, redis, now)
    except Exception as exc:  # the same: the hour's key was given back
        log.error("settling transfers failed: %s", type(exc).__name__)
