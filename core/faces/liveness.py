"""Liveness from a short video: one living person, the enrolled one, doing the challenge.

video bytes -> evenly sampled frames (core.faces.video) -> per frame the faces found and the 68
landmarks of a single face (dlib, tracked from frame to frame) -> pure judgement, first reason
wins: a still image, more than one face, too few frames with a face, a flat face (a photo or a
screen), the challenge not done, then the same person throughout who matches the enrolled face.

Left and right are the person's own. A front camera's preview is mirrored, but phones' camera
apps store the video unmirrored by default (as others see the person), and the check reads
the video as stored: a person turning to their own left turns the nose towards the image's
right. A channel or client known to store mirrored video passes `mirrored=True`. (Not yet
verified on selfie videos from real phones and chat clients: the one real sample is a stage
camera's, which is never mirrored.)
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from PIL import Image

from core.faces import dlib_engine, geometry
from core.faces.liveness_reasons import LivenessReason
from core.faces.port import Encoding, face_distance
from core.faces.video import VideoLimits, VideoRejected, sample_frames
from core.liveness_rule import Challenge

logger = logging.getLogger(__name__)
Box = tuple[int, int, int, int]
# The HOG detector's window is 80 px: faces a little larger are found reliably at one scale.
_DETECT_FACE_PX = 100


@dataclass(frozen=True, slots=True)
class LivenessSettings:
    """Thresholds of the checks; the defaults are measured by benchmarks/liveness_bench.py."""

    # Largest face distance, as for selfies (core.faces.port.FaceSettings.threshold).
    threshold: float = 0.55
    # Largest distance between two frames' faces of one video: dlib's own cut (0.6 on LFW),
    # looser than a selfie's match because video faces are smaller, blurred and turned (the
    # real clip's 90 px face is up to 0.56 from itself); impostors in the calibration set of
    # FaceSettings are at least 0.686 apart.
    same_person_threshold: float = 0.6
    # Share of sampled frames that must show exactly one face.
    min_face_share: float = 0.6
    # Frames with two faces or more that refuse the video (one may be a false detection).
    max_crowded_frames: int = 1
    # Largest nose parallax (core.faces.geometry.flatness) of a flat face: the attack suite's
    # photos and screens stay at or under 0.09 of the eye distance (a large print turned 50
    # degrees close to the camera), most under 0.05; the real head in stage_clip.mp4 reaches
    # 0.36 (benchmarks/liveness_bench.py). 0.15 sits between them.
    max_flatness: float = 0.15
    # Smallest turn of the nose between the jaw's ends (core.faces.geometry.yaw) from the
    # first frame: 0.15 is a clear turn of about 25 degrees, which shows the nose's parallax.
    min_turn: float = 0.15
    # An eye counts as shut below this share of its open ratio (core.faces.geometry): a blink
    # takes the ratio from ~0.3 to under 0.1; the landmark noise of the attack clips dips to
    # 0.55 of the open level and the real clip's to 0.6, which must not count as blinks.
    closed_share: float = 0.5
    # Mean grey change (0-255) between sampled frames under which the video is a still image.
    min_change: float = 1.0
    # Frames whose faces are encoded to compare with each other and the enrolled face.
    identity_frames: int = 2
    # Every this many frames the whole frame is searched (new faces); between, near the last.
    full_search_every: int = 8


DEFAULT_SETTINGS = LivenessSettings()


@dataclass(frozen=True, slots=True)
class FrameFaces:
    """What one sampled frame shows: how many faces, and the single face's box and landmarks."""

    faces: int
    box: Box | None = None
    landmarks: np.ndarray | None = None


