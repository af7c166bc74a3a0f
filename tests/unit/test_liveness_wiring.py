"""Where liveness videos are checked: on the face workers the composition root builds, with
plain values that cross a process or a Redis queue and come back whole."""

from __future__ import annotations

from importlib.util import find_spec

import pytest

from core.faces.liveness import CheckedClip, LivenessResult
from core.faces.liveness_reasons import LivenessReason
from presensi.runtime import face_matcher, liveness_checker
from presensi.settings import Settings


class SelfiesOnly:
    """A face matcher that checks selfies and knows nothing of videos."""

    async def verify(self, selfie, references, *, threshold=None): ...

    async def encode(self, photo): ...


def test_a_clip_crosses_to_a_worker_and_back_whole():
    result = LivenessResult(
        True, None, frames=20, frames_with_face=17, flatness=0.36, turn=-0.52, blinks=0,
        distance=0.41, hashes=("00ff00ff00ff00ff", "0f0f0f0f0f0f0f0f"),
    )  # fmt: skip
    refused = CheckedClip(LivenessResult(False, LivenessReason.FLAT, flatness=0.04))

    assert CheckedClip.from_dict(CheckedClip(result, b"\xff\xd8jpeg").to_dict()) == CheckedClip(
        result, b"\xff\xd8jpeg"
    )
    assert CheckedClip.from_dict(refused.to_dict()) == refused


def test_without_a_face_matcher_no_video_is_asked():
    assert liveness_checker(None) is None
    assert liveness_checker(SelfiesOnly()) is None


@pytest.mark.skipif(find_spec("av") is None, reason="the face extra is not installed")
def test_the_face_pool_checks_the_videos():
    faces = face_matcher(Settings(face_queue="pool", face_workers=1))

    checker = liveness_checker(faces)

    assert checker is not None and checker.__self__ is faces  # type: ignore[attr-defined]
