"""Scheduled messages sent once across workers and restarts: a mark per message in the database.

Redis keys (the daily summaries and reminders, `presensi.background.push_once`) are enough for
what is due again tomorrow; a message due once a month (the month's report) must not go out
twice because a worker restarted or another worker (with its own embedded Redis) looked at the
same minute. So each is claimed in the database first, by its unique key: the claim is a lease,
so that a worker that died while sending leaves it due again once the lease runs out (at least
once, as for every push), and `sent_at` ends it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.storage.database import rows_changed
from core.storage.report_tables import PushMark
from core.storage.uow import UnitOfWork

LEASE = timedelta(minutes=10)  # longer than building and sending a month's report


def claim(uow: UnitOfWork, key: str, now: datetime) -> bool:
    """Take `key` for sending (True), unless it was sent or another worker holds it; commit
    before sending, so that the others see the claim."""
    dialect = uow.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(PushMark)
        .values(key=key, claimed_until=now + LEASE, sent_at=None)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(PushMark.key)
    )
    if uow.session.execute(statement).first() is not None:
        return True
    # Taken before: free again only when unsent and its worker's lease ran out.
    taken = uow.session.execute(
        update(PushMark)
        .where(PushMark.key == key, PushMark.sent_at.is_(None), PushMark.claimed_until <= now)
        .values(claimed_until=now + LEASE)
    )
    return rows_changed(taken) == 1


def sent(uow: UnitOfWork, key: str, now: datetime) -> None:
    """The message went out: never due again."""
    uow.session.execute(update(PushMark).where(PushMark.key == key).values(sent_at=now))


def release(uow: UnitOfWork, key: str) -> None:
    """The message did not go out: due again at once."""
    uow.session.execute(delete(PushMark).where(PushMark.key == key, PushMark.sent_at.is_(None)))


def done_or_held(uow: UnitOfWork, keys: Iterable[str], now: datetime) -> set[str]:
    """Which of `keys` were sent, or are being sent by a live worker: not due now."""
    wanted = list(keys)
    if not wanted:
        return set()
    query = select(PushMark.key).where(
        PushMark.key.in_(wanted),
        (PushMark.sent_at.is_not(None)) | (PushMark.claimed_until > now),
    )
    return set(uow.session.scalars(query))
