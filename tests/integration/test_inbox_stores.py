"""One contract for every `InboxStore`: the database's table (SQLite, PostgreSQL) and Redis.

The intake (`webhooks.intake.Intake`) drives whichever store holds its deliveries, so each must
answer every step the same way; the table is the reference. Time is the test's clock only:
leases run out because the clock is moved past them.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from redis.asyncio import Redis

from core.inbox import LEASE, MAX_ABANDONED, MAX_FAILURES
from core.inbox.redis_store import RedisInbox
from core.inbox.sql_store import SqlInbox
from core.storage.database import session_factory
from core.storage.uow import UnitOfWork

TG = "telegram"
OUTBOX = {"chat": "555", "outcome": {"replies": ["Tercatat 07.28"]}}
AT_ONCE = timedelta(0)


def update(key: str) -> dict:
    return {"update_id": int(key), "message": {"text": "/masuk"}}


def sql_inbox(engine, clock) -> SqlInbox:
    sessions = session_factory(engine)
    return SqlInbox(lambda: UnitOfWork(sessions, clock))


@pytest.fixture
async def redis_inbox(redis_url, clock):
    """Redis under a prefix of this test's own, emptied afterwards."""
    client = Redis.from_url(redis_url)
    prefix = f"presensi-test-{uuid.uuid4().hex[:8]}"
    yield RedisInbox(client, clock.now, prefix)
    async for name in client.scan_iter(match=f"{prefix}:*"):
        await client.delete(name)
    await client.aclose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.postgres),
        pytest.param("redis", marks=pytest.mark.redis),
    ]
)
def box(request, clock):
    if request.param == "redis":
        return request.getfixturevalue("redis_inbox")
    engine = request.getfixturevalue("sqlite_engine" if request.param == "sqlite" else "pg_engine")
    return sql_inbox(engine, clock)


async def put(box, *keys: str, sender: str = "555", claim: bool = False):
    """Store deliveries of one sender; return the claims made (by key)."""
    _, claims = await box.store(TG, [(k, update(k), sender) for k in keys], claim)
    return claims


async def give_up(box, key: str):
    """Fail a message in itself until it is given up (it is poison); return its last claim."""
    for number in range(1, MAX_FAILURES + 1):
        held = await box.claim(TG, key)
        assert await box.failed(held, "KeyError", AT_ONCE) == number
    return held


def run_out(clock) -> None:
    """Move the clock past a lease: its worker is taken for dead."""
    clock.advance(seconds=LEASE.total_seconds() + 1)


async def test_a_key_is_stored_once(box):
    assert await box.store(TG, [("1", update("1"), "555")], False) == ({"1"}, {})
    # A redelivery, even with another payload, is neither stored nor claimed.
    assert await box.store(TG, [("1", {"other": True}, "555")], True) == (set(), {})
    held = await box.claim(TG, "1")
    assert held.payload == update("1")


async def test_the_receiving_worker_claims_a_sender_s_first_message_only(box, clock):
    first = (await put(box, "1", claim=True))["1"]
    assert (first.key, first.sender, first.received_at) == ("1", "555", clock.now())
    assert first.claimed_until == clock.now() + LEASE
    # The location arrives while /masuk is still open: stored, but it waits its turn.
    new, claims = await box.store(TG, [("2", update("2"), "555"), ("3", update("3"), "777")], True)
    assert new == {"2", "3"} and set(claims) == {"3"}  # another sender is not held back
    assert await box.claim(TG, "1") is None  # the receiving worker holds it
    assert await box.claim(TG, "2") is None  # behind "1"
    later = await box.complete(first, None, next_of="555")
    assert (later.key, later.payload) == ("2", update("2"))
    assert (await box.claim(TG, "2")).payload == update("2")


async def test_delivering_a_sender_s_message_hands_over_their_next(box):
    first = (await put(box, "1", "2", claim=True))["1"]
    assert await box.complete(first, OUTBOX) is None  # no sender named: nothing looked up
    later = await box.delivered(first, next_of="555")
    assert later.key == "2"
    assert await box.claim(TG, "2") is not None


