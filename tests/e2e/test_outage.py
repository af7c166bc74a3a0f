"""A service down is not the message's fault: outages wait, poison messages are given up.

Redis goes down for ten minutes (on the clock that judges) in the middle of the morning's
clock-ins over the Telegram webhook, on PostgreSQL with a real Redis behind a gate that can be
shut, with the inbox `presensi serve` builds with a Redis server (Redis first, the database's
table while Redis is down). Every update is kept (in the table), every sender is told once that
their message waits, nothing is given up; once Redis is back every clock-in is recorded at the
time it arrived and answered once.
(A database outage and a poison message: tests/e2e/test_telegram_webhook.py.)
"""

from __future__ import annotations

import asyncio
import uuid
from contextlib import suppress
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from bot.offline import updates as tg
from bot.offline.api import OfflineBotApi
from core.flows.state import StateStore
from core.flows.texts import t
from core.inbox.fallback import FallbackInbox
from core.inbox.redis_store import RedisInbox
from core.inbox.sql_store import SqlInbox
from core.services import inbox
from core.storage.chat_tables import InboxRow
from core.storage.tables import AttendanceRow
from core.storage.uow import UnitOfWork
from tests.e2e.test_crash_recovery import (
    PEOPLE,
    SITES,
    inbox_rows,
    post,
    runner_of,
    start,
    until,
)
from tests.flows_harness import build
from webhooks.intake import OUTAGE_WAIT_S
from webhooks.routes import telegram

WAIT = t("id", "inbox_wait")


class RedisGate:
    """A TCP gate in front of the real Redis: `shut` drops every connection and refuses new
    ones (Redis is down, as the application sees it), `open` lets them through again."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self.host, self.port_to = parts.hostname or "127.0.0.1", parts.port or 6379
        self.db = parts.path or "/0"
        self.server: asyncio.Server | None = None
        self.port = 0
        self.pipes: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}{self.db}"

    async def open(self) -> None:
        self.server = await asyncio.start_server(self._connect, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def shut(self) -> None:
        self.server.close()
        await self.server.wait_closed()
        for writer in list(self.pipes):
            writer.close()
        self.pipes.clear()

    async def _connect(self, reader, writer) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(self.host, self.port_to)
        self.pipes.update({writer, upstream_writer})
        # Cancelled when the test's loop closes with a connection still open: nothing to do.
        with suppress(asyncio.CancelledError):
            await asyncio.gather(
                self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
            )

    async def _pipe(self, reader, writer) -> None:
        with suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()


async def settle(intake) -> None:
    """Wait until the work in flight has run (recovery spawns more: loop until none is left)."""
    while intake.tasks:
        await asyncio.gather(*list(intake.tasks), return_exceptions=True)


def release_all(intake) -> None:
    """End every row's wait (the tests on the real clock do not sit out the back-off)."""
    with intake.units() as uow:
        for row in uow.session.scalars(select(InboxRow)):
            inbox.release(uow, row.id)
        uow.commit()


async def sweep_once(intake) -> None:
    await intake.recover(lambda key, payload: telegram.process(intake, key, payload), timedelta(0))
    await settle(intake)


@pytest.mark.postgres
@pytest.mark.redis
async def test_a_ten_minute_redis_outage_loses_nothing(tmp_path, pg_engine, redis_url):
    from redis.asyncio import Redis

    gate = RedisGate(redis_url)
    await gate.open()
    prefix = f"presensi-test-{uuid.uuid4().hex[:8]}"
    redis = Redis.from_url(gate.url, socket_timeout=2, socket_connect_timeout=2)
    h = build(tmp_path, engine=pg_engine, redis=redis, prefix=prefix)
    state = StateStore(redis, prefix=prefix)
    h.runner.deps.state = state
    h.prefix = prefix
    fake = OfflineBotApi()
    users = [tg.user(880_000 + n, f"P{n}") for n in range(len(PEOPLE))]
    for user, (nip, _) in zip(users, PEOPLE, strict=True):
        await h.link(str(user["id"]), nip)
    units = lambda: UnitOfWork(h.sessions, h.clock)  # noqa: E731
    store = FallbackInbox(RedisInbox(redis, h.clock.now, prefix=prefix), SqlInbox(units))
    intake = await start(h, fake, runner_of(h, state, redis), store)
    try:
        await gate.shut()
        arrived = h.clock.now()
        ids = iter(range(70_000, 80_000))
        selfies: dict[str, dict] = {}
        for n, (user, (nip, site)) in enumerate(zip(users, PEOPLE, strict=True)):
            fake.add_file(f"AgACout{n}", f"face:{nip}".encode())
            await post(intake, tg.command("/masuk", sender=user, at=arrived, update_id=next(ids)))
            await post(
                intake, tg.live_location(*SITES[site], sender=user, at=arrived, update_id=next(ids))
            )
            key = next(ids)
            selfies[str(key)] = user
            await post(intake, tg.photo(f"AgACout{n}", sender=user, at=arrived, update_id=key))
        await settle(intake)
        # Each person's first message met the outage; the later ones wait behind it, in order.
        first = {str(user["id"]): None for user in users}
        for row in inbox_rows(h):
            first[row.sender] = first[row.sender] or row.key
        waiting = inbox_rows(h)
        assert all(r.processed_at is None for r in waiting)
        assert [r.outages for r in waiting] == [int(r.key in first.values()) for r in waiting]
        for user in users:  # told once that their messages wait, nothing else
            assert fake.texts(user["id"]) == [WAIT]

        for _ in range(10):  # ten minutes down: every row tried again as its wait runs out
            h.clock.advance(seconds=OUTAGE_WAIT_S[-1] + 1)
            await sweep_once(intake)
        waiting = inbox_rows(h)
        assert all(r.processed_at is None and r.failures == 0 for r in waiting)
        assert min(r.outages for r in waiting if r.key in first.values()) >= 10
        with UnitOfWork(h.sessions, h.clock) as uow:
            assert inbox.given_up(uow) == []
        assert all(fake.texts(user["id"]) == [WAIT] for user in users)

        await gate.open()  # Redis is back
        h.clock.advance(seconds=OUTAGE_WAIT_S[-1] + 1)
        processed_at = h.clock.now()
        await sweep_once(intake)
        await until(lambda: all(r.delivered_at for r in inbox_rows(h)))
    finally:
        await telegram.stop(intake)
        if not gate.server.is_serving():
            await gate.open()
        async for key in redis.scan_iter(f"{prefix}:*"):
            await redis.delete(key)
        await redis.aclose()
        await gate.shut()

    with UnitOfWork(h.sessions, h.clock) as uow:
        records = list(uow.session.scalars(select(AttendanceRow)))
    assert sorted(r.dedup_key for r in records) == sorted(f"tg:{key}" for key in selfies)
    # Judged at the time each selfie arrived, not when Redis came back eleven minutes later.
    assert {r.at for r in records} == {arrived} and processed_at - arrived > timedelta(minutes=10)
    for user in users:  # wait; location asked; selfie asked; verdict; no face enrolled yet
        texts = fake.texts(user["id"])
        assert len(texts) == 5 and texts.count(WAIT) == 1, texts
        assert "swafoto" in texts[2] and "Masuk tercatat 07:20" in texts[3]