@dataclass(frozen=True, slots=True)
class LivenessResult:
    """The verdict on one video and the measures behind it (never the frames)."""

    passed: bool
    reason: LivenessReason | None
    frames: int = 0
    frames_with_face: int = 0
    flatness: float | None = None
    turn: float | None = None
    blinks: int | None = None
    distance: float | None = None
    # dHash of each sampled frame (16 hex digits), to recognise a replayed video later.
    hashes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        data = {name: getattr(self, name) for name in self.__slots__}
        data["reason"] = self.reason.value if self.reason else None
        data["hashes"] = list(self.hashes)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LivenessResult:
        """The result `to_dict` gave, e.g. back from a face worker."""
        reason = LivenessReason(data["reason"]) if data.get("reason") else None
        return cls(**{**data, "reason": reason, "hashes": tuple(data.get("hashes", ()))})


def check_video(
    data: bytes,
    challenge: Challenge,
    references: Sequence[Encoding],
    *,
    limits: VideoLimits,
    settings: LivenessSettings = DEFAULT_SETTINGS,
    mirrored: bool = False,
) -> LivenessResult:
    """The whole check on video bytes; never raises for a bad video or an engine fault."""
    return check_clip(
        data, challenge, references, limits=limits, settings=settings, mirrored=mirrored
    ).result


@dataclass(frozen=True, slots=True)
class CheckedClip:
    """A video's verdict, and its first frame as a JPEG (the face, before the challenge turns
    it): kept as the clock-in's photo evidence instead of the video. None unless it passed."""

    result: LivenessResult
    still: bytes | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain values (the still as bytes), as a face worker's job returns them."""
        return {"result": self.result.to_dict(), "still": self.still}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckedClip:
        """The clip `to_dict` gave."""
        return cls(LivenessResult.from_dict(data["result"]), data.get("still"))


def check_upload(
    data: bytes,
    challenge: str,
    references: Sequence[Sequence[float]],
    max_seconds: float,
    max_bytes: int,
) -> CheckedClip:
    """`check_clip` on plain values: what a face worker process runs for a chat's video."""
    limits = VideoLimits(max_seconds=max_seconds, max_bytes=max_bytes)
    encodings = [tuple(float(x) for x in reference) for reference in references]
    return check_clip(data, Challenge(challenge), encodings, limits=limits)


def check_clip(
    data: bytes,
    challenge: Challenge,
    references: Sequence[Encoding],
    *,
    limits: VideoLimits,
    settings: LivenessSettings = DEFAULT_SETTINGS,
    mirrored: bool = False,
) -> CheckedClip:
    """`check_video`, with the frame a clock-in keeps; never raises for a bad video."""
    if not references:
        return CheckedClip(LivenessResult(False, LivenessReason.NOT_ENROLLED))
    try:
        sampled = sample_frames(data, limits)
    except VideoRejected as rejected:
        return CheckedClip(LivenessResult(False, rejected.reason))
    try:
        result = check_frames(sampled.frames, challenge, references, settings, mirrored=mirrored)
    except Exception as error:  # an engine fault costs a retry, not a verdict
        logger.error("liveness check failed: %s", type(error).__name__)  # never frame data
        return CheckedClip(LivenessResult(False, LivenessReason.TRY_AGAIN))
    return CheckedClip(result, _jpeg(sampled.frames[0]) if result.passed else None)


