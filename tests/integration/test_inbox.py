"""The durable inbox on SQLite and PostgreSQL: a key is stored once, claimed once, done once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from core.services import inbox
from core.storage.audit import AuditRow
from core.storage.chat_tables import InboxRow

UPDATE = {"update_id": 7001, "message": {"message_id": 1, "text": "/start"}}


def stored(uow_factory, key="7001", payload=UPDATE) -> bool:
    with uow_factory() as uow:
        result = inbox.store(uow, "telegram", key, payload)
        uow.commit()
    return result


def test_a_new_key_is_stored_with_its_payload(uow_factory, clock):
    assert stored(uow_factory) is True
    with uow_factory() as uow:
        [row] = inbox.pending(uow, "telegram")
    assert (row.key, row.payload, row.attempts) == ("7001", UPDATE, 0)
    assert row.received_at == clock.now()
    assert row.processed_at is None


def test_a_duplicate_key_changes_nothing(uow_factory):
    assert stored(uow_factory) is True
    assert stored(uow_factory, payload={"update_id": 7001, "other": True}) is False
    with uow_factory() as uow:
        rows = uow.session.scalars(select(InboxRow)).all()
    assert [row.payload for row in rows] == [UPDATE]


def test_a_duplicate_leaves_the_rest_of_the_transaction_usable(uow_factory):
    with uow_factory() as uow:
        assert inbox.store(uow, "telegram", "1", {}) is True
        assert inbox.store(uow, "telegram", "1", {}) is False
        assert inbox.store(uow, "telegram", "2", {}) is True
        uow.commit()
    with uow_factory() as uow:
        assert [row.key for row in inbox.pending(uow, "telegram")] == ["1", "2"]


def test_the_same_key_on_another_channel_is_another_delivery(uow_factory):
    with uow_factory() as uow:
        assert inbox.store(uow, "telegram", "42", {})
        assert inbox.store(uow, "whatsapp", "42", {})
        uow.commit()
    with uow_factory() as uow:
        assert len(inbox.pending(uow, "whatsapp")) == 1


def test_inbox_rows_stay_out_of_the_audit_chain(uow_factory):
    stored(uow_factory)
    with uow_factory() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditRow)) == 0


def test_a_row_is_claimed_once_and_done_once(uow_factory):
    stored(uow_factory)
    with uow_factory() as uow:
        row = inbox.claim(uow, "telegram", "7001")
        uow.commit()
    assert row is not None and row.attempts == 1
    with uow_factory() as uow:
        inbox.mark_done(uow, row.id)
        uow.commit()
    with uow_factory() as uow:
        assert inbox.claim(uow, "telegram", "7001") is None
        assert inbox.pending(uow, "telegram") == []
        assert uow.session.get(InboxRow, row.id).processed_at is not None


def test_of_two_workers_claiming_at_once_one_wins(uow_factory):
    stored(uow_factory)
    with uow_factory() as first, uow_factory() as second:
        seen = first.session.scalars(select(InboxRow)).one()  # the first has read: attempts 0
        assert inbox.claim(second, "telegram", "7001") is not None
        second.commit()
        # The first's compare-and-set still expects 0 attempts and so matches nothing.
        assert inbox.claim(first, "telegram", "7001") is None
        assert seen.attempts == 0


def test_a_failure_is_retried_until_given_up(uow_factory):
    stored(uow_factory)
    for _ in range(inbox.MAX_FAILURES):
        with uow_factory() as uow:
            row = inbox.claim(uow, "telegram", "7001")
            assert row is not None
            inbox.mark_failed(uow, row.id, "RuntimeError" * 100)
            uow.commit()
    with uow_factory() as uow:
        assert inbox.claim(uow, "telegram", "7001") is None
        assert inbox.pending(uow, "telegram") == []
        [row] = inbox.given_up(uow, "telegram")
        assert inbox.counts(uow)["telegram"]["given_up"] == 1
    assert (row.attempts, row.failures) == (inbox.MAX_FAILURES, inbox.MAX_FAILURES)
    assert row.error.startswith("RuntimeError") and len(row.error) == inbox.ERROR_LENGTH


def test_an_operator_gives_a_given_up_row_its_tries_back(uow_factory):
    stored(uow_factory)
    for _ in range(inbox.MAX_FAILURES):
        with uow_factory() as uow:
            inbox.mark_failed(uow, inbox.claim(uow, "telegram", "7001").id, "KeyError")
            uow.commit()
    with uow_factory() as uow:
        [row] = inbox.given_up(uow)
        assert inbox.retry(uow, row.id) is True
        assert inbox.retry(uow, row.id) is False  # no longer given up
        uow.commit()
    with uow_factory() as uow:
        assert [r.key for r in inbox.pending(uow, "telegram")] == ["7001"]


def test_an_outage_is_retried_for_as_long_as_the_row_is_kept(uow_factory):
    """A service down is not the message's fault: 50 outages later it is still waiting."""
    stored(uow_factory)
    for number in range(1, 51):
        with uow_factory() as uow:
            row = inbox.claim(uow, "telegram", "7001")
            assert row is not None
            assert inbox.mark_unavailable(uow, row.id, "ConnectionError", timedelta(0)) == number
            uow.commit()
    with uow_factory() as uow:
        assert [r.key for r in inbox.pending(uow, "telegram")] == ["7001"]
        assert inbox.given_up(uow) == []
        assert inbox.counts(uow)["telegram"]["outage"] == 1