async def test_of_two_workers_claiming_at_once_one_wins(box):
    await put(box, "1")
    found = await asyncio.gather(box.claim(TG, "1"), box.claim(TG, "1"))
    assert len([held for held in found if held is not None]) == 1


async def test_only_the_worker_holding_the_lease_renews_it(box, clock):
    await put(box, "1")
    first = await box.claim(TG, "1")
    clock.advance(seconds=5)
    until = await box.renew(first)
    assert until == clock.now() + LEASE
    first = replace(first, claimed_until=until)  # the lease the first worker now holds
    assert await box.claim(TG, "1") is None  # held
    run_out(clock)  # the first worker stalled
    second = await box.claim(TG, "1")
    assert second is not None
    assert await box.renew(first) is None  # a stale lease: the row is not the first's any more
    assert await box.renew(second) == clock.now() + LEASE


async def test_an_outbox_waits_for_delivery_where_it_stopped(box, clock):
    held = (await put(box, "1", claim=True))["1"]
    await box.complete(held, OUTBOX)
    assert await box.orphans(TG, AT_ONCE, 100) == ([], [])  # its worker delivers next
    run_out(clock)  # ... but died
    _, [late] = await box.orphans(TG, AT_ONCE, 100)
    row = await box.claim_delivery(late)
    assert (row.key, row.outcome, row.sent, row.payload) == ("1", OUTBOX, 0, None)
    assert await box.claim_delivery(late) is None  # held by the worker delivering it
    assert (await box.counts())[TG]["undelivered"] == 1
    await box.mark_sent(row, 1)
    run_out(clock)  # that one died after the first message
    row = await box.claim_delivery(late)
    assert row.sent == 1  # the next starts after what went out
    await box.delivered(row)
    run_out(clock)
    assert await box.orphans(TG, AT_ONCE, 100) == ([], [])
    assert (await box.counts()).get(TG, {}).get("undelivered", 0) == 0
    assert await box.store(TG, [("1", update("1"), "555")], True) == (set(), {})
    assert await box.claim(TG, "1") is None


async def test_nothing_to_deliver_ends_the_row_at_once(box, clock):
    held = (await put(box, "1", claim=True))["1"]
    await box.complete(held, None)
    run_out(clock)
    assert await box.orphans(TG, AT_ONCE, 100) == ([], [])
    assert await box.claim(TG, "1") is None
    assert await box.claim_delivery(held) is None
    assert not any((await box.counts()).get(TG, {}).values())
    assert await box.store(TG, [("1", update("1"), "555")], False) == (set(), {})


async def test_a_poison_message_is_given_up_until_an_operator_retries_it(box):
    await put(box, "1", "2")
    first = await give_up(box, "1")
    assert await box.claim(TG, "1") is None
    [row] = await box.given_up()
    assert (row.channel, row.key, row.error, row.failures) == (TG, "1", "KeyError", MAX_FAILURES)
    assert [r.key for r in await box.given_up(TG)] == ["1"]
    assert (await box.counts())[TG] == {"waiting": 1, "outage": 0, "given_up": 1, "undelivered": 0}
    # A given-up message does not hold its sender's next one back.
    assert (await box.next_waiting(TG, first)).key == "2"
    assert await box.claim(TG, "2") is not None
    assert await box.retry(row) is True
    assert await box.retry(row) is False  # no longer given up
    assert await box.given_up() == []
    assert await box.claim(TG, "1") is not None  # its tries back


async def test_an_outage_is_waited_out_for_as_long_as_it_lasts(box):
    await put(box, "1")
    for number in range(1, 51):
        held = await box.claim(TG, "1")
        assert await box.unavailable(held, "ConnectionError", AT_ONCE) == number
    assert await box.given_up() == []
    assert (await box.counts())[TG] == {"waiting": 0, "outage": 1, "given_up": 0, "undelivered": 0}
    assert await box.claim(TG, "1") is not None


async def test_a_row_whose_claims_keep_dying_is_given_up(box, clock):
    """Claimed and never heard of again (its worker crashed on it each time): not forever."""
    await put(box, "1")
    for _ in range(MAX_ABANDONED):
        assert await box.claim(TG, "1") is not None
        run_out(clock)
    assert [r.key for r in await box.given_up()] == ["1"]
    assert (await box.counts())[TG]["given_up"] == 1
    assert await box.claim(TG, "1") is None
    assert await box.orphans(TG, AT_ONCE, 100) == ([], [])


