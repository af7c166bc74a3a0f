"""The inbox worker both webhooks share: store, claim, process in order, recover, purge, drain.

A delivery is committed to the durable inbox before the 200 goes back; it is then processed in a
background task that first claims its row, so that a redelivery, a second worker or a restart
never handles it twice, and a crash never loses it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from core.services import inbox
from core.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# A row unprocessed for this long lost its worker: processing takes seconds. Younger rows may
# still be in the hands of another worker, so recovery leaves them alone.
RECOVER_AFTER = timedelta(minutes=2)
SWEEP_EVERY_S = 60.0
# Raw deliveries hold positions and identity numbers: keep them only while redelivery matters.
KEEP_FOR = timedelta(days=2)
DRAIN_TIMEOUT_S = 30.0
RECOVER_BATCH = 1000

Process = Callable[[str, dict[str, Any]], Coroutine[Any, Any, None]]


@dataclass(kw_only=True)
class Intake:
    """One channel's inbox and the background work it started."""

    channel: str
    units: Callable[[], UnitOfWork]
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    holders: Counter[str] = field(default_factory=Counter)
    sweeper: asyncio.Task[None] | None = None

    def spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run work in the background, owned here so that shutdown can wait for it."""
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    @asynccontextmanager
    async def in_order(self, who: str) -> AsyncIterator[None]:
        """One delivery at a time per sender, in arrival order: a location before its selfie."""
        lock = self.locks.setdefault(who, asyncio.Lock())
        self.holders[who] += 1
        try:
            async with lock:
                yield
        finally:
            self.holders[who] -= 1
            if self.holders[who] == 0:
                del self.holders[who], self.locks[who]

    async def store(self, rows: list[tuple[str, dict[str, Any]]]) -> set[str]:
        """Commit the deliveries in one transaction; return the keys that were new."""
        def work(uow: UnitOfWork) -> set[str]:
            return {key for key, payload in rows if inbox.store(uow, self.channel, key, payload)}

        return await self._db(work)

    async def run_claimed(self, key: str, who: str, work: Callable[[], Awaitable[str | None]]):
        """Claim the row of `key`, run `work` (it returns an error name or None), mark the row."""
        async with self.in_order(who):
            row = await self._db(lambda uow: inbox.claim(uow, self.channel, key))
            if row is None:
                return  # processed already, given up, or another worker has it
            try:
                error = await work()
            except Exception as exc:  # keep the row for another try; name the failure only
                error = type(exc).__name__
                log.error("%s delivery %s could not be processed: %s", self.channel, key[-8:],
                          error)
            await self._db(lambda uow: _finish(uow, row.id, error))

    async def recover(self, process: Process, older_than: timedelta = RECOVER_AFTER,
                      order: Callable[[dict[str, Any]], Any] | None = None) -> int:
        """Process deliveries stored but never processed (their worker died); how many."""
        def orphans(uow: UnitOfWork) -> list[tuple[str, dict[str, Any]]]:
            rows = inbox.pending(uow, self.channel, limit=RECOVER_BATCH,
                                 received_before=uow.now() - older_than)
            return [(row.key, row.payload) for row in rows]

        rows = await self._db(orphans)
        for key, payload in sorted(rows, key=lambda r: order(r[1])) if order else rows:
            self.spawn(process(key, payload))
        if rows:
            log.warning("recovering %d stored %s deliveries", len(rows), self.channel)
        return len(rows)

    def start_sweeping(self, process: Process, order=None, every_s: float = SWEEP_EVERY_S):
        """Recover now, then now and then recover lost deliveries and drop old ones."""
        self.spawn(self.recover(process, order=order))
        self.sweeper = asyncio.create_task(self._sweep(process, order, every_s))

    async def _sweep(self, process: Process, order, every_s: float) -> None:
        while True:
            await asyncio.sleep(every_s)
            try:
                await self.recover(process, order=order)
                await self._db(lambda uow: inbox.purge(uow, uow.now() - KEEP_FOR))
            except Exception as exc:  # a database hiccup: try again next round
                log.error("%s inbox sweep failed: %s", self.channel, type(exc).__name__)

    async def drain(self) -> None:
        """Stop sweeping and wait for the deliveries in flight."""
        if self.sweeper is not None:
            self.sweeper.cancel()
            with suppress(asyncio.CancelledError):
                await self.sweeper
        while self.tasks:  # recovery spawns more work: wait until none is left
            _, waiting = await asyncio.wait(set(self.tasks), timeout=DRAIN_TIMEOUT_S)
            if waiting:
                log.warning("%d %s deliveries still running at shutdown", len(waiting),
                            self.channel)
                break

    async def _db(self, work: Callable[[UnitOfWork], Any]) -> Any:
        def run() -> Any:
            with self.units() as uow:
                result = work(uow)
                uow.commit()
                return result

        return await asyncio.to_thread(run)


def _finish(uow: UnitOfWork, row_id: int, error: str | None) -> None:
    if error is None:
        inbox.mark_done(uow, row_id)
    else:
        inbox.mark_failed(uow, row_id, error)
