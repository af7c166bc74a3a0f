"""The tamper-evident log: every write appends an entry chained to the one before it.

Each organisation has its own chain (`org_id`, `seq`), so that writers of different
organisations never wait on each other; a writer holds its organisation's advisory lock
(PostgreSQL) until it commits. Each entry carries the digest of the row as written, the hash of
the entry before it and, when the composition root hands down a key (`AUDIT_KEY`), an
HMAC-SHA256 of its own hash that nobody without the key can recompute.

`verify` walks every chain (a gap, a changed entry, a reordering or an entry without a valid MAC
breaks it), compares every row of the covered tables with the digest of its latest entry (an
edited, deleted or never-logged row shows) and compares each chain with the signed checkpoints
kept outside the database (a chain cut short, emptied or rewritten shows). Personal data never
enters the log: only digests, ids and action names.

A row may be deleted through the log (`UnitOfWork.remove`, used by a data subject's erasure):
its last entry then carries the digest `DELETED` instead of the row's, and `verify` expects the
row to be gone (a row present after its logged deletion shows as written outside the log). A
deletion without such an entry is still reported as a deleted row.

Entries written before chains were per organisation (migration 0004) stay in chain 0 with
their original hashes and still verify; nothing new is ever appended there.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Float, Row, insert, inspect, select, text
from sqlalchemy.orm import Session

from core.storage import (
    approval_tables,  # noqa: F401 - its tables are audited too
    chat_tables,  # noqa: F401 - and these
    lkh_tables,  # noqa: F401 - and these
    report_tables,  # noqa: F401 - and these
)
from core.storage.tables import AuditRow, Base, EmployeeRow, Organisation

GENESIS = "0" * 64
# The digest of an entry that records a row's deletion (never a SHA-256 hex digest).
DELETED = "deleted"
LEGACY_CHAIN = 0
LOCK_KEY = 7241  # pg_advisory_xact_lock(7241, org id): one lock per organisation's chain

# Every table that decides a verdict or a recap (and who may clock in as whom). Their rows are
# checked whether or not the log mentions them: a row without an entry was written behind its
# back. Other tables the log mentions (activation codes) are checked too.
COVERED = (
    "organisations",  # the policy, presets and zone
    "units",  # unit policies and zones
    "sites",  # geofences, event sites
    "holidays",
    "employees",  # employee policies, roles, blocks
    "unit_assignments",
    "shifts",
    "attendance",
    "absences",
    "outages",  # a declared outage takes fallbacks out of the quota
    "attendance_requests",  # an approved request (lupa absen) writes a record
    "travel_destinations",  # where an official travel's days are clocked in
    "month_submissions",  # a submitted month is locked (core.revisions.month_lock)
    "fault_reports",  # why attendance was entered by hand, and the outage declared from it
    "lkh_reports",  # daily performance reports: with attendance, the basis of TPP
    "lkh_activities",
    "delegations",  # an approver's substitute decides requests
    "event_fences",  # where and when an event called from chat is attended
    "face_references",
    "chat_accounts",
)


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


def entry_hash(entry: AuditRow | Row[Any]) -> str:
    """The hash of an entry, as a mapped row or as a row of its columns (`verify` reads those)."""
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
    if entry.org_id != LEGACY_CHAIN:  # entries of the one global chain before 0004 had no org
        body["org"] = entry.org_id
    return hashlib.sha256(_canonical(body)).hexdigest()


def mac(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _models() -> dict[str, type[Base]]:
    return {mapper.class_.__tablename__: mapper.class_ for mapper in Base.registry.mappers}


@cache
def _integer_keyed(entity: str) -> bool:
    return inspect(_models()[entity]).primary_key[0].type.python_type is int


def _hashed_key(entity: str, entity_id: str) -> int | str:
    """The key as its table types it: chains written before keys were stored as text hashed
    integer ids as JSON numbers, and must still verify."""
    try:
        return int(entity_id) if _integer_keyed(entity) else entity_id
    except (KeyError, ValueError):  # an entry edited to name no table: its hash tells
        return entity_id


def org_of(session: Session, row: Base) -> int:
    """The organisation whose chain records `row`."""
    if isinstance(row, Organisation):
        return row.id
    org_id = getattr(row, "org_id", None)
    if org_id is not None:
        return org_id
    employee_id = getattr(row, "employee_id", None)
    employee = session.get(EmployeeRow, employee_id) if employee_id is not None else None
    if employee is None:
        raise ValueError(f"{row.__tablename__} row belongs to no organisation; cannot audit it")
    return employee.org_id


def append(
    session: Session, row: Base, actor: str, action: str, at: datetime, key: bytes | None = None
) -> AuditRow:
    """Chain an entry for `row` (flushed, so it has its id) after its organisation's head."""
    return append_many(session, [row], actor, action, at, key)[0]


