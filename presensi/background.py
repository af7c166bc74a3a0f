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
from core.flows.push import PushConfig, due_notices, next_check
from core.schedule import parse_clock
from core.services.staff import settle_transfers
from core.storage.uow import UnitOfWork
from presensi.monthly_push import reports_once

log = logging.getLogger(__name__)
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

    sent = 0
    for notice in await asyncio.to_thread(compute):
        # Held for a minute while this worker delivers (another worker skips it), marked sent
        # for days only once it went out: a crash or a failed send leaves it due again next
        # minute (at least once; its key makes a repeat within the window harmless).
        key = f"{prefix}:push:{notice.key}"
        if not await redis.set(key, "sending", nx=True, ex=HOLD_S):
            continue  # another worker, or an earlier minute, sent it or is sending it
        try:
            sent += await dispatcher.notify(notice.employee_id, notice.reply, notice.purpose)
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
    """Run `push_once` at the start of every minute until cancelled."""
    while True:
        await asyncio.sleep(next_check(clock.now()).total_seconds())
        try:
            await push_once(units, dispatcher, redis, config, clock.now())
        except Exception as exc:  # a database or network hiccup: try again next minute
            log.error("scheduled push failed: %s", type(exc).__name__)
        try:  # the month's report, on the first working days (presensi.monthly_push)
            await reports_once(units, dispatcher, config, clock.now())
        except Exception as exc:  # its marks were given back: due again next minute
            log.error("monthly report push failed: %s", type(exc).__name__)
        try:
            await settle_once(units, redis, clock.now())
        except Exception as exc:  # the same: the hour's key was given back
            log.error("settling transfers failed: %s", type(exc).__name__)
