"""The tamper-evident log: every write appends an entry chained to the one before it.

Each entry carries the digest of the row as written. `verify` walks the chain (a gap, a
changed entry or a reordering breaks it) and compares every audited row with the digest of its
latest entry (an edited or deleted record shows). Personal data never enters the log: only
digests, ids and action names.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Float, inspect, select, text
from sqlalchemy.orm import Session

from core.storage import chat_tables  # noqa: F401 - its tables are audited too
from core.storage.tables import AuditRow, Base

GENESIS = "0" * 64


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_digest(row: Base) -> str:
    """SHA-256 of the row's columns in a canonical form that SQLite and PostgreSQL agree on."""
    columns = inspect(row).mapper.column_attrs
    data = {c.key: _plain(_as_stored(c, getattr(row, c.key))) for c in columns}
    return hashlib.sha256(_canonical(data)).hexdigest()


def _as_stored(attribute: Any, value: Any) -> Any:
    """The value as the database gives it back: an int written to a float column (an accuracy
    of 12 m) reads back as 12.0, and must digest the same."""
    if value is not None and isinstance(attribute.columns[0].type, Float):
        return float(value)
    return value


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str).encode()


def entry_hash(entry: AuditRow) -> str:
    body = {
        "seq": entry.seq,
        "at": _plain(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": _hashed_key(entry.entity, entry.entity_id),
        "digest": entry.digest,
        "prev": entry.prev_hash,
    }
    return hashlib.sha256(_canonical(body)).hexdigest()


def _models() -> dict[str, type[Base]]:
    return {mapper.class_.__tablename__: mapper.class_ for mapper in Base.registry.mappers}


@cache
def _integer_keyed(entity: str) -> bool:
    return inspect(_models()[entity]).primary_key[0].type.python_type is int


def _hashed_key(entity: str, entity_id: str) -> int | str:
    """The key as its table types it: chains written before keys were stored as text hashed
    integer ids as JSON numbers, and must still verify."""
    return int(entity_id) if _integer_keyed(entity) else entity_id


def append(session: Session, row: Base, actor: str, action: str, at: datetime) -> AuditRow:
    """Chain an entry for `row` (flushed, so it has its id) after the current head."""
    if session.get_bind().dialect.name == "postgresql":
        # Writers queue here so that two transactions never chain onto the same head.
        session.execute(text("SELECT pg_advisory_xact_lock(7241)"))
    session.flush()
    head = session.scalars(select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)).first()
    entry = AuditRow(
        seq=(head.seq + 1) if head else 1,
        at=at,
        actor=actor,
        action=action,
        entity=row.__tablename__,
        entity_id=str(inspect(row).identity[0]),
        digest=row_digest(row),
        prev_hash=head.hash if head else GENESIS,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class Problem:
    seq: int | None
    what: str


def verify(session: Session) -> tuple[int, list[Problem]]:
    """Check the chain and the audited rows; return the entry count and every problem found."""
    problems: list[Problem] = []
    latest: dict[tuple[str, str], str] = {}
    previous, expected_seq, count = GENESIS, 1, 0
    for entry in session.scalars(select(AuditRow).order_by(AuditRow.seq)):
        count += 1
        if entry.seq != expected_seq:
            problems.append(Problem(entry.seq, f"entry {expected_seq} is missing"))
        if entry.prev_hash != previous:
            problems.append(Problem(entry.seq, "does not follow the entry before it"))
        if entry_hash(entry) != entry.hash:
            problems.append(Problem(entry.seq, "entry was changed after it was written"))
        latest[(entry.entity, entry.entity_id)] = entry.digest
        previous, expected_seq = entry.hash, entry.seq + 1
    problems.extend(_check_rows(session, latest))
    return count, problems


def _check_rows(session: Session, latest: dict[tuple[str, str], str]) -> list[Problem]:
    problems = []
    tables = _models()
    audited = {entity for entity, _ in latest}
    for name in sorted(audited):
        model = tables[name]
        present = {str(inspect(r).identity[0]): r for r in session.scalars(select(model))}
        for (entity, entity_id), digest in latest.items():
            if entity != name:
                continue
            row = present.pop(entity_id, None)
            if row is None:
                problems.append(Problem(None, f"{name} row {entity_id} was deleted"))
            elif row_digest(row) != digest:
                problems.append(Problem(None, f"{name} row {entity_id} was edited"))
        problems.extend(
            Problem(None, f"{name} row {i} was written outside the log") for i in present
        )
    return problems
