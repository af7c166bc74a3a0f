"""WhatsApp Cloud API webhook bodies in the shapes Meta documents, and their signatures.

A body is `{"object": "whatsapp_business_account", "entry": [{"id", "changes": [{"field":
"messages", "value": {...}}]}]}`; the value holds `metadata`, `contacts`, `messages` and/or
`statuses`. Builders return plain dicts; `signed` turns one into the raw bytes and the header.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime
from typing import Any

from webhooks.whatsapp.verify import sign

APP_SECRET = "wa-app-secret-for-tests"
VERIFY_TOKEN = "wa-verify-token"
ACCESS_TOKEN = "EAAG-test-token"
PHONE_NUMBER_ID = "106540352242922"
DISPLAY_NUMBER = "6281100000000"
WABA_ID = "102290129340398"
DEWI = "6281366002104"  # STAFF in the flows harness
RINA = "6281277003005"  # ADMIN, Dewi's supervisor
HENDRA = "6281155004006"  # HEAD, a manager

_ids = itertools.count(1)


def message_id() -> str:
    return f"wamid.HBgNNjI4MTM2NjAwMjEwNBUCABIYIDNBMD{next(_ids):06d}"


def body(*messages: dict, statuses: tuple[dict, ...] = (), phone_number_id: str = PHONE_NUMBER_ID):
    """One entry with one `messages` change holding the messages and statuses given."""
    return {"object": "whatsapp_business_account",
            "entry": [entry(value(messages, statuses, phone_number_id))]}  # fmt: skip


def entry(*values: dict) -> dict:
    """An entry with one change per value."""
    return {"id": WABA_ID, "changes": [{"field": "messages", "value": v} for v in values]}


def value(messages=(), statuses=(), phone_number_id: str = PHONE_NUMBER_ID) -> dict:
    out: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": DISPLAY_NUMBER, "phone_number_id": phone_number_id},
    }
    if messages:
        senders = dict.fromkeys(m.get("from") for m in messages)
        out["contacts"] = [{"profile": {"name": "Pegawai"}, "wa_id": s} for s in senders]
        out["messages"] = list(messages)
    if statuses:
        out["statuses"] = list(statuses)
    return out


def signed(payload: dict | bytes, secret: str = APP_SECRET) -> tuple[bytes, dict[str, str]]:
    """The raw body and its `X-Hub-Signature-256` header, as Meta sends them."""
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return raw, {"X-Hub-Signature-256": sign(raw, secret), "Content-Type": "application/json"}


def _message(kind: str, sender: str, at: datetime | None, content: Any, **extra) -> dict:
    stamp = int((at or datetime.now(UTC)).timestamp())
    message = {"from": sender, "id": extra.pop("id", None) or message_id(),
               "timestamp": str(stamp), "type": kind}  # fmt: skip
    if content is not None:
        message[kind] = content
    if extra.pop("forwarded", False):
        message["context"] = {"forwarded": True}
    if extra.pop("frequently_forwarded", False):
        message["context"] = {"forwarded": True, "frequently_forwarded": True}
    if reply_to := extra.pop("reply_to", None):
        message["context"] = {"from": DISPLAY_NUMBER, "id": reply_to}
    message.update(extra)
    return message


def text(words: str, sender: str = DEWI, at: datetime | None = None, **extra) -> dict:
    return _message("text", sender, at, {"body": words}, **extra)


def location(lat: float, lon: float, sender: str = DEWI, at=None, **extra) -> dict:
    place = {k: extra.pop(k) for k in ("name", "address") if k in extra}
    return _message("location", sender, at, {"latitude": lat, "longitude": lon, **place}, **extra)


def image(media_id: str, sender: str = DEWI, at=None, mime="image/jpeg", **extra) -> dict:
    content = {"id": media_id, "mime_type": mime, "sha256": f"sha-{media_id}"}
    if "caption" in extra:
        content["caption"] = extra.pop("caption")
    return _message("image", sender, at, content, **extra)


def video(media_id: str, sender: str = DEWI, at=None, mime="video/mp4", **extra) -> dict:
    content = {"id": media_id, "mime_type": mime, "sha256": f"sha-{media_id}"}
    return _message("video", sender, at, content, **extra)


def document(media_id: str, sender: str = DEWI, at=None, mime="application/pdf",
             filename="surat-dokter.pdf", **extra) -> dict:  # fmt: skip
    content = {"id": media_id, "mime_type": mime, "sha256": f"sha-{media_id}",
               "filename": filename}  # fmt: skip
    return _message("document", sender, at, content, **extra)


def button_reply(choice_id: str, title: str, sender: str = DEWI, at=None, **extra) -> dict:
    content = {"type": "button_reply", "button_reply": {"id": choice_id, "title": title}}
    return _message("interactive", sender, at, content, **extra)


def list_reply(choice_id: str, title: str, sender: str = DEWI, at=None, **extra) -> dict:
    content = {"type": "list_reply", "list_reply": {"id": choice_id, "title": title}}
    return _message("interactive", sender, at, content, **extra)


def template_button(payload: str, label: str, sender: str = DEWI, at=None) -> dict:
    return _message("button", sender, at, {"payload": payload, "text": label})


def contact(phone: str, wa_id: str | None, sender: str = DEWI, at=None) -> dict:
    card = {
        "name": {"formatted_name": "Kontak", "first_name": "Kontak"},
        "phones": [{"phone": phone, "type": "CELL", **({"wa_id": wa_id} if wa_id else {})}],
    }
    message = _message("contacts", sender, at, None)
    message["contacts"] = [card]
    return message


def sticker(sender: str = DEWI, at=None) -> dict:
    return _message("sticker", sender, at, {"id": "sticker-1", "mime_type": "image/webp",
                                            "animated": False})  # fmt: skip


def audio(sender: str = DEWI, at=None) -> dict:
    return _message("audio", sender, at, {"id": "audio-1", "mime_type": "audio/ogg",
                                          "voice": True})  # fmt: skip


def reaction(to_message: str, sender: str = DEWI, at=None) -> dict:
    return _message("reaction", sender, at, {"message_id": to_message, "emoji": "👍"})


def unsupported(sender: str = DEWI, at=None) -> dict:
    """What WhatsApp delivers for a kind the Cloud API cannot show (a poll, a live location)."""
    message = _message("unsupported", sender, at, None)
    message["errors"] = [
        {
            "code": 131051,
            "title": "Message type unknown",
            "error_data": {"details": "Message type is currently not supported."},
        }
    ]
    return message  # fmt: skip


def status(wamid: str, state: str, recipient: str = DEWI, at=None, errors=()) -> dict:
    stamp = int((at or datetime.now(UTC)).timestamp())
    out: dict[str, Any] = {"id": wamid, "status": state, "timestamp": str(stamp),
                           "recipient_id": recipient}  # fmt: skip
    if state != "failed":
        out["conversation"] = {"id": "conv-1", "origin": {"type": "service"}}
        out["pricing"] = {"billable": True, "pricing_model": "CBP", "category": "service"}
    if errors:
        out["errors"] = [{"code": code, "title": "error"} for code in errors]
    return out
