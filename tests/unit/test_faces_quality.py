"""Quality rules on detected faces: how many, how big, how sharp, how bright."""

from __future__ import annotations

import pytest
from PIL import Image, ImageFilter

from core.faces.port import FaceSettings, Reason
from core.faces.quality import FaceBox, check_face_quality, check_faces
from tests.faces_fixtures import noise

SETTINGS = FaceSettings()


def box(width: int, left: int = 10, top: int = 10) -> FaceBox:
    return FaceBox(top=top, right=left + width, bottom=top + width, left=left)


def test_exactly_one_big_enough_face_passes():
    assert check_faces([box(120)], SETTINGS) is None


@pytest.mark.parametrize(
    ("boxes", "reason"),
    [
        ([], Reason.NO_FACE),
        ([box(120), box(100, left=300)], Reason.MULTIPLE_FACES),
        ([box(79)], Reason.FACE_TOO_SMALL),
    ],
    ids=["none", "two", "small"],
)
def test_face_count_and_size_rules(boxes, reason):
    assert check_faces(boxes, SETTINGS) is reason


def test_minimum_face_size_is_configurable():
    assert check_faces([box(100)], FaceSettings(min_face_px=120)) is Reason.FACE_TOO_SMALL


def test_box_scales_with_the_image():
    assert box(100).scaled(2) == FaceBox(top=20, right=220, bottom=220, left=20)


def textured_face(brightness: float = 1.0, blur: float = 0.0) -> Image.Image:
    """A sharp, mid-grey texture standing in for a face, optionally dimmed or blurred."""
    image = noise((300, 300)).convert("L").filter(ImageFilter.GaussianBlur(1.5))
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    return image.point(lambda value: int(value * brightness)).convert("RGB")


def test_sharp_bright_face_passes():
    assert check_face_quality(textured_face(), box(280), SETTINGS) is None


def test_blurred_face_is_too_blurry():
    assert check_face_quality(textured_face(blur=8), box(280), SETTINGS) is Reason.TOO_BLURRY


def test_dark_face_is_too_dark():
    assert check_face_quality(textured_face(brightness=0.2), box(280), SETTINGS) is Reason.TOO_DARK


def test_dim_but_sharp_face_is_not_called_blurry():
    # Half the light halves every edge, yet the face is as sharp as before.
    assert check_face_quality(textured_face(brightness=0.5), box(280), SETTINGS) is None


def test_only_the_face_is_judged_not_the_background():
    image = Image.new("RGB", (600, 300), "white")
    image.paste(textured_face(brightness=0.2), (300, 0))

    assert check_face_quality(image, box(280, left=310), SETTINGS) is Reason.TOO_DARK
    assert check_face_quality(image, box(280, left=10), SETTINGS) is Reason.TOO_BLURRY
