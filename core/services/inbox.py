"""The durable inbox: a webhook delivery is stored before it is acknowledged, then processed once.

Inbox rows are infrastructure, not business records: they are written with the session directly
and do not enter the audit chain. The caller commits (`uow.commit()`), so that "stored" means
"committed" before the webhook answers 200.

A row's life: `store` (attempts 0) -> `claim` (attempts + 1, a lease until `claimed_until`; one
worker wins, and nobody takes the row while the lease runs; the worker renews it while it works)
-> `complete` (processed, with the outcome to deliver: the outbox, in the same transaction; the
raw payload is emptied) -> `mark_sent` after each message -> `mark_delivered`.

A failure is one of two kinds. `mark_unavailable`: a service was down (the database, Redis, the
platform); the message is fine and is tried again, with growing waits, for as long as the row is
kept. `mark_failed`: the message itself failed (poison); after `MAX_FAILURES` it is given up and
left for an operator (`given_up`, `retry`). A worker that dies leaves its lease to run out: the
row is then `pending` (or `undelivered`) again, and another worker takes it over; a row whose
claims keep dying (`MAX_ABANDONED`) is given up too, so that it cannot crash workers forever.

`purge` drops old rows: the payloads hold what people sent (positions, identity numbers) and are
kept no longer than needed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    Table,
    and_,
    bindparam,
    delete,
    func,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased

from core.inbox import ERROR_LENGTH, LEASE, MAX_ABANDONED, MAX_FAILURES
from core.storage.chat_tables import InboxRow
from core.storage.database import rows_changed
from core.storage.uow import UnitOfWork

# The table, typed as one, for the statements built once below.
INBOX = cast(Table, InboxRow.__table__)


@dataclass(frozen=True)
class Claim:
    """A row a worker holds, with what processing it needs: no second read of the row."""

    id: int
    key: str
    sender: str
    received_at: datetime
    claimed_until: datetime
    failures: int = 0
    outages: int = 0


def store(
    uow: UnitOfWork, channel: str, key: str, payload: dict[str, Any], sender: str = ""
) -> bool:
    """Keep a delivery; False when this channel already delivered this key (nothing changes)."""
    values = {
        "channel": str(channel),
        "key": key,
        "payload": payload,
        "sender": sender[:64],
        "received_at": uow.now(),
        "attempts": 0,
    }
    insert = _insert_for(uow)
    statement = (
        insert(InboxRow.__table__)
        .values(values)
        .on_conflict_do_nothing(index_elements=["channel", "key"])
        .returning(InboxRow.__table__.c.id)
    )
    # RETURNING names the new row; a conflict returns nothing (rowcount is not reliable across
    # drivers for an ignored insert).
    return uow.session.execute(statement).first() is not None


def _insert_for(uow: UnitOfWork):
    """The dialect's INSERT with ON CONFLICT: presensi runs on PostgreSQL and SQLite only."""
    dialect = uow.session.get_bind().dialect.name
    return pg_insert if dialect == "postgresql" else sqlite_insert


def _free(now: datetime | BindParameter[Any]):
    """Nobody holds the row: never claimed, released, or its lease ran out (its worker died)."""
    return or_(InboxRow.claimed_until.is_(None), InboxRow.claimed_until <= now)


def _live(row=InboxRow):
    """Not given up: it failed in itself fewer than MAX_FAILURES times, and not every claim
    died with its worker (claims that recorded neither an outcome, a failure nor an outage)."""
    abandoned = row.attempts - row.failures - row.outages
    return and_(row.failures < MAX_FAILURES, abandoned < MAX_ABANDONED)


def is_given_up(row: InboxRow) -> bool:
    abandoned = row.attempts - row.failures - row.outages
    return row.failures >= MAX_FAILURES or abandoned >= MAX_ABANDONED


def pending(
    uow: UnitOfWork, channel: str, limit: int = 100, received_before: datetime | None = None
) -> list[InboxRow]:
    """Rows to process: not processed, not given up, not held; oldest first.

    A row never claimed is left alone until `received_before` (its receiving worker is about
    to take it); a row whose lease ran out is taken at once.
    """
    now = uow.now()
    query = select(InboxRow).where(
        InboxRow.channel == str(channel),
        InboxRow.processed_at.is_(None),
        _live(),
        _free(now),
    )
    if received_before is not None:
        query = query.where(
            or_(InboxRow.claimed_until.is_not(None), InboxRow.received_at < received_before)
        )
    return list(uow.session.scalars(query.order_by(InboxRow.id).limit(limit)))


