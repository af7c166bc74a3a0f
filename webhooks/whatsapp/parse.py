"""A WhatsApp Cloud API webhook body -> the flows' `Inbound` events and delivery statuses. Pure.

One body may hold several entries, each with several changes, each with messages and statuses.
Messages become events keyed `wa:<message id>` (Meta redelivers for days; the key makes the
redelivery a duplicate). Statuses report on what we sent; they are returned apart so they can be
logged without personal data and are never taken for messages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from core.flows.messages import Channel, Inbound, Location, Media, command_of, number

# An interactive reply whose id starts with this stands for a typed keyboard label (WhatsApp has
# no reply keyboard: the sender renders one as buttons or a list, see outbound.py).
KEYBOARD_PREFIX = "kb:"
# Kinds a person can send that the flows do not read, named as such; any other kind (including
# WhatsApp's own "unsupported") is "unknown".
UNSUPPORTED = {"sticker", "audio", "video", "reaction", "system", "order"}


class Malformed(ValueError):
    """Not a WhatsApp webhook payload (the route answers 400), or one unreadable message in it
    (skipped and logged by id; the others are kept and the route answers 200)."""


@dataclass(frozen=True)
class Status:
    """What happened to a message we sent; no content, only ids, state and error codes."""

    message_id: str
    recipient: str
    status: str  # sent, delivered, read, failed (or deleted, warning)
    at: datetime | None
    errors: tuple[int, ...] = ()


@dataclass
class Batch:
    messages: list[tuple[str, Inbound]] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)
    raw: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> the message's JSON
    # (id, what is wrong) of each message or status that could not be read; logged, not stored
    invalid: list[tuple[str, str]] = field(default_factory=list)


def read_body(body: bytes) -> dict[str, Any]:
    """The JSON object of a webhook body, or Malformed."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Malformed("not JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise Malformed("not a WhatsApp webhook body")
    return payload


def parse(payload: dict[str, Any], phone_number_id: str | None = None) -> Batch:
    """Every message and status in the body; changes for another phone number are skipped."""
    batch = Batch()
    for entry in payload["entry"]:
        for change in _list(_dict(entry, "entry").get("changes"), "changes"):
            change = _dict(change, "change")
            if change.get("field") != "messages":
                continue  # account, template and quality updates: nothing for the flows
            value = _dict(change.get("value"), "value")
            number = _dict(value.get("metadata") or {}, "metadata").get("phone_number_id")
            if phone_number_id and number and str(number) != phone_number_id:
                continue
            for message in _list(value.get("messages"), "messages"):
                try:
                    key, event = message_event(message)
                except Malformed as error:  # one bad message must not cost the good ones
                    batch.invalid.append((_id_of(message), str(error)))
                    continue
                batch.messages.append((key, event))
                batch.raw[key] = message
            for status in _list(value.get("statuses"), "statuses"):
                try:
                    batch.statuses.append(_status(status))
                except Malformed as error:
                    batch.invalid.append((_id_of(status), str(error)))
    return batch


def _id_of(item: Any) -> str:
    """The id of a message or status, for the log (never its content)."""
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) and value else "?"


def message_event(message: Any) -> tuple[str, Inbound]:
    """One message object -> (`wa:<id>`, its event)."""
    message = _dict(message, "message")
    message_id, sender, kind = message.get("id"), message.get("from"), message.get("type")
    if not all(isinstance(v, str) and v for v in (message_id, sender, kind)):
        raise Malformed("a message without id, from or type")
    key = f"wa:{message_id}"
    context = message.get("context") if isinstance(message.get("context"), dict) else {}
    base = {
        "channel": Channel.WHATSAPP,
        "sender": sender,
        "chat": sender,
        "key": key,
        "received_at": _time(message.get("timestamp")),
        "forwarded": bool(context.get("forwarded") or context.get("frequently_forwarded")),
    }
    body = message.get(kind) if isinstance(message.get(kind), dict) else {}
    return key, Inbound(**base, **_content(kind, body, sender, base["received_at"], message))


