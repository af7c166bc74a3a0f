"""`FallbackInbox`: Redis first, the database's table while Redis is down.

A real Redis behind a gate that can be shut (Redis is down, as the application sees it), and
PostgreSQL. A row kept in the table during an outage is finished there, whatever Redis does
meanwhile; the sweep and the operator's views look in both stores.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from redis.asyncio import Redis
from sqlalchemy.exc import OperationalError

from core.inbox import LEASE, MAX_FAILURES
from core.inbox.fallback import FallbackInbox
from core.inbox.redis_store import RedisInbox
from core.inbox.sql_store import SqlInbox
from core.storage.database import session_factory
from core.storage.uow import UnitOfWork
from tests.e2e.test_outage import RedisGate

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

TG = "telegram"
OUTBOX = {"chat": "555", "outcome": {"replies": ["Tercatat 07.28"]}}
AT_ONCE = timedelta(0)


def update(key: str) -> dict:
    return {"update_id": int(key), "message": {"text": "/masuk"}}


def database_down() -> UnitOfWork:
    raise OperationalError("SELECT 1", {}, ConnectionRefusedError("the database is down"))


@pytest.fixture
async def gate(redis_url):
    gate = RedisGate(redis_url)
    await gate.open()
    yield gate
    if gate.server is not None and gate.server.is_serving():
        await gate.shut()


@pytest.fixture
async def redis_box(gate, redis_url, clock):
    """Redis, through the gate, under a prefix of this test's own (emptied afterwards)."""
    client = Redis.from_url(gate.url, socket_timeout=2, socket_connect_timeout=2)
    prefix = f"presensi-test-{uuid.uuid4().hex[:8]}"
    yield RedisInbox(client, clock.now, prefix)
    await client.aclose()
    direct = Redis.from_url(redis_url)
    async for name in direct.scan_iter(match=f"{prefix}:*"):
        await direct.delete(name)
    await direct.aclose()


@pytest.fixture
def table(pg_engine, clock) -> SqlInbox:
    sessions = session_factory(pg_engine)
    return SqlInbox(lambda: UnitOfWork(sessions, clock))


@pytest.fixture
def box(redis_box, table) -> FallbackInbox:
    return FallbackInbox(redis_box, table)


def run_out(clock) -> None:
    clock.advance(seconds=LEASE.total_seconds() + 1)


async def give_up(box, key: str) -> None:
    for _ in range(MAX_FAILURES):
        await box.failed(await box.claim(TG, key), "KeyError", AT_ONCE)


async def test_a_delivery_while_redis_is_down_is_kept_and_finished_in_the_database(
    box, table, redis_box, gate, clock
):
    arrived = clock.now()
    await gate.shut()
    assert await box.store(TG, [("1", update("1"), "555")], False) == ({"1"}, {})
    assert (await table.counts())[TG]["waiting"] == 1
    await gate.open()  # Redis is back before the row is taken: it stays the table's
    clock.advance(minutes=1)
    held = await box.claim(TG, "1")
    assert (held.store, held.received_at, held.payload) == ("sql", arrived, update("1"))
    assert await box.renew(held) == clock.now() + LEASE
    await box.complete(held, OUTBOX)
    assert (await table.counts())[TG]["undelivered"] == 1
    run_out(clock)  # the worker died before delivering: the sweep finds the row in the table
    _, [late] = await box.orphans(TG, AT_ONCE, 100)
    row = await box.claim_delivery(late)
    assert (row.store, row.outcome, row.payload) == ("sql", OUTBOX, None)
    await box.mark_sent(row, 1)
    await box.delivered(row)
    assert not any((await table.counts()).get(TG, {}).values())
    assert await redis_box.counts() == {}  # Redis never held it


async def test_a_row_stored_and_claimed_while_redis_is_down_is_the_table_s(box, table, gate):
    await gate.shut()
    held = (await box.store(TG, [("1", update("1"), "555")], True))[1]["1"]
    assert held.store == "sql"
    # The worker's next claim, still during the outage, also asks the table.
    assert await box.claim(TG, "1") is None  # held
    await box.complete(held, None)
    assert not any((await table.counts()).get(TG, {}).values())


async def test_the_sweep_finds_rows_in_both_stores_and_goes_on_without_the_database(
    box, redis_box, gate, clock
):
    await gate.shut()
    await box.store(TG, [("1", update("1"), "555")], False)  # into the table
    await gate.open()
    await box.store(TG, [("2", update("2"), "777")], False)  # into Redis
    clock.advance(minutes=1)
    pending, _ = await box.orphans(TG, timedelta(seconds=10), 100)
    assert [(r.key, r.store) for r in pending] == [("1", "sql"), ("2", "redis")]
    # The database goes down: Redis's rows are still found.
    no_table = FallbackInbox(redis_box, SqlInbox(database_down))
    pending, _ = await no_table.orphans(TG, timedelta(seconds=10), 100)
    assert [(r.key, r.store) for r in pending] == [("2", "redis")]
    await gate.shut()  # both down: the sweep fails, and tries again next round
    with pytest.raises(OperationalError):
        await no_table.orphans(TG, timedelta(seconds=10), 100)


async def test_the_operator_sees_both_stores(box, gate, clock):
    await gate.shut()
    await box.store(TG, [("1", update("1"), "555")], False)
    await give_up(box, "1")
    await gate.open()
    clock.advance(minutes=1)
    await box.store(TG, [("2", update("2"), "777"), ("3", update("3"), "888")], False)
    await give_up(box, "2")
    counts = await box.counts()
    assert counts[TG] == {"waiting": 1, "outage": 0, "given_up": 2, "undelivered": 0}
    rows = await box.given_up()
    assert [(r.key, r.store) for r in rows] == [("1", "sql"), ("2", "redis")]  # by arrival
    for row in rows:
        assert await box.retry(row) is True  # in the store that holds it
    assert await box.given_up() == []
    assert (await box.claim(TG, "1")).store == "sql"
    assert (await box.claim(TG, "2")).store == "redis"
