"""`FaceReferenceRepository` on the database; each change is chained into the audit log.

Face encodings are biometric data (UU 27/2022, data pribadi spesifik): they are stored encrypted
with Fernet (AES-128-CBC + HMAC-SHA256) as `{"fernet": TOKEN}` in the `encodings` column. Rows
written before encryption (a plain list) are still read, and are encrypted on their next write
or by `presensi face rekey`, which also moves every row to the first of several keys.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from sqlalchemy import select

from core.faces.enrollment import FaceReference, ReferenceStatus
from core.storage.chat_tables import FaceReferenceRow
from core.storage.uow import UnitOfWork


class Cipher(Protocol):
    """cryptography's Fernet or MultiFernet (rotate: re-encrypt a token with the first key)."""

    def encrypt(self, data: bytes) -> bytes: ...

    def decrypt(self, token: bytes) -> bytes: ...

    def rotate(self, token: bytes) -> bytes: ...


class EncodingsLocked(RuntimeError):
    """Encrypted encodings and no key (or not the right one) to read them."""


class SqlFaceReferences:
    """References live in `face_references`; the photos themselves are never stored here.

    `cipher` encrypts the encodings written and decrypts those read; without one (tests of
    other things) they are written plain, and encrypted ones cannot be read.
    """

    def __init__(self, uow: UnitOfWork, cipher: Cipher | None = None) -> None:
        self._uow = uow
        self._cipher = cipher

    def add(self, reference: FaceReference) -> None:
        row = _row(reference, FaceReferenceRow(), self._cipher)
        self._uow.add(row, reference.submitted_by, "face.submit")

    def get(self, reference_id: str) -> FaceReference | None:
        row = self._uow.session.get(FaceReferenceRow, reference_id)
        return _reference(row, self._cipher) if row else None

    def get_active(self, employee_id: str) -> FaceReference | None:
        row = self._uow.session.scalars(
            select(FaceReferenceRow).where(
                FaceReferenceRow.employee_id == int(employee_id),
                FaceReferenceRow.status == ReferenceStatus.ACTIVE.value,
            )
        ).first()
        return _reference(row, self._cipher) if row else None

    def save(self, reference: FaceReference) -> None:
        row = self._uow.session.get(FaceReferenceRow, reference.id)
        if row is None:
            raise KeyError(f"face reference {reference.id} was never added")
        _row(reference, row, self._cipher)
        self._uow.touch(
            row, reference.decided_by or reference.submitted_by, f"face.{reference.status.value}"
        )

    def rekey(self, actor: str) -> tuple[int, int]:
        """Encrypt plain rows and re-encrypt the others with the first key; (plain, rotated)."""
        if self._cipher is None:
            raise EncodingsLocked("no face key to encrypt with")
        plain = rotated = 0
        query = select(FaceReferenceRow).order_by(FaceReferenceRow.id)
        for row in self._uow.session.scalars(query).all():
            stored = row.encodings
            if isinstance(stored, dict) and "fernet" in stored:
                try:
                    token = self._cipher.rotate(stored["fernet"].encode())
                except Exception as error:  # InvalidToken: its key is no longer configured
                    raise EncodingsLocked(
                        f"face reference {row.id} was encrypted with a key not in FACE_KEYS"
                    ) from error
                rotated += 1
            else:
                token = self._cipher.encrypt(json.dumps(stored).encode())
                plain += 1
            row.encodings = {"fernet": token.decode()}
            self._uow.touch(row, actor, "face.rekey")
        return plain, rotated


def sealed(encodings: Any, cipher: Cipher | None) -> Any:
    """What the `encodings` column holds for these encodings."""
    plain = [list(e) for e in encodings]
    if cipher is None:
        return plain
    return {"fernet": cipher.encrypt(json.dumps(plain).encode()).decode()}


def opened(stored: Any, cipher: Cipher | None) -> list[list[float]]:
    """The encodings of an `encodings` column, encrypted or (an old row) plain."""
    if not (isinstance(stored, dict) and "fernet" in stored):
        return stored
    if cipher is None:
        raise EncodingsLocked("face encodings are encrypted and no FACE_KEYS are configured")
    try:
        return json.loads(cipher.decrypt(stored["fernet"].encode()))
    except Exception as error:  # cryptography's InvalidToken: a key was dropped too early
        raise EncodingsLocked(
            "face encodings were encrypted with a key not in FACE_KEYS"
        ) from error


def _row(reference: FaceReference, row: FaceReferenceRow, cipher: Cipher | None):
    row.id = reference.id
    row.employee_id = int(reference.employee_id)
    row.encodings = sealed(reference.encodings, cipher)
    row.status = reference.status.value
    row.submitted_by = reference.submitted_by
    row.submitted_at = reference.submitted_at
    row.decided_by = reference.decided_by
    row.decided_at = reference.decided_at
    row.rejection_note = reference.rejection_note
    row.superseded_by = reference.superseded_by
    return row


def _reference(row: FaceReferenceRow, cipher: Cipher | None) -> FaceReference:
    return FaceReference(
        id=row.id,
        employee_id=str(row.employee_id),
        encodings=tuple(tuple(e) for e in opened(row.encodings, cipher)),
        status=ReferenceStatus(row.status),
        submitted_by=row.submitted_by,
        submitted_at=row.submitted_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        rejection_note=row.rejection_note,
        superseded_by=row.superseded_by,
    )
