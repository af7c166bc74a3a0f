"""The `held_messages` table on SQLite and PostgreSQL: messages held for a WhatsApp chat outside
its 24-hour window, released in order, once, by the tap that opens the conversation."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from core.flows.messages import Button, OutFile, Reply
from core.held_messages import KEEP_HELD, KEEP_RELEASED, SqlHeldMessages
from core.storage.chat_tables import HeldMessageRow
from core.storage.database import session_factory
from core.storage.uow import UnitOfWork

WA = "whatsapp"
RINA, DEWI = "6281277003005", "6281366002104"
PDF = OutFile("surat.pdf", b"%PDF-1.4 surat dokter", "application/pdf")


def request(n: int, **extra) -> Reply:
    buttons = ((Button("✅ Setujui", f"ap:{n}"), Button("❌ Tolak", f"rj:{n}")),)
    return Reply(f"Pengajuan {n}", buttons=buttons, tag=f"absence:{n}", **extra)


def store(uow_factory) -> SqlHeldMessages:
    return SqlHeldMessages(uow_factory)


def count(uow_factory) -> int:
    with uow_factory() as uow:
        return uow.session.query(HeldMessageRow).count()


async def test_held_messages_come_back_whole_in_order_once(uow_factory, clock):
    held = store(uow_factory)
    first = await held.hold(WA, RINA, request(1, document=PDF), "notice", clock.now())
    second = await held.hold(WA, RINA, request(2), "notice", clock.now())
    await held.hold(WA, DEWI, request(3), "notice", clock.now())  # another chat's
    assert first.announce and second.announce  # nothing announced yet: each may be
    await held.announced(first.row_id, clock.now())
    third = await held.hold(WA, RINA, request(4), "notice", clock.now())
    assert not third.announce  # the template that went out covers it

    released = await held.release(WA, RINA, "wa:tap", clock.now())

    assert released == [request(1, document=PDF), request(2), request(4)]
    assert released[0].document == PDF  # the evidence travels with its request
    assert await held.release(WA, RINA, "wa:tap", clock.now()) == released  # a replay
    assert await held.release(WA, RINA, "wa:other-tap", clock.now()) == []
    assert await held.release(WA, DEWI, "wa:dewi", clock.now()) == [request(3)]


async def test_a_day_after_its_template_a_new_message_is_announced_again(uow_factory, clock):
    held = store(uow_factory)
    first = await held.hold(WA, RINA, request(1), "notice", clock.now())
    await held.announced(first.row_id, clock.now())
    clock.advance(hours=23)
    assert not (await held.hold(WA, RINA, request(2), "notice", clock.now())).announce
    clock.advance(hours=2)
    assert (await held.hold(WA, RINA, request(3), "notice", clock.now())).announce


async def test_a_cancelled_request_replaces_its_waiting_message(uow_factory, clock):
    held = store(uow_factory)
    await held.hold(WA, RINA, request(1), "notice", clock.now())
    note = Reply("Pengajuan 1 DIBATALKAN", replaces="absence:1")
    assert await held.replace(WA, RINA, "absence:1", note)
    assert not await held.replace(WA, RINA, "absence:9", note)
    assert await held.release(WA, RINA, "wa:tap", clock.now()) == [note]
    assert not await held.replace(WA, RINA, "absence:1", note)  # released: nothing waits


async def test_a_number_without_an_account_has_no_language(uow_factory, clock):
    held = store(uow_factory)
    kept = await held.hold(WA, "6280000000000", request(1), "notice", clock.now())
    assert kept.language is None  # no account on that number
    assert await held.language(WA, "6280000000000") is None


async def test_released_and_forgotten_messages_are_purged(uow_factory, clock):
    held = store(uow_factory)
    await held.hold(WA, RINA, request(1), "notice", clock.now())
    await held.release(WA, RINA, "wa:tap", clock.now())
    await held.hold(WA, DEWI, request(2), "notice", clock.now())
    clock.advance(seconds=KEEP_RELEASED.total_seconds() + 1)
    await held.hold(WA, DEWI, request(3), "notice", clock.now())  # each hold purges
    assert count(uow_factory) == 2  # Rina's released one went
    clock.advance(seconds=(KEEP_HELD - KEEP_RELEASED).total_seconds())
    await held.hold(WA, RINA, request(4), "notice", clock.now())
    assert await held.release(WA, DEWI, "wa:late", clock.now()) == [request(3)]


async def test_two_taps_at_once_release_each_message_once(engine, clock):
    sessions = session_factory(engine)
    held = SqlHeldMessages(lambda: UnitOfWork(sessions, clock))
    for n in range(1, 6):
        await held.hold(WA, RINA, request(n), "notice", clock.now())

    at = clock.now()
    results = await asyncio.gather(
        *(held.release(WA, RINA, f"wa:tap{n}", at + timedelta(seconds=n)) for n in range(4))
    )

    assert sorted(len(r) for r in results) == [0, 0, 0, 5]