def append_many(
    session: Session,
    rows: Iterable[Base],
    actor: str,
    action: str,
    at: datetime,
    key: bytes | None = None,
    *,
    deleted: bool = False,
) -> list[AuditRow]:
    """Chain one entry per row, in order, each organisation's head read (and locked) once.

    `deleted`: the entries record the rows' deletion (digest `DELETED`); the caller deletes
    them in the same transaction.
    """
    rows = list(rows)
    session.flush()
    by_org: dict[int, list[Base]] = {}
    for row in rows:
        by_org.setdefault(org_of(session, row), []).append(row)
    postgres = session.get_bind().dialect.name == "postgresql"
    chained: list[AuditRow] = []
    entry_of: dict[int, AuditRow] = {}
    for org_id in sorted(by_org):  # one order for every writer: no deadlock between two
        if postgres:
            # Writers of one organisation queue here (until commit) so that two transactions
            # never chain onto the same head; other organisations' writers pass.
            session.execute(
                text("SELECT pg_advisory_xact_lock(:k, :o)"), {"k": LOCK_KEY, "o": org_id}
            )
        head = session.execute(
            select(AuditRow.seq, AuditRow.hash)
            .where(AuditRow.org_id == org_id)
            .order_by(AuditRow.seq.desc())
            .limit(1)
        ).first()
        seq, previous = (head.seq, head.hash) if head else (0, GENESIS)
        for row in by_org[org_id]:
            seq += 1
            entry = AuditRow(
                org_id=org_id,
                seq=seq,
                at=at,
                actor=actor,
                action=action,
                entity=row.__tablename__,
                entity_id=_key_of(row),
                digest=DELETED if deleted else row_digest(row),
                prev_hash=previous,
            )
            entry.hash = entry_hash(entry)
            entry.mac = mac(key, entry.hash) if key else None
            previous = entry.hash
            chained.append(entry)
            entry_of[id(row)] = entry
    if chained:
        # One multi-row INSERT rather than the ORM's unit of work: an erasure or a retention
        # run chains thousands of entries at once.
        session.execute(insert(AuditRow), [_columns(entry) for entry in chained])
    return [entry_of[id(row)] for row in rows]


def _columns(entry: AuditRow) -> dict[str, Any]:
    return {c.key: getattr(entry, c.key) for c in AuditRow.__table__.columns}


# Checkpoints ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    count: int
    hash: str


@dataclass(frozen=True)
class Checkpoint:
    """Every chain's length and head hash at one instant, MACed with the key when there is one."""

    at: datetime
    heads: dict[int, Head]
    mac: str | None = None
    line: int = 0

    def body(self) -> dict[str, Any]:
        chains = {str(o): {"count": h.count, "hash": h.hash} for o, h in sorted(self.heads.items())}
        return {"at": _plain(self.at), "chains": chains}

    def signed(self, key: bytes | None) -> Checkpoint:
        signature = mac(key, _canonical(self.body()).decode()) if key else None
        return Checkpoint(self.at, self.heads, signature, self.line)

    def to_json(self) -> str:
        return json.dumps({**self.body(), "mac": self.mac}, sort_keys=True)


def heads(session: Session) -> dict[int, Head]:
    """Each chain's entry count and the hash of its last entry."""
    found: dict[int, Head] = {}
    for org_id, seq, digest in session.execute(
        select(AuditRow.org_id, AuditRow.seq, AuditRow.hash).order_by(AuditRow.org_id, AuditRow.seq)
    ):
        found[org_id] = Head(seq, digest)
    return found


