"""What the chat flows take in and give back, whatever the channel.

An adapter (Telegram, WhatsApp) turns a platform update into an `Inbound` and each `Reply` into
platform calls. Flows never see a platform object.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field
from datetime import datetime

from core.channels import Channel


@dataclass(frozen=True)
class Capabilities:
    """What a channel lets a user do. Flows ask this, never which channel an event came from,
    so that every reply describes what the user can actually see and tap."""

    live_location: bool  # shares a live location, told apart from a pin, with its accuracy
    contact_button: bool  # a keyboard button that sends the user's own number
    lasting_keyboard: bool  # the main keyboard stays on screen between replies
    reports_accuracy: bool = False  # a location comes with the radius the phone is sure of
    label: str = ""  # the channel's name as users know it, for replies
    # Where its gestures differ from the texts' (📎 > Lokasi, a contact card), the variant of
    # the texts its users read: `key@wording` stands in for `key` (core.flows.texts_web).
    wording: str | None = None


CAPABILITIES = {
    Channel.TELEGRAM: Capabilities(
        live_location=True,
        contact_button=True,
        lasting_keyboard=True,
        reports_accuracy=True,
        label="Telegram",
    ),
    # A location comes back from a location-request button (no accuracy), a number as a
    # contact card (📎), and choices are buttons or a list under one message.
    Channel.WHATSAPP: Capabilities(
        live_location=False, contact_button=False, lasting_keyboard=False, label="WhatsApp"
    ),
    # A browser shares a watched position with its accuracy (the Geolocation API) and keeps
    # the page's keyboard on screen; it has no number of its own to share.
    Channel.WEB: Capabilities(
        live_location=True,
        contact_button=False,
        lasting_keyboard=True,
        reports_accuracy=True,
        label="Web",
        wording="web",
    ),
}


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    accuracy_m: float | None  # None: the channel does not say (WhatsApp)
    live: bool  # a live location being shared, not a pin
    sent_at: datetime  # when the platform says the position was taken or last updated
    edited: bool = False  # a later position of a live location already shared

    @property
    def on_earth(self) -> bool:
        """Both coordinates are numbers in range: a client may send 91, NaN or text."""
        return (
            math.isfinite(self.lat) and math.isfinite(self.lon)
            and abs(self.lat) <= 90 and abs(self.lon) <= 180
        )  # fmt: skip


def number(value: object) -> float:
    """A coordinate or accuracy as the platform sent it, as a float; NaN if it is no number.

    Adapters pass NaN on rather than dropping the message, so that the flow can tell the user
    the location is invalid instead of leaving them without an answer.
    """
    if isinstance(value, bool):
        return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return math.nan


def command_of(text: str) -> tuple[str | None, tuple[str, ...]]:
    """A typed text as a command, for channels that mark none: "/izin sakit" is ("izin",
    ("sakit",)) as on Telegram, "/izin@bot" too; plain text is (None, ())."""
    words = text[1:].split() if text.startswith("/") else []
    if not words:
        return None, ()
    word, *args = words
    return word.split("@")[0].lower(), tuple(args)


@dataclass(frozen=True)
class Media:
    """A photo, document or video the adapter can fetch by `file_id`."""

    file_id: str
    unique_id: str | None = None  # Telegram's file_unique_id: stable across re-sends
    mime: str | None = None
    size: int | None = None  # bytes, as the platform announces them
    name: str | None = None
    seconds: float | None = None  # a video's length, as the platform announces it


@dataclass(frozen=True)
class Inbound:
    channel: Channel
    sender: str  # the platform's user id
    chat: str  # where replies go
    key: str  # unique per delivery (update id, message id): redelivery must change nothing
    received_at: datetime  # the platform's timestamp of the message (aware)
    text: str | None = None
    command: str | None = None  # without the slash, lower case
    args: tuple[str, ...] = ()
    location: Location | None = None
    photo: Media | None = None
    document: Media | None = None
    # A video or round video note. It comes with `unsupported` set to its kind as well: every
    # step answers it as a kind it does not read, but the one that asked for a video.
    video: Media | None = None
    button: str | None = None  # the data of a pressed inline button or list row
    contact_phone: str | None = None  # a shared contact's number
    contact_is_own: bool = False  # the contact is the sender's own (Telegram's contact button)
    forwarded: bool = False
    unsupported: str | None = None  # "sticker", "voice", ...: a kind the flows do not read
    language: str | None = None  # the client's language code
    # When our server stored the delivery (the inbox): the time a clock-in is judged at, also
    # when it is processed later, after a crash or an outage. None: judged on the clock.
    arrived_at: datetime | None = None

    @property
    def can(self) -> Capabilities:
        """What the channel this came from offers the user."""
        return CAPABILITIES[self.channel]


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class OutFile:
    name: str
    data: bytes
    mime: str


@dataclass(frozen=True)
class Reply:
    """One message to a chat; keyboards and buttons are alternatives, at most one of them."""

    text: str
    chat: str | None = None  # None: the chat the event came from
    buttons: tuple[tuple[Button, ...], ...] = ()  # inline buttons, in rows
    keyboard: tuple[tuple[str, ...], ...] = ()  # reply keyboard, in rows
    ask_location: str | None = None  # label of a "share location" button
    ask_contact: str | None = None  # label of a "share my number" button
    remove_keyboard: bool = False
    document: OutFile | None = None
    photo: OutFile | None = None
    commands: tuple[tuple[str, str], ...] | None = None  # set this chat's command menu
    # (label, address): this chat's menu button opens the console there as a Mini App (where
    # the channel has one); ("", "") gives the button back to the command menu.
    menu_app: tuple[str, str] | None = None
    # A name under which the message is remembered where it went ("absence:42"), so that a
    # later reply can take its place; `replaces` names such a message: a channel that can edit
    # shows this reply in its place (buttons gone), any other sends it as a new message.
    tag: str | None = None
    replaces: str | None = None


@dataclass
class Answer:
    """Everything one inbound event produced."""

    replies: list[Reply] = field(default_factory=list)
    # Messages for other employees (an approver, the requester), routed by their chat account.
    notices: list[tuple[int, Reply]] = field(default_factory=list)
    toast: str | None = None  # a short answer to a button press
    # The event was handled before (a replay after a crash): this is what it produced then,
    # and nothing was done again.
    repeated: bool = False


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at line ends where possible (a big recap)."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            pieces.append(current)
            current = ""
        current += line
    pieces.append(current)
    return [piece.strip("\n") for piece in pieces if piece.strip()]


def answer_to_json(answer: Answer) -> dict:
    """An answer as plain JSON (file bytes in base64): kept until it is delivered."""
    return {
        "replies": [reply_to_json(reply) for reply in answer.replies],
        "notices": [[employee_id, reply_to_json(reply)] for employee_id, reply in answer.notices],
        "toast": answer.toast,
    }


def answer_from_json(data: dict) -> Answer:
    """The answer `answer_to_json` wrote."""
    return Answer(
        replies=[reply_from_json(reply) for reply in data.get("replies", [])],
        notices=[(int(e), reply_from_json(reply)) for e, reply in data.get("notices", [])],
        toast=data.get("toast"),
    )


def reply_to_json(reply: Reply) -> dict:
    """One reply as plain JSON."""

    def file(out: OutFile | None) -> dict | None:
        if out is None:
            return None
        return {"name": out.name, "mime": out.mime, "data": base64.b64encode(out.data).decode()}

    return {
        "text": reply.text,
        "chat": reply.chat,
        "buttons": [[[b.label, b.data] for b in row] for row in reply.buttons],
        "keyboard": [list(row) for row in reply.keyboard],
        "ask_location": reply.ask_location,
        "ask_contact": reply.ask_contact,
        "remove_keyboard": reply.remove_keyboard,
        "document": file(reply.document),
        "photo": file(reply.photo),
        "commands": None if reply.commands is None else [list(c) for c in reply.commands],
        "menu_app": None if reply.menu_app is None else list(reply.menu_app),
        "tag": reply.tag,
        "replaces": reply.replaces,
    }


def reply_from_json(data: dict) -> Reply:
    """The reply `reply_to_json` wrote."""

    def file(raw: dict | None) -> OutFile | None:
        if raw is None:
            return None
        return OutFile(raw["name"], base64.b64decode(raw["data"]), raw["mime"])

    commands, app = data.get("commands"), data.get("menu_app")
    return Reply(
        text=data["text"],
        chat=data.get("chat"),
        buttons=tuple(
            tuple(Button(label, value) for label, value in row) for row in data.get("buttons", [])
        ),
        keyboard=tuple(tuple(row) for row in data.get("keyboard", [])),
        ask_location=data.get("ask_location"),
        ask_contact=data.get("ask_contact"),
        remove_keyboard=bool(data.get("remove_keyboard")),
        document=file(data.get("document")),
        photo=file(data.get("photo")),
        commands=None if commands is None else tuple((name, about) for name, about in commands),
        menu_app=None if app is None else (app[0], app[1]),
        tag=data.get("tag"),
        replaces=data.get("replaces"),
    )