def undelivered(uow: UnitOfWork, channel: str, limit: int = 100) -> list[InboxRow]:
    """Rows processed whose outcome was not (all) delivered and that nobody holds."""
    query = select(InboxRow).where(
        InboxRow.channel == str(channel),
        InboxRow.processed_at.is_not(None),
        InboxRow.delivered_at.is_(None),
        _free(uow.now()),
    )
    return list(uow.session.scalars(query.order_by(InboxRow.id).limit(limit)))


def claim(uow: UnitOfWork, channel: str, key: str, lease: timedelta = LEASE) -> InboxRow | None:
    """Take a row for processing, counting the attempt; None if done, given up, held, or an
    earlier message of the same sender still waits (one person's messages in their order,
    across workers: the earlier first).

    One UPDATE ... RETURNING, which is the compare-and-set too: of two workers claiming at
    once, one updates the row and the other matches nothing (PostgreSQL re-checks the WHERE on
    the row it waited for, which the winner's lease no longer leaves free).
    """
    now = uow.now()
    statement = (
        update(InboxRow)
        .where(
            InboxRow.channel == str(channel),
            InboxRow.key == key,
            InboxRow.processed_at.is_(None),
            _live(),
            _free(now),
            ~_earlier_waiting(InboxRow.__table__),
        )
        .values(attempts=InboxRow.attempts + 1, claimed_until=now + lease)
        .returning(InboxRow)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return uow.session.scalars(statement).first()


def store_claimed(
    uow: UnitOfWork,
    channel: str,
    key: str,
    payload: dict[str, Any],
    sender: str = "",
    lease: timedelta = LEASE,
) -> tuple[bool, Claim | None]:
    """Keep a delivery already claimed by the worker that received it: (stored, its claim).

    The receiving worker processes the row next, so claiming it in the INSERT itself saves the
    claim's round trips on every delivery; a worker that dies leaves its lease to run out, as
    with any claim. The claim is None for a duplicate, and for a message behind an earlier one
    of the same sender still waiting: that one is left unclaimed, for `claim` in its turn.
    """
    now = uow.now()
    sender = sender[:64]
    values = {
        "channel": str(channel),
        "key": key,
        "payload": payload,
        "sender": sender,
        "received_at": now,
        "attempts": 1,
        "claimed_until": now + lease,
    }
    statement = _store_claimed_statement(uow.session.get_bind().dialect.name)
    found = uow.session.execute(statement, {f"p_{k}": v for k, v in values.items()}).first()
    if found is None:
        return False, None
    if found.behind and sender:
        unclaim(uow, found.id)
        return True, None
    return True, Claim(found.id, key, sender, now, now + lease)


@functools.cache
def _store_claimed_statement(dialect: str):
    """`store_claimed`'s INSERT, built once per dialect: every webhook delivery runs it, and
    building it anew (an aliased subquery, a dict of values) costs more CPU than the database
    spends on it. The parameters are `p_<column>`."""
    table = InboxRow.__table__
    columns = ("channel", "key", "payload", "sender", "received_at", "attempts", "claimed_until")
    values = {name: bindparam(f"p_{name}", type_=table.c[name].type) for name in columns}
    other = aliased(InboxRow)
    behind = (
        select(other.id)
        .where(
            other.channel == values["channel"],
            other.sender == values["sender"],
            other.key != values["key"],
            other.processed_at.is_(None),
            _live(other),
        )
        .exists()
    )
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        insert(InboxRow)
        .values(values)
        .on_conflict_do_nothing(index_elements=["channel", "key"])
        .returning(table.c.id, behind.label("behind"))
    )


def unclaim(uow: UnitOfWork, row_id: int) -> None:
    """Hand a claimed row back untried: free at once, the claim not counted."""
    uow.session.execute(
        update(InboxRow)
        .where(InboxRow.id == row_id)
        .values(attempts=InboxRow.attempts - 1, claimed_until=None)
        .execution_options(synchronize_session=False)
    )