def checkpoint(session: Session, at: datetime, key: bytes | None) -> Checkpoint:
    return Checkpoint(at, heads(session)).signed(key)


def write_checkpoint(path: Path, point: Checkpoint) -> None:
    """Append one JSON line (the file is append-only: earlier lines are never rewritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(point.to_json() + "\n")


def read_checkpoints(path: Path, key: bytes | None) -> tuple[list[Checkpoint], list[Problem]]:
    """The file's checkpoints whose MAC holds (all of them without a key), and its bad lines."""
    points: list[Checkpoint] = []
    problems: list[Problem] = []
    if not path.exists():
        return points, problems
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            point = Checkpoint(
                datetime.fromisoformat(data["at"]),
                {int(o): Head(int(h["count"]), str(h["hash"])) for o, h in data["chains"].items()},
                data.get("mac"),
                number,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            problems.append(Problem(None, f"checkpoint line {number} of {path} is not readable"))
            continue
        if key is not None and point.signed(key).mac != point.mac:
            problems.append(
                Problem(
                    None,
                    f"checkpoint line {number} of {path} is not signed "
                    "with AUDIT_KEY (forged, or written with another key)",
                )
            )
            continue
        points.append(point)
    return points, problems


# Verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    seq: int | None
    what: str
    org_id: int | None = field(default=None, compare=False)
    kind: str = field(default="", compare=False)


UNSIGNED = "unsigned"  # an entry without a MAC: the only problem a first checkpoint may adopt


def verify(
    session: Session, key: bytes | None = None, checkpoints: Iterable[Checkpoint] = ()
) -> tuple[int, list[Problem]]:
    """Check the chains, the covered rows and the checkpoints; return the entry count and
    every problem found."""
    points = list(checkpoints)
    wanted = {(o, h.count) for p in points for o, h in p.heads.items()}
    # Entries up to a chain's newest checkpoint may lack a MAC: the (signed) checkpoint vouches
    # for them, and they may predate the key or the per-organisation chains. A MAC that is
    # there is always checked.
    vouched: dict[int, int] = {}
    for point in points:
        for org_id, head in point.heads.items():
            vouched[org_id] = max(vouched.get(org_id, 0), head.count)
    seen: dict[tuple[int, int], str] = {}
    problems: list[Problem] = []
    latest: dict[tuple[str, str], str] = {}
    lengths: dict[int, int] = {}
    count = 0
    chain = None
    previous, expected_seq = GENESIS, 1
    columns = [c for c in AuditRow.__table__.columns]
    query = select(*columns).order_by(AuditRow.org_id, AuditRow.seq)
    for entry in session.execute(query.execution_options(yield_per=5000)):
        count += 1
        if entry.org_id != chain:
            chain, previous, expected_seq = entry.org_id, GENESIS, 1
        where = _chain_name(entry.org_id)
        if entry.seq != expected_seq:
            missing = (
                f"entry {expected_seq} is missing"
                if entry.seq == expected_seq + 1
                else f"entries {expected_seq}-{entry.seq - 1} are missing"
            )
            problems.append(Problem(entry.seq, f"{where}{missing}", entry.org_id))
        if entry.prev_hash != previous:
            problems.append(
                Problem(entry.seq, f"{where}does not follow the entry before it", entry.org_id)
            )
        if entry_hash(entry) != entry.hash:
            problems.append(
                Problem(entry.seq, f"{where}entry was changed after it was written", entry.org_id)
            )
        elif key is not None:
            if entry.mac is None:
                if entry.seq > vouched.get(entry.org_id, 0):
                    problems.append(
                        Problem(
                            entry.seq,
                            f"{where}entry has no MAC (written without AUDIT_KEY, or forged)",
                            entry.org_id,
                            UNSIGNED,
                        )
                    )
            elif not hmac.compare_digest(entry.mac, mac(key, entry.hash)):
                problems.append(
                    Problem(
                        entry.seq,
                        f"{where}entry's MAC does not match AUDIT_KEY (forged or re-hashed)",
                        entry.org_id,
                    )
                )
        if (entry.org_id, entry.seq) in wanted:
            seen[(entry.org_id, entry.seq)] = entry.hash
        latest[(entry.entity, entry.entity_id)] = entry.digest
        lengths[entry.org_id] = entry.seq
        previous, expected_seq = entry.hash, entry.seq + 1
    problems.extend(_against_checkpoints(points, seen, lengths))
    problems.extend(_check_rows(session, latest))
    return count, problems


def _chain_name(org_id: int) -> str:
    return "legacy chain: " if org_id == LEGACY_CHAIN else ""


def _against_checkpoints(
    points: list[Checkpoint], seen: dict[tuple[int, int], str], lengths: dict[int, int]
) -> list[Problem]:
    problems = []
    for point in points:
        stamp = f"the checkpoint of {_plain(point.at)}"
        for org_id, head in sorted(point.heads.items()):
            chain = f"organisation {org_id}'s chain" if org_id else "the legacy chain"
            have = lengths.get(org_id, 0)
            if have < head.count:
                problems.append(
                    Problem(
                        None,
                        f"{chain} has {have} entries; {stamp} saw "
                        f"{head.count} (entries were deleted)",
                        org_id,
                    )
                )
            elif seen.get((org_id, head.count)) != head.hash:
                problems.append(
                    Problem(
                        None,
                        f"{chain} differs from {stamp} at entry "
                        f"{head.count} (entries up to it were rewritten)",
                        org_id,
                    )
                )
    return problems


def _key_of(row: Base) -> str:
    """The primary key of a row that is in the database (flushed or loaded), as the log has it."""
    identity = inspect(row).identity
    assert identity is not None, "a row is audited once it has its key"
    return str(identity[0])


def _check_rows(session: Session, latest: dict[tuple[str, str], str]) -> list[Problem]:
    problems: list[Problem] = []
    tables = _models()
    logged: dict[str, dict[str, str]] = {}
    for (entity, entity_id), digest in latest.items():
        logged.setdefault(entity, {})[entity_id] = digest
    unknown = sorted(set(logged) - set(tables))
    problems.extend(
        Problem(None, f"the log names a table {name!r} that does not exist") for name in unknown
    )
    for name in sorted(set(COVERED) | (set(logged) - set(unknown))):
        model = tables[name]
        key = inspect(model).primary_key[0]
        rows = session.scalars(select(model).order_by(key))
        present = {_key_of(r): r for r in rows}
        for entity_id, digest in logged.get(name, {}).items():
            row = present.pop(entity_id, None)
            if digest == DELETED:
                if row is not None:  # deleted through the log, and back behind its back
                    what = f"{name} row {entity_id} was written outside the log after its deletion"
                    problems.append(Problem(None, what))
            elif row is None:
                problems.append(Problem(None, f"{name} row {entity_id} was deleted"))
            elif row_digest(row) != digest:
                problems.append(Problem(None, f"{name} row {entity_id} was edited"))
        problems.extend(
            Problem(None, f"{name} row {i} was written outside the log") for i in present
        )
    return problems


def describe(problem: Problem) -> str:
    """'organisation 1, entry 12: <what>': where the problem is, then what it is."""
    chain = f"organisation {problem.org_id}, " if problem.org_id else ""
    where = f"{chain}entry {problem.seq}: " if problem.seq else ""
    return f"{where}{problem.what}"


def limits(key: bytes | None, path: Path | None, points: list) -> list[str]:
    """What the configuration leaves unprotected, said plainly."""
    notes = []
    if key is None:
        notes.append(
            "AUDIT_KEY is not set: entries and checkpoints carry no MAC, so whoever can "
            "write the database can rewrite the entries after the last checkpoint "
            "consistently (edits, deletions and unlogged rows are still found)"
        )
    if path is None:
        notes.append(
            "AUDIT_CHECKPOINT_FILE is not set: without checkpoints, deleting the newest "
            "entries with their rows, or the whole log, cannot be told from a log that "
            "never had them"
        )
    elif not points:
        notes.append(f"no checkpoint in {path} yet: run `presensi audit checkpoint` (daily)")
    return notes
