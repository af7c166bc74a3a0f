"""Untrusted video bytes to a few evenly spaced RGB frames, with PyAV (FFmpeg).

The only module that imports `av` (lazily, like dlib_engine): the liveness checks take frames
as arrays and are tested without any video. Every refusal is a `VideoRejected` with its reason.
The length is read from the container first and checked again while decoding, because a
header may lie; decoding stops as soon as the video runs past the limit.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.faces.liveness_reasons import LivenessReason

# Frames are brought down to this longest side: the face detector's working size.
WORK_SIDE = 640


class VideoRejected(Exception):
    """The bytes are not a video the checks can use; `reason` says why."""

    def __init__(self, reason: LivenessReason) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class VideoLimits:
    """How much of a video is read: at most `max_seconds` long and `max_bytes` big, sampled
    at `per_second` frames a second, never more than `max_frames` in all."""

    max_seconds: float = 8.0
    max_bytes: int = 20 * 1024 * 1024
    # Checked from the stream header before a frame is decoded: 4K is the most a phone records.
    max_pixels: int = 3840 * 2160
    per_second: float = 5.0
    max_frames: int = 20
    side: int = WORK_SIDE


@dataclass(frozen=True, slots=True)
class SampledVideo:
    """Evenly spaced frames (RGB, H x W x 3 uint8), their times in seconds, and the length."""

    frames: tuple[np.ndarray, ...]
    times: tuple[float, ...]
    seconds: float


def sample_frames(data: bytes, limits: VideoLimits) -> SampledVideo:
    """Decode `data` and keep up to `limits.max_frames` frames spread over its length."""
    if not data:
        raise VideoRejected(LivenessReason.VIDEO_UNREADABLE)
    if len(data) > limits.max_bytes:
        raise VideoRejected(LivenessReason.VIDEO_TOO_LARGE)
    try:
        return _sample(data, limits)
    except VideoRejected:
        raise
    except Exception:  # any demuxer or decoder error on untrusted bytes: not a readable video
        raise VideoRejected(LivenessReason.VIDEO_UNREADABLE) from None


def _sample(data: bytes, limits: VideoLimits) -> SampledVideo:
    import av

    with av.open(io.BytesIO(data), mode="r") as container:
        if not container.streams.video:
            raise VideoRejected(LivenessReason.VIDEO_UNREADABLE)
        stream = container.streams.video[0]
        stream.thread_type = "NONE"  # one core per check: the pool runs checks side by side
        if stream.width * stream.height > limits.max_pixels:
            raise VideoRejected(LivenessReason.VIDEO_TOO_LARGE)
        seconds = _declared_seconds(container, stream)
        if seconds > limits.max_seconds:
            raise VideoRejected(LivenessReason.VIDEO_TOO_LONG)
        count = max(2, min(limits.max_frames, round(seconds * limits.per_second)))
        wanted = [seconds * (index + 0.5) / count for index in range(count)]
        frames, times = _pick(_decoded(container, stream, limits), wanted, limits.side)
    if len(frames) < 2:
        raise VideoRejected(LivenessReason.VIDEO_UNREADABLE)
    return SampledVideo(tuple(frames), tuple(times), seconds)


def _declared_seconds(container: Any, stream: Any) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration) / 1_000_000  # av.time_base: microseconds
    raise VideoRejected(LivenessReason.VIDEO_UNREADABLE)


def _decoded(container: Any, stream: Any, limits: VideoLimits) -> Iterator[tuple[float, Any]]:
    """(seconds from the start, frame) for every frame; refuses once past the limit."""
    start: float | None = None
    for frame in container.decode(stream):
        if frame.time is None:
            continue
        start = frame.time if start is None else start
        at = frame.time - start
        if at > limits.max_seconds:  # the header said less: it lied
            raise VideoRejected(LivenessReason.VIDEO_TOO_LONG)
        yield at, frame


def _pick(
    decoded: Iterator[tuple[float, Any]], wanted: list[float], side: int
) -> tuple[list[np.ndarray], list[float]]:
    """The first frame at or after each wanted time, scaled to `side` and converted to RGB."""
    frames: list[np.ndarray] = []
    times: list[float] = []
    for at, frame in decoded:
        if len(times) == len(wanted) or at + 1e-6 < wanted[len(times)]:
            continue  # keep decoding: a lying header is only caught at the end
        scale = min(1.0, side / max(frame.width, frame.height))
        width, height = round(frame.width * scale) // 2 * 2, round(frame.height * scale) // 2 * 2
        pixels = frame.to_ndarray(format="rgb24", width=width, height=height)
        frames.append(_upright(pixels, frame.rotation))
        times.append(at)
        while len(times) < len(wanted) and wanted[len(times)] <= at:
            wanted.pop(len(times))  # a long gap between frames: one frame for several times
    return frames, times


def _upright(pixels: np.ndarray, rotation: int) -> np.ndarray:
    """Phones store portrait video sideways with a rotation to display it by; apply it."""
    turns = round(rotation / 90) % 4  # FFmpeg's display matrix: degrees counter-clockwise
    return np.ascontiguousarray(np.rot90(pixels, turns)) if turns else pixels
