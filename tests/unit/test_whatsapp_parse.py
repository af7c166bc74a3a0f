"""Webhook bodies in Meta's shapes -> the flows' events and the delivery statuses."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from core.flows.messages import Channel, Location, Media
from tests.e2e import whatsapp_payloads as wa
from webhooks.whatsapp.parse import Malformed, parse, read_body

AT = datetime(2026, 11, 24, 0, 20, tzinfo=UTC)


def one(message: dict):
    """The single event of a body holding `message`."""
    batch = parse(wa.body(message))
    [(key, event)] = batch.messages
    assert key == event.key == f"wa:{message['id']}"
    return event


def test_a_text_is_an_event_from_the_sender_at_the_messages_time():
    event = one(wa.text("Masuk", at=AT))
    assert (event.channel, event.sender, event.chat) == (Channel.WHATSAPP, wa.DEWI, wa.DEWI)
    assert event.received_at == AT
    assert (event.text, event.command, event.forwarded) == ("Masuk", None, False)


def test_a_slash_text_is_a_command_with_arguments_like_on_telegram():
    event = one(wa.text("/Rekap 24-11-2026"))
    assert (event.command, event.args) == ("rekap", ("24-11-2026",))
    assert event.text == "/Rekap 24-11-2026"
    assert one(wa.text("/")).command is None


@pytest.mark.parametrize(
    "spot",
    [{"latitude": 91, "longitude": 101.39}, {"latitude": "north", "longitude": 101.39},
     {"latitude": float("nan"), "longitude": 101.39}, {"latitude": -2.06},
     {"latitude": -2.06, "longitude": 1e999}, {"latitude": True, "longitude": 101.39}],
    ids=["lat_91", "text", "nan", "no_longitude", "infinite", "boolean"],
)  # fmt: skip
def test_a_location_off_the_map_is_passed_on_for_the_flow_to_refuse(spot):
    message = wa.text("x")
    message.update(type="location", location=spot)
    del message["text"]
    [(_, event)] = parse(read_body(json.dumps(wa.body(message)).encode())).messages
    assert event.location is not None and not event.location.on_earth


def test_a_location_has_no_accuracy_and_is_never_live():
    event = one(wa.location(-2.06198, 101.3928, at=AT))
    assert event.location == Location(-2.06198, 101.3928, None, False, AT)


def test_a_place_picked_from_the_list_is_not_a_position():
    event = one(wa.location(-2.06, 101.39, name="Kantor Walikota", address="Jl. Muradi"))
    assert (event.location, event.unsupported) == (None, "venue")


def test_an_image_and_a_document_carry_the_media_id_type_and_checksum():
    photo = one(wa.image("7001", mime="image/jpeg")).photo
    assert photo == Media("7001", "sha-7001", "image/jpeg", None, None)
    doc = one(wa.document("7002", filename="surat.pdf")).document
    assert (doc.file_id, doc.mime, doc.size) == ("7002", "application/pdf", None)
    assert doc.name == "surat.pdf"


def test_a_video_is_unsupported_but_carried_for_the_liveness_check():
    event = one(wa.video("7004", forwarded=True))
    assert event.unsupported == "video" and event.forwarded
    assert event.video == Media("7004", "sha-7004", "video/mp4", None, None)


@pytest.mark.parametrize("flag", ["forwarded", "frequently_forwarded"])
def test_forwarded_messages_are_marked(flag):
    assert one(wa.image("7003", **{flag: True})).forwarded
    assert one(wa.location(1, 2, **{flag: True})).forwarded


def test_button_and_list_replies_give_the_button_id():
    assert one(wa.button_reply("ap:12", "✅ Setujui")).button == "ap:12"
    assert one(wa.list_reply("lt:S", "Sakit")).button == "lt:S"
    assert one(wa.template_button("ap:13", "Setujui")).button == "ap:13"


def test_a_keyboard_row_comes_back_as_the_typed_label():
    event = one(wa.list_reply("kb:Izin/Cuti", "Izin/Cuti"))
    assert (event.text, event.button) == ("Izin/Cuti", None)


def test_a_shared_contact_says_whether_it_is_the_senders_own():
    own = one(wa.contact("+62 813-6600-2104", wa.DEWI))
    assert (own.contact_phone, own.contact_is_own) == ("+62 813-6600-2104", True)
    other = one(wa.contact("+62 811-0000-0001", "62811000001"))
    assert (other.contact_phone, other.contact_is_own) == ("+62 811-0000-0001", False)
    assert not one(wa.contact("+62 811-0000-0002", None)).contact_is_own


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (wa.sticker(), "sticker"),
        (wa.audio(), "audio"),
        (wa.reaction("wamid.x"), "reaction"),
        (wa.unsupported(), "unknown"),
        ({**wa.text("x"), "type": "hologram", "hologram": {}}, "unknown"),
        ({**wa.text("x"), "type": "interactive", "interactive": {"type": "nfm_reply"}}, "unknown"),
    ],
    ids=["sticker", "audio", "reaction", "unsupported", "made_up", "flow_reply"],
)
def test_kinds_the_flows_do_not_read_are_named(message, kind):
    event = one(message)
    assert event.unsupported == kind and event.text is None


def test_a_batch_of_entries_changes_messages_and_statuses():
    first, second, third = wa.text("satu"), wa.text("dua", sender=wa.RINA), wa.text("tiga")
    sent = wa.status("wamid.out.1", "delivered", at=AT)
    failed = wa.status("wamid.out.2", "failed", errors=(131047,))
    payload = {"object": "whatsapp_business_account", "entry": [
        wa.entry(wa.value([first], [sent]), wa.value([], [failed])),
        wa.entry(wa.value([second, third])),
        {"id": "x", "changes": [{"field": "account_update", "value": {"event": "VERIFIED"}}]},
    ]}  # fmt: skip
    batch = parse(payload)
    assert [event.text for _, event in batch.messages] == ["satu", "dua", "tiga"]
    assert [(s.message_id, s.status, s.errors) for s in batch.statuses] == [
        ("wamid.out.1", "delivered", ()),
        ("wamid.out.2", "failed", (131047,)),
    ]
    assert batch.statuses[0].at == AT and batch.statuses[0].recipient == wa.DEWI
    assert batch.raw[f"wa:{second['id']}"] == second


def test_statuses_alone_are_no_messages():
    batch = parse(wa.body(statuses=(wa.status("wamid.out.3", "read"),)))
    assert batch.messages == [] and len(batch.statuses) == 1


def test_messages_for_another_business_number_are_skipped():
    payload = wa.body(wa.text("halo"), phone_number_id="999")
    assert parse(payload, wa.PHONE_NUMBER_ID).messages == []
    assert len(parse(payload).messages) == 1  # no number configured: all are ours


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"\xff\xfe", b"[]", b'"text"', b"{}", b'{"entry": {}}'],
    ids=["broken", "not_utf8", "list", "string", "no_entry", "entry_not_list"],
)
def test_a_body_that_is_not_a_webhook_payload_is_malformed(raw):
    with pytest.raises(Malformed):
        read_body(raw)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda m: m.pop("id"),
        lambda m: m.pop("from"),
        lambda m: m.update(timestamp="yesterday"),
        lambda m: m.update(type="image", image={"mime_type": "image/jpeg"}),
    ],
    ids=["no_id", "no_from", "bad_timestamp", "media_without_id"],
)
def test_a_message_missing_what_identifies_it_is_skipped_and_the_good_one_kept(mangle):
    bad, good = wa.text("halo"), wa.text("masuk")
    mangle(bad)
    batch = parse(read_body(json.dumps(wa.body(bad, good)).encode()))
    assert [key for key, _ in batch.messages] == [f"wa:{good['id']}"]
    [(item_id, problem)] = batch.invalid
    assert item_id == bad.get("id", "?") and "halo" not in problem


def test_a_location_without_coordinates_is_kept_as_an_invalid_position():
    location = wa.location(-2.06, 101.39)
    del location["location"]
    batch = parse(wa.body(location, wa.text("masuk")))
    assert len(batch.messages) == 2 and batch.invalid == []
    assert not batch.messages[0][1].location.on_earth


def test_changes_that_are_not_lists_are_malformed():
    with pytest.raises(Malformed):
        parse({"entry": [{"changes": {"field": "messages"}}]})
    with pytest.raises(Malformed):
        parse({"entry": ["x"]})
