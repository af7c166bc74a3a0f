"""Receipts: issue a record's code as it is written, and check a code later.

A receipt names the audit entry that wrote (or decided) its row (`core.receipts`). Checking it
reads that entry by its position, the later entries on the same row and, for records that are
corrected by new rows (attendance, absences), the rows that correct it: the record stands, was
replaced (by what, why), or was changed behind the log's back. Personal data stays out of what
a check tells: initials for the name, no NIP, no position.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core import receipts
from core.receipts import Code, Entry, Position, Standing
from core.services.context import employee_zone
from core.storage import audit
from core.storage.tables import AbsenceRow, AttendanceRequestRow, AttendanceRow, AuditRow, Base
from core.storage.uow import UnitOfWork

# The rows a receipt is issued for, by table.
MODELS: dict[str, type[Base]] = {
    "attendance": AttendanceRow,
    "absences": AbsenceRow,
    "attendance_requests": AttendanceRequestRow,
}


@dataclass(frozen=True)
class Facts:
    """What a record says, as a receipt's check tells it."""

    kind: str  # attendance, absence, missed_request
    what: str  # in / out, or the absence code
    day: date
    last_day: date | None  # an absence's last day
    time: datetime | None  # on the employee's wall clock
    zone: str
    status: str  # the verdict's outcome, or the request's status
    rule: str  # the citation the verdict came from ("" where none)
    initials: str
    action: str  # the audit action that wrote it
    logged_at: datetime  # when, on the employee's wall clock
    reason: str  # a correction's or a decision's reason


@dataclass(frozen=True)
class Verification:
    status: str  # core.receipts: STANDS, REPLACED, CHANGED, UNKNOWN
    record: Facts | None = None  # the receipted record (None: unknown, or edited)
    by: Facts | None = None  # what replaced it


def issue(uow: UnitOfWork, row: Base | None, key: bytes | None) -> str | None:
    """The receipt code of `row` as this transaction last wrote it, else as its latest audit
    entry has it (a redelivered message is answered from the record an earlier try wrote, with
    the same receipt). None without a key or an entry: nothing to vouch for."""
    if key is None or row is None:
        return None
    entry = uow.entry_of(row) or _latest(uow, row)
    if entry is None:
        return None
    position = Position(entry.org_id, entry.seq)
    return receipts.make(key, position, entry.entity, entry.entity_id, entry.digest)


def _latest(uow: UnitOfWork, row: Base) -> AuditRow | None:
    """The row's latest audit entry (one index range: ix_audit_log_entity)."""
    query = (
        select(AuditRow)
        .where(
            AuditRow.org_id == audit.org_of(uow.session, row),
            AuditRow.entity == row.__tablename__,
            AuditRow.entity_id == _id(row),
        )
        .order_by(AuditRow.seq.desc())
        .limit(1)
    )
    return uow.session.scalars(query).first()


def verify(uow: UnitOfWork, key: bytes, text: str) -> Verification:
    """What the record of the code `text` is now; MalformedCode when `text` is no code."""
    code = receipts.parse(text)
    session = uow.session
    found = session.get(AuditRow, (code.position.org_id, code.position.seq))
    model = MODELS.get(found.entity) if found is not None else None
    if found is None or model is None:
        return Verification(receipts.UNKNOWN)
    entry = _entry(found)
    if not receipts.matches(key, code, entry.entity, entry.entity_id, entry.digest):
        return Verification(receipts.UNKNOWN)
    row = session.get(model, int(found.entity_id))
    later = _entries(uow, code, found.entity, found.entity_id, after=code.position.seq)
    fixes = _corrections(uow, row)
    fixed_by = [e for r in fixes for e in _entries(uow, code, r.__tablename__, _id(r))[-1:]]
    digest = audit.row_digest(row) if row is not None else None
    judged: Standing = receipts.standing(key, code, entry, later, digest, fixed_by)
    if judged.status == receipts.CHANGED or row is None:
        return Verification(judged.status)
    if judged.status == receipts.STANDS:
        return Verification(judged.status, _facts(uow, row, found))
    if fixes:
        # The record itself is unchanged: a new row took its place (and maybe another the
        # new one's, and so on): the one that counts now is named.
        current = _latest_correction(uow, fixes[-1])
        return Verification(judged.status, _facts(uow, row, found),
                            _facts(uow, current, _row_entry(uow, code, current)))  # fmt: skip
    # The row was decided again (cancelled...): what it said at the receipt is gone, the
    # entry that changed it and the row as it is now are what can be told.
    assert judged.by is not None
    by = session.get(AuditRow, (judged.by.position.org_id, judged.by.position.seq))
    return Verification(judged.status, None, _facts(uow, row, by))


