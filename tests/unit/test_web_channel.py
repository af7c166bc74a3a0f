"""The web channel's pieces: a typed command, an event as stored and read back (location,
photo, document), the web chat's own wording, its uploads and its chat stream, the playground's
clock."""

from __future__ import annotations

import asyncio
import json
import math
import string
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fakeredis import FakeAsyncRedis

from core.channels import Channel
from core.clock import FixedClock, ShiftedClock
from core.flows.messages import CAPABILITIES, Location, Media, Reply, command_of
from core.flows.texts import TEXTS, t, variant
from core.flows.turn import MediaUnavailable
from webhooks.web.intake import event_of, payload
from webhooks.web.sender import WebSender
from webhooks.web.uploads import KEEP_S, WebUploads

AT = datetime(2026, 11, 24, 0, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/izin sakit besok", ("izin", ("sakit", "besok"))),
        ("/START", ("start", ())),
        ("/rekap@presensi_bot 2026-11", ("rekap", ("2026-11",))),
        ("Masuk", (None, ())),
        ("/", (None, ())),
        ("/  ", (None, ())),
        ("a /izin", (None, ())),
    ],
)
def test_a_typed_text_is_a_command_as_on_telegram(typed, expected):
    assert command_of(typed) == expected


def stored(**event) -> dict:
    """What the inbox keeps, through JSON as the database and Redis keep it."""
    return json.loads(json.dumps(payload("coba-7", "coba-7", AT, **event)))


def test_a_location_from_the_map_reads_back_as_the_flows_take_it():
    place = {"lat": -2.0631, "lon": 101.3912, "accuracy_m": 12, "live": True, "edited": True}
    event = event_of("web:coba-7:n1", stored(location=place))
    assert event.channel is Channel.WEB and event.sender == event.chat == "coba-7"
    assert event.location == Location(-2.0631, 101.3912, 12.0, live=True, sent_at=AT, edited=True)
    assert event.arrived_at == event.received_at == AT


def test_a_pin_without_accuracy_and_a_place_off_the_map():
    pin = event_of("k", stored(location={"lat": 1, "lon": 2, "accuracy_m": None}))
    assert pin.location.live is False and pin.location.accuracy_m is None
    off = event_of("k", stored(location={"lat": 91.5, "lon": 2, "accuracy_m": 5, "live": True}))
    assert off.location.on_earth is False  # the flows answer "invalid location"
    words = event_of("k", stored(location={"lat": "x", "lon": 2, "live": True}))
    assert math.isnan(words.location.lat) and not words.location.on_earth


def test_a_photo_and_a_document_read_back_as_media_to_fetch():
    photo = {"file_id": "abc", "mime": "image/jpeg", "size": 2048, "name": "saya.jpg"}
    event = event_of("k", stored(photo=photo))
    assert event.photo == Media("abc", None, "image/jpeg", 2048, "saya.jpg")
    letter = {"file_id": "def", "mime": "application/pdf", "size": 40, "name": "surat.pdf"}
    assert event_of("k", stored(document=letter)).document.mime == "application/pdf"
    typed = event_of("k", stored(text="/izin sakit", command="izin", args=["sakit"]))
    assert typed.command == "izin" and typed.args == ("sakit",)


def test_the_web_chat_says_its_own_gesture_and_falls_back_to_the_common_text():
    web = CAPABILITIES[Channel.WEB].wording
    assert variant("ask_live_location", web) == "ask_live_location@web"
    assert variant("ask_live_location", CAPABILITIES[Channel.TELEGRAM].wording) == (
        "ask_live_location"
    )
    assert variant("welcome", web) == "welcome"
    said = t("id", variant("ask_live_location", web), what="Masuk")
    assert said.startswith("Masuk: bagikan LOKASI TERKINI (live location) Anda: 📍 Lokasi > ")
    assert "📎" not in said
    assert "📎" in t("id", "ask_live_location", what="Masuk")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_web_wording_stands_for_a_text_and_fills_the_same_blanks():
    own = [key for key in TEXTS if "@" in key]
    assert len(own) >= 10
    wordings = {can.wording for can in CAPABILITIES.values()}
    for key in own:
        base, wording = key.split("@")
        assert wording in wordings and base in TEXTS, key
        for language in (0, 1):
            assert fields(TEXTS[key][language]) == fields(TEXTS[base][language]), key


def test_the_playground_clock_runs_from_its_start_at_the_wall_clocks_pace():
    wall = FixedClock(datetime(2030, 2, 9, 23, 59, tzinfo=UTC))  # any day, any time
    start = datetime(2026, 11, 24, 0, 5, tzinfo=UTC)
    clock = ShiftedClock(start, base=wall)
    assert clock.now() == start
    wall.advance(seconds=90)
    assert clock.now() == start + timedelta(seconds=90)
    with pytest.raises(ValueError):
        ShiftedClock(datetime(2026, 11, 24, 7, 5))


@pytest.fixture(params=["embedded", "redis"])
def redis(request):
    """The in-process stand-in (`presensi demo --web`) and a real Redis server."""
    if request.param == "embedded":
        return FakeAsyncRedis()
    from redis.asyncio import Redis

    return Redis.from_url(request.getfixturevalue("redis_url"))


def test_an_upload_is_kept_until_fetched_and_no_longer_than_an_hour(redis):
    async def run():
        prefix = f"test:{uuid.uuid4().hex}"
        uploads = WebUploads(redis, prefix=prefix)
        media, kept = await uploads.put(b"\xff\xd8jpeg", "image/jpeg", "saya.jpg", "send-1")
        assert kept and media.file_id == "send-1"
        _, kept_again = await uploads.put(b"other", "image/png", "lain.png", "send-1")
        assert not kept_again  # a resend: the first file stands, as the stored event names it
        assert (media.mime, media.size, media.name) == ("image/jpeg", 6, "saya.jpg")
        assert await uploads.fetch(media) == b"\xff\xd8jpeg"
        assert 0 < await redis.ttl(f"{prefix}:{media.file_id}") <= KEEP_S
        with pytest.raises(MediaUnavailable) as gone:
            await uploads.fetch(Media("never-uploaded"))
        assert gone.value.reason == "failed"
        await uploads.forget(media)
        with pytest.raises(MediaUnavailable):
            await uploads.fetch(media)
        await redis.aclose()

    asyncio.run(run())


def test_a_chat_stream_holds_both_sides_in_order(redis):
    async def run():
        sender = WebSender(redis, prefix=f"test:{uuid.uuid4().hex}")
        assert await sender.last_id("coba-7") == "0-0"
        mine = await sender.echo("coba-7", "Masuk")
        await sender.send("coba-7", Reply("Bagikan lokasi", keyboard=(("Masuk", "Pulang"),)))
        found = await sender.since("coba-7")
        assert found[0][1] == {"mine": True, "text": "Masuk"}
        assert found[1][1]["text"] == "Bagikan lokasi"
        assert found[1][1]["keyboard"] == [["Masuk", "Pulang"]]
        assert [entry for _, entry in await sender.since("coba-7", mine)] == [found[1][1]]
        assert await sender.since("coba-7", "not-an-id") == []
        await redis.delete(f"{sender.prefix}:coba-7")
        await redis.aclose()

    asyncio.run(run())
