"""`InboxStore` on the database's `inbox` table: each step one committed transaction of
`core.services.inbox`, run in a thread (off the event loop)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from core.inbox import LEASE, GivenUp, Held, Incoming
from core.services import inbox
from core.storage.uow import UnitOfWork, committed

STORE = "sql"


def held(row: Any, channel: str) -> Held:
    """A `Held` from an `InboxRow` or an `inbox.Claim` of `channel`."""
    return Held(
        id=row.id,
        key=row.key,
        sender=row.sender,
        received_at=row.received_at,
        claimed_until=row.claimed_until,
        failures=row.failures or 0,
        outages=row.outages or 0,
        payload=getattr(row, "payload", None),
        outcome=getattr(row, "outcome", None),
        sent=getattr(row, "sent", 0) or 0,
        store=STORE,
        channel=channel,
    )


def _maybe(row: Any, channel: str) -> Held | None:
    return None if row is None else held(row, channel)


class SqlInbox:
    """The inbox in the `inbox` table: the embedded default, and `FallbackInbox`'s spare."""

    name = STORE

    def __init__(self, units: Callable[[], UnitOfWork]) -> None:
        self._units = units

    async def _run(self, work: Callable[[UnitOfWork], Any]) -> Any:
        return await committed(self._units, work)

    async def store(
        self, channel: str, rows: list[Incoming], claim: bool, lease: timedelta = LEASE
    ) -> tuple[set[str], dict[str, Held]]:
        def work(uow: UnitOfWork) -> tuple[set[str], dict[str, Held]]:
            new: set[str] = set()
            claims: dict[str, Held] = {}
            for key, payload, sender in rows:
                if not claim:
                    stored = inbox.store(uow, channel, key, payload, sender)
                else:
                    stored, found = inbox.store_claimed(uow, channel, key, payload, sender, lease)
                    if found is not None:
                        claims[key] = held(found, channel)
                if stored:
                    new.add(key)
            return new, claims

        return await self._run(work)

    async def claim(self, channel: str, key: str, lease: timedelta = LEASE) -> Held | None:
        return _maybe(await self._run(lambda uow: inbox.claim(uow, channel, key, lease)), channel)

    async def renew(self, held: Held, lease: timedelta = LEASE) -> datetime | None:
        if held.claimed_until is None:
            return None
        until = held.claimed_until
        return await self._run(lambda uow: inbox.renew(uow, held.id, until, lease))

    async def complete(
        self, held: Held, outcome: dict[str, Any] | None, next_of: str = ""
    ) -> Held | None:
        def work(uow: UnitOfWork) -> Held | None:
            inbox.complete(uow, held.id, outcome)
            return self._next(uow, held, next_of)

        return await self._run(work)

    async def mark_sent(self, held: Held, sent: int) -> None:
        await self._run(lambda uow: inbox.mark_sent(uow, held.id, sent))

    async def delivered(self, held: Held, next_of: str = "") -> Held | None:
        def work(uow: UnitOfWork) -> Held | None:
            inbox.mark_delivered(uow, held.id)
            return self._next(uow, held, next_of)

        return await self._run(work)

    def _next(self, uow: UnitOfWork, held: Held, sender: str) -> Held | None:
        if not sender:
            return None
        return _maybe(inbox.next_waiting(uow, held.channel, sender, held.id), held.channel)

    async def release(self, held: Held, retry_after: timedelta = timedelta(0)) -> None:
        await self._run(lambda uow: inbox.release(uow, held.id, retry_after))

    async def failed(self, held: Held, error: str, retry_after: timedelta) -> int:
        return await self._run(lambda uow: inbox.mark_failed(uow, held.id, error, retry_after))

    async def unavailable(self, held: Held, error: str, retry_after: timedelta) -> int:
        return await self._run(lambda uow: inbox.mark_unavailable(uow, held.id, error, retry_after))

    async def next_waiting(self, channel: str, held: Held) -> Held | None:
        found = await self._run(lambda uow: inbox.next_waiting(uow, channel, held.sender, held.id))
        return _maybe(found, channel)

    async def orphans(
        self, channel: str, older_than: timedelta, limit: int
    ) -> tuple[list[Held], list[Held]]:
        def work(uow: UnitOfWork) -> tuple[list[Held], list[Held]]:
            before = uow.now() - older_than
            rows = inbox.pending(uow, channel, limit=limit, received_before=before)
            late = inbox.undelivered(uow, channel, limit=limit)
            return [held(row, channel) for row in rows], [held(row, channel) for row in late]

        return await self._run(work)

    async def claim_delivery(self, held: Held, lease: timedelta = LEASE) -> Held | None:
        found = await self._run(lambda uow: inbox.claim_delivery(uow, held.id, lease))
        return _maybe(found, held.channel)

    async def purge(self, older_than: timedelta) -> int:
        return await self._run(lambda uow: inbox.purge(uow, uow.now() - older_than))

    async def counts(self) -> dict[str, dict[str, int]]:
        return await self._run(inbox.counts)

    async def given_up(self, channel: str | None = None) -> list[GivenUp]:
        def work(uow: UnitOfWork) -> list[GivenUp]:
            return [
                GivenUp(r.channel, r.key, r.error, r.failures, r.received_at, r.id, STORE)
                for r in inbox.given_up(uow, channel)
            ]

        return await self._run(work)

    async def retry(self, row: GivenUp) -> bool:
        return await self._run(lambda uow: inbox.retry(uow, row.id))

    async def erase(self, chats: set[tuple[str, str]]) -> int:
        return await self._run(lambda uow: inbox.erase(uow, chats))
