"""Safe decoding of untrusted photo bytes with Pillow.

Every refusal is an `ImageRejected` carrying a reason code. Limits are checked from the header
before a pixel is decoded, so a decompression bomb never allocates its canvas.
"""

from __future__ import annotations

import contextlib
import io
import warnings

from PIL import Image, ImageOps

from core.faces.port import FaceSettings, Reason

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
# Opened (header only) just to name the refusal precisely; never decoded.
_RECOGNISED_FORMATS = (*ACCEPTED_FORMATS, "GIF", "BMP", "TIFF")
# Formats Pillow does not read but phones send: say "unsupported", not "not an image".
_OTHER_IMAGE_BRANDS = (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif", b"ftyphevc")


class ImageRejected(Exception):
    """The bytes are not a photo the pipeline can use; `reason` says why."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.value)
        self.reason = reason


def load_photo(data: bytes, settings: FaceSettings, side: int | None = None) -> Image.Image:
    """Decode `data` into an upright RGB image whose longest side is at most `side`."""
    return load_photo_sized(data, settings, side)[0]


def load_photo_sized(
    data: bytes, settings: FaceSettings, side: int | None = None
) -> tuple[Image.Image, int]:
    """`load_photo`, and the longest side of the photo as sent, in pixels.

    The size as sent is what the minimum face size is measured against: the decoded copy may
    have been shrunk (by JPEG draft decoding and to `side`), and a face that is big enough in
    the photo a person took must not be refused for the pipeline's own shrinking.
    """
    side = side or settings.work_side
    if not data:
        raise ImageRejected(Reason.NOT_AN_IMAGE)
    if len(data) > settings.max_bytes:
        raise ImageRejected(Reason.FILE_TOO_LARGE)
    image = _open(data)
    _check_header(image, settings)
    sent_side = max(image.size)  # from the header, before draft decoding shrinks it
    if image.format == "JPEG":
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: far less memory and time for big photos.
        image.draft(None, (side, side))
    _decode(image)
    return fit(_flatten(_upright(image)), side), sent_side


def fit(image: Image.Image, side: int) -> Image.Image:
    """Scale `image` down (never up) so that its longest side is at most `side`."""
    scale = side / max(image.size)
    if scale >= 1:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    # reducing_gap first shrinks by an integer factor with a cheap box filter.
    return image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def _open(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Our own, stricter pixel limit applies below; Pillow's warning is noise here.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=_RECOGNISED_FORMATS)
    except Image.DecompressionBombError:
        raise ImageRejected(Reason.IMAGE_TOO_LARGE) from None
    except Exception:  # any parser error on untrusted bytes means "not a readable image"
        brand = data[4:12]
        reason = Reason.UNSUPPORTED_FORMAT if brand in _OTHER_IMAGE_BRANDS else Reason.NOT_AN_IMAGE
        raise ImageRejected(reason) from None


def _check_header(image: Image.Image, settings: FaceSettings) -> None:
    width, height = image.size
    if width * height > settings.max_pixels:
        raise ImageRejected(Reason.IMAGE_TOO_LARGE)
    if _is_animated(image):
        raise ImageRejected(Reason.ANIMATED_IMAGE)
    if image.format not in ACCEPTED_FORMATS:
        raise ImageRejected(Reason.UNSUPPORTED_FORMAT)
    if min(width, height) < settings.min_face_px:
        raise ImageRejected(Reason.IMAGE_TOO_SMALL)


def _is_animated(image: Image.Image) -> bool:
    try:
        return bool(getattr(image, "is_animated", False))
    except Exception:  # a GIF whose second frame header is broken
        raise ImageRejected(Reason.TRUNCATED_IMAGE) from None


def _decode(image: Image.Image) -> None:
    try:
        image.load()
    except Image.DecompressionBombError:
        raise ImageRejected(Reason.IMAGE_TOO_LARGE) from None
    except Exception:  # truncated data, bad checksums, broken chunks
        raise ImageRejected(Reason.TRUNCATED_IMAGE) from None


def _upright(image: Image.Image) -> Image.Image:
    # Broken EXIF: keep the pixels as stored rather than refuse the photo.
    with contextlib.suppress(Exception):
        ImageOps.exif_transpose(image, in_place=True)  # in place: no copy of upright photos
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """Return RGB; transparent areas become white, as a chat client shows them."""
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, "white")
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image if image.mode == "RGB" else image.convert("RGB")


def detection_frame(image: Image.Image, side: int) -> tuple[Image.Image, float]:
    """Return a grayscale copy at most `side` px long and its scale relative to `image`."""
    # HOG on one channel costs less than on three and finds the same faces.
    small = fit(image.convert("L"), side)
    return small, small.width / image.width
