"""Update JSON in the shapes Telegram sends to a bot in a private chat.

Each builder returns the dict a webhook receives (and `Update.de_json` reads). Times are aware
datetimes; `at` defaults to 07:30 WIB on Monday 23 November 2026. Update ids come from a counter
unless given, so that every update is a new delivery.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

AT = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 07:30 in Asia/Jakarta
BOT_ID = 7000000001
BOT_USERNAME = "presensi_bot"

_ids = itertools.count(500_000)


def user(user_id: int = 111222333, first_name: str = "Siti", language: str | None = "id") -> dict:
    """A Telegram user as it appears in `from`."""
    person: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language is not None:
        person["language_code"] = language
    return person


SITI = user()
BUDI = user(444555666, "Budi")


def message(
    content: dict[str, Any],
    sender: dict = SITI,
    at: datetime = AT,
    update_id: int | None = None,
    message_id: int | None = None,
    field: str = "message",
) -> dict[str, Any]:
    """A message update in the sender's private chat; `content` is the kind-specific part."""
    update_id = next(_ids) if update_id is None else update_id
    chat = {"id": sender["id"], "type": "private", "first_name": sender["first_name"]}
    body = {
        "message_id": message_id or update_id % 100_000,
        "from": sender,
        "chat": chat,
        "date": int(at.timestamp()),
        **content,
    }
    return {"update_id": update_id, field: body}


def text(words: str, **kw: Any) -> dict[str, Any]:
    """Typed text, or a reply-keyboard press (which arrives as its label)."""
    return message({"text": words}, **kw)


def command(line: str, **kw: Any) -> dict[str, Any]:
    """`/izin 2026-11-24`: text with a bot_command entity over the command word."""
    word = line.split(" ", 1)[0]
    entities = [{"type": "bot_command", "offset": 0, "length": len(word)}]
    return message({"text": line, "entities": entities}, **kw)


def _location(lat: float, lon: float, accuracy: float | None, live_period: int | None) -> dict:
    spot: dict[str, Any] = {"latitude": lat, "longitude": lon}
    if accuracy is not None:
        spot["horizontal_accuracy"] = accuracy
    if live_period is not None:
        spot["live_period"] = live_period
    return spot


def live_location(
    lat: float, lon: float, accuracy: float | None = 12.0, live_period: int = 900, **kw: Any
) -> dict[str, Any]:
    """The first message of a shared live location."""
    return message({"location": _location(lat, lon, accuracy, live_period)}, **kw)


def static_location(lat: float, lon: float, accuracy: float | None = 20.0, **kw: Any) -> dict:
    """A pin: "send my current location" (or a point dropped on the map), not live."""
    return message({"location": _location(lat, lon, accuracy, None)}, **kw)


def forwarded_location(
    lat: float, lon: float, origin: dict = BUDI, origin_at: datetime = AT, **kw: Any
) -> dict[str, Any]:
    """Someone else's location, forwarded."""
    forward = {"type": "user", "sender_user": origin, "date": int(origin_at.timestamp())}
    content = {"location": _location(lat, lon, 10.0, None), "forward_origin": forward}
    return message(content, **kw)


def edited_live_location(
    lat: float,
    lon: float,
    edited_at: datetime,
    accuracy: float | None = 8.0,
    live_period: int = 900,
    message_id: int = 1,
    at: datetime = AT,
    **kw: Any,
) -> dict[str, Any]:
    """A later position of a live location: an `edited_message` of the first one."""
    content = {
        "location": _location(lat, lon, accuracy, live_period),
        "edit_date": int(edited_at.timestamp()),
    }
    return message(content, at=at, message_id=message_id, field="edited_message", **kw)


def venue(lat: float, lon: float, title: str = "Kantor Bupati", **kw: Any) -> dict[str, Any]:
    """A place picked from the map's list: a venue, which carries a location too."""
    spot = {"latitude": lat, "longitude": lon}
    content = {"location": spot, "venue": {"location": spot, "title": title, "address": "Jl. A"}}
    return message(content, **kw)


