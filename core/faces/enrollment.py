"""Enrollment use cases: an employee's reference face, submitted, then approved by an admin.

A reference holds the encodings of one to three photos (the photos themselves are not kept
here; the media store does that when the retention policy asks). It is `pending` until a unit
admin approves it; approval makes it `active` and the previous active one `superseded`. No
reference is ever deleted: the trail shows who submitted, approved or rejected what, and when.
Checking that the admin may act for the employee's unit is the caller's job.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from core.faces.port import Encoding, FaceMatcher, FaceSettings, Reason, face_distance

MAX_PHOTOS = 3


class ReferenceStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    SUPERSEDED = "superseded"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class FaceReference:
    """One enrollment of an employee's face; changes are saved as new versions of the record."""

    id: str
    employee_id: str
    encodings: tuple[Encoding, ...]
    status: ReferenceStatus
    submitted_by: str
    submitted_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    rejection_note: str | None = None
    superseded_by: str | None = None


class FaceReferenceRepository(Protocol):
    """Storage of face references; run each use case in one transaction (unit of work)."""

    def add(self, reference: FaceReference) -> None:
        """Store a new reference; its id is new."""
        ...

    def get(self, reference_id: str) -> FaceReference | None:
        """The reference with this id, whatever its status."""
        ...

    def get_active(self, employee_id: str) -> FaceReference | None:
        """The employee's active reference; there is at most one."""
        ...

    def save(self, reference: FaceReference) -> None:
        """Replace the stored reference that has the same id."""
        ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class EnrollmentError(Exception):
    """A decision the state of the reference does not allow; `code` is stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class PhotoRefusal:
    """Photo number `index` (0-based) was refused for `reason`."""

    index: int
    reason: Reason


@dataclass(frozen=True, slots=True)
class Submission:
    """A pending reference, or why the photos were refused (then nothing is stored)."""

    reference: FaceReference | None
    refusals: tuple[PhotoRefusal, ...] = ()


async def submit_enrollment(
    employee_id: str,
    photos: Sequence[bytes],
    *,
    submitted_by: str,
    matcher: FaceMatcher,
    repository: FaceReferenceRepository,
    clock: Clock,
    settings: FaceSettings = FaceSettings(),  # noqa: B008 - frozen, shared safely
    new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
) -> Submission:
    """Encode 1-3 photos that each pass the quality checks and store them as pending."""
    if not 1 <= len(photos) <= MAX_PHOTOS:
        raise ValueError(f"an enrollment takes 1 to {MAX_PHOTOS} photos, got {len(photos)}")
    encodings: list[Encoding] = []
    refusals: list[PhotoRefusal] = []
    for index, photo in enumerate(photos):
        result = await matcher.encode(photo)
        if result.encoding is None:
            refusals.append(PhotoRefusal(index, result.reason or Reason.TRY_AGAIN))
        else:
            encodings.append(result.encoding)
    if refusals:
        return Submission(None, tuple(refusals))
    if not _same_person(encodings, settings.threshold):
        return Submission(None, (PhotoRefusal(0, Reason.INCONSISTENT_PHOTOS),))
    reference = FaceReference(
        id=new_id(),
        employee_id=employee_id,
        encodings=tuple(encodings),
        status=ReferenceStatus.PENDING,
        submitted_by=submitted_by,
        submitted_at=clock.now(),
    )
    repository.add(reference)
    return Submission(reference)


def approve_enrollment(
    reference_id: str, *, admin_id: str, repository: FaceReferenceRepository, clock: Clock
) -> FaceReference:
    """Make a pending reference active; the employee's previous one becomes superseded."""
    pending = _pending(reference_id, repository)
    now = clock.now()
    previous = repository.get_active(pending.employee_id)
    if previous is not None:
        repository.save(
            replace(previous, status=ReferenceStatus.SUPERSEDED, superseded_by=pending.id)
        )
    active = replace(pending, status=ReferenceStatus.ACTIVE, decided_by=admin_id, decided_at=now)
    repository.save(active)
    return active


def reject_enrollment(
    reference_id: str,
    *,
    admin_id: str,
    note: str,
    repository: FaceReferenceRepository,
    clock: Clock,
) -> FaceReference:
    """Refuse a pending reference; the employee's active one, if any, stays in force."""
    pending = _pending(reference_id, repository)
    rejected = replace(
        pending,
        status=ReferenceStatus.REJECTED,
        decided_by=admin_id,
        decided_at=clock.now(),
        rejection_note=note,
    )
    repository.save(rejected)
    return rejected


def active_encodings(employee_id: str, repository: FaceReferenceRepository) -> tuple[Encoding, ...]:
    """The encodings a selfie is verified against; empty when not enrolled."""
    active = repository.get_active(employee_id)
    return active.encodings if active else ()


def _pending(reference_id: str, repository: FaceReferenceRepository) -> FaceReference:
    reference = repository.get(reference_id)
    if reference is None:
        raise EnrollmentError("not_found", f"no face reference {reference_id}")
    if reference.status is not ReferenceStatus.PENDING:
        raise EnrollmentError("not_pending", f"face reference is {reference.status}, not pending")
    return reference


def _same_person(encodings: Sequence[Encoding], threshold: float) -> bool:
    # Photos of different people would let either of them pass as the employee.
    return all(face_distance(a, b) <= threshold for a, b in itertools.combinations(encodings, 2))


class InMemoryFaceReferenceRepository:
    """`FaceReferenceRepository` in a dict, for tests and the single-process demo."""

    def __init__(self) -> None:
        self._references: dict[str, FaceReference] = {}

    def add(self, reference: FaceReference) -> None:
        if reference.id in self._references:
            raise KeyError(f"face reference {reference.id} already exists")
        self._references[reference.id] = reference

    def get(self, reference_id: str) -> FaceReference | None:
        return self._references.get(reference_id)

    def get_active(self, employee_id: str) -> FaceReference | None:
        return next(
            (
                reference
                for reference in self._references.values()
                if reference.employee_id == employee_id
                and reference.status is ReferenceStatus.ACTIVE
            ),
            None,
        )

    def save(self, reference: FaceReference) -> None:
        if reference.id not in self._references:
            raise KeyError(f"face reference {reference.id} was never added")
        self._references[reference.id] = reference

    def history(self, employee_id: str) -> list[FaceReference]:
        """Every reference of the employee, oldest first (for audit views and tests)."""
        return [r for r in self._references.values() if r.employee_id == employee_id]
