"""Console sessions and single-use links in a real Redis: a session is found by its cookie
alone, renewed while used, ended at its absolute end on the given clock; Redis holds no
usable cookie; a link is spent once across every process."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from core.console_auth import LinkRefused, Sessions, SingleUse, console_key, issue_link, read_link

NOW = datetime(2026, 11, 24, 0, 20, tzinfo=UTC)
pytestmark = pytest.mark.redis


@pytest.fixture
async def redis(redis_url):
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


async def test_a_session_lives_until_its_absolute_end(redis):
    sessions = Sessions(redis, prefix="test:console:session")
    session_id = await sessions.start(7, "id", NOW)
    found = await sessions.get(session_id, NOW + timedelta(hours=11))
    assert found is not None and found.employee_id == 7 and len(found.csrf) >= 24
    assert await sessions.get(session_id, NOW + timedelta(hours=12)) is None
    assert await sessions.get(session_id, NOW) is None  # ended for good, not only hidden


async def test_redis_holds_no_cookie_and_forged_ids_find_nothing(redis):
    sessions = Sessions(redis, prefix="test:console:session")
    session_id = await sessions.start(7, "id", NOW)
    keys = [k.decode() async for k in redis.scan_iter("test:console:session:*")]
    assert keys and all(session_id not in key for key in keys)
    for forged in ("", None, "x" * 500, session_id[:-1], keys[0].rsplit(":", 1)[1]):
        assert await sessions.get(forged, NOW) is None


async def test_an_idle_session_ends(redis):
    sessions = Sessions(redis, prefix="test:console:idle", idle=timedelta(seconds=1))
    session_id = await sessions.start(7, "id", NOW)
    await asyncio.sleep(1.2)
    assert await sessions.get(session_id, NOW) is None


async def test_signing_out_ends_the_session_and_language_is_kept(redis):
    sessions = Sessions(redis, prefix="test:console:session")
    session_id = await sessions.start(7, "id", NOW)
    found = await sessions.get(session_id, NOW)
    await sessions.change_language(session_id, found, "en")
    assert (await sessions.get(session_id, NOW)).language == "en"
    await sessions.end(session_id)
    assert await sessions.get(session_id, NOW) is None


async def test_a_link_is_spent_once_whoever_tries_first(redis):
    key = console_key(b"secret")
    claim = read_link(key, issue_link(key, 7, NOW), NOW)
    once = SingleUse(redis, prefix="test:console:link")
    results = await asyncio.gather(
        *(once.spend(claim, NOW) for _ in range(5)), return_exceptions=True
    )
    assert results.count(None) == 1
    assert all(isinstance(r, LinkRefused) and r.reason == "used" for r in results if r)
