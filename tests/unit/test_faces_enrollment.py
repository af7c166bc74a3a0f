"""Enrollment: submit reference photos, approve or reject them, keep the old ones for audit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from core.faces.enrollment import (
    EnrollmentError,
    FaceReference,
    InMemoryFaceReferenceRepository,
    PhotoRefusal,
    ReferenceStatus,
    active_encodings,
    approve_enrollment,
    reject_enrollment,
    submit_enrollment,
)
from core.faces.port import Encoding, EncodingResult, Reason, VerificationResult

ANI = "198001012005011001"
ADMIN = "197001012000011001"


def face(x: float) -> Encoding:
    """An encoding; faces whose `x` differ by more than the threshold are different people."""
    return (x, *([0.0] * 127))


class FakeMatcher:
    """Encodes photos by looking them up: b"ani-1" is a photo of Ani, b"dark" is refused."""

    def __init__(self) -> None:
        self.photos: dict[bytes, EncodingResult] = {
            b"ani-1": EncodingResult(face(0.0)),
            b"ani-2": EncodingResult(face(0.1)),
            b"ani-3": EncodingResult(face(0.2)),
            b"budi": EncodingResult(face(0.9)),
            b"dark": EncodingResult.refused(Reason.TOO_DARK),
            b"group": EncodingResult.refused(Reason.MULTIPLE_FACES),
        }

    async def encode(self, photo: bytes) -> EncodingResult:
        return self.photos[photo]

    async def verify(
        self, selfie: bytes, references: Sequence[Encoding], *, threshold: float | None = None
    ) -> VerificationResult:
        raise AssertionError("enrollment never verifies")


class StepClock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)

    def now(self) -> datetime:
        self.at += timedelta(minutes=1)
        return self.at


@pytest.fixture
def repository() -> InMemoryFaceReferenceRepository:
    return InMemoryFaceReferenceRepository()


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


async def submit(repository, clock, *photos: bytes, by: str = ANI):
    return await submit_enrollment(
        ANI,
        photos,
        submitted_by=by,
        matcher=FakeMatcher(),
        repository=repository,
        clock=clock,
    )


async def enrolled(repository, clock, *photos: bytes) -> FaceReference:
    submission = await submit(repository, clock, *photos)
    assert submission.reference is not None
    return approve_enrollment(
        submission.reference.id, admin_id=ADMIN, repository=repository, clock=clock
    )


async def test_submitted_photos_wait_for_approval(repository, clock):
    submission = await submit(repository, clock, b"ani-1", b"ani-2", b"ani-3")

    reference = submission.reference
    assert reference is not None
    assert reference.status is ReferenceStatus.PENDING
    assert reference.encodings == (face(0.0), face(0.1), face(0.2))
    assert (reference.employee_id, reference.submitted_by) == (ANI, ANI)
    assert repository.get(reference.id) == reference
    assert active_encodings(ANI, repository) == ()


async def test_approval_makes_the_reference_active(repository, clock):
    active = await enrolled(repository, clock, b"ani-1")

    assert active.status is ReferenceStatus.ACTIVE
    assert active.decided_by == ADMIN
    assert active.decided_at is not None and active.decided_at > active.submitted_at
    assert repository.get_active(ANI) == active
    assert active_encodings(ANI, repository) == (face(0.0),)


async def test_reenrollment_supersedes_the_old_reference_only_when_approved(repository, clock):
    first = await enrolled(repository, clock, b"ani-1")
    second = await submit(repository, clock, b"ani-2")
    assert second.reference is not None

    assert repository.get_active(ANI) == first
    approve_enrollment(second.reference.id, admin_id=ADMIN, repository=repository, clock=clock)

    old = repository.get(first.id)
    assert old is not None
    assert old.status is ReferenceStatus.SUPERSEDED
    assert old.superseded_by == second.reference.id
    assert old.encodings == first.encodings  # kept whole for the audit trail
    assert active_encodings(ANI, repository) == (face(0.1),)
    assert [r.status for r in repository.history(ANI)] == [
        ReferenceStatus.SUPERSEDED,
        ReferenceStatus.ACTIVE,
    ]


async def test_rejection_keeps_the_current_reference(repository, clock):
    first = await enrolled(repository, clock, b"ani-1")
    second = await submit(repository, clock, b"ani-2")
    assert second.reference is not None

    rejected = reject_enrollment(
        second.reference.id, admin_id=ADMIN, note="sunglasses", repository=repository, clock=clock
    )

    assert rejected.status is ReferenceStatus.REJECTED
    assert (rejected.decided_by, rejected.rejection_note) == (ADMIN, "sunglasses")
    assert repository.get_active(ANI) == first


async def test_admin_may_submit_photos_imported_from_files(repository, clock):
    submission = await submit(repository, clock, b"ani-1", by=ADMIN)

    assert submission.reference is not None
    assert submission.reference.submitted_by == ADMIN


async def test_refused_photos_are_reported_and_nothing_is_stored(repository, clock):
    submission = await submit(repository, clock, b"ani-1", b"dark", b"group")

    assert submission.reference is None
    assert submission.refusals == (
        PhotoRefusal(1, Reason.TOO_DARK),
        PhotoRefusal(2, Reason.MULTIPLE_FACES),
    )
    assert repository.history(ANI) == []


async def test_photos_of_two_people_are_refused(repository, clock):
    submission = await submit(repository, clock, b"ani-1", b"budi")

    assert submission.reference is None
    assert submission.refusals == (PhotoRefusal(0, Reason.INCONSISTENT_PHOTOS),)


@pytest.mark.parametrize("count", [0, 4])
async def test_one_to_three_photos(repository, clock, count):
    with pytest.raises(ValueError, match="1 to 3 photos"):
        await submit(repository, clock, *([b"ani-1"] * count))


async def test_a_decided_reference_cannot_be_decided_again(repository, clock):
    active = await enrolled(repository, clock, b"ani-1")

    with pytest.raises(EnrollmentError) as approve_again:
        approve_enrollment(active.id, admin_id=ADMIN, repository=repository, clock=clock)
    with pytest.raises(EnrollmentError) as reject_now:
        reject_enrollment(active.id, admin_id=ADMIN, note="", repository=repository, clock=clock)

    assert approve_again.value.code == reject_now.value.code == "not_pending"


def test_unknown_reference_is_not_found(repository, clock):
    with pytest.raises(EnrollmentError) as caught:
        approve_enrollment("nope", admin_id=ADMIN, repository=repository, clock=clock)

    assert caught.value.code == "not_found"
