"""`FaceReferenceRepository` on the database; each change is chained into the audit log."""

from __future__ import annotations

from sqlalchemy import select

from core.faces.enrollment import FaceReference, ReferenceStatus
from core.storage.chat_tables import FaceReferenceRow
from core.storage.uow import UnitOfWork


class SqlFaceReferences:
    """References live in `face_references`; the photos themselves are never stored here."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def add(self, reference: FaceReference) -> None:
        self._uow.add(_row(reference, FaceReferenceRow()), reference.submitted_by, "face.submit")

    def get(self, reference_id: str) -> FaceReference | None:
        row = self._uow.session.get(FaceReferenceRow, reference_id)
        return _reference(row) if row else None

    def get_active(self, employee_id: str) -> FaceReference | None:
        row = self._uow.session.scalars(
            select(FaceReferenceRow).where(
                FaceReferenceRow.employee_id == int(employee_id),
                FaceReferenceRow.status == ReferenceStatus.ACTIVE.value,
            )
        ).first()
        return _reference(row) if row else None

    def save(self, reference: FaceReference) -> None:
        row = self._uow.session.get(FaceReferenceRow, reference.id)
        if row is None:
            raise KeyError(f"face reference {reference.id} was never added")
        _row(reference, row)
        self._uow.touch(
            row, reference.decided_by or reference.submitted_by, f"face.{reference.status.value}"
        )


def _row(reference: FaceReference, row: FaceReferenceRow) -> FaceReferenceRow:
    row.id = reference.id
    row.employee_id = int(reference.employee_id)
    row.encodings = [list(e) for e in reference.encodings]
    row.status = reference.status.value
    row.submitted_by = reference.submitted_by
    row.submitted_at = reference.submitted_at
    row.decided_by = reference.decided_by
    row.decided_at = reference.decided_at
    row.rejection_note = reference.rejection_note
    row.superseded_by = reference.superseded_by
    return row


def _reference(row: FaceReferenceRow) -> FaceReference:
    return FaceReference(
        id=row.id,
        employee_id=str(row.employee_id),
        encodings=tuple(tuple(e) for e in row.encodings),
        status=ReferenceStatus(row.status),
        submitted_by=row.submitted_by,
        submitted_at=row.submitted_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        rejection_note=row.rejection_note,
        superseded_by=row.superseded_by,
    )
