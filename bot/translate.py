"""Telegram `Update` -> the flows' `Inbound`. Pure: no network, no clock unless asked.

Only what a person sends the bot in a private chat becomes an event. Group and channel traffic,
membership changes and the like are dropped: attendance replies carry personal data and an
account is bound to a private chat.
"""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import CallbackQuery, Chat, Message, MessageEntity, Update

from core.flows.messages import Channel, Inbound, Location, Media, number

# Kinds a person can send that the flows do not read, checked in this order. Venue comes first
# because a venue message carries a `location` too (a place picked on the map, not a position),
# and animation before document because a GIF also arrives as a document.
UNSUPPORTED = (
    "venue",
    "animation",
    "sticker",
    "voice",
    "video",
    "video_note",
    "audio",
    "live_photo",
    "dice",
    "poll",
    "game",
    "story",
    "paid_media",
    "invoice",
    "giveaway",
    "checklist",
)


def _video(message: Message) -> Media | None:
    """A round video note or a video, as the liveness check reads it; None for other kinds."""
    clip = message.video_note or message.video
    if clip is None:
        return None
    return Media(
        file_id=clip.file_id,
        unique_id=clip.file_unique_id,
        # A video note has no MIME type in the Bot API; Telegram records them as MPEG-4.
        mime=getattr(clip, "mime_type", None) or "video/mp4",
        size=clip.file_size,
        # Read from the dict: the attribute warns about its coming type change (PTB 22.2).
        seconds=number(clip.to_dict().get("duration")),
    )


def to_inbound(update: Update, now: datetime | None = None) -> Inbound | None:
    """The event the flows read, or None for an update they have no use for.

    `now` stamps a button press (Telegram gives a callback query no date); it defaults to the
    system time.
    """
    if update.callback_query is not None:
        return _from_callback(update, update.callback_query, now or datetime.now(UTC))
    if update.message is not None:
        return _from_message(update, update.message, edited=False)
    if update.edited_message is not None:
        # Telegram re-sends a live location each time it moves, as an edit of the first message.
        # Any other edit (a corrected NIP typed earlier) would replay an old step: ignore it.
        if update.edited_message.location is None or update.edited_message.venue is not None:
            return None
        return _from_message(update, update.edited_message, edited=True)
    return None


def _from_callback(update: Update, query: CallbackQuery, now: datetime) -> Inbound | None:
    """A pressed inline button; the chat is the one of the message that carried it."""
    message = query.message
    if message is not None and message.chat.type != Chat.PRIVATE:
        return None
    chat = message.chat.id if message is not None else query.from_user.id
    return Inbound(
        channel=Channel.TELEGRAM,
        sender=str(query.from_user.id),
        chat=str(chat),
        key=f"tg:{update.update_id}",
        received_at=now,
        button=query.data,
        language=query.from_user.language_code,
    )


def _from_message(update: Update, message: Message, edited: bool) -> Inbound | None:
    """Any message a person sends in a private chat."""
    user = message.from_user
    if user is None or message.chat.type != Chat.PRIVATE:
        return None
    at = _aware(message.edit_date if edited and message.edit_date else message.date)
    base = {
        "channel": Channel.TELEGRAM,
        "sender": str(user.id),
        "chat": str(message.chat.id),
        "key": f"tg:{update.update_id}",
        "received_at": at,
        "forwarded": message.forward_origin is not None or bool(message.is_automatic_forward),
        "language": user.language_code,
    }
    for kind in UNSUPPORTED:
        if getattr(message, kind, None):
            return Inbound(**base, unsupported=kind, video=_video(message))
    if message.location is not None:
        spot = message.location
        accuracy = spot.horizontal_accuracy
        location = Location(
            lat=number(spot.latitude),
            lon=number(spot.longitude),
            accuracy_m=None if accuracy is None else number(accuracy),
            # Read from the dict: the attribute warns about its coming type change (PTB 22.2).
            live=spot.to_dict().get("live_period") is not None,
            sent_at=at,
            edited=edited,
        )
        return Inbound(**base, location=location)
    if message.photo:
        # Telegram offers several sizes of one picture; the largest is the one worth matching.
        largest = max(message.photo, key=lambda size: size.width * size.height)
        photo = Media(
            file_id=largest.file_id,
            unique_id=largest.file_unique_id,
            mime="image/jpeg",  # Telegram re-encodes every compressed photo as JPEG
            size=largest.file_size,
        )
        return Inbound(**base, photo=photo, text=message.caption)
    if message.document is not None:
        doc = message.document
        document = Media(
            file_id=doc.file_id,
            unique_id=doc.file_unique_id,
            mime=doc.mime_type,
            size=doc.file_size,
            name=doc.file_name,
        )
        return Inbound(**base, document=document, text=message.caption)
    if message.contact is not None:
        contact = message.contact
        return Inbound(
            **base,
            contact_phone=contact.phone_number,
            contact_is_own=contact.user_id is not None and contact.user_id == user.id,
        )
    if message.text is not None:
        command, args = _command(message)
        return Inbound(**base, text=message.text, command=command, args=args)
    return None  # a service message: someone pinned, a chat photo changed, ...


def _command(message: Message) -> tuple[str | None, tuple[str, ...]]:
    """`/izin@presensi_bot 2026-11-24` -> ("izin", ("2026-11-24",)); plain text -> (None, ())."""
    entities = message.entities or ()
    first = next((e for e in entities if e.offset == 0), None)
    if first is None or first.type != MessageEntity.BOT_COMMAND:
        return None, ()
    text = message.text or ""
    name = text[1 : first.length].split("@", 1)[0].lower()
    return name, tuple(text[first.length :].split())


def _aware(moment: datetime) -> datetime:
    """python-telegram-bot gives UTC-aware dates; a naive one (custom Defaults) is UTC too."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
