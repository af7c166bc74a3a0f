"""The inbox worker both webhooks share: store, claim, process in order, deliver, recover, drain.

A delivery is committed to the durable inbox before the 200 goes back; it is then processed in a
background task that first claims its row with a lease (renewed while it works), so that a
redelivery or a second worker never handles it twice, and a crash never loses it: once the
lease of a dead worker runs out, the next sweep (every few seconds, in any worker) takes the row
over. What processing produced is kept with the row's completion in one transaction (the
outbox) and delivered after it, message by message; a crash between the two is delivered by the
recovery, and what went out is never sent again.

A failure is judged by its cause. A service that is down (the database, Redis, the platform's
API: `OUTAGES`) is not the message's fault: the row is tried again, with growing waits, for as
long as it is kept, and its sender is told once that the message will be processed when the
service is back. Any other error is the message's own (poison): it is tried `MAX_FAILURES`
times, then given up, logged for the operator (`presensi inbox status`), and its sender told.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import redis.exceptions
import sqlalchemy.exc

from core.inbox import LEASE, MAX_FAILURES, Held, InboxStore
from core.inbox.sql_store import SqlInbox
from core.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

# A row never claimed for this long lost the worker that stored it (a claimed row has a lease
# instead): the receiving worker claims at once, unless the sender's earlier messages still run.
RECOVER_AFTER = timedelta(seconds=10)
SWEEP_EVERY_S = 5.0
PURGE_EVERY = 120  # sweeps: about every ten minutes
# A failed row waits before its next attempt, longer each time (the lease is the back-off).
RETRY_AFTER = (timedelta(seconds=5), timedelta(seconds=30), timedelta(minutes=2))
# While a service is down: 5 s, 10 s, 20 s, 40 s, then every minute until it is back.
OUTAGE_WAIT_S = (5, 10, 20, 40, 60)
# Errors that say a service is down, not that the message is bad. The database's connection
# errors (OperationalError, InterfaceError, a pool timeout), Redis's, and the network's; each
# channel adds its platform's (`Intake.outages`). A face check that failed twice on one photo
# (core.faces.port.FaceCheckUnavailable) is not one: a photo that crashes the engine every time
# must be given up after MAX_FAILURES, not block its sender's later messages for days.
OUTAGES: tuple[type[BaseException], ...] = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.TimeoutError,
    sqlalchemy.exc.DisconnectionError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
)
# Raw deliveries hold positions and identity numbers: keep them only while redelivery matters.
KEEP_FOR = timedelta(days=2)
DRAIN_TIMEOUT_S = 30.0
RECOVER_BATCH = 1000

Process = Callable[[str, dict[str, Any]], Coroutine[Any, Any, None]]
# Delivers an outbox entry from message `start` on, calling `sent(n)` after each message.
Deliver = Callable[[dict[str, Any], int, Callable[[int], Awaitable[None]]], Awaitable[None]]
# Tells a sender, outside the outbox, what became of their message: "wait" (a service is down,
# it will be processed) or "given_up" (it could not be processed).
Tell = Callable[[dict[str, Any], str], Awaitable[None]]
# The work of one row, given the time the row was received (the time that counts).
Work = Callable[[datetime], Awaitable[dict[str, Any] | None]]


@dataclass(kw_only=True)
class Intake:
    """One channel's inbox and the background work it started."""

    channel: str
    units: Callable[[], UnitOfWork]
    # Where rows are kept (core.inbox); None: the database's table, through `units`.
    inbox: InboxStore | None = None
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    holders: Counter[str] = field(default_factory=Counter)
    sweeper: asyncio.Task[None] | None = None
    deliver: Deliver | None = None  # the channel's sender of outbox entries
    sender_of: Callable[[dict[str, Any]], str] = lambda payload: ""
    tell: Tell | None = None  # the channel's way to tell a sender about their message
    process: Process | None = None  # the channel's processing of a stored row (set on start)
    outages: tuple[type[BaseException], ...] = OUTAGES
    lease: timedelta = LEASE
    # Senders told that their messages wait for a service: told once per outage, also while
    # the inbox cannot record it (per process: each worker tells at most once).
    told: set[str] = field(default_factory=set)
    # Rows `store` claimed for this worker, by key, with when (monotonic): `run_claimed` uses
    # them instead of claiming again.
    claims: dict[str, tuple[Held, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.inbox is None:  # looked up late: a test may swap `units` for a broken one
            self.inbox = SqlInbox(lambda: self.units())

    @property
    def rows(self) -> InboxStore:
        assert self.inbox is not None  # set by __post_init__
        return self.inbox

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

    async def store(self, rows: list[tuple[str, dict[str, Any]]], claim: bool = True) -> set[str]:
        """Keep the deliveries in one step; return the keys that were new.

        With `claim` the new rows are claimed for this worker in the same step:
        `run_claimed` then starts without a claim of its own.
        """
        incoming = [(key, payload, self.sender_of(payload)) for key, payload in rows]
        new, claims = await self.rows.store(self.channel, incoming, claim, self.lease)
        taken = time.monotonic()
        self.claims.update({key: (held, taken) for key, held in claims.items()})
        return new

    async def run_claimed(self, key: str, payload: dict[str, Any], work: Work) -> None:
        """Claim the row of `key` (unless `store` did), run `work`, keep what it returns to
        deliver with the row's completion (one step), then deliver it. `work` raises to fail
        the row."""
        who = self.sender_of(payload)
        async with self.in_order(who):
            try:
                row = await self._take(key)
            except self.outages as exc:  # the inbox is down: the sweep takes the row later
                await self._wait_for_service(key, payload, None, exc)
                return
            if row is None:
                return  # processed already, given up, or another worker holds it
            async with self._holding(row):
                try:
                    entry = await work(row.received_at)
                except Exception as exc:  # keep the row for another try; name the failure only
                    await self._failed(row, payload, exc)
                    return
                self.told.discard(who)
                if entry is None:  # nothing to deliver: the row ends with its completion
                    later = await self.rows.complete(row, None, self._next_of_sender(row.sender))
                else:
                    await self.rows.complete(row, entry)
                    later = await self._deliver(row, entry, 0, row.sender)
            if later is not None and self.process is not None:
                self.spawn(self.process(later.key, later.payload or {}))

    async def _take(self, key: str) -> Held | None:
        """The row of `key`, held by this worker: the claim `store` made while its lease is
        young (no round trip), renewed if it aged in the queue, else claimed now."""
        held, taken = self.claims.pop(key, (None, 0.0))
        if held is None:
            return await self.rows.claim(self.channel, key, self.lease)
        if time.monotonic() - taken < self.lease.total_seconds() / 3:
            return held
        # Waited behind the sender's earlier messages: still ours only if nobody took it over.
        until = await self.rows.renew(held, self.lease)
        return None if until is None else replace(held, claimed_until=until)

    def _next_of_sender(self, sender: str) -> str:
        """Whose next message to look for as a row ends: the sender's, which waited for this
        one (the inbox keeps one person's messages in order across workers), to start now,
        not at the next sweep. Not while this worker has more of the sender's messages in
        hand: the last of them looks."""
        return sender if sender and self.holders[sender] <= 1 else ""

    async def _next_of(self, row: Held) -> None:
        """Start the sender's next message, which waited for this one: now, not at the next
        sweep."""
        if self.process is None or not row.sender:
            return
        try:
            later = await self.rows.next_waiting(self.channel, row)
        except self.outages:
            return  # the sweep takes it
        if later is not None:
            self.spawn(self.process(later.key, later.payload or {}))

    async def _failed(self, row: Held, payload: dict[str, Any], exc: Exception) -> None:
        """Record why the row failed: an outage (wait and retry) or the message's own fault."""
        if isinstance(exc, self.outages):
            await self._wait_for_service(row.key, payload, row, exc)
            return
        error = type(exc).__name__
        wait = RETRY_AFTER[min(row.failures, len(RETRY_AFTER) - 1)]
        try:
            failures = await self.rows.failed(row, error, wait)
        except self.outages:
            return  # the inbox went too: the lease runs out and the row is tried again
        if failures < MAX_FAILURES:
            log.error("%s delivery %s failed (%s); tried again", self.channel, row.key[-8:], error)
            return
        log.error(
            "%s delivery %s given up after %d failures (%s): see `presensi inbox status`",
            self.channel,
            row.key[-8:],
            failures,
            error,
        )
        await self._tell(payload, "given_up")
        await self._next_of(row)

    async def _wait_for_service(
        self, key: str, payload: dict[str, Any], row: Held | None, exc: Exception
    ) -> None:
        """A service is down: retry later, and tell the sender once that their message waits."""
        error = type(exc).__name__
        log.warning("%s delivery %s waits for a service (%s)", self.channel, key[-8:], error)
        if row is not None:
            wait = timedelta(seconds=OUTAGE_WAIT_S[min(row.outages, len(OUTAGE_WAIT_S) - 1)])
            with suppress(*self.outages):
                await self.rows.unavailable(row, error, wait)
        # Once per sender and outage: a row that already waited out an outage was told then.
        sender = self.sender_of(payload)
        if sender not in self.told and (row is None or row.outages == 0):
            self.told.add(sender)
            await self._tell(payload, "wait")

    async def _tell(self, payload: dict[str, Any], what: str) -> None:
        if self.tell is None:
            return
        try:
            await self.tell(payload, what)
        except Exception as exc:  # the platform is down too: the answer will come with the result
            log.warning("%s sender not told (%s)", self.channel, type(exc).__name__)

    async def redeliver(self, held: Held) -> None:
        """Deliver what a dead worker kept but did not (all) send, from where it stopped."""
        async with self.in_order(held.sender):
            row = await self.rows.claim_delivery(held, self.lease)
            if row is None:
                return
            async with self._holding(row):
                if row.outcome is None:
                    await self.rows.delivered(row)
                else:
                    await self._deliver(row, row.outcome, row.sent)

    async def _deliver(self, row: Held, entry: dict[str, Any], start: int, sender: str = ""):
        """Deliver an outbox entry from message `start` on and end the row; return the sender's
        next waiting message when `sender` is given."""

        async def sent(count: int) -> None:
            await self.rows.mark_sent(row, count)

        try:
            if self.deliver is None:
                raise RuntimeError("no deliverer for this channel")
            await self.deliver(entry, start, sent)
        except Exception as exc:  # the network, after the sender's own retries: later
            log.error("%s replies could not be delivered yet: %s", self.channel, type(exc).__name__)
            await self.rows.release(row, RETRY_AFTER[0])
            return None
        return await self.rows.delivered(row, self._next_of_sender(sender))

    @asynccontextmanager
    async def _holding(self, row: Held) -> AsyncIterator[None]:
        """Renew the row's lease while the work runs, so that no other worker takes it."""

        async def renew() -> None:
            held = row.claimed_until
            while held is not None:
                await asyncio.sleep(self.lease.total_seconds() / 3)
                try:
                    held = await self.rows.renew(replace(row, claimed_until=held), self.lease)
                except Exception as exc:  # the inbox is down: the work will fail too
                    log.error("%s lease not renewed: %s", self.channel, type(exc).__name__)
            # The lease ran out (this worker stalled) and another took the row: the work is
            # idempotent by the delivery's key, so both finishing changes nothing.
            log.warning("%s lease lost to another worker", self.channel)

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
        rows, late = await self.rows.orphans(self.channel, older_than, RECOVER_BATCH)
        for held in late:
            self.spawn(self.redeliver(held))
        found = [(row.key, row.payload or {}) for row in rows]
        for key, payload in sorted(found, key=lambda r: order(r[1])) if order else found:
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
        self.process = process
        self.spawn(self.recover(process, order=order))
        self.sweeper = asyncio.create_task(self._sweep(process, order, every_s))

    async def _sweep(self, process: Process, order, every_s: float) -> None:
        for round_ in itertools.count(1):
            await asyncio.sleep(every_s)
            try:
                await self.recover(process, order=order)
                if round_ % PURGE_EVERY == 0:
                    await self.rows.purge(KEEP_FOR)
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
