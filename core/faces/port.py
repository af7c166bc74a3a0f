"""The face matcher port: what the chat flows and use cases see of face matching.

Plain values only (no numpy, no dlib), so that core can depend on this module everywhere and
the costly engine stays behind `FaceMatcher` implementations (a local process pool or a Redis
job queue). An encoding is the 128-d descriptor as a tuple of floats; results are frozen
dataclasses with a stable reason code for the chat layer to translate and an English text.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Protocol

Encoding = tuple[float, ...]
"""A face descriptor: 128 floats; two faces match when their Euclidean distance is small."""

ENCODING_SIZE = 128
_PACKED = struct.Struct(f"<{ENCODING_SIZE}d")


class Reason(StrEnum):
    """Why a photo was refused or a check failed; the values are stable codes."""

    NOT_AN_IMAGE = "not_an_image"
    UNSUPPORTED_FORMAT = "unsupported_format"
    FILE_TOO_LARGE = "file_too_large"
    IMAGE_TOO_LARGE = "image_too_large"
    IMAGE_TOO_SMALL = "image_too_small"
    ANIMATED_IMAGE = "animated_image"
    TRUNCATED_IMAGE = "truncated_image"
    NO_FACE = "no_face"
    MULTIPLE_FACES = "multiple_faces"
    FACE_TOO_SMALL = "face_too_small"
    TOO_BLURRY = "too_blurry"
    TOO_DARK = "too_dark"
    NO_MATCH = "no_match"
    NOT_ENROLLED = "not_enrolled"
    INCONSISTENT_PHOTOS = "inconsistent_photos"
    REPLAYED_PHOTO = "replayed_photo"
    TRY_AGAIN = "try_again"

    @property
    def text(self) -> str:
        """The English explanation for a person; the chat layer translates by code."""
        return REASON_TEXT[self]


REASON_TEXT: Mapping[Reason, str] = {
    Reason.NOT_AN_IMAGE: "This file is not a photo. Please send a photo (JPEG, PNG or WebP).",
    Reason.UNSUPPORTED_FORMAT: "This image format is not supported. Please send a JPEG, PNG or "
    "WebP photo.",
    Reason.FILE_TOO_LARGE: "The file is too large. Please send an ordinary photo.",
    Reason.IMAGE_TOO_LARGE: "The image has too many pixels. Please send an ordinary photo.",
    Reason.IMAGE_TOO_SMALL: "The photo is too small. Please send a full-size photo.",
    Reason.ANIMATED_IMAGE: "Animated images are not accepted. Please send a still photo.",
    Reason.TRUNCATED_IMAGE: "The photo is incomplete or damaged. Please send it again.",
    Reason.NO_FACE: "No face found. Make sure your whole face is visible, lit and close to the "
    "camera.",
    Reason.MULTIPLE_FACES: "More than one face found. Only you should be in the photo.",
    Reason.FACE_TOO_SMALL: "Your face is too small in the photo; hold the phone closer.",
    Reason.TOO_BLURRY: "The photo is too blurry. Hold the phone still and try again.",
    Reason.TOO_DARK: "The photo is too dark. Move to a brighter place and try again.",
    Reason.NO_MATCH: "The face does not match the enrolled face.",
    Reason.NOT_ENROLLED: "No approved reference face yet. Ask your unit admin to approve your "
    "enrollment photos.",
    Reason.INCONSISTENT_PHOTOS: "The enrollment photos do not show the same person.",
    Reason.REPLAYED_PHOTO: "This photo was already used. Please take a new selfie.",
    Reason.TRY_AGAIN: "The face check is busy or failed. Please try again in a moment.",
}


@dataclass(frozen=True, slots=True)
class FaceSettings:
    """Tuning of the face pipeline; the defaults are the production defaults.

    `threshold` is the largest accepted distance between a selfie and a reference. 0.5 is
    stricter than face_recognition's customary 0.6. Measured by benchmarks/face_bench.py on the
    shared photos at Telegram size, genuine pairs lie at 0.07-0.40 and impostor pairs at
    0.82-0.85, with both this pipeline and the naive use of the library; 0.5 keeps a 0.10 margin
    for genuine selfies (new light, new glasses) and moves the cut further from impostors, as
    the library's author advises for fewer false matches (ageitgey/face_recognition#412).
    Users report that dlib's model puts Asian faces closer together (#431), and a look-alike
    colleague is the attack that matters here, while a false reject only costs a retake.
    Organisations may set their own.
    """

    threshold: float = 0.5
    max_bytes: int = 10 * 1024 * 1024
    # Checked from the header before any pixel is decoded (decompression-bomb guard).
    max_pixels: int = 50_000_000
    # Photos are brought down to Telegram's delivery size first; sizes below are relative to it.
    work_side: int = 1280
    # Faces are looked for on a copy this size: the HOG detector's cost grows with pixels.
    detect_side: int = 640
    # Smallest face box, in pixels of the detection copy (the photo scaled to detect_side):
    # 80 px there, the HOG detector's native size, is 160 px of a 1280 px Telegram photo (an
    # eighth of its length); photos smaller than detect_side are measured as they are.
    min_face_px: int = 80
    # Variance of the Laplacian on the face scaled to 100x100 px and to mid-grey exposure. The
    # test faces score 250-600 sharp and fall under 40 at the blur where their encodings drift
    # by ~0.2 (a Gaussian blur of radius 2-4 px at 1280 px); then the photo is "too blurry".
    min_sharpness: float = 40.0
    # Mean luminance (0-255) of the face: test faces are 115-150, and their encodings drift by
    # ~0.2 once darkened to 30-40; below 40 the photo is "too dark".
    min_brightness: float = 40.0
    num_jitters: int = 1
    landmarks_model: str = "small"

    def __post_init__(self) -> None:
        check_threshold(self.threshold)

    def with_threshold(self, threshold: float | None) -> FaceSettings:
        """Return these settings with another threshold (None keeps this one)."""
        return self if threshold is None else replace(self, threshold=threshold)


def check_threshold(threshold: float) -> float:
    """Refuse a threshold outside (0, 2], the range of distances between unit-like vectors."""
    if not 0.0 < threshold <= 2.0:  # also refuses NaN
        raise ValueError(f"face threshold must be in (0, 2], got {threshold}")
    return threshold


@dataclass(frozen=True, slots=True)
class VerificationResult:
    """The verdict on one selfie; `match` is True only when the face was compared and accepted."""

    match: bool
    distance: float | None
    threshold: float
    reason: Reason | None = None

    @classmethod
    def refused(cls, reason: Reason, threshold: float) -> VerificationResult:
        """A result for a selfie that could not be compared."""
        return cls(match=False, distance=None, threshold=threshold, reason=reason)

    @property
    def reason_text(self) -> str | None:
        return self.reason.text if self.reason else None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, used by the job queue and the command line."""
        data: dict[str, Any] = {
            "match": self.match,
            "distance": self.distance,
            "threshold": self.threshold,
        }
        if self.reason:
            data["reason"] = self.reason.value
            data["reason_text"] = self.reason.text
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> VerificationResult:
        reason = data.get("reason")
        return cls(
            match=bool(data["match"]),
            distance=data["distance"],
            threshold=float(data["threshold"]),
            reason=Reason(reason) if reason else None,
        )


