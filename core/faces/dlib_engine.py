"""The only module that imports face_recognition (dlib's HOG detector and ResNet encoder).

The import is lazy: loading the models takes a second and ~200 MB, which only face workers pay.
Boxes are face_recognition's (top, right, bottom, left) tuples in pixels of the given array.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np
from PIL import ImageFile

Box = tuple[int, int, int, int]

_api: ModuleType | None = None


def _face_recognition() -> ModuleType:
    global _api
    if _api is None:
        truncated = ImageFile.LOAD_TRUNCATED_IMAGES
        import face_recognition

        # Importing face_recognition makes Pillow accept truncated files silently, process-wide;
        # a truncated selfie must be refused instead, so the setting is put back.
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
        _api = face_recognition
    return _api


def detect(gray: np.ndarray, upsample: int) -> list[Box]:
    """Find faces with the HOG detector; `upsample` doubles the image to find smaller ones."""
    return _face_recognition().face_locations(gray, upsample, model="hog")


def encode(rgb: np.ndarray, box: Box, *, jitters: int, landmarks_model: str) -> np.ndarray:
    """Return the 128-d descriptor of the face in `box`."""
    [encoding] = _face_recognition().face_encodings(
        rgb, [box], num_jitters=jitters, model=landmarks_model
    )
    return encoding


def warm_up() -> None:
    """Load the models and run both networks once, so the first real photo is not slow."""
    blank = np.zeros((160, 160, 3), dtype=np.uint8)
    detect(blank[:, :, 0], 0)
    encode(blank, (20, 140, 140, 20), jitters=1, landmarks_model="small")


def landmarks(image: np.ndarray, box: Box) -> np.ndarray:
    """The 68 landmarks (iBUG 300-W order) of the face in `box`, as a (68, 2) array of x, y."""
    api = _face_recognition().api
    top, right, bottom, left = box
    shape = api.pose_predictor_68_point(image, api.dlib.rectangle(left, top, right, bottom))
    return np.array([(part.x, part.y) for part in shape.parts()], dtype=float)
