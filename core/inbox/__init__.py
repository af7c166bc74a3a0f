"""The webhooks' inbox as a port: where a delivery is kept from its 200 until its answer is sent.

The bookkeeping of a delivery (stored, claimed with a lease, completed with its outbox, each
message sent, delivered) is the same whatever holds it; `webhooks.intake.Intake` drives it
through `InboxStore`. Two stores implement it:

- `SqlInbox` (`core.inbox.sql_store`): the `inbox` table, through `core.services.inbox`. The
  embedded default (no Redis server), and the spare of the next one.
- `RedisInbox` (`core.inbox.redis_store`): Redis, one script per step. With a Redis server a
  delivery then costs the database nothing: the bookkeeping was most of the statements and
  commits of a clock-in (issue 11). Redis must keep what it acknowledged: `appendonly yes`
  (see README, "Running it").

`FallbackInbox` puts the two together: deliveries go to Redis, and to the database while Redis
is down, so that what arrives during an outage is kept with its arrival time too; each row is
then finished in the store that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

# A worker holds a row this long after each renewal; it renews every third of it.
LEASE = timedelta(seconds=15)
MAX_FAILURES = 3  # a message that failed in itself this often is given up (poison)
MAX_ABANDONED = 10  # claims that died with their worker: given up too
ERROR_LENGTH = 500


@dataclass(frozen=True)
class Held:
    """A row as a worker sees it: what processing or redelivery needs, with no second read."""

    id: int
    key: str
    sender: str
    received_at: datetime
    claimed_until: datetime | None
    failures: int = 0
    outages: int = 0
    payload: dict[str, Any] | None = None
    outcome: dict[str, Any] | None = None  # the outbox: what to deliver
    sent: int = 0  # messages of the outbox already sent
    store: str = ""  # which store holds it (`FallbackInbox` finishes it there)
    channel: str = ""


@dataclass(frozen=True)
class GivenUp:
    """A row no worker will try again, for the operator."""

    channel: str
    key: str
    error: str | None
    failures: int
    received_at: datetime
    id: int
    store: str = ""


# Rows to deliver to a channel's inbox: (key, payload, sender).
Incoming = tuple[str, dict[str, Any], str]
COUNT_KINDS = ("waiting", "outage", "given_up", "undelivered")


class InboxStore(Protocol):
    """What the intake asks of an inbox. Every method is one atomic step."""

    async def store(
        self, channel: str, rows: list[Incoming], claim: bool, lease: timedelta = LEASE
    ) -> tuple[set[str], dict[str, Held]]:
        """Keep the rows: (the keys that were new, the claims made for this worker by key).

        With `claim`, a new row is claimed in the same step unless an earlier message of its
        sender still waits (that one goes first, and this one is left for `claim`)."""
        ...

    async def claim(self, channel: str, key: str, lease: timedelta = LEASE) -> Held | None:
        """Take a row to process: None if done, given up, held, or behind its sender's earlier
        message still waiting."""
        ...

    async def renew(self, held: Held, lease: timedelta = LEASE) -> datetime | None:
        """Extend the lease this worker holds; None if another worker took the row over."""
        ...

    async def complete(
        self, held: Held, outcome: dict[str, Any] | None, next_of: str = ""
    ) -> Held | None:
        """Processed: keep the outbox (None: nothing to deliver, the row ends). With
        `next_of` (a sender), return that sender's next message if it waits unheld."""
        ...

    async def mark_sent(self, held: Held, sent: int) -> None: ...

    async def delivered(self, held: Held, next_of: str = "") -> Held | None:
        """Everything went out: the row ends. `next_of` as in `complete`."""
        ...

    async def release(self, held: Held, retry_after: timedelta = timedelta(0)) -> None: ...

    async def failed(self, held: Held, error: str, retry_after: timedelta) -> int:
        """The message failed in itself; return its failures so far."""
        ...

    async def unavailable(self, held: Held, error: str, retry_after: timedelta) -> int:
        """A service it needs was down; return its outages so far."""
        ...

    async def next_waiting(self, channel: str, held: Held) -> Held | None: ...

    async def orphans(
        self, channel: str, older_than: timedelta, limit: int
    ) -> tuple[list[Held], list[Held]]:
        """(rows to process that no worker holds, never-claimed ones only once older than
        `older_than` (their receiving worker is about to take them); processed rows whose
        outbox nobody is delivering)."""
        ...

    async def claim_delivery(self, held: Held, lease: timedelta = LEASE) -> Held | None: ...

    async def purge(self, older_than: timedelta) -> int:
        """Drop finished and given-up rows received longer ago than `older_than`."""
        ...

    async def counts(self) -> dict[str, dict[str, int]]:
        """Per channel: rows waiting, waiting out an outage, given up, undelivered."""
        ...

    async def given_up(self, channel: str | None = None) -> list[GivenUp]: ...

    async def retry(self, row: GivenUp) -> bool: ...

    async def erase(self, chats: set[tuple[str, str]]) -> int:
        """Drop every row of these (channel, sender) chats; return how many."""
        ...


def by_arrival(row: GivenUp | Held) -> datetime:
    """A sort key across stores: the database may hand back naive UTC times, Redis aware ones."""
    at = row.received_at
    return at.replace(tzinfo=None) if at.tzinfo is None else at.astimezone(UTC).replace(tzinfo=None)


def merge_counts(*found: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    total: dict[str, dict[str, int]] = {}
    for counts in found:
        for channel, kinds in counts.items():
            into = total.setdefault(channel, dict.fromkeys(COUNT_KINDS, 0))
            for kind, count in kinds.items():
                into[kind] += count
    return total
