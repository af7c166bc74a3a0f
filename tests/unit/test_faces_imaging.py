"""Decoding untrusted photo bytes: what is accepted, and the reason for everything refused."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from core.faces.imaging import ImageRejected, detection_frame, load_photo
from core.faces.port import FaceSettings, Reason
from tests.faces_fixtures import PDF, animated, encode, noise, plain, png_header_only

SETTINGS = FaceSettings()


def refusal(data: bytes, settings: FaceSettings = SETTINGS) -> Reason:
    with pytest.raises(ImageRejected) as caught:
        load_photo(data, settings)
    return caught.value.reason


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_accepted_formats_decode_to_rgb(fmt):
    image = load_photo(encode(noise((320, 240)), fmt), SETTINGS)

    assert image.mode == "RGB"
    assert image.size == (320, 240)


def test_large_photo_is_brought_down_to_the_working_size():
    image = load_photo(encode(noise((3000, 2000))), SETTINGS)

    assert image.size == (1280, 853)


def test_small_photo_is_not_enlarged():
    assert load_photo(encode(noise((300, 200))), SETTINGS).size == (300, 200)


def test_exif_orientation_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: rotate 90° clockwise to show
    stored = plain((400, 200), "white")
    stored.paste(Image.new("RGB", (200, 200), "black"), (0, 0))  # left half black

    image = load_photo(encode(stored, exif=exif), SETTINGS)

    assert image.size == (200, 400)
    assert image.getpixel((100, 50))[0] < 50  # the black half is now on top
    assert image.getpixel((100, 350))[0] > 200


def test_transparent_areas_become_white():
    rgba = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    rgba.paste(Image.new("RGBA", (100, 200), (10, 20, 30, 255)), (0, 0))

    image = load_photo(encode(rgba, "PNG"), SETTINGS)

    assert image.mode == "RGB"
    assert image.getpixel((150, 100)) == (255, 255, 255)
    assert image.getpixel((50, 100)) == (10, 20, 30)


def test_palette_png_with_transparency_is_flattened():
    image = load_photo(
        encode(Image.new("RGBA", (120, 120), (0, 0, 0, 0)).convert("P"), "PNG"), SETTINGS
    )

    assert image.getpixel((60, 60)) == (255, 255, 255)


def test_grey_and_cmyk_photos_become_rgb():
    assert load_photo(encode(noise().convert("L")), SETTINGS).mode == "RGB"
    assert load_photo(encode(noise().convert("CMYK")), SETTINGS).mode == "RGB"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", Reason.NOT_AN_IMAGE),
        (PDF, Reason.NOT_AN_IMAGE),
        (b"hello, this is text sent as a photo", Reason.NOT_AN_IMAGE),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", Reason.UNSUPPORTED_FORMAT),
        (png_header_only(20000, 20000), Reason.IMAGE_TOO_LARGE),
        (png_header_only(100_000, 100_000), Reason.IMAGE_TOO_LARGE),
    ],
    ids=["empty", "pdf", "text", "heic", "bomb-20000", "bomb-100000"],
)
def test_non_photos_are_refused_with_a_reason(data, reason):
    assert refusal(data) is reason


def test_gif_and_bmp_are_unsupported():
    assert refusal(encode(noise(), "GIF")) is Reason.UNSUPPORTED_FORMAT
    assert refusal(encode(noise(), "BMP")) is Reason.UNSUPPORTED_FORMAT


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "PNG"])
def test_animations_are_refused(fmt):
    assert refusal(animated(fmt)) is Reason.ANIMATED_IMAGE


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_files_are_refused(fmt):
    data = encode(noise(), fmt)

    assert refusal(data[: len(data) // 2]) is Reason.TRUNCATED_IMAGE


def test_one_pixel_image_is_too_small():
    assert refusal(encode(plain((1, 1)), "PNG")) is Reason.IMAGE_TOO_SMALL


def test_file_over_the_size_limit_is_refused_before_decoding():
    assert refusal(encode(noise()), FaceSettings(max_bytes=1000)) is Reason.FILE_TOO_LARGE


def test_pixel_limit_is_configurable():
    assert refusal(encode(noise((400, 300))), FaceSettings(max_pixels=100_000)) is (
        Reason.IMAGE_TOO_LARGE
    )


def test_detection_frame_is_grey_and_reports_its_scale():
    frame, scale = detection_frame(noise((1280, 960)), 640)

    assert frame.mode == "L"
    assert frame.size == (640, 480)
    assert scale == 0.5


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_never_escape_as_another_error(data):
    with contextlib.suppress(ImageRejected):
        assert load_photo(data, SETTINGS).mode == "RGB"


_JPEG = encode(noise((160, 120)), quality=80)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_JPEG) - 1), st.integers(0, 255)), max_size=8))
def test_corrupted_jpeg_is_decoded_or_refused_never_crashes(edits):
    data = bytearray(_JPEG)
    for offset, value in edits:
        data[offset] = value
    try:
        image = load_photo(bytes(data), SETTINGS)
    except ImageRejected:
        return
    assert image.mode == "RGB"
