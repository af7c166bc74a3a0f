"""Bump an organisation's version whenever a flush changes what judging reads of it.

Every write path (`presensi org load`, the services, chat admin flows, a script on a session)
goes through a session flush, so the bump lives here rather than in each of them: a unit, site
or holiday added, changed or deleted, an event called
from chat (/acara) or cancelled, or the organisation's own fields changed, adds one to
`organisations.version` in the same transaction. The cache of resolved organisations
(`core.policy.resolver.OrgCache`) compares the version before use, so every process sees the
change at its next read after the commit.

The bump is `version = version + 1` in SQL: two writers of one organisation each add one
(PostgreSQL makes the second wait for the first's row lock), so no two states share a version.
Rows written with raw SQL bypass this (and the audit log, which then reports them).
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from core.storage.tables import (
    ORG_VERSION,
    ORGANISATIONS,
    EventFenceRow,
    HolidayRow,
    Organisation,
    SiteRow,
    UnitRow,
)

_ORGS = ORGANISATIONS
_PARTS = (UnitRow, SiteRow, HolidayRow, EventFenceRow)
_MEMO = "org_versions"  # session.info: {org id: version} read in this transaction
_CHANGED = "orgs_changed"  # session.info: organisations this transaction bumped
SESSION_CACHE = "org_cache"  # session.info: views read in this transaction only


def changed_here(session: Session) -> set[int]:
    """The organisations the session's open transaction changed: their new version is not
    committed yet, so what it reads of them must stay out of the process's cache."""
    return session.info.get(_CHANGED, set())


def version_of(session: Session, org_id: int) -> int | None:
    """The organisation's version, read once per transaction (None: no such organisation)."""
    memo = session.info.setdefault(_MEMO, {})
    if org_id not in memo:
        found = session.execute(select(ORG_VERSION).where(_ORGS.c.id == org_id)).scalar()
        if found is None:
            return None
        memo[org_id] = found
    return memo[org_id]


def versions_read(session: Session) -> dict[int, int]:
    """The versions this transaction read, by organisation."""
    return session.info.get(_MEMO, {})


def read_version(session: Session, org_id: int, version: int) -> None:
    """Keep the version another query of this transaction read (the account query of a chat
    turn joins it), as `version_of` would have read it."""
    session.info.setdefault(_MEMO, {}).setdefault(org_id, version)


def changed_orgs(session: Session) -> set[int]:
    """The organisations whose data the pending flush changes."""
    found: set[int] = set()
    for row in chain(session.new, session.dirty, session.deleted):
        if isinstance(row, Organisation):
            if row not in session.new and session.is_modified(row):
                found.add(row.id)
        elif isinstance(row, _PARTS) and (
            row in session.new or row in session.deleted or session.is_modified(row)
        ):
            found.add(row.org_id)
    return found


@event.listens_for(Session, "after_flush")
def _bump(session: Session, _context) -> None:
    # After the flush (new rows have their ids) and before the commit: in its transaction.
    orgs = changed_orgs(session) - {None}
    if not orgs:
        return
    session.connection().execute(
        update(_ORGS).where(_ORGS.c.id.in_(orgs)).values(version=ORG_VERSION + 1)
    )
    memo = session.info.get(_MEMO, {})
    for org_id in orgs:
        memo.pop(org_id, None)
    session.info.setdefault(_CHANGED, set()).update(orgs)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    # The next transaction may see other writers' bumps; this one's are committed or gone.
    if transaction.parent is None:
        for key in (_MEMO, _CHANGED, SESSION_CACHE):
            session.info.pop(key, None)
