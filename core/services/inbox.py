"""The durable inbox: a webhook delivery is stored before it is acknowledged, then processed once.

Inbox rows are infrastructure, not business records: they are written with the session directly
and do not enter the audit chain. The caller commits (`uow.commit()`), so that "stored" means
"committed" before the webhook answers 200.

A row's life: `store` (attempts 0) -> `claim` (attempts + 1; one worker wins) -> `mark_done`, or
`mark_failed` and claimed again later, up to `MAX_ATTEMPTS`. `purge` drops old rows: the payloads
hold what people sent (positions, identity numbers) and are kept no longer than needed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from core.storage.chat_tables import InboxRow
from core.storage.uow import UnitOfWork

MAX_ATTEMPTS = 3
ERROR_LENGTH = 500


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


def pending(
    uow: UnitOfWork, channel: str, limit: int = 100, received_before: datetime | None = None
) -> list[InboxRow]:
    """Rows not yet processed and not given up, oldest first."""
    query = select(InboxRow).where(
        InboxRow.channel == str(channel),
        InboxRow.processed_at.is_(None),
        InboxRow.attempts < MAX_ATTEMPTS,
    )
    if received_before is not None:
        query = query.where(InboxRow.received_at < received_before)
    return list(uow.session.scalars(query.order_by(InboxRow.id).limit(limit)))


def claim(uow: UnitOfWork, channel: str, key: str) -> InboxRow | None:
    """Take a row for processing, counting the attempt; None if done, given up or just taken."""
    session = uow.session
    row = session.scalars(
        select(InboxRow).where(InboxRow.channel == str(channel), InboxRow.key == key)
    ).first()
    if row is None or row.processed_at is not None or row.attempts >= MAX_ATTEMPTS:
        return None
    # Compare-and-set on the attempt count: of two workers claiming at once, one updates the row
    # and the other matches nothing.
    taken = session.execute(
        update(InboxRow)
        .where(
            InboxRow.id == row.id,
            InboxRow.attempts == row.attempts,
            InboxRow.processed_at.is_(None),
        )
        .values(attempts=row.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        return None
    session.refresh(row)
    return row


def mark_done(uow: UnitOfWork, row_id: int) -> None:
    """The delivery was processed; it will not be taken again."""
    uow.session.execute(
        update(InboxRow)
        .where(InboxRow.id == row_id)
        .values(processed_at=uow.now(), error=None)
        .execution_options(synchronize_session=False)
    )


def mark_failed(uow: UnitOfWork, row_id: int, error: str) -> None:
    """Processing failed; `error` names the failure (an exception type), never what was sent."""
    uow.session.execute(
        update(InboxRow)
        .where(InboxRow.id == row_id)
        .values(error=error[:ERROR_LENGTH])
        .execution_options(synchronize_session=False)
    )


def purge(uow: UnitOfWork, received_before: datetime) -> int:
    """Delete rows older than the cut-off that are processed or given up; return how many."""
    result = uow.session.execute(
        delete(InboxRow)
        .where(
            InboxRow.received_at < received_before,
            or_(InboxRow.processed_at.is_not(None), InboxRow.attempts >= MAX_ATTEMPTS),
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
