"""The durable inbox: a webhook delivery is stored before it is acknowledged, then processed once.

Inbox rows are infrastructure, not business records: they are written with the session directly
and do not enter the audit chain. The caller commits (`uow.commit()`), so that "stored" means
"committed" before the webhook answers 200.

A row's life: `store` (attempts 0) -> `claim` (attempts + 1, a lease until `claimed_until`; one
worker wins, and nobody takes the row while the lease runs; the worker renews it while it works)
-> `complete` (processed, with the outcome to deliver: the outbox, in the same transaction) ->
`mark_sent` after each message -> `mark_delivered`. Or `mark_failed`, and claimed again once its
back-off has passed, up to `MAX_ATTEMPTS`. A worker that dies leaves its lease to run out: the
row is then `pending` (or `undelivered`) again, and another worker takes it over.

`purge` drops old rows: the payloads hold what people sent (positions, identity numbers) and are
kept no longer than needed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from core.storage.chat_tables import InboxRow
from core.storage.uow import UnitOfWork

MAX_ATTEMPTS = 3
ERROR_LENGTH = 500
# A worker holds a row this long after each renewal; it renews every third of it.
LEASE = timedelta(seconds=15)


def store(uow: UnitOfWork, channel: str, key: str, payload: dict[str, Any]) -> bool:
    """Keep a delivery; False when this channel already delivered this key (nothing changes)."""
    values = {
        "channel": str(channel),
        "key": key,
        "payload": payload,
        "received_at": uow.now(),
        "attempts": 0,
    }
    session = uow.session
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite_insert if dialect == "sqlite" else pg_insert
        statement = (
            insert(InboxRow.__table__)
            .values(values)
            .on_conflict_do_nothing(index_elements=["channel", "key"])
            .returning(InboxRow.__table__.c.id)
        )
        # RETURNING names the new row; a conflict returns nothing (rowcount is not reliable
        # across drivers for an ignored insert).
        return session.execute(statement).first() is not None
    # Elsewhere the unique constraint refuses the duplicate; the savepoint keeps the transaction.
    try:
        with session.begin_nested():
            session.add(InboxRow(**values))
        return True
    except IntegrityError:
        return False


def _free(now: datetime):
    """Nobody holds the row: never claimed, released, or its lease ran out (its worker died)."""
    return or_(InboxRow.claimed_until.is_(None), InboxRow.claimed_until <= now)


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
        InboxRow.attempts < MAX_ATTEMPTS,
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
    """Take a row for processing, counting the attempt; None if done, given up or held."""
    session = uow.session
    row = session.scalars(
        select(InboxRow).where(InboxRow.channel == str(channel), InboxRow.key == key)
    ).first()
    if row is None or row.processed_at is not None or row.attempts >= MAX_ATTEMPTS:
        return None
    now = uow.now()
    # Compare-and-set in one UPDATE: of two workers claiming at once, one updates the row and
    # the other matches nothing (PostgreSQL re-checks the WHERE on the locked row).
    taken = session.execute(
        update(InboxRow)
        .where(
            InboxRow.id == row.id,
            InboxRow.attempts == row.attempts,
            InboxRow.processed_at.is_(None),
            _free(now),
        )
        .values(attempts=row.attempts + 1, claimed_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        return None
    session.refresh(row)
    return row


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
    if taken.rowcount != 1:
        return None
    return uow.session.get(InboxRow, row_id, populate_existing=True)


def renew(uow: UnitOfWork, row_id: int, lease: timedelta = LEASE) -> bool:
    """Extend the lease of a row this worker holds; False if it is no longer held."""
    result = uow.session.execute(
        update(InboxRow)
        .where(
            InboxRow.id == row_id,
            InboxRow.claimed_until.is_not(None),
            InboxRow.delivered_at.is_(None),
        )
        .values(claimed_until=uow.now() + lease)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def complete(uow: UnitOfWork, row_id: int, outcome: dict[str, Any] | None) -> None:
    """Processed: keep what to deliver (the outbox) in the same transaction; the lease stays
    with the worker, which delivers next. Nothing to deliver ends the row here."""
    now = uow.now()
    values: dict[str, Any] = {"processed_at": now, "error": None, "outcome": outcome, "sent": 0}
    if outcome is None:
        values.update(delivered_at=now, claimed_until=None)
    uow.session.execute(
        update(InboxRow)
        .where(InboxRow.id == row_id)
        .values(values)
        .execution_options(synchronize_session=False)
    )


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
    """Everything the row produced went out: the row is finished and its lease released."""
    uow.session.execute(
        update(InboxRow)
        .where(InboxRow.id == row_id)
        .values(delivered_at=uow.now(), claimed_until=None)
        .execution_options(synchronize_session=False)
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
) -> None:
    """Processing failed; `error` names the failure (an exception type), never what was sent.
    The row is tried again once `retry_after` has passed (the lease doubles as the back-off)."""
    uow.session.execute(
        update(InboxRow)
        .where(InboxRow.id == row_id)
        .values(error=error[:ERROR_LENGTH], claimed_until=uow.now() + retry_after)
        .execution_options(synchronize_session=False)
    )


def purge(uow: UnitOfWork, received_before: datetime) -> int:
    """Delete rows older than the cut-off that are processed or given up; return how many."""
    result = uow.session.execute(
        delete(InboxRow)
        .where(
            InboxRow.received_at < received_before,
            or_(
                InboxRow.processed_at.is_not(None),
                and_(InboxRow.attempts >= MAX_ATTEMPTS, _free(uow.now())),
            ),
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
