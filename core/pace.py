"""Sending paces shared by every process and machine on one Redis server.

A platform's send limit (Telegram's ~30 messages a second per bot, the WhatsApp account's
messages per second) is the bot's or the account's, not a process's: with several `presensi
serve` workers each pacing itself, together they would send several times too fast, and the
platform answers 429. `SharedPace` hands out send slots from one Redis key, one `interval`
apart, in the order they are asked for, whichever process asks.

Written here rather than taken from a library: the maintained Redis rate limiters count calls
in windows and refuse the excess, while a sender must wait for its slot and never drop a
message. One short Lua script keeps the read and the write of the next slot atomic.

The slot clock is Redis's own (`TIME`), not the callers': the processes may run on machines
whose clocks differ by more than an interval (33 ms), and the pace is a physical rate, not a
time anything is judged by.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

# KEYS[1]: the pace's key (the next free slot, microseconds on Redis's clock).
# ARGV[1]: the interval in microseconds; ARGV[2]: a hold in microseconds: instead of taking a
# slot, move the next one at least that far ahead (a 429's retry_after, for every process).
# Returns {slot, now}: the slot taken (or the first after the hold) and Redis's time, in
# microseconds.
TAKE_SLOT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval, hold = tonumber(ARGV[1]), tonumber(ARGV[2])
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local after = slot + interval
if hold > 0 then
  slot = math.max(slot, now + hold)
  after = slot
end
local keep_ms = math.ceil((after - now) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', keep_ms)
return {string.format('%.0f', slot), string.format('%.0f', now)}
"""

Sleep = Callable[[float], Awaitable[Any]]


class SharedPace:
    """At most `rate` calls a second across every holder of `key` on this Redis server."""

    def __init__(self, redis: Any, key: str, rate: float, sleep: Sleep = asyncio.sleep) -> None:
        if rate <= 0:
            raise ValueError("a pace needs a positive rate")
        self.key, self.interval_us = key, round(1_000_000 / rate)
        self._script = redis.register_script(TAKE_SLOT)
        self._sleep = sleep

    async def take(self, hold_s: float = 0.0) -> tuple[int, int]:
        """Reserve the next slot: (slot, Redis's now), microseconds. With `hold_s`, reserve
        nothing but move the next slot that far ahead for everyone (a 429 that asked to wait)."""
        slot, now = await self._script(
            keys=[self.key], args=[self.interval_us, round(hold_s * 1_000_000)]
        )
        return int(slot), int(now)

    async def wait(self) -> None:
        """Return when this call's slot has come."""
        slot, now = await self.take()
        if slot > now:
            await self._sleep((slot - now) / 1_000_000)

    async def hold(self, seconds: float) -> None:
        """No holder sends for `seconds` (the platform asked us to wait)."""
        await self.take(hold_s=seconds)