def _latest_correction(uow: UnitOfWork, row: Base) -> Base:
    """The end of a chain of corrections from `row` (each a new row pointing at the last)."""
    for _ in range(100):  # a day's record is corrected a few times; never loop on bad data
        further = _corrections(uow, row)
        if not further:
            break
        row = further[-1]
    return row


def _entry(row: AuditRow) -> Entry:
    return Entry(Position(row.org_id, row.seq), row.entity, row.entity_id, row.digest, row.action)


def _id(row: Base) -> str:
    return str(row.id)  # type: ignore[attr-defined]


def _entries(
    uow: UnitOfWork, code: Code, entity: str, entity_id: str, after: int = 0
) -> list[Entry]:
    """The entries on one row after entry `after` of the code's chain, oldest first (one
    index range: ix_audit_log_entity)."""
    query = (
        select(AuditRow)
        .where(
            AuditRow.org_id == code.position.org_id,
            AuditRow.entity == entity,
            AuditRow.entity_id == entity_id,
            AuditRow.seq > after,
        )
        .order_by(AuditRow.seq)
    )
    return [_entry(r) for r in uow.session.scalars(query)]


def _row_entry(uow: UnitOfWork, code: Code, row: Base) -> AuditRow | None:
    entries = _entries(uow, code, row.__tablename__, _id(row))
    if not entries:
        return None
    last = entries[-1].position
    return uow.session.get(AuditRow, (last.org_id, last.seq))


def _corrections(uow: UnitOfWork, row: Base | None) -> list[Base]:
    """The rows that correct `row` (attendance and absences point back with `corrects_id`),
    oldest first; found through the employee's index, not a scan."""
    if isinstance(row, AttendanceRow):
        query: Any = select(AttendanceRow).where(
            AttendanceRow.employee_id == row.employee_id,
            AttendanceRow.work_date == row.work_date,
            AttendanceRow.corrects_id == row.id,
        )
    elif isinstance(row, AbsenceRow):
        query = select(AbsenceRow).where(
            AbsenceRow.employee_id == row.employee_id, AbsenceRow.corrects_id == row.id
        )
    else:
        return []
    return sorted(uow.session.scalars(query), key=lambda r: r.id)


def _facts(uow: UnitOfWork, row: Any, entry: AuditRow | None) -> Facts:
    employee = uow.employee(row.employee_id)
    zone = ZoneInfo(employee_zone(uow, employee)) if employee is not None else ZoneInfo("UTC")
    common: dict[str, Any] = {
        "zone": zone.key,
        "initials": initials(employee.name if employee is not None else ""),
        "action": entry.action if entry is not None else "",
        "logged_at": (entry.at if entry is not None else row.created_at).astimezone(zone),
    }
    if isinstance(row, AttendanceRow):
        return Facts("attendance", row.direction, row.work_date, None, row.at.astimezone(zone),
                     status=row.outcome, rule=row.rule, reason=row.reason or "",
                     **common)  # fmt: skip
    if isinstance(row, AbsenceRow):
        return Facts("absence", row.code, row.first_day, row.last_day, None, status=row.status,
                     rule="", reason=row.decision_reason or row.reason, **common)  # fmt: skip
    return Facts("missed_request", row.direction, row.work_date, None, row.at.astimezone(zone),
                 status=row.status, rule="", reason=row.decision_reason or row.reason,
                 **common)  # fmt: skip


def initials(name: str) -> str:
    """'Dewi Lestari, A.Md' -> 'D.L.': enough to recognise one's own record, not to find
    anyone by it (degrees and titles are left out)."""
    words = [w for w in name.replace(",", " ").split() if w.isalpha()]
    return "".join(f"{w[0].upper()}." for w in words[:3])


def plain(facts: Facts) -> dict[str, str]:
    """The facts as strings, for JSON and the command line (empty ones left out)."""
    values = {
        "kind": facts.kind,
        "what": facts.what,
        "day": facts.day.isoformat(),
        "last_day": facts.last_day.isoformat() if facts.last_day else "",
        "time": f"{facts.time:%H:%M}" if facts.time else "",
        "zone": facts.zone,
        "status": facts.status,
        "rule": facts.rule,
        "name": facts.initials,
        "action": facts.action,
        "logged_at": facts.logged_at.isoformat(timespec="minutes"),
        "reason": facts.reason,
    }
    return {key: value for key, value in values.items() if value}
