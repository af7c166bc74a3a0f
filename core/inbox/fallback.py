"""`FallbackInbox`: Redis first, the database while Redis is down.

A delivery that arrives while Redis is down is kept in the database's `inbox` table with its
arrival time, like any other, and finished there: each step on a row goes to the store that
holds it (`Held.store`). The sweep looks in both, so that rows kept during an outage are
processed once it ends, and a database that is down does not stop Redis's rows.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import redis.exceptions

from core.inbox import LEASE, GivenUp, Held, Incoming, by_arrival, merge_counts
from core.inbox.redis_store import RedisInbox
from core.inbox.sql_store import SqlInbox

log = logging.getLogger(__name__)

# Redis is out of reach: the spare takes the delivery. Not a timeout: the script may have run
# with only its reply lost, and a second copy in the spare would be processed twice; the webhook
# answers 503 instead and the platform delivers it again.
REDIS_DOWN = (redis.exceptions.ConnectionError, ConnectionError)


class FallbackInbox:
    """The inbox in Redis, with the database's table as its spare."""

    name = "redis+sql"

    def __init__(self, primary: RedisInbox, spare: SqlInbox) -> None:
        self.primary = primary
        self.spare = spare

    def _of(self, held: Held | GivenUp) -> Any:
        return self.spare if held.store == self.spare.name else self.primary

    async def store(
        self, channel: str, rows: list[Incoming], claim: bool, lease: timedelta = LEASE
    ) -> tuple[set[str], dict[str, Held]]:
        try:
            return await self.primary.store(channel, rows, claim, lease)
        except REDIS_DOWN as error:
            log.warning("Redis is down (%s): the inbox keeps deliveries in the database",
                        type(error).__name__)  # fmt: skip
            return await self.spare.store(channel, rows, claim, lease)

    async def claim(self, channel: str, key: str, lease: timedelta = LEASE) -> Held | None:
        try:
            known, found = await self.primary.claim_known(channel, key, lease)
        except REDIS_DOWN:
            known, found = False, None  # it may be one the spare took while Redis was down
        return found if known else await self.spare.claim(channel, key, lease)

    async def renew(self, held: Held, lease: timedelta = LEASE) -> datetime | None:
        return await self._of(held).renew(held, lease)

    async def complete(
        self, held: Held, outcome: dict[str, Any] | None, next_of: str = ""
    ) -> Held | None:
        return await self._of(held).complete(held, outcome, next_of)

    async def mark_sent(self, held: Held, sent: int) -> None:
        await self._of(held).mark_sent(held, sent)

    async def delivered(self, held: Held, next_of: str = "") -> Held | None:
        return await self._of(held).delivered(held, next_of)

    async def release(self, held: Held, retry_after: timedelta = timedelta(0)) -> None:
        await self._of(held).release(held, retry_after)

    async def failed(self, held: Held, error: str, retry_after: timedelta) -> int:
        return await self._of(held).failed(held, error, retry_after)

    async def unavailable(self, held: Held, error: str, retry_after: timedelta) -> int:
        return await self._of(held).unavailable(held, error, retry_after)

    async def next_waiting(self, channel: str, held: Held) -> Held | None:
        return await self._of(held).next_waiting(channel, held)

    async def orphans(
        self, channel: str, older_than: timedelta, limit: int
    ) -> tuple[list[Held], list[Held]]:
        pending: list[Held] = []
        late: list[Held] = []
        failures = []
        for store in (self.spare, self.primary):  # the spare's rows arrived first
            try:
                rows, undelivered = await store.orphans(channel, older_than, limit)
            except Exception as error:  # one store down: the other's rows go on
                failures.append(error)
                continue
            pending += rows
            late += undelivered
        if len(failures) == 2:
            raise failures[0]
        return pending, late

    async def claim_delivery(self, held: Held, lease: timedelta = LEASE) -> Held | None:
        return await self._of(held).claim_delivery(held, lease)

    async def purge(self, older_than: timedelta) -> int:
        return await self.primary.purge(older_than) + await self.spare.purge(older_than)

    async def counts(self) -> dict[str, dict[str, int]]:
        return merge_counts(await self.spare.counts(), await self.primary.counts())

    async def given_up(self, channel: str | None = None) -> list[GivenUp]:
        found = await self.spare.given_up(channel) + await self.primary.given_up(channel)
        return sorted(found, key=by_arrival)

    async def retry(self, row: GivenUp) -> bool:
        return await self._of(row).retry(row)

    async def erase(self, chats: set[tuple[str, str]]) -> int:
        return await self.primary.erase(chats) + await self.spare.erase(chats)
