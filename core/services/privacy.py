"""What is held about one person (UU 27/2022 Pasal 7: the subject's right to a copy).

`export` gathers every row that names the employee, as plain JSON values. Secrets are not
handed out: activation codes appear as dates only, face encodings as their count and that they
are encrypted; the inbox's raw deliveries (kept two days) and the media files (kept by their
retention settings) are named with their periods, not copied.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, or_, select

from core.storage.chat_tables import ActivationCode, ChatAccount, FaceReferenceRow
from core.storage.tables import (
    AbsenceRow,
    Assignment,
    AttendanceRow,
    AuditRow,
    Base,
    EmployeeRow,
    ShiftRow,
    UnitRow,
)
from core.storage.uow import UnitOfWork


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
        "chat_accounts": [_plain(r) for r in session.scalars(mine(ChatAccount))],
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
            "inbox": "raw chat deliveries, kept two days for redelivery",
        },
    }


def _decided_by(uow: UnitOfWork, employee: EmployeeRow) -> int:
    """How many absences name this employee as approver (the rows are others' data)."""
    query = select(AbsenceRow.id).where(
        or_(AbsenceRow.decided_by == employee.id, AbsenceRow.approver_id == employee.id)
    )
    return len(uow.session.scalars(query).all())


def _plain(row: Base, skip: set[str] = frozenset()) -> dict[str, Any]:
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
