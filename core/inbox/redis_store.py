"""`InboxStore` in Redis: each step one Lua script (`core.inbox.redis_scripts`), one round trip.

Redis must keep what it acknowledged across its own restarts: run it with `appendonly yes`
(`appendfsync always` loses nothing on a power cut; `everysec`, Redis's default, may lose the
last second) and `maxmemory-policy noeviction`. A finished row leaves only its key, for two days,
so that a redelivery is known; the raw payload goes as soon as the row is processed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from core.inbox import (
    COUNT_KINDS,
    ERROR_LENGTH,
    LEASE,
    MAX_ABANDONED,
    MAX_FAILURES,
    GivenUp,
    Held,
    Incoming,
)
from core.inbox import redis_scripts as lua

STORE = "redis"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICRO = timedelta(microseconds=1)
# A finished row's key is known this long (Telegram and Meta redeliver within a day).
KEEP_KEYS_FOR = timedelta(days=2)


def micros(at: datetime) -> int:
    """Exact: a lease is compared as it was written (a float would round)."""
    return (at - EPOCH) // MICRO


def moment(value: Any) -> datetime | None:
    if value in (None, b"", ""):
        return None
    return EPOCH + int(value) * MICRO


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else ("" if value is None else str(value))


def _json(value: Any) -> dict[str, Any] | None:
    return None if value in (None, b"", "") else json.loads(value)


def _dump(value: dict[str, Any]) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class RedisInbox:
    """The inbox in Redis, under `<prefix>:inbox:<channel>`."""

    name = STORE

    def __init__(self, redis: Any, now: Callable[[], datetime], prefix: str = "presensi") -> None:
        self._redis = redis
        self._now = now
        self._prefix = prefix
        self._scripts: dict[str, Any] = {}

    def _p(self, channel: str) -> str:
        return f"{self._prefix}:inbox:{channel}"

    async def _run(self, name: str, *args: Any) -> Any:
        script = self._scripts.get(name)
        if script is None:  # registered once: later calls send its SHA only
            script = self._redis.register_script(lua.COMMON + getattr(lua, name))
            self._scripts[name] = script
        return await script(keys=[], args=list(args))

    def _held(self, channel: str, found: Any) -> Held | None:
        if not found or len(found) < 2:
            return None
        (id_, key, sender, received, claimed, failures, outages, payload, outcome, sent) = found[
            :10
        ]
        return Held(
            id=int(id_),
            key=_text(key),
            sender=_text(sender),
            received_at=moment(received) or EPOCH,
            claimed_until=moment(claimed),
            failures=int(failures or 0),
            outages=int(outages or 0),
            payload=_json(payload),
            outcome=_json(outcome),
            sent=int(sent or 0),
            store=STORE,
            channel=channel,
        )

    async def store(
        self, channel: str, rows: list[Incoming], claim: bool, lease: timedelta = LEASE
    ) -> tuple[set[str], dict[str, Held]]:
        now = self._now()
        until = micros(now + lease) if claim else 0
        args: list[Any] = [self._p(channel), micros(now), until, MAX_FAILURES, MAX_ABANDONED]
        for key, payload, sender in rows:
            args += [key, _dump(payload), sender[:64]]
        found = await self._run("STORE", *args)
        new, claims = set(), {}
        for (key, _payload, sender), (id_, mine) in zip(rows, found, strict=True):
            if int(id_) == 0:
                continue
            new.add(key)
            if int(mine):
                claims[key] = Held(
                    int(id_), key, sender[:64], now, moment(until), store=STORE, channel=channel
                )
        return new, claims

    async def claim(self, channel: str, key: str, lease: timedelta = LEASE) -> Held | None:
        return (await self.claim_known(channel, key, lease))[1]

    async def claim_known(
        self, channel: str, key: str, lease: timedelta = LEASE
    ) -> tuple[bool, Held | None]:
        """(whether this store knows the key, the row claimed or None)."""
        now = self._now()
        found = await self._run(
            "CLAIM",
            self._p(channel),
            key,
            micros(now),
            micros(now + lease),
            MAX_FAILURES,
            MAX_ABANDONED,
        )
        return found is not None, self._held(channel, found)

    async def renew(self, held: Held, lease: timedelta = LEASE) -> datetime | None:
        if held.claimed_until is None:
            return None
        until = self._now() + lease
        done = await self._run(
            "RENEW", self._p(held.channel), held.id, micros(held.claimed_until), micros(until)
        )
        return until if done else None

    async def complete(
        self, held: Held, outcome: dict[str, Any] | None, next_of: str = ""
    ) -> Held | None:
        found = await self._run(
            "COMPLETE",
            self._p(held.channel),
            held.id,
            micros(self._now()),
            "" if outcome is None else _dump(outcome),
            int(KEEP_KEYS_FOR.total_seconds()),
            next_of,
        )
        return self._held(held.channel, found)

    async def mark_sent(self, held: Held, sent: int) -> None:
        await self._run("MARK_SENT", self._p(held.channel), held.id, sent)

    async def delivered(self, held: Held, next_of: str = "") -> Held | None:
        found = await self._run(
            "DELIVERED",
            self._p(held.channel),
            held.id,
            micros(self._now()),
            int(KEEP_KEYS_FOR.total_seconds()),
            next_of,
        )
        return self._held(held.channel, found)

    async def release(self, held: Held, retry_after: timedelta = timedelta(0)) -> None:
        until = micros(self._now() + retry_after)
        await self._run("RELEASE", self._p(held.channel), held.id, until)

    async def failed(self, held: Held, error: str, retry_after: timedelta) -> int:
        return await self._count(held, "failures", error, retry_after)

    async def unavailable(self, held: Held, error: str, retry_after: timedelta) -> int:
        return await self._count(held, "outages", error, retry_after)

    async def _count(self, held: Held, counter: str, error: str, retry_after: timedelta) -> int:
        until = micros(self._now() + retry_after)
        found = await self._run(
            "COUNT",
            self._p(held.channel),
            held.id,
            counter,
            error[:ERROR_LENGTH],
            until,
            MAX_FAILURES,
            MAX_ABANDONED,
        )
        return int(found)

    async def next_waiting(self, channel: str, held: Held) -> Held | None:
        found = await self._run(
            "NEXT_WAITING", self._p(channel), held.sender, held.id, micros(self._now())
        )
        return self._held(channel, found)

    async def orphans(
        self, channel: str, older_than: timedelta, limit: int
    ) -> tuple[list[Held], list[Held]]:
        now = self._now()
        pending, late = await self._run(
            "ORPHANS",
            self._p(channel),
            micros(now),
            micros(now - older_than),
            limit,
            MAX_FAILURES,
            MAX_ABANDONED,
        )
        rows = [self._held(channel, found) for found in pending]
        undelivered = [self._held(channel, found) for found in late]
        return [r for r in rows if r], [r for r in undelivered if r]

    async def claim_delivery(self, held: Held, lease: timedelta = LEASE) -> Held | None:
        now = self._now()
        found = await self._run(
            "CLAIM_DELIVERY", self._p(held.channel), held.id, micros(now), micros(now + lease)
        )
        return self._held(held.channel, found)

    async def channels(self) -> list[str]:
        """The channels this prefix holds rows of (found by their id counters)."""
        found = []
        async for name in self._redis.scan_iter(match=f"{self._prefix}:inbox:*:seq", count=100):
            found.append(_text(name)[len(self._prefix) + len(":inbox:") : -len(":seq")])
        return sorted(found)

    async def purge(self, older_than: timedelta) -> int:
        received_before = self._now() - older_than
        total = 0
        for channel in await self.channels():
            total += int(
                await self._run(
                    "PURGE", self._p(channel), micros(received_before), micros(self._now())
                )
            )
        return total

    async def counts(self) -> dict[str, dict[str, int]]:
        found = {}
        for channel in await self.channels():
            numbers = await self._run("COUNTS", self._p(channel), *self._judge())
            kinds = dict(zip(COUNT_KINDS, (int(n) for n in numbers), strict=True))
            if any(kinds.values()):
                found[channel] = kinds
        return found

    async def given_up(self, channel: str | None = None) -> list[GivenUp]:
        found = []
        for name in [channel] if channel else await self.channels():
            for row in await self._run("GIVEN_UP", self._p(name), *self._judge()):
                error = _text(row[12]) or None
                received = moment(row[3]) or EPOCH
                found.append(
                    GivenUp(
                        name, _text(row[1]), error, int(row[5] or 0), received, int(row[0]), STORE
                    )
                )
        return sorted(found, key=lambda row: row.received_at)

    def _judge(self) -> tuple[int, int, int]:
        """What tells a spent row: now, and the limits."""
        return micros(self._now()), MAX_FAILURES, MAX_ABANDONED

    async def retry(self, row: GivenUp) -> bool:
        return bool(await self._run("RETRY", self._p(row.channel), row.id))

    async def erase(self, chats: set[tuple[str, str]]) -> int:
        keep = int(KEEP_KEYS_FOR.total_seconds())
        total = 0
        for channel, sender in sorted(chats):
            total += int(await self._run("ERASE", self._p(channel), sender, keep))
        return total
