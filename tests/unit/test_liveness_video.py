"""The video port: frames sampled evenly, upright, and bad bytes refused with their reason."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("av")

from core.faces.liveness_reasons import LivenessReason
from core.faces.video import VideoLimits, VideoRejected, _upright, sample_frames
from tests.liveness_videos import encode


def ramp(count: int) -> list[np.ndarray]:
    """Frames whose brightness tells their index."""
    return [np.full((48, 64, 3), (10 * index) % 250, dtype=np.uint8) for index in range(count)]


def test_frames_are_spread_over_the_whole_video():
    video = sample_frames(encode(ramp(20), fps=10), VideoLimits(per_second=2, max_frames=4))

    assert video.seconds == pytest.approx(2.0, abs=0.11)
    assert len(video.frames) == 4
    assert video.times == pytest.approx((0.3, 0.8, 1.3, 1.8), abs=0.01)  # from 0.25 s on
    assert [round(float(f.mean()) / 10) for f in video.frames] == [3, 8, 13, 18]


def test_frames_are_bounded_and_scaled_down():
    video = sample_frames(encode(ramp(20), fps=10), VideoLimits(max_frames=3, side=32))

    assert len(video.frames) == 3
    assert video.frames[0].shape == (24, 32, 3)


@pytest.mark.parametrize(
    ("data", "limits", "reason"),
    [
        (b"", VideoLimits(), LivenessReason.VIDEO_UNREADABLE),
        (b"%PDF-1.4 not a video", VideoLimits(), LivenessReason.VIDEO_UNREADABLE),
        (encode(ramp(30), fps=10), VideoLimits(max_seconds=2.5), LivenessReason.VIDEO_TOO_LONG),
        (encode(ramp(10), fps=10), VideoLimits(max_bytes=100), LivenessReason.VIDEO_TOO_LARGE),
        (encode(ramp(2), fps=10), VideoLimits(max_pixels=1000), LivenessReason.VIDEO_TOO_LARGE),
    ],
    ids=["empty", "pdf", "too-long", "too-many-bytes", "too-many-pixels"],
)
def test_bad_videos_are_refused_with_their_reason(data, limits, reason):
    with pytest.raises(VideoRejected) as refused:
        sample_frames(data, limits)

    assert refused.value.reason is reason


def test_a_portrait_video_stored_sideways_is_turned_upright():
    stored = np.zeros((48, 64, 3), dtype=np.uint8)
    stored[0, 0] = 255  # the stored frame's top-left corner
    # FFmpeg's display matrix of a phone held upright: -90, displayed turned clockwise.
    upright = _upright(stored, -90)

    assert upright.shape == (64, 48, 3)
    assert upright[0, -1, 0] == 255  # the corner is now top-right
    assert _upright(stored, 0) is stored
