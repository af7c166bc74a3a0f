"""The minimum face size is measured in the pixels of the photo as sent, not of the pipeline's
shrunken copies: a big photo with a normal face is accepted, a small face is still refused."""

from __future__ import annotations

import pytest

from core.faces import pipeline
from core.faces.imaging import load_photo_sized
from core.faces.port import FaceSettings, Reason
from tests.faces_fixtures import encode, noise, open_photo, photo, plain, scaled


def composed(tmp_path, canvas: tuple[int, int], factor: float) -> bytes:
    """obama_small (its face ~103 px) resized by `factor` on a plain canvas, saved as JPEG in
    tmp_path and read back as a phone would upload it."""
    image = plain(canvas)
    image.paste(scaled(open_photo("obama_small"), factor), (canvas[0] // 3, canvas[1] // 3))
    path = tmp_path / "selfie.jpg"
    path.write_bytes(encode(image, quality=90))
    return path.read_bytes()


@pytest.mark.faces
def test_a_150_px_face_in_a_2048_px_photo_is_accepted(tmp_path):
    # ~150 px in the photo, 47 px of the 640 px detection copy: once refused as too small.
    selfie = composed(tmp_path, (2048, 1536), 1.3)
    reference = pipeline.enroll(photo("obama_1")).encoding

    result = pipeline.verify(selfie, [reference])

    assert (result.match, result.reason) == (True, None)


@pytest.mark.faces
@pytest.mark.parametrize("canvas", [(640, 480), (1280, 960)])
def test_a_face_under_80_px_of_the_photo_is_still_too_small(tmp_path, canvas):
    selfie = composed(tmp_path, canvas, 0.6)  # the face box is 72 px of the photo

    assert pipeline.enroll(selfie).reason is Reason.FACE_TOO_SMALL


def test_the_size_as_sent_is_read_before_decoding_shrinks_the_photo():
    image, sent_side = load_photo_sized(encode(noise((3000, 2000))), FaceSettings())

    assert max(image.size) <= 1280
    assert sent_side == 3000