@dataclass(frozen=True, slots=True)
class EncodingResult:
    """A face encoding from an enrollment photo, or the reason the photo was refused."""

    encoding: Encoding | None
    reason: Reason | None = None

    @classmethod
    def refused(cls, reason: Reason) -> EncodingResult:
        return cls(encoding=None, reason=reason)

    @property
    def ok(self) -> bool:
        return self.encoding is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "encoding": list(self.encoding) if self.encoding else None,
            "reason": self.reason.value if self.reason else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EncodingResult:
        encoding, reason = data.get("encoding"), data.get("reason")
        return cls(
            encoding=tuple(float(x) for x in encoding) if encoding else None,
            reason=Reason(reason) if reason else None,
        )


class FaceMatcher(Protocol):
    """Matches selfies against references off the event loop; never raises for a bad photo.

    A slow or failed engine yields `Reason.TRY_AGAIN`, never a verdict.
    """

    async def verify(
        self, selfie: bytes, references: Sequence[Encoding], *, threshold: float | None = None
    ) -> VerificationResult:
        """Check that `selfie` shows the person of any of `references` (threshold: per org)."""
        ...

    async def encode(self, photo: bytes) -> EncodingResult:
        """Encode the single face of an enrollment photo that passes the quality checks."""
        ...


def face_distance(a: Encoding, b: Encoding) -> float:
    """Euclidean distance between two encodings, as face_recognition computes it."""
    return math.dist(a, b)


def encoding_to_bytes(encoding: Encoding) -> bytes:
    """Pack an encoding for storage (little-endian float64, 1024 bytes)."""
    return _PACKED.pack(*encoding)


def encoding_from_bytes(data: bytes) -> Encoding:
    """Unpack an encoding stored by `encoding_to_bytes`."""
    return tuple(_PACKED.unpack(data))
