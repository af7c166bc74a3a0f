"""Photo quality rules: exactly one face, big enough, sharp enough, bright enough.

Sharpness and brightness are measured on the face only (a bright window behind a dark face is
still a dark face), scaled to a fixed size so the figures do not depend on the photo's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from core.faces.port import FaceSettings, Reason

# About the size of the face inside the encoder's 150 px chip: blur is judged as it sees it.
_PROBE_SIDE = 100


@dataclass(frozen=True, slots=True)
class FaceBox:
    """A face's bounding box in pixels, face_recognition's (top, right, bottom, left) order."""

    top: int
    right: int
    bottom: int
    left: int

    @property
    def width(self) -> int:
        return self.right - self.left

    def scaled(self, factor: float) -> FaceBox:
        """The same box in an image `factor` times as large."""
        return FaceBox(*(round(v * factor) for v in (self.top, self.right, self.bottom, self.left)))

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.top, self.right, self.bottom, self.left)


def check_faces(boxes: Sequence[FaceBox], settings: FaceSettings) -> Reason | None:
    """Demand exactly one face of at least `min_face_px` (boxes in the photo's own pixels)."""
    if not boxes:
        return Reason.NO_FACE
    if len(boxes) > 1:
        return Reason.MULTIPLE_FACES
    if boxes[0].width < settings.min_face_px:
        return Reason.FACE_TOO_SMALL
    return None


def check_face_quality(image: Image.Image, box: FaceBox, settings: FaceSettings) -> Reason | None:
    """Refuse a face too dark or too blurred to encode reliably (`box` in `image` pixels)."""
    probe = face_probe(image, box)
    if brightness(probe) < settings.min_brightness:
        return Reason.TOO_DARK
    if sharpness(probe) < settings.min_sharpness:
        return Reason.TOO_BLURRY
    return None


def face_probe(image: Image.Image, box: FaceBox) -> np.ndarray:
    """The face as a grayscale float array of a fixed size."""
    crop = image.crop((box.left, box.top, box.right, box.bottom)).convert("L")
    probe = crop.resize((_PROBE_SIDE, _PROBE_SIDE), Image.Resampling.BILINEAR)
    return np.asarray(probe, dtype=np.float32)


def brightness(gray: np.ndarray) -> float:
    """Mean luminance, 0 (black) to 255 (white)."""
    return float(gray.mean())


def sharpness(gray: np.ndarray) -> float:
    """Variance of the 4-neighbour Laplacian at mid-grey exposure: low when edges are soft."""
    # Without rescaling, a dim but sharp face would read as blurred (variance goes with contrast²).
    gray = gray * (128.0 / max(float(gray.mean()), 1.0))
    laplacian = (
        gray[:-2, 1:-1] + gray[2:, 1:-1] + gray[1:-1, :-2] + gray[1:-1, 2:] - 4 * gray[1:-1, 1:-1]
    )
    return float(laplacian.var())
