"""What the playground's page sends, read as the web channel's stored events: pure functions
over the request's JSON or file, `Bad` for anything a person could not have meant.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from core.flows.messages import command_of
from webhooks.playground.texts import word

NONCE = re.compile(r"[A-Za-z0-9_-]{8,64}")
MAX_TEXT = 4096  # Telegram's longest message
MAX_BUTTON = 64  # Telegram's longest callback data
# A phone that says it is sure within more than 100 km is not saying where it is.
MAX_ACCURACY_M = 100_000
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# The kinds of file, by the form's `jenis`: the event's field and what the chat shows.
KINDS = {"foto": "photo", "dokumen": "document", "video": "video"}


class Bad(Exception):
    """A request the playground answers with `status` and the message `key`."""

    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


def nonce_of(value: object, key: str = "bad_message") -> str:
    """The page's id of one send: the same send twice is one message."""
    if not isinstance(value, str) or not NONCE.fullmatch(value):
        raise Bad(400, key)
    return value


def event_of(body: object, language: str) -> tuple[dict[str, Any], str]:
    """The stored fields of a text, a button or a location, and what the chat shows was sent."""
    if not isinstance(body, dict):
        raise Bad(400, "bad_message")
    text, button, place = body.get("text"), body.get("button"), body.get("location")
    if sum(value is not None for value in (text, button, place)) != 1:
        raise Bad(400, "bad_message")
    if text is not None:
        return _text(text), text
    if button is not None:
        if isinstance(button, str) and len(button) > MAX_BUTTON:
            raise Bad(400, "bad_message")  # no button of ours carries more
        button = _plain(button, MAX_BUTTON)
        label = body.get("label")
        shown = _plain(label, MAX_TEXT) if label is not None else button
        return {"button": button}, f"[{shown}]"
    return _place(place, language)


def _plain(value: object, limit: int) -> str:
    """A string a person typed or a button carries: not empty, not too long, storable."""
    if not isinstance(value, str) or not value.strip():
        raise Bad(400, "bad_message")
    if len(value) > limit:
        raise Bad(400, "too_long", limit=limit)
    if "\x00" in value or not _encodable(value):
        # PostgreSQL stores no NUL; a lone surrogate is no character at all.
        raise Bad(400, "bad_characters")
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(text: object) -> dict[str, Any]:
    text = _plain(text, MAX_TEXT)
    command, args = command_of(text)
    return {"text": text, "command": command, "args": list(args)}


def _place(place: object, language: str) -> tuple[dict[str, Any], str]:
    """A location from the map or the device: finite numbers, or refused here; a place off the
    map (a latitude of 91) goes on to the flows, which answer it as a place that cannot be."""
    if not isinstance(place, dict):
        raise Bad(400, "bad_place")
    lat, lon, accuracy = place.get("lat"), place.get("lon"), place.get("accuracy_m")
    if not (_finite(lat) and _finite(lon)):
        raise Bad(400, "bad_place")
    if accuracy is not None and not (_finite(accuracy) and 0 < accuracy <= MAX_ACCURACY_M):
        raise Bad(400, "bad_accuracy", limit=MAX_ACCURACY_M)
    live, edited = place.get("live") is True, place.get("edited") is True
    fields = {"lat": lat, "lon": lon, "accuracy_m": accuracy, "live": live, "edited": edited}
    if edited:
        shown = word(language, "sent_moved")
    elif live:
        known = word(language, "accuracy_of", metres=round(accuracy)) if accuracy else ""
        shown = word(language, "sent_live", accuracy=known)
    else:
        shown = word(language, "sent_pin")
    return {"location": fields}, shown


def _finite(value: object) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer of hundreds of digits
        return False


def file_type(data: bytes, kind: str) -> str:
    """The file's type from its bytes, not from what the browser claims: for a photo an image
    Pillow recognises; for a document that or a PDF; for a video MP4, QuickTime or WebM."""
    if kind == "video":
        return _video_type(data)
    if kind == "dokumen" and data.startswith(b"%PDF-"):
        return "application/pdf"
    try:
        with Image.open(io.BytesIO(data)) as image:
            found = PHOTO_FORMATS.get(image.format or "")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        found = None
    if found is None:
        raise Bad(415, "bad_file")
    return found


def _video_type(data: bytes) -> str:
    # The containers' signatures (ISO BMFF's `ftyp` box, EBML's magic): PyAV reads the clip
    # itself later, on the face workers; here only what to call it.
    if data[4:8] == b"ftyp":
        return "video/quicktime" if data[8:10] == b"qt" else "video/mp4"
    if data.startswith(b"\x1aE\xdf\xa3"):
        return "video/webm"
    raise Bad(415, "bad_file")


def file_name(name: str | None, mime: str) -> str:
    """The name the chat shows: the upload's own, cut to a plain one."""
    plain = re.sub(r"[^\w.\- ]", "", Path(name or "").name)[:80].strip()
    if plain:
        return plain
    return {"application/pdf": "dokumen.pdf"}.get(mime, mime.split("/")[0])
