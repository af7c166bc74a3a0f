"""Telegram updates as the flows see them: every kind a person can send, and what is dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from telegram import Bot, Update

from bot.offline import updates as tg
from bot.translate import to_inbound
from core.flows.messages import Channel, Inbound, Location, Media

BOT = Bot("123456:TEST-TOKEN")
SITI_ID = str(tg.SITI["id"])


def translate(data: dict, now: datetime | None = None) -> Inbound | None:
    return to_inbound(Update.de_json(data, BOT), now=now)


def test_text_keeps_sender_chat_key_time_and_language():
    event = translate(tg.text("198705122010011002", update_id=901))
    assert event == Inbound(
        channel=Channel.TELEGRAM,
        sender=SITI_ID,
        chat=SITI_ID,
        key="tg:901",
        received_at=tg.AT,
        text="198705122010011002",
        language="id",
    )
    assert event.received_at.tzinfo is not None


def test_a_client_without_language_gives_none():
    event = translate(tg.text("halo", sender=tg.user(language=None)))
    assert event.language is None


@pytest.mark.parametrize(
    ("line", "command", "args"),
    [
        ("/start", "start", ()),
        ("/izin 2026-11-24", "izin", ("2026-11-24",)),
        ("/izin@presensi_bot 2026-11-24  2026-11-25", "izin", ("2026-11-24", "2026-11-25")),
        ("/REKAP", "rekap", ()),
        ("/start ABC123", "start", ("ABC123",)),
    ],
)
def test_commands_lose_the_slash_and_bot_name(line, command, args):
    event = translate(tg.command(line))
    assert (event.command, event.args, event.text) == (command, args, line)


def test_a_slash_without_a_command_entity_is_text():
    event = translate(tg.text("/ bukan perintah"))
    assert (event.command, event.text) == (None, "/ bukan perintah")


def test_live_location_with_accuracy():
    event = translate(tg.live_location(-2.0637, 101.3925, accuracy=12.5))
    assert event.location == Location(-2.0637, 101.3925, 12.5, live=True, sent_at=tg.AT)
    assert not event.forwarded


def test_static_location_is_not_live():
    event = translate(tg.static_location(-2.0637, 101.3925, accuracy=None))
    assert event.location == Location(-2.0637, 101.3925, None, live=False, sent_at=tg.AT)


def test_forwarded_location_is_marked():
    event = translate(tg.forwarded_location(-2.0637, 101.3925))
    assert event.forwarded and event.location is not None


def test_edited_live_location_is_a_later_position_dated_by_the_edit():
    moved = tg.AT + timedelta(minutes=2)
    event = translate(tg.edited_live_location(-2.0638, 101.3926, edited_at=moved, update_id=902))
    assert event.location == Location(-2.0638, 101.3926, 8.0, live=True, sent_at=moved, edited=True)
    assert event.received_at == moved
    assert event.key == "tg:902"


def test_an_edited_text_is_dropped():
    update = tg.text("1987")
    update["edited_message"] = update.pop("message")
    update["edited_message"]["edit_date"] = int(tg.AT.timestamp()) + 30
    assert translate(update) is None


def test_venue_is_unsupported_not_a_location():
    event = translate(tg.venue(-2.0637, 101.3925))
    assert (event.unsupported, event.location) == ("venue", None)


def test_photo_takes_the_largest_size():
    event = translate(tg.photo("AgACselfie1", caption="masuk"))
    assert event.photo == Media(
        file_id="AgACselfie1", unique_id="u-AgACselfie1", mime="image/jpeg", size=96_000
    )
    assert event.text == "masuk"
    assert not event.forwarded


def test_forwarded_photo_is_marked():
    event = translate(tg.forwarded_photo("AgACold"))
    assert event.forwarded and event.photo.file_id == "AgACold"


def test_document_keeps_type_size_and_name():
    event = translate(tg.document("BQACnote1", "surat.pdf", "application/pdf", 180_000))
    assert event.document == Media(
        file_id="BQACnote1",
        unique_id="u-BQACnote1",
        mime="application/pdf",
        size=180_000,
        name="surat.pdf",
    )


def test_callback_query_is_a_button_press_in_the_carrying_chat():
    now = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    event = translate(tg.callback("approve:17", sender=tg.BUDI, update_id=903), now=now)
    assert event == Inbound(
        channel=Channel.TELEGRAM,
        sender=str(tg.BUDI["id"]),
        chat=str(tg.BUDI["id"]),
        key="tg:903",
        received_at=now,
        button="approve:17",
        language="id",
    )


def test_own_contact_is_marked_as_own():
    event = translate(tg.contact("+6281234567890", own=True))
    assert (event.contact_phone, event.contact_is_own) == ("+6281234567890", True)


def test_someone_elses_contact_is_not_own():
    event = translate(tg.contact("+6281111111111", own=False))
    assert (event.contact_phone, event.contact_is_own) == ("+6281111111111", False)


def test_a_round_video_note_is_unsupported_but_carried_for_the_liveness_check():
    note = {"file_id": "DQnote", "file_unique_id": "u-note", "length": 240, "duration": 3,
            "file_size": 41_000}  # fmt: skip
    event = translate(tg.message({"video_note": note}))
    assert event.unsupported == "video_note"
    assert event.video == Media("DQnote", "u-note", "video/mp4", 41_000, seconds=3.0)


def test_a_video_keeps_its_type_and_length():
    clip = {"file_id": "BAvid", "file_unique_id": "u-vid", "width": 480, "height": 640,
            "duration": 4, "mime_type": "video/quicktime"}  # fmt: skip
    event = translate(tg.message({"video": clip}))
    assert (event.unsupported, event.video.mime, event.video.seconds) == (
        "video",
        "video/quicktime",
        4.0,
    )
    assert translate(tg.sticker()).video is None


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (tg.sticker(), "sticker"),
        (tg.voice(), "voice"),
        (tg.message({"video": {"file_id": "v", "file_unique_id": "uv", "width": 1,
                               "height": 1, "duration": 3}}), "video"),
        (tg.message({"video_note": {"file_id": "n", "file_unique_id": "un", "length": 1,
                                    "duration": 3}}), "video_note"),
        (tg.message({"audio": {"file_id": "a", "file_unique_id": "ua", "duration": 3}}), "audio"),
        (tg.message({"dice": {"emoji": "🎲", "value": 4}}), "dice"),
        # A GIF arrives as an animation and a document at once: it is an animation.
        (tg.message({"animation": {"file_id": "g", "file_unique_id": "ug", "width": 1,
                                   "height": 1, "duration": 1},
                     "document": {"file_id": "g", "file_unique_id": "ug"}}), "animation"),
        (tg.message({"poll": {"id": "p", "question": "?", "options": [],
                              "total_voter_count": 0, "is_closed": False,
                              "is_anonymous": True, "type": "regular",
                              "allows_multiple_answers": False,
                              "allows_revoting": False, "members_only": False}}), "poll"),
    ],
)  # fmt: skip
def test_kinds_the_flows_do_not_read_are_named(content, kind):
    event = translate(content)
    assert event.unsupported == kind
    assert (event.text, event.photo, event.document, event.location) == (None, None, None, None)


@pytest.mark.parametrize(
    "update",
    [
        tg.group_text("/rekap"),
        tg.my_chat_member(),
        {"update_id": 5, "channel_post": {"message_id": 1, "date": 0, "text": "x",
                                          "chat": {"id": -100, "type": "channel"}}},
        tg.message({"pinned_message": {"message_id": 3, "date": 0,
                                       "chat": {"id": 1, "type": "private"}}}),
    ],
    ids=["group", "my_chat_member", "channel_post", "service_message"],
)  # fmt: skip
def test_updates_the_flows_have_no_use_for_are_dropped(update):
    assert translate(update) is None
