"""The minute's reminders are computed by one worker of all that share the Redis server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis

from presensi.background import claim_minute

pytestmark = pytest.mark.redis
AT = datetime(2026, 12, 1, 0, 15, 0, tzinfo=UTC)  # 07:15 WIB


async def test_one_worker_of_two_takes_each_minute(redis_url):
    prefix = f"presensi:test:{uuid.uuid4().hex}"
    one, two = Redis.from_url(redis_url), Redis.from_url(redis_url)

    this_minute = [await claim_minute(one, AT, prefix), await claim_minute(two, AT, prefix)]
    later = AT.replace(second=59)
    same_minute_later = await claim_minute(one, later, prefix)
    next_minute = [
        await claim_minute(two, AT.replace(minute=16), prefix),
        await claim_minute(one, AT.replace(minute=16, second=1), prefix),
    ]

    assert this_minute == [True, False]
    assert same_minute_later is False
    assert next_minute == [True, False]
    await one.aclose()
    await two.aclose()


async def test_without_redis_every_worker_goes_on(caplog):
    unreachable = Redis(host="127.0.0.1", port=1, socket_connect_timeout=1)

    assert await claim_minute(unreachable, AT) is True  # each notice's own mark keeps it single
    assert "claiming the minute failed: ConnectionError" in caplog.text
    await unreachable.aclose()