async def test_a_row_given_up_does_not_hold_its_sender_s_next_message_back(box, clock):
    await put(box, "1")
    for _ in range(MAX_ABANDONED):
        await box.claim(TG, "1")
        run_out(clock)
    # No sweep has looked at "1" since its last claim died: it is given up all the same.
    assert set(await put(box, "2", claim=True)) == {"2"}
    await put(box, "3")
    assert await box.claim(TG, "3") is None  # behind "2", which is held
    assert [r.key for r in await box.given_up()] == ["1"]


async def test_an_outage_on_a_row_s_last_claim_does_not_give_it_up(box, clock):
    """The last claim a row had left meets an outage: that claim did not die, so the row
    waits out the outage like any other, even if a sweep looked at it meanwhile."""
    await put(box, "1")
    for _ in range(MAX_ABANDONED - 1):
        await box.claim(TG, "1")
        run_out(clock)
    held = await box.claim(TG, "1")
    await box.orphans(TG, AT_ONCE, 100)  # another worker's sweep, while the row is held
    await box.unavailable(held, "ConnectionError", AT_ONCE)
    assert await box.given_up() == []
    assert await box.claim(TG, "1") is not None


async def test_a_row_completed_by_its_last_claim_is_not_given_up(box, clock):
    await put(box, "1")
    for _ in range(MAX_ABANDONED - 1):
        await box.claim(TG, "1")
        run_out(clock)
    held = await box.claim(TG, "1")
    run_out(clock)  # the worker stalls past its lease; a sweep looks meanwhile
    await box.orphans(TG, AT_ONCE, 100)
    await box.complete(held, OUTBOX)  # ... then finishes: the work is done
    await box.delivered(held)
    assert await box.given_up() == []
    assert not any((await box.counts()).get(TG, {}).values())


async def test_the_sweep_leaves_fresh_unclaimed_rows_to_their_receiving_worker(box, clock):
    await put(box, "1", sender="555")  # never claimed: its worker is about to
    await put(box, "2", sender="777", claim=True)  # claimed: its lease says when it is lost
    run_out(clock)
    pending, late = await box.orphans(TG, timedelta(minutes=1), 100)
    assert [r.key for r in pending] == ["2"] and late == []
    clock.advance(minutes=1)
    pending, _ = await box.orphans(TG, timedelta(minutes=1), 100)
    assert [(r.key, r.payload) for r in pending] == [("1", update("1")), ("2", update("2"))]


async def test_purge_drops_old_given_up_and_undelivered_rows(box, clock):
    await put(box, "1", sender="1")
    await give_up(box, "1")
    await box.complete((await put(box, "2", sender="2", claim=True))["2"], OUTBOX)
    await put(box, "3", sender="3")  # waiting: kept, however old
    clock.advance(days=3)
    await put(box, "4", sender="4")
    await give_up(box, "4")  # given up, but too recently
    # (A finished row is not counted here: Redis keeps only its key, and lets it expire.)
    assert await box.purge(timedelta(days=2)) == 2
    assert [r.key for r in await box.given_up()] == ["4"]
    assert (await box.counts())[TG] == {"waiting": 1, "outage": 0, "given_up": 1, "undelivered": 0}


async def test_erase_drops_every_row_of_a_chat_and_nothing_of_another(box, clock):
    await put(box, "1", sender="555")
    await give_up(box, "1")
    await box.complete((await put(box, "2", sender="555", claim=True))["2"], OUTBOX)
    await put(box, "3", sender="555")  # still to process
    await put(box, "4", sender="777")
    assert await box.erase({(TG, "555")}) == 3
    assert await box.given_up() == []
    assert (await box.counts())[TG] == {"waiting": 1, "outage": 0, "given_up": 0, "undelivered": 0}
    run_out(clock)
    clock.advance(minutes=1)
    pending, late = await box.orphans(TG, timedelta(minutes=1), 100)
    assert [r.key for r in pending] == ["4"] and late == []
    assert await box.claim(TG, "3") is None