def _earlier_waiting(row):
    """An earlier message of the same sender as `row` (a table, in a statement about one of its
    rows) that is not processed yet and not given up. No sender (rows stored before senders
    were kept): no order to keep."""
    earlier = aliased(InboxRow)
    return (
        select(earlier.id)
        .where(
            row.c.sender != "",
            earlier.channel == row.c.channel,
            earlier.sender == row.c.sender,
            earlier.id < row.c.id,
            earlier.processed_at.is_(None),
            _live(earlier),
        )
        .correlate(row)
        .exists()
    )


def next_waiting(uow: UnitOfWork, channel: str, sender: str, after_id: int) -> InboxRow | None:
    """The sender's next message after `after_id` still to process, if any and nobody holds it."""
    params = {"channel": str(channel), "sender": sender, "after": after_id, "now": uow.now()}
    return uow.session.scalars(_NEXT_WAITING, params).first()


# Built once: asked after every delivery (see `_store_claimed_statement`).
_NEXT_WAITING = (
    select(InboxRow)
    .where(
        InboxRow.channel == bindparam("channel"),
        InboxRow.sender == bindparam("sender"),
        InboxRow.id > bindparam("after"),
        InboxRow.processed_at.is_(None),
        _live(),
        _free(bindparam("now", type_=INBOX.c.received_at.type)),
    )
    .order_by(InboxRow.id)
    .limit(1)
)