def test_a_row_whose_claims_keep_dying_is_given_up(uow_factory, clock):
    """Claimed and never heard of again (its worker crashed each time): not forever."""
    stored(uow_factory)
    for _ in range(inbox.MAX_ABANDONED):
        with uow_factory() as uow:
            assert inbox.claim(uow, "telegram", "7001") is not None
            uow.commit()
        clock.advance(seconds=inbox.LEASE.total_seconds() + 1)  # the lease runs out
    with uow_factory() as uow:
        assert inbox.claim(uow, "telegram", "7001") is None
        assert [r.key for r in inbox.given_up(uow)] == ["7001"]


def test_what_was_sent_is_emptied_once_processed_and_the_replies_once_delivered(uow_factory):
    with uow_factory() as uow:
        inbox.store(uow, "telegram", "7001", UPDATE, sender="555")
        uow.commit()
    with uow_factory() as uow:
        row = inbox.claim(uow, "telegram", "7001")
        inbox.complete(uow, row.id, {"chat": "555", "outcome": {"replies": ["Tercatat 07.28"]}})
        uow.commit()
    with uow_factory() as uow:
        row = uow.session.get(InboxRow, row.id)
        assert (row.payload, row.sender) == (None, "555")
        assert row.outcome is not None  # still to deliver
        inbox.mark_delivered(uow, row.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.session.get(InboxRow, row.id).outcome is None


def test_pending_can_skip_rows_that_are_still_fresh(uow_factory, clock):
    stored(uow_factory, key="old")
    clock.advance(minutes=5)
    stored(uow_factory, key="new")
    with uow_factory() as uow:
        fresh_cutoff = clock.now() - timedelta(minutes=1)
        assert [r.key for r in inbox.pending(uow, "telegram", received_before=fresh_cutoff)] == [
            "old"
        ]
        assert [r.key for r in inbox.pending(uow, "telegram", limit=1)] == ["old"]


def test_purge_drops_old_finished_rows_and_keeps_unfinished_ones(uow_factory, clock):
    for key in ("done", "waiting"):
        stored(uow_factory, key=key)
    with uow_factory() as uow:
        inbox.mark_done(uow, inbox.claim(uow, "telegram", "done").id)
        uow.commit()
    clock.advance(days=3)
    with uow_factory() as uow:
        assert inbox.purge(uow, clock.now() - timedelta(days=2)) == 1
        uow.commit()
    with uow_factory() as uow:
        assert [r.key for r in uow.session.scalars(select(InboxRow))] == ["waiting"]


def test_only_the_worker_holding_the_lease_renews_it(uow_factory, clock):
    stored(uow_factory)
    with uow_factory() as uow:
        first = inbox.claim(uow, "telegram", "7001")
        uow.commit()
    held = first.claimed_until
    with uow_factory() as uow:
        held = inbox.renew(uow, first.id, held)
        uow.commit()
    assert held == clock.now() + inbox.LEASE
    clock.advance(seconds=inbox.LEASE.total_seconds() + 1)  # the first worker stalls
    with uow_factory() as uow:
        second = inbox.claim(uow, "telegram", "7001")
        uow.commit()
    assert second is not None
    with uow_factory() as uow:
        assert inbox.renew(uow, first.id, held) is None  # not the first's any more
        assert inbox.renew(uow, second.id, second.claimed_until) is not None
        uow.commit()


def test_one_senders_messages_are_claimed_in_their_order_by_any_worker(uow_factory):
    """A location stored after /masuk is not handed out while /masuk waits (a crashed worker's
    lease, an outage); another sender's is. A given-up message does not hold the rest back."""
    with uow_factory() as uow:
        for key, sender in (("1", "555"), ("2", "555"), ("3", "777"), ("4", "555")):
            inbox.store(uow, "telegram", key, {"update_id": int(key)}, sender=sender)
        uow.commit()
    with uow_factory() as uow:
        assert inbox.claim(uow, "telegram", "2") is None  # /masuk ("1") first
        assert inbox.claim(uow, "telegram", "3") is not None  # someone else
        first = inbox.claim(uow, "telegram", "1")
        inbox.complete(uow, first.id, None)
        uow.commit()
    with uow_factory() as uow:
        assert inbox.next_waiting(uow, "telegram", "555", first.id).key == "2"
        second = inbox.claim(uow, "telegram", "2")
        for _ in range(inbox.MAX_FAILURES):
            inbox.mark_failed(uow, second.id, "KeyError")
        uow.commit()
    with uow_factory() as uow:
        assert inbox.next_waiting(uow, "telegram", "555", second.id).key == "4"
        assert inbox.claim(uow, "telegram", "4") is not None


def test_the_receiving_worker_stores_and_claims_in_one_step(uow_factory, clock):
    with uow_factory() as uow:
        stored, held = inbox.store_claimed(uow, "telegram", "1", UPDATE, sender="555")
        again = inbox.store_claimed(uow, "telegram", "1", UPDATE, sender="555")
        uow.commit()
    assert stored is True and held is not None
    assert (held.key, held.sender, held.received_at) == ("1", "555", clock.now())
    assert held.claimed_until == clock.now() + inbox.LEASE
    assert again == (False, None)  # a redelivery: nothing stored, nothing claimed
    with uow_factory() as uow:
        assert inbox.pending(uow, "telegram") == []  # held: no other worker takes it
        assert inbox.claim(uow, "telegram", "1") is None
        row = uow.session.get(InboxRow, held.id)
    assert (row.attempts, row.payload) == (1, UPDATE)


def test_a_message_behind_an_earlier_one_of_its_sender_is_left_unclaimed(uow_factory, clock):
    """The location arrives while /masuk still waits (another worker holds it, or an outage):
    the location is stored but not claimed; it is claimed once /masuk is done."""
    with uow_factory() as uow:
        _, first = inbox.store_claimed(uow, "telegram", "1", {}, sender="555")
        stored, second = inbox.store_claimed(uow, "telegram", "2", {}, sender="555")
        _, other = inbox.store_claimed(uow, "telegram", "3", {}, sender="777")
        uow.commit()
    assert stored is True and second is None and other is not None
    with uow_factory() as uow:
        row = uow.session.scalars(select(InboxRow).where(InboxRow.key == "2")).one()
        assert (row.attempts, row.claimed_until) == (0, None)  # untried, free
        assert inbox.claim(uow, "telegram", "2") is None  # still behind "1"
        inbox.complete(uow, first.id, None)
        uow.commit()
    with uow_factory() as uow:
        assert inbox.next_waiting(uow, "telegram", "555", first.id).key == "2"
        assert inbox.claim(uow, "telegram", "2").attempts == 1