def photo_sizes(file_id: str, size: int = 96_000) -> list[dict[str, Any]]:
    """The sizes Telegram offers of one photo, smallest first; the last one is `file_id`."""
    return [
        {"file_id": f"{file_id}-s", "file_unique_id": f"u-{file_id}-s", "width": 90,
         "height": 120, "file_size": 1_500},
        {"file_id": f"{file_id}-m", "file_unique_id": f"u-{file_id}-m", "width": 600,
         "height": 800, "file_size": 40_000},
        {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 960, "height": 1280,
         "file_size": size},
    ]  # fmt: skip


def photo(file_id: str = "AgACselfie1", caption: str | None = None, **kw: Any) -> dict:
    """A compressed photo (a selfie from the camera)."""
    content: dict[str, Any] = {"photo": photo_sizes(file_id)}
    if caption is not None:
        content["caption"] = caption
    return message(content, **kw)


def forwarded_photo(file_id: str = "AgACforwarded", origin: dict = BUDI, **kw: Any) -> dict:
    """Someone else's photo, forwarded."""
    forward = {"type": "user", "sender_user": origin, "date": int(AT.timestamp()) - 3600}
    return message({"photo": photo_sizes(file_id), "forward_origin": forward}, **kw)


def document(
    file_id: str = "BQACnote1",
    name: str = "surat-dokter.pdf",
    mime: str = "application/pdf",
    size: int = 180_000,
    **kw: Any,
) -> dict[str, Any]:
    """A file sent as a document (a doctor's note as PDF)."""
    doc = {
        "file_id": file_id,
        "file_unique_id": f"u-{file_id}",
        "file_name": name,
        "mime_type": mime,
        "file_size": size,
    }
    return message({"document": doc}, **kw)


def callback(
    data: str,
    sender: dict = SITI,
    update_id: int | None = None,
    message_id: int = 77,
    at: datetime = AT,
) -> dict[str, Any]:
    """A pressed inline button under a message the bot sent earlier."""
    update_id = next(_ids) if update_id is None else update_id
    bot = {"id": BOT_ID, "is_bot": True, "first_name": "Presensi", "username": BOT_USERNAME}
    carrier = {
        "message_id": message_id,
        "from": bot,
        "chat": {"id": sender["id"], "type": "private", "first_name": sender["first_name"]},
        "date": int(at.timestamp()),
        "text": "Permohonan izin",
    }
    query = {
        "id": f"cbq-{update_id}",
        "from": sender,
        "chat_instance": "-998877",
        "message": carrier,
        "data": data,
    }
    return {"update_id": update_id, "callback_query": query}


def contact(phone: str, own: bool = True, sender: dict = SITI, **kw: Any) -> dict[str, Any]:
    """A shared contact: the sender's own (the "share my number" button) or someone else's."""
    card: dict[str, Any] = {"phone_number": phone, "first_name": sender["first_name"]}
    card["user_id"] = sender["id"] if own else BUDI["id"]
    return message({"contact": card}, sender=sender, **kw)


def sticker(**kw: Any) -> dict[str, Any]:
    """A sticker."""
    body = {"file_id": "CAACsticker", "file_unique_id": "u-sticker", "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False}  # fmt: skip
    return message({"sticker": body}, **kw)


def voice(**kw: Any) -> dict[str, Any]:
    """A voice note."""
    body = {"file_id": "AwACvoice", "file_unique_id": "u-voice", "duration": 4,
            "mime_type": "audio/ogg"}  # fmt: skip
    return message({"voice": body}, **kw)


def group_text(words: str, sender: dict = SITI, **kw: Any) -> dict[str, Any]:
    """Text in a group the bot was added to: not for the flows."""
    update = text(words, sender=sender, **kw)
    update["message"]["chat"] = {"id": -100123, "type": "supergroup", "title": "Diskominfo"}
    return update


def my_chat_member(sender: dict = SITI) -> dict[str, Any]:
    """The user blocked the bot (Telegram tells the bot with a my_chat_member update)."""
    chat = {"id": sender["id"], "type": "private", "first_name": sender["first_name"]}
    bot = {"id": BOT_ID, "is_bot": True, "first_name": "Presensi"}
    return {
        "update_id": next(_ids),
        "my_chat_member": {
            "chat": chat,
            "from": sender,
            "date": int(AT.timestamp()),
            "old_chat_member": {"status": "member", "user": bot},
            "new_chat_member": {"status": "kicked", "user": bot, "until_date": 0},
        },
    }