def claim_delivery(uow: UnitOfWork, row_id: int, lease: timedelta = LEASE) -> InboxRow | None:
    """Take a processed, undelivered row to deliver its outcome; None if done or held."""
    now = uow.now()
    taken = uow.session.execute(
        update(InboxRow)
        .where(
            InboxRow.id == row_id,
            InboxRow.processed_at.is_not(None),
            InboxRow.delivered_at.is_(None),
            _free(now),
        )
        .values(claimed_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(taken) != 1:
        return None
    return uow.session.get(InboxRow, row_id, populate_existing=True)


def renew(
    uow: UnitOfWork, row_id: int, held_until: datetime, lease: timedelta = LEASE
) -> datetime | None:
    """Extend the lease this worker holds (it ends at `held_until`); the new end, or None when
    the row is no longer this worker's (its lease ran out and another worker took it)."""
    until = uow.now() + lease
    result = uow.session.execute(
        update(InboxRow)
        .where(
            InboxRow.id == row_id,
            InboxRow.claimed_until == held_until,  # compare-and-set: only the holder renews
            InboxRow.delivered_at.is_(None),
        )
        .values(claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    return until if rows_changed(result) == 1 else None


def complete(uow: UnitOfWork, row_id: int, outcome: dict[str, Any] | None) -> None:
    """Processed: keep what to deliver (the outbox) in the same transaction; the lease stays
    with the worker, which delivers next. Nothing to deliver ends the row here. What the person
    sent is not needed any more: the payload goes (a redelivery is known by its key)."""
    now = uow.now()
    statement = _COMPLETE if outcome is not None else _COMPLETE_AND_DELIVERED
    uow.session.execute(statement, {"row": row_id, "now": now, "outcome": outcome})


def _completion(delivered: bool):
    """`complete`'s UPDATE, built once (see `_store_claimed_statement`)."""
    table = INBOX
    now = bindparam("now", type_=table.c.processed_at.type)
    values: dict[str, Any] = {
        "processed_at": now,
        "error": None,
        "outcome": bindparam("outcome", type_=table.c.outcome.type),
        "sent": 0,
        "payload": None,
    }
    if delivered:
        values.update(delivered_at=now, claimed_until=None)
    return update(table).where(table.c.id == bindparam("row")).values(values)


_COMPLETE = _completion(delivered=False)
_COMPLETE_AND_DELIVERED = _completion(delivered=True)


def mark_done(uow: UnitOfWork, row_id: int) -> None:
    """The delivery was processed and needs nothing delivered; it will not be taken again."""
    complete(uow, row_id, None)


def mark_sent(uow: UnitOfWork, row_id: int, sent: int) -> None:
    """`sent` messages of the row's outcome went out: a recovery starts after them."""
    uow.session.execute(
        update(InboxRow)
        .where(InboxRow.id == row_id)
        .values(sent=sent)
        .execution_options(synchronize_session=False)
    )


def mark_delivered(uow: UnitOfWork, row_id: int) -> None:
    """Everything the row produced went out: the row is finished, its lease released, and the
    replies (which name people and times) are not kept."""
    uow.session.execute(_DELIVERED, {"row": row_id, "now": uow.now()})


_DELIVERED = (
    update(INBOX)
    .where(INBOX.c.id == bindparam("row"))
    .values(
        delivered_at=bindparam("now", type_=INBOX.c.delivered_at.type),
        claimed_until=None,
        outcome=None,
    )
)


def release(uow: UnitOfWork, row_id: int, retry_after: timedelta = timedelta(0)) -> None:
    """Give the row up for now: another worker (or this one) may take it after `retry_after`."""
    uow.session.execute(
        update(InboxRow)
        .where(InboxRow.id == row_id)
        .values(claimed_until=uow.now() + retry_after)
        .execution_options(synchronize_session=False)
    )


def mark_failed(
    uow: UnitOfWork, row_id: int, error: str, retry_after: timedelta = timedelta(0)
) -> int:
    """The message failed in itself; `error` names the failure (an exception type), never what
    was sent. Tried again once `retry_after` has passed (the lease doubles as the back-off),
    until MAX_FAILURES; return the failures so far."""
    return _count(uow, row_id, InboxRow.failures, error, retry_after)


def mark_unavailable(uow: UnitOfWork, row_id: int, error: str, retry_after: timedelta) -> int:
    """A service the work needs was down (`error` names it): not the message's fault, so it is
    tried again after `retry_after`, without a limit; return the outages so far."""
    return _count(uow, row_id, InboxRow.outages, error, retry_after)


def _count(uow: UnitOfWork, row_id: int, counter, error: str, retry_after: timedelta) -> int:
    result = uow.session.execute(
        update(InboxRow)
        .where(InboxRow.id == row_id)
        .values(
            {
                counter: counter + 1,
                InboxRow.error: error[:ERROR_LENGTH],
                InboxRow.claimed_until: uow.now() + retry_after,
            }
        )
        .returning(counter)
        .execution_options(synchronize_session=False)
    )
    return int(result.scalar_one())


def given_up(uow: UnitOfWork, channel: str | None = None) -> list[InboxRow]:
    """Rows no worker will try again (for the operator), oldest first."""
    query = select(InboxRow).where(InboxRow.processed_at.is_(None), ~_live())
    if channel is not None:
        query = query.where(InboxRow.channel == str(channel))
    return list(uow.session.scalars(query.order_by(InboxRow.id)))


def retry(uow: UnitOfWork, row_id: int) -> bool:
    """Give a given-up row its tries back (after the cause was fixed); False if none such."""
    result = uow.session.execute(
        update(InboxRow)
        .where(InboxRow.id == row_id, InboxRow.processed_at.is_(None), ~_live())
        .values(attempts=0, failures=0, outages=0, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result) == 1


def counts(uow: UnitOfWork) -> dict[str, dict[str, int]]:
    """Per channel: rows waiting, waiting out an outage, given up, and processed but undelivered."""
    unprocessed = InboxRow.processed_at.is_(None)
    kinds = {
        "waiting": and_(unprocessed, _live(), InboxRow.outages == 0),
        "outage": and_(unprocessed, _live(), InboxRow.outages > 0),
        "given_up": and_(unprocessed, ~_live()),
        "undelivered": and_(~unprocessed, InboxRow.delivered_at.is_(None)),
    }
    found: dict[str, dict[str, int]] = {}
    for kind, condition in kinds.items():
        query = select(InboxRow.channel, func.count()).where(condition).group_by(InboxRow.channel)
        for channel, count in uow.session.execute(query):
            found.setdefault(channel, dict.fromkeys(kinds, 0))[kind] = count
    return found


def erase(uow: UnitOfWork, chats: set[tuple[str, str]]) -> int:
    """Delete the rows (raw deliveries, their replies) of these (channel, sender) chats."""
    if not chats:
        return 0
    result = uow.session.execute(
        delete(InboxRow).where(tuple_(InboxRow.channel, InboxRow.sender).in_(sorted(chats)))
    )
    return rows_changed(result)


def purge(uow: UnitOfWork, received_before: datetime) -> int:
    """Delete rows older than the cut-off that are processed or given up; return how many."""
    result = uow.session.execute(
        delete(InboxRow)
        .where(
            InboxRow.received_at < received_before,
            or_(
                InboxRow.processed_at.is_not(None),
                and_(~_live(), _free(uow.now())),
            ),
        )
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result)
