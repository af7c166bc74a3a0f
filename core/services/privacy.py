"""What is held about one person (UU 27/2022 Pasal 7: the subject's right to a copy), and how
long exact positions are kept.

`export` gathers every row that names the employee, as plain JSON values. Secrets are not
handed out: activation codes appear as dates only, face encodings as their count and that they
are encrypted; the inbox's raw deliveries (kept two days) and the media files (kept by their
retention settings) are named with their periods, not copied.

`redact_locations` drops the exact position (latitude, longitude, accuracy) of attendance
records older than their retention (`LOCATION_RETENTION_DAYS`, run by `presensi media purge`):
the distance to the area and the verdict it decided stay, as the pay basis. The erasure of one
person's data is `core.services.privacy_erase`.
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from core.storage.approval_tables import DelegationRow
from core.storage.chat_tables import ActivationCode, ChatAccount, FaceReferenceRow
from core.storage.lkh_tables import LkhActivityRow, LkhReportRow
from core.storage.tables import (
    AbsenceRow,
    Assignment,
    AttendanceRequestRow,
    AttendanceRow,
    AuditRow,
    Base,
    EmployeeRow,
    ShiftRow,
    TravelDestinationRow,
    UnitRow,
)
from core.storage.uow import UnitOfWork

LOCATION_ACTION = "location.expire"
BATCH = 2000


def export(uow: UnitOfWork, employee: EmployeeRow) -> dict[str, Any]:
    """Everything held about `employee`, as JSON-ready values."""
    session = uow.session
    mine = lambda table: select(table).where(table.employee_id == employee.id)  # noqa: E731
    unit = session.get(UnitRow, employee.unit_id)
    faces = session.scalars(mine(FaceReferenceRow).order_by(FaceReferenceRow.submitted_at))
    codes = session.scalars(mine(ActivationCode).order_by(ActivationCode.created_at))
    audit = session.scalars(
        select(AuditRow).where(
            AuditRow.entity == "employees", AuditRow.entity_id == str(employee.id)
        )
    )
    return {
        "employee": {**_plain(employee), "unit": unit.name if unit else None},
        "unit_assignments": [_plain(r) for r in session.scalars(mine(Assignment))],
        "shifts": [_plain(r) for r in session.scalars(mine(ShiftRow))],
        "attendance": [
            _plain(r) for r in session.scalars(mine(AttendanceRow).order_by(AttendanceRow.id))
        ],
        "absences": [_plain(r) for r in session.scalars(mine(AbsenceRow).order_by(AbsenceRow.id))],
        "attendance_requests": [
            _plain(r)
            for r in session.scalars(mine(AttendanceRequestRow).order_by(AttendanceRequestRow.id))
        ],
        "travel_destinations": [
            _plain(r)
            for r in session.scalars(mine(TravelDestinationRow).order_by(TravelDestinationRow.id))
        ],
        "lkh_reports": [
            _plain(r) for r in session.scalars(mine(LkhReportRow).order_by(LkhReportRow.id))
        ],
        "lkh_activities": [
            _plain(r) for r in session.scalars(mine(LkhActivityRow).order_by(LkhActivityRow.id))
        ],
        "chat_accounts": [_plain(r) for r in session.scalars(mine(ChatAccount))],
        # Substitutes the person named, and those naming them (/wakil).
        "delegations": [
            _plain(r)
            for r in session.scalars(
                select(DelegationRow)
                .where(
                    or_(
                        DelegationRow.employee_id == employee.id,
                        DelegationRow.delegate_id == employee.id,
                    )
                )
                .order_by(DelegationRow.id)
            )
        ],
        "activation_codes": [
            {
                "created_at": _value(c.created_at),
                "expires_at": _value(c.expires_at),
                "used_at": _value(c.used_at),
            }
            for c in codes
        ],
        "face_references": [
            {
                **_plain(f, skip={"encodings"}),
                "encodings": "held encrypted: 128 numbers per photo, not an image",
            }
            for f in faces
        ],
        "supervises": [
            e.identifier
            for e in session.scalars(
                select(EmployeeRow).where(EmployeeRow.supervisor_id == employee.id)
            )
        ],
        "audit_entries_about_the_employee_record": [
            {"at": _value(a.at), "action": a.action, "actor": a.actor} for a in audit
        ],
        "also_held": {
            "decisions_by_this_employee": _decided_by(uow, employee),
            "media": "selfies and enrollment photos for SELFIE_RETENTION_DAYS, evidence "
            "documents for EVIDENCE_RETENTION_DAYS (files named in the rows above)",
            "locations": "the exact position of each clock-in (lat, lon, accuracy_m above) for "
            "LOCATION_RETENTION_DAYS; after that only the distance to the area and the verdict",
            "inbox": "raw chat deliveries, kept two days for redelivery",
        },
    }


def redact_locations(
    uow: UnitOfWork, before: datetime, actor: str = "cli", batch: int = BATCH
) -> int:
    """Drop latitude, longitude and accuracy of every attendance record made before `before`
    (distance, verdict and the rest stay); return how many records changed.

    Each changed record is audited (`uow.touch_many`), so `audit verify` stays intact. The work
    goes in batches of `batch` records, each committed on its own: a regency's month (10,000
    staff, some 440,000 records) is never held in memory, and each organisation's chain lock is
    held for one batch only (the session is emptied after each). A second run finds nothing
    left.
    """
    session, done, after = uow.session, 0, 0
    located = or_(
        AttendanceRow.lat.is_not(None),
        AttendanceRow.lon.is_not(None),
        AttendanceRow.accuracy_m.is_not(None),
    )
    while True:
        query = (
            select(AttendanceRow)
            .where(AttendanceRow.id > after, AttendanceRow.at < before, located)
            .order_by(AttendanceRow.id)
            .limit(batch)
        )
        rows = session.scalars(query).all()
        if not rows:
            return done
        # Their employees in one query, held while the batch is audited: the audit finds each
        # row's organisation through them (the session keeps only what is referenced).
        ids = {row.employee_id for row in rows}
        employees = session.scalars(select(EmployeeRow).where(EmployeeRow.id.in_(ids))).all()
        # One UPDATE for the batch; the rows in memory are set to match for their digests.
        session.execute(
            update(AttendanceRow)
            .where(AttendanceRow.id.in_([row.id for row in rows]))
            .values(lat=None, lon=None, accuracy_m=None)
            .execution_options(synchronize_session=False)
        )
        for row in rows:
            for column in ("lat", "lon", "accuracy_m"):
                set_committed_value(row, column, None)
        uow.touch_many(rows, actor, LOCATION_ACTION)
        uow.commit()
        done, after = done + len(rows), rows[-1].id
        del employees
        session.expunge_all()


def clear_position(row: AttendanceRow) -> bool:
    """Drop the exact position of an attendance record (distance and verdict stay); True when
    there was one."""
    if row.lat is None and row.lon is None and row.accuracy_m is None:
        return False
    row.lat = row.lon = row.accuracy_m = None
    return True


def _decided_by(uow: UnitOfWork, employee: EmployeeRow) -> int:
    """How many absences name this employee as approver (the rows are others' data)."""
    query = select(AbsenceRow.id).where(
        or_(AbsenceRow.decided_by == employee.id, AbsenceRow.approver_id == employee.id)
    )
    return len(uow.session.scalars(query).all())


def _plain(row: Base, skip: Set[str] = frozenset()) -> dict[str, Any]:
    return {
        c.key: _value(getattr(row, c.key))
        for c in inspect(row).mapper.column_attrs
        if c.key not in skip
    }


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value
