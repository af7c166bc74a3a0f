"""The inbox worker both webhooks share: store, claim, process in order, deliver, recover, drain.

A delivery is committed to the durable inbox before the 200 goes back; it is then processed in a
background task that first claims its row with a lease (renewed while it works), so that a
redelivery or a second worker never handles it twice, and a crash never loses it: once the
lease of a dead worker runs out, the next sweep (every few seconds, in any worker) takes the row
over. What processing produced is kept with the row's completion in one transaction (the
outbox) and delivered after it, message by message; a crash between the two is delivered by the
recovery, and what went out is never sent again.
"""

from __future__ import annotations

import asyncio
import itertools
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

# A row never claimed for this long lost the worker that stored it (a claimed row has a lease
# instead): the receiving worker claims at once, unless the sender's earlier messages still run.
RECOVER_AFTER = timedelta(seconds=10)
SWEEP_EVERY_S = 5.0
PURGE_EVERY = 120  # sweeps: about every ten minutes
# A failed row waits before its next attempt, longer each time (the lease is the back-off).
RETRY_AFTER = (timedelta(seconds=5), timedelta(seconds=30), timedelta(minutes=2))
# Raw deliveries hold positions and identity numbers: keep them only while redelivery matters.
KEEP_FOR = timedelta(days=2)
DRAIN_TIMEOUT_S = 30.0
RECOVER_BATCH = 1000

Process = Callable[[str, dict[str, Any]], Coroutine[Any, Any, None]]
# Delivers an outbox entry from message `start` on, calling `sent(n)` after each message.
Deliver = Callable[[dict[str, Any], int, Callable[[int], Awaitable[None]]], Awaitable[None]]


class Failed(Exception):
    """Processing failed in a way the channel reported without raising (the error's type name)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(kw_only=True)
class Intake:
    """One channel's inbox and the background work it started."""

    channel: str
    units: Callable[[], UnitOfWork]
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    holders: Counter[str] = field(default_factory=Counter)
    sweeper: asyncio.Task[None] | None = None
    deliver: Deliver | None = None  # the channel's sender of outbox entries
    sender_of: Callable[[dict[str, Any]], str] = lambda payload: ""
    lease: timedelta = inbox.LEASE

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

    async def run_claimed(
        self, key: str, who: str, work: Callable[[], Awaitable[dict[str, Any] | None]]
    ) -> None:
        """Claim the row of `key`, run `work`, keep what it returns to deliver with the row's
        completion (one transaction), then deliver it. `work` raises to fail the row."""
        async with self.in_order(who):
            row = await self._db(lambda uow: inbox.claim(uow, self.channel, key, self.lease))
            if row is None:
                return  # processed already, given up, or another worker holds it
            async with self._holding(row.id):
                try:
                    entry = await work()
                except Exception as exc:  # keep the row for another try; name the failure only
                    error = exc.name if isinstance(exc, Failed) else type(exc).__name__
                    log.error(
                        "%s delivery %s could not be processed: %s", self.channel, key[-8:], error
                    )
                    wait = RETRY_AFTER[min(row.attempts, len(RETRY_AFTER)) - 1]
                    await self._db(lambda uow: inbox.mark_failed(uow, row.id, error, wait))
                    return
                await self._db(lambda uow: inbox.complete(uow, row.id, entry))
                if entry is not None:
                    await self._deliver(row.id, entry, 0)

    async def redeliver(self, row_id: int, who: str) -> None:
        """Deliver what a dead worker kept but did not (all) send, from where it stopped."""
        async with self.in_order(who):
            row = await self._db(lambda uow: inbox.claim_delivery(uow, row_id, self.lease))
            if row is None:
                return
            async with self._holding(row.id):
                if row.outcome is None:
                    await self._db(lambda uow: inbox.mark_delivered(uow, row.id))
                else:
                    await self._deliver(row.id, row.outcome, row.sent)

    async def _deliver(self, row_id: int, entry: dict[str, Any], start: int) -> None:
        async def sent(count: int) -> None:
            await self._db(lambda uow: inbox.mark_sent(uow, row_id, count))

        try:
            if self.deliver is None:
                raise RuntimeError("no deliverer for this channel")
            await self.deliver(entry, start, sent)
        except Exception as exc:  # the network, after the sender's own retries: later
            log.error("%s replies could not be delivered yet: %s", self.channel, type(exc).__name__)
            await self._db(lambda uow: inbox.release(uow, row_id, RETRY_AFTER[0]))
            return
        await self._db(lambda uow: inbox.mark_delivered(uow, row_id))

    @asynccontextmanager
    async def _holding(self, row_id: int) -> AsyncIterator[None]:
        """Renew the row's lease while the work runs, so that no other worker takes it."""

        async def renew() -> None:
            while True:
                await asyncio.sleep(self.lease.total_seconds() / 3)
                try:
                    await self._db(lambda uow: inbox.renew(uow, row_id, self.lease))
                except Exception as exc:  # the database is down: the work will fail too
                    log.error("%s lease not renewed: %s", self.channel, type(exc).__name__)

        renewer = asyncio.create_task(renew())
        try:
            yield
        finally:
            renewer.cancel()
            with suppress(asyncio.CancelledError):
                await renewer

    async def recover(
        self,
        process: Process,
        older_than: timedelta = RECOVER_AFTER,
        order: Callable[[dict[str, Any]], Any] | None = None,
    ) -> int:
        """Take over rows no live worker holds: process the unprocessed, deliver the
        undelivered; return how many."""

        def orphans(uow: UnitOfWork):
            rows = inbox.pending(
                uow, self.channel, limit=RECOVER_BATCH, received_before=uow.now() - older_than
            )
            late = inbox.undelivered(uow, self.channel, limit=RECOVER_BATCH)
            return (
                [(row.key, row.payload) for row in rows],
                [(row.id, self.sender_of(row.payload)) for row in late],
            )

        rows, late = await self._db(orphans)
        for row_id, who in late:
            self.spawn(self.redeliver(row_id, who))
        for key, payload in sorted(rows, key=lambda r: order(r[1])) if order else rows:
            self.spawn(process(key, payload))
        if rows or late:
            log.warning(
                "recovering %d stored %s deliveries and %d undelivered answers",
                len(rows),
                self.channel,
                len(late),
            )
        return len(rows) + len(late)

    def start_sweeping(self, process: Process, order=None, every_s: float = SWEEP_EVERY_S):
        """Recover now, then now and then recover lost deliveries and drop old ones."""
        self.spawn(self.recover(process, order=order))
        self.sweeper = asyncio.create_task(self._sweep(process, order, every_s))

    async def _sweep(self, process: Process, order, every_s: float) -> None:
        for round_ in itertools.count(1):
            await asyncio.sleep(every_s)
            try:
                await self.recover(process, order=order)
                if round_ % PURGE_EVERY == 0:
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
                log.warning(
                    "%d %s deliveries still running at shutdown", len(waiting), self.channel
                )
                break

    async def _db(self, work: Callable[[UnitOfWork], Any]) -> Any:
        def run() -> Any:
            with self.units() as uow:
                result = work(uow)
                uow.commit()
                return result

        return await asyncio.to_thread(run)
