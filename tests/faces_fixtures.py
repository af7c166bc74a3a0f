"""Face photos for tests: the shared real photos, read in place, and synthetic bad inputs.

The real photos live in `../shared/faces` beside the checkout (or `PRESENSI_TEST_FACES`). When
they are missing a test that needs them skips, except on CI (`PRESENSI_REQUIRE_SERVICES=1`),
where it fails: there the photos are always present.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
REQUIRED = os.environ.get("PRESENSI_REQUIRE_SERVICES") == "1"
GENUINE = ("obama_1", "obama_2", "obama_small", "biden_1", "biden_2")
# calibration/: more labelled photos, the person's name before the last "_N" (see its README).
CALIBRATION = (
    "alex_lacamoire_1.png",
    "alex_lacamoire_2.jpg",
    "alex_lacamoire_3.jpg",
    "kit_harington_1.jpg",
    "kit_harington_2.jpg",
    "kit_harington_3.jpg",
    "obama_3.jpg",
    "obama_4.jpg",
    "obama_5.jpg",
    "obama_partial.jpg",
    "rose_leslie_1.jpg",
    "rose_leslie_2.jpg",
    "lin_manuel_miranda_1.png",
)
TWO_FACES = ("two_people.jpg", "calibration/kit_with_rose.jpg")


def faces_dir() -> Path:
    """Where the shared face photos are expected."""
    return Path(os.environ.get("PRESENSI_TEST_FACES") or REPO.parent / "shared" / "faces")


def photo_path(name: str) -> Path:
    """Path of a shared photo such as "obama_1"; skips (fails on CI) when it is missing."""
    return shared_file(f"{name}.jpg")


def shared_file(relative: str) -> Path:
    """A file under the shared photos, such as "calibration/obama_3.jpg"; skips (fails on CI)
    when it is missing."""
    path = faces_dir() / relative
    if not path.is_file():
        message = f"face photo {path} not found; set PRESENSI_TEST_FACES to the shared/faces dir"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return path


def labelled_photos() -> dict[str, Path]:
    """Every one-person photo of the shared set and its calibration/ folder, by name.

    29 genuine and 124 impostor pairs (calibration/README.md); read in place, never copied.
    """
    named = {name: shared_file(f"{name}.jpg") for name in GENUINE}
    named.update({Path(f).stem: shared_file(f"calibration/{f}") for f in CALIBRATION})
    return named


def two_face_photos() -> dict[str, Path]:
    """The shared photos with two people in them: the quality gate must refuse them."""
    return {Path(f).stem: shared_file(f) for f in TWO_FACES}


@cache
def photo(name: str) -> bytes:
    """Bytes of a shared photo, as a chat client would upload them."""
    return photo_path(name).read_bytes()


def open_photo(name: str) -> Image.Image:
    """A shared photo decoded to RGB."""
    return Image.open(io.BytesIO(photo(name))).convert("RGB")


def encode(image: Image.Image, fmt: str = "JPEG", **options: object) -> bytes:
    """Save `image` in `fmt` and return the bytes."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def scaled(image: Image.Image, factor: float) -> Image.Image:
    """`image` resized by `factor`."""
    size = (round(image.width * factor), round(image.height * factor))
    return image.resize(size, Image.Resampling.LANCZOS)


def plain(size: tuple[int, int] = (640, 480), colour: str = "lightgray") -> Image.Image:
    """A uniform image: no face."""
    return Image.new("RGB", size, colour)


def noise(size: tuple[int, int] = (640, 480), seed: int = 7) -> Image.Image:
    """Random pixels: no face, but plenty of edges."""
    pixels = np.random.default_rng(seed).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    return Image.fromarray(pixels)


def animated(fmt: str) -> bytes:
    """A two-frame animation in GIF or WebP."""
    frames = [plain((200, 200), "red"), plain((200, 200), "blue")]
    return encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares `width` x `height` pixels but carries almost no data (a bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    signature = b"\x89PNG\r\n\x1a\n"
    return signature + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
