"""The rate-limit port: the in-memory fake and the Redis implementation count alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fakeredis import FakeAsyncRedis

from core.clock import FixedClock
from core.rate_limit import MemoryRateLimiter, RedisRateLimiter

START = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)


async def test_memory_counts_tries_in_a_window_then_starts_again():
    clock = FixedClock(START)
    limits = MemoryRateLimiter(clock)
    assert [await limits.hit("codes:a", 3600) for _ in range(3)] == [1, 2, 3]
    assert await limits.hit("codes:b", 3600) == 1  # each key its own count
    clock.set(START + timedelta(seconds=3600))
    assert await limits.hit("codes:a", 3600) == 1


async def test_redis_counts_under_its_prefix_and_expires_with_the_window():
    redis = FakeAsyncRedis()
    limits = RedisRateLimiter(redis, prefix="t1")
    assert [await limits.hit("codes:a", 3600) for _ in range(3)] == [1, 2, 3]
    assert int(await redis.get("t1:codes:a")) == 3
    assert 0 < await redis.ttl("t1:codes:a") <= 3600
