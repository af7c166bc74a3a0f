"""The production face pipeline: bytes in, a verdict or an encoding out, never an exception.

decode (imaging) -> grayscale copy at `detect_side` -> HOG detection -> quality rules ->
ResNet encoding from the full-size photo -> distance to the nearest reference.

Speed: the naive use of face_recognition runs HOG on the full photo upsampled twice over (4x the
pixels of a 1280 px selfie); here it runs once on a 640 px grey copy, the cost that dominates
naive use. Only when that finds no face is the copy upsampled, to tell "face too small" from
"no face". The encoder then reads the full-size photo, so encodings stay within ~0.05 of
naive ones and every decision on the test pairs is the same (benchmarks/face_bench.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
from PIL import Image

from core.faces import dlib_engine, imaging, quality
from core.faces.imaging import ImageRejected
from core.faces.port import (
    Encoding,
    EncodingResult,
    FaceSettings,
    Reason,
    VerificationResult,
    face_distance,
)
from core.faces.quality import FaceBox

logger = logging.getLogger(__name__)

DEFAULT_SETTINGS = FaceSettings()


def verify(
    selfie: bytes, references: Sequence[Encoding], settings: FaceSettings = DEFAULT_SETTINGS
) -> VerificationResult:
    """Decide whether `selfie` shows the person of the nearest of `references`."""
    if not references:
        return VerificationResult.refused(Reason.NOT_ENROLLED, settings.threshold)
    encoded = encode(selfie, settings)
    if encoded.encoding is None:
        reason = encoded.reason or Reason.TRY_AGAIN
        return VerificationResult.refused(reason, settings.threshold)
    return compare(encoded.encoding, references, settings.threshold)


def enroll(photo: bytes, settings: FaceSettings = DEFAULT_SETTINGS) -> EncodingResult:
    """Encode an enrollment photo; it passes the same checks as a selfie."""
    return encode(photo, settings)


def compare(
    encoding: Encoding, references: Sequence[Encoding], threshold: float
) -> VerificationResult:
    """Accept when the nearest reference lies within `threshold`."""
    distance = min(face_distance(encoding, reference) for reference in references)
    match = distance <= threshold
    return VerificationResult(
        match=match,
        distance=distance,
        threshold=threshold,
        reason=None if match else Reason.NO_MATCH,
    )


def encode(photo: bytes, settings: FaceSettings = DEFAULT_SETTINGS) -> EncodingResult:
    """Run the checks and return the face's encoding or the first reason to refuse it."""
    try:
        image, sent_side = imaging.load_photo_sized(photo, settings)
        return _encode_image(image, sent_side, settings)
    except ImageRejected as rejected:
        return EncodingResult.refused(rejected.reason)
    except Exception as error:  # an engine fault must cost a retry, not the worker or a verdict
        # The type only: messages could carry image data or coordinates.
        logger.error("face pipeline failed: %s", type(error).__name__)
        return EncodingResult.refused(Reason.TRY_AGAIN)


def warm_up() -> None:
    """Load the models now rather than on the first selfie."""
    dlib_engine.warm_up()


def _encode_image(image: Image.Image, sent_side: int, settings: FaceSettings) -> EncodingResult:
    frame, scale = imaging.detection_frame(image, settings.detect_side)
    boxes = _find_faces(np.asarray(frame))
    # Face sizes are judged in the pixels of the photo as sent, not of the shrunken copies.
    to_sent = sent_side / max(frame.size)
    reason = quality.check_faces([found.scaled(to_sent) for found in boxes], settings)
    if reason:
        return EncodingResult.refused(reason)
    box = boxes[0].scaled(1 / scale)
    reason = quality.check_face_quality(image, box, settings)
    if reason:
        return EncodingResult.refused(reason)
    encoding = dlib_engine.encode(
        np.asarray(image),
        box.as_tuple(),
        jitters=settings.num_jitters,
        landmarks_model=settings.landmarks_model,
    )
    return EncodingResult(encoding=tuple(float(x) for x in encoding))


def _find_faces(frame: np.ndarray) -> list[FaceBox]:
    # At its native scale the detector finds faces from ~80 px, the minimum face size anyway.
    # Upsampling costs 4x, so it is only tried when nothing was found, to name the problem.
    boxes = dlib_engine.detect(frame, 0) or dlib_engine.detect(frame, 1)
    return [FaceBox(*box) for box in boxes]