def _jpeg(frame: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(frame).save(out, format="JPEG", quality=85)
    return out.getvalue()


def check_frames(
    frames: Sequence[np.ndarray],
    challenge: Challenge,
    references: Sequence[Encoding],
    settings: LivenessSettings = DEFAULT_SETTINGS,
    *,
    mirrored: bool = False,
) -> LivenessResult:
    """The checks on decoded RGB frames."""
    greys = [np.asarray(Image.fromarray(frame).convert("L")) for frame in frames]
    hashes = tuple(dhash(grey) for grey in greys)
    base = LivenessResult(False, None, frames=len(frames), hashes=hashes)
    if is_still(greys, settings.min_change):
        return _with(base, reason=LivenessReason.STILL_IMAGE)
    seen = observe(greys, settings)
    verdict = judge(seen, challenge, settings, mirrored=mirrored)
    verdict = _with(verdict, frames=len(frames), hashes=hashes)
    if verdict.reason is not None:
        return verdict
    encodings = _encodings(frames, seen, settings.identity_frames)
    reason, distance = identity(
        encodings, references, settings.threshold, settings.same_person_threshold
    )
    return _with(verdict, passed=reason is None, reason=reason, distance=distance)


# --- pure judgement --------------------------------------------------------------------------


def judge(
    seen: Sequence[FrameFaces],
    challenge: Challenge,
    settings: LivenessSettings = DEFAULT_SETTINGS,
    *,
    mirrored: bool = False,
) -> LivenessResult:
    """The first reason to refuse the faces seen, or a pass pending the identity check."""
    single = [frame.landmarks for frame in seen if frame.faces == 1 and frame.landmarks is not None]
    result = LivenessResult(False, None, frames=len(seen), frames_with_face=len(single))
    if sum(frame.faces > 1 for frame in seen) > settings.max_crowded_frames:
        return _with(result, reason=LivenessReason.MULTIPLE_FACES)
    if not seen or len(single) < max(2, settings.min_face_share * len(seen)):
        return _with(result, reason=LivenessReason.NO_FACE)
    flat = geometry.flatness(single)
    turn = challenge_turn(single, mirrored=mirrored)
    blinks = geometry.count_blinks(
        [geometry.eye_aspect_ratio(points) for points in single],
        closed_share=settings.closed_share,
    )
    result = _with(result, flatness=flat, turn=turn, blinks=blinks)
    if flat <= settings.max_flatness:
        return _with(result, reason=LivenessReason.FLAT)
    return _with(result, reason=challenge_reason(challenge, turn, blinks, settings))


def challenge_turn(landmarks: Sequence[np.ndarray], *, mirrored: bool = False) -> float:
    """The person's largest turn to their own left from the first frame (negative: right)."""
    yaws = [geometry.yaw(points) for points in landmarks]
    # Unmirrored, the person's left is the image's right: the yaw rises.
    moves = [(value - yaws[0]) * (-1 if mirrored else 1) for value in yaws]
    left, right = max(moves), min(moves)
    return left if left >= -right else right


def challenge_reason(
    challenge: Challenge, turn: float, blinks: int, settings: LivenessSettings
) -> LivenessReason | None:
    """Whether the motion answers the challenge: the wanted turn, or at least two blinks."""
    if challenge is Challenge.TURN_LEFT and turn < settings.min_turn:
        return LivenessReason.NOT_TURNED_LEFT
    if challenge is Challenge.TURN_RIGHT and turn > -settings.min_turn:
        return LivenessReason.NOT_TURNED_RIGHT
    if challenge is Challenge.BLINK_TWICE and blinks < 2:
        return LivenessReason.NOT_BLINKED_TWICE
    return None


def identity(
    encodings: Sequence[Encoding],
    references: Sequence[Encoding],
    threshold: float,
    same_person: float = 0.6,
) -> tuple[LivenessReason | None, float | None]:
    """Every encoded frame the same person (within `same_person` of each other), and the best
    of them within `threshold` of the nearest reference, as a selfie is; that distance."""
    if not encodings:
        return LivenessReason.NO_FACE, None
    for index, first in enumerate(encodings):
        if any(face_distance(first, other) > same_person for other in encodings[index + 1 :]):
            return LivenessReason.FACE_CHANGED, None
    distance = min(face_distance(e, r) for e in encodings for r in references)
    return (None if distance <= threshold else LivenessReason.NO_MATCH), distance


def is_still(greys: Sequence[np.ndarray], min_change: float) -> bool:
    """Whether no sampled frame differs from the first by more than `min_change` grey levels."""
    thumbs = [_thumb(grey, (64, 64)).astype(np.int16) for grey in greys]
    return all(float(np.mean(np.abs(t - thumbs[0]))) < min_change for t in thumbs[1:])


def dhash(grey: np.ndarray) -> str:
    """The frame's 64-bit difference hash (dHash) as 16 hex digits.

    Written here in three lines rather than with imagehash (optional in the face extra, see
    core.faces.replay): a 9x8 box-filtered thumbnail, one bit per pair of neighbours, set when
    the left one is brighter. Re-encoding or rescaling moves few bits; other frames most.
    """
    small = _thumb(grey, (9, 8)).astype(np.int16)
    bits = (small[:, :-1] > small[:, 1:]).flatten()
    return f"{int(''.join('1' if bit else '0' for bit in bits), 2):016x}"


# --- the engine: faces and landmarks per frame -----------------------------------------------


def observe(greys: Sequence[np.ndarray], settings: LivenessSettings) -> list[FrameFaces]:
    """Faces and landmarks per frame, following one face from frame to frame.

    The whole frame is searched every `full_search_every` frames and whenever the face was
    lost; between, only the neighbourhood of the last box. A large face is looked for on a copy
    scaled down to the detector's native size, which costs a fraction of the full frame.
    """
    seen: list[FrameFaces] = []
    last: Box | None = None
    for index, grey in enumerate(greys):
        boxes: list[Box] = []
        if last is not None and index % settings.full_search_every:
            boxes = _search_near(grey, last)
        if not boxes:
            boxes = _detect(grey, _side(last) if last else 0)
        if len(boxes) == 1:
            last = boxes[0]
            seen.append(FrameFaces(1, last, dlib_engine.landmarks(grey, last)))
        else:
            last = None
            seen.append(FrameFaces(len(boxes)))
        if sum(frame.faces > 1 for frame in seen) > settings.max_crowded_frames:
            break  # refused for more than one face whatever the rest shows
    return seen


def _search_near(grey: np.ndarray, box: Box) -> list[Box]:
    top, right, bottom, left = box
    margin = _side(box) // 2
    y0, x0 = max(0, top - margin), max(0, left - margin)
    y1, x1 = min(grey.shape[0], bottom + margin), min(grey.shape[1], right + margin)
    found = _detect(grey[y0:y1, x0:x1], _side(box))
    return [(t + y0, r + x0, b + y0, lt + x0) for t, r, b, lt in found]


def _detect(grey: np.ndarray, face_side: int) -> list[Box]:
    """HOG detection; with a face of `face_side` px expected, on a copy where it is ~100 px."""
    scale = min(1.0, _DETECT_FACE_PX / face_side) if face_side else 1.0
    if scale < 0.8:
        size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
        small = np.asarray(Image.fromarray(grey).resize(size, Image.Resampling.BILINEAR))
    else:
        scale, small = 1.0, np.ascontiguousarray(grey)
    found = dlib_engine.detect(small, 0)
    return [tuple(round(v / scale) for v in box) for box in found]  # type: ignore[misc]


def _side(box: Box) -> int:
    top, right, bottom, left = box
    return max(bottom - top, right - left)


def _encodings(
    frames: Sequence[np.ndarray], seen: Sequence[FrameFaces], count: int
) -> list[Encoding]:
    """Encodings of the most frontal face in each of `count` equal parts of the video: the
    encoder compares frontal faces best, and a head turned far is a poor likeness."""
    found = [
        (index, frame.box, frame.landmarks)
        for index, frame in enumerate(seen)
        if frame.box is not None and frame.landmarks is not None
    ]
    encodings = []
    for part in range(count):
        chunk = found[part * len(found) // count : (part + 1) * len(found) // count]
        if not chunk:
            continue
        index, box, _ = min(chunk, key=lambda item: abs(geometry.yaw(item[2])))
        vector = dlib_engine.encode(frames[index], box, jitters=1, landmarks_model="small")
        encodings.append(tuple(float(x) for x in vector))
    return encodings


def _thumb(grey: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    return np.asarray(Image.fromarray(grey).resize(size, Image.Resampling.BOX))


def _with(result: LivenessResult, **changes: Any) -> LivenessResult:
    return replace(result, **changes)