def _content(
    kind: str, body: dict[str, Any], sender: str, at: datetime, message: dict[str, Any]
) -> dict[str, Any]:
    """The event's fields for one message kind."""
    if kind == "text":
        return _text(str(body.get("body") or ""))
    if kind == "location":
        if body.get("name") or body.get("address"):
            return {"unsupported": "venue"}  # a place picked from a list, not a position
        # Not numbers, or out of range: the flow answers that the location is invalid.
        lat, lon = number(body.get("latitude")), number(body.get("longitude"))
        return {"location": Location(lat, lon, None, False, at)}
    if kind in ("image", "document"):
        return {"photo" if kind == "image" else "document": _media(body)}
    if kind == "video":  # unsupported but by the liveness check, which reads `video`
        return {"unsupported": "video", "video": _media(body)}
    if kind == "interactive":
        return _interactive(body)
    if kind == "button":  # a quick-reply button of a template message
        return {"button": str(body.get("payload") or body.get("text") or "")}
    if kind == "contacts":
        return _contact(message.get("contacts"), sender)
    return {"unsupported": kind if kind in UNSUPPORTED else "unknown"}


def _text(text: str) -> dict[str, Any]:
    """A typed text; "/izin sakit" is the command "izin" with its arguments, as on Telegram."""
    command, args = command_of(text)
    if command is None:
        return {"text": text}
    return {"text": text, "command": command, "args": args}


def _media(body: dict[str, Any]) -> Media:
    """A photo, document or video; WhatsApp announces no size or length, and its sha256 is stable
    across resends."""
    media_id = body.get("id")
    if not isinstance(media_id, str) or not media_id:
        raise Malformed("media without an id")
    return Media(
        file_id=media_id,
        unique_id=body.get("sha256") or None,
        mime=body.get("mime_type") or None,
        size=None,
        name=body.get("filename") or None,
    )


def _interactive(body: dict[str, Any]) -> dict[str, Any]:
    """A tapped reply button or list row: a keyboard label comes back as text, else a button."""
    choice = body.get(body.get("type") or "")
    if body.get("type") not in ("button_reply", "list_reply") or not isinstance(choice, dict):
        return {"unsupported": "unknown"}  # flows (nfm_reply) and others the bot never sends
    choice_id = str(choice.get("id") or "")
    if choice_id.startswith(KEYBOARD_PREFIX):
        return {"text": choice_id[len(KEYBOARD_PREFIX) :]}
    return {"button": choice_id}


def _contact(contacts: Any, sender: str) -> dict[str, Any]:
    """A shared contact card: its first number, and whether it is the sender's own."""
    phones = [
        phone
        for card in (contacts if isinstance(contacts, list) else [])
        if isinstance(card, dict)
        for phone in (card.get("phones") or [])
        if isinstance(phone, dict)
    ]
    if not phones:
        return {"unsupported": "contacts"}
    own = any(str(p.get("wa_id") or "") == sender for p in phones)
    first = next((p for p in phones if str(p.get("wa_id") or "") == sender), phones[0])
    return {"contact_phone": str(first.get("phone") or first.get("wa_id") or ""),
            "contact_is_own": own}  # fmt: skip


def _status(status: Any) -> Status:
    status = _dict(status, "status")
    errors = tuple(
        int(e["code"])
        for e in (status.get("errors") or [])
        if isinstance(e, dict) and str(e.get("code", "")).isdigit()
    )
    at = status.get("timestamp")
    return Status(
        message_id=str(status.get("id") or ""),
        recipient=str(status.get("recipient_id") or ""),
        status=str(status.get("status") or ""),
        at=_time(at) if at is not None else None,
        errors=errors,
    )


def _time(value: Any) -> datetime:
    """A Unix timestamp in seconds (WhatsApp sends it as a string)."""
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise Malformed("a message without a valid timestamp") from None


def _dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Malformed(f"{what} is not an object")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Malformed(f"{what} is not a list")
    return value
