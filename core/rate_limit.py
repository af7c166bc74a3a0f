"""The rate-limit port: how many tries a key has had in its window.

The flows count guesses (six-digit activation codes) per chat identity; they ask this port, not
Redis. `RedisRateLimiter` is the production one (any worker sees the same count);
`MemoryRateLimiter` keeps counts in this process, for tests and the one-process setup.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol

from core.clock import Clock


class RateLimiter(Protocol):
    async def hit(self, key: str, window_s: int) -> int:
        """Count one try of `key`; the number of tries in the window it opened, this one too."""
        ...


class RedisRateLimiter:
    """`INCR` on `<prefix>:<key>`; the first try of a window sets its expiry."""

    def __init__(self, redis: Any, prefix: str = "presensi") -> None:
        self._redis = redis
        self._prefix = prefix

    async def hit(self, key: str, window_s: int) -> int:
        name = f"{self._prefix}:{key}"
        tries = int(await self._redis.incr(name))
        if tries == 1:
            await self._redis.expire(name, window_s)
        return tries


class MemoryRateLimiter:
    """The same in a dict: a window opens with the first try and closes `window_s` later."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._windows: dict[str, tuple[datetime, int]] = {}

    async def hit(self, key: str, window_s: int) -> int:
        now = self._clock.now()
        ends, tries = self._windows.get(key, (now, 0))
        if ends <= now:
            ends, tries = now + timedelta(seconds=window_s), 0
        self._windows[key] = (ends, tries + 1)
        return tries + 1
