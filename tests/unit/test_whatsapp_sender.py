"""The sender against the fake Graph API: WhatsApp's limits, retries, templates, pace, media."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fakeredis import FakeAsyncRedis

from core.clock import FixedClock
from core.flows.messages import Button, Media, OutFile, Reply
from core.flows.turn import MediaUnavailable
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph, choices, shown
from webhooks.whatsapp.graph import Graph, Pace
from webhooks.whatsapp.parse import Status
from webhooks.whatsapp.sender import WhatsAppSender

NOW = datetime(2026, 11, 24, 0, 20, tzinfo=UTC)
TEMPLATES = {"notice": "presensi_pemberitahuan", "reminder": "presensi_pengingat"}


class Waits:
    """Stands in for asyncio.sleep and the monotonic clock: records each wait, passes no time."""

    def __init__(self) -> None:
        self.slept: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    def monotonic(self) -> float:
        return 100.0


@pytest.fixture
def fake() -> FakeGraph:
    return FakeGraph()


@pytest.fixture
def waits() -> Waits:
    return Waits()


@pytest.fixture
def redis() -> FakeAsyncRedis:
    return FakeAsyncRedis()


@pytest.fixture
async def sender(fake, waits, redis):
    client = httpx.AsyncClient(transport=fake.transport)
    pace = Pace(1000, sleep=waits.sleep, monotonic=waits.monotonic)
    graph = Graph(client, wa.ACCESS_TOKEN, pace=pace, max_tries=4, backoff_s=1.0,
                  max_backoff_s=5.0, sleep=waits.sleep)  # fmt: skip
    sender = WhatsAppSender(client, token=wa.ACCESS_TOKEN, phone_number_id=wa.PHONE_NUMBER_ID,
                            redis=redis, templates=TEMPLATES, clock=FixedClock(NOW),
                            graph=graph)  # fmt: skip
    yield sender
    await client.aclose()


def retry_waits(waits: Waits) -> list[float]:
    """The backoff waits (the pace at 1000/s waits 1 ms per call, told apart by size)."""
    return [s for s in waits.slept if s >= 0.5]


# --- what WhatsApp is sent ---------------------------------------------------------------------


async def test_a_text_goes_as_one_text_message(sender, fake):
    assert await sender.send(wa.DEWI, Reply("Halo"))
    [message] = fake.sent(wa.DEWI)
    assert message["messaging_product"] == "whatsapp" and message["type"] == "text"
    assert message["text"]["body"] == "Halo"


async def test_a_long_text_is_split_at_line_ends_within_4096(sender, fake):
    text = "\n".join(f"{n:04d} " + "x" * 95 for n in range(60))  # 6000 characters
    await sender.send(wa.DEWI, Reply(text))
    pieces = fake.texts()
    assert len(pieces) == 2 and all(len(p) <= 4096 for p in pieces)
    assert "\n".join(pieces) == text


async def test_up_to_three_buttons_are_reply_buttons_with_short_titles(sender, fake):
    reply = Reply("Pengajuan S dari Dewi", buttons=((Button("✅ Setujui", "ap:7"),
                  Button("❌ Tolak dengan alasan yang panjang", "rj:7")),))  # fmt: skip
    await sender.send(wa.RINA, reply)
    [message] = fake.sent()
    assert message["interactive"]["type"] == "button"
    assert choices(message) == [("ap:7", "✅ Setujui"), ("rj:7", "❌ Tolak dengan alas…")]
    assert all(len(title) <= 20 for _, title in choices(message))


async def test_a_keyboard_of_four_labels_becomes_a_list_whose_rows_answer_as_text(sender, fake):
    reply = Reply("Pilih", keyboard=(("Masuk", "Pulang"), ("Izin/Cuti", "Status saya")))
    await sender.send(wa.DEWI, reply)
    [message] = fake.sent()
    assert message["interactive"]["type"] == "list"
    assert message["interactive"]["action"]["button"] == "Menu"
    labels = ["Masuk", "Pulang", "Izin/Cuti", "Status saya"]
    assert choices(message) == [(f"kb:{label}", label) for label in labels]


async def test_more_than_ten_choices_go_as_several_lists_with_full_labels(sender, fake):
    buttons = tuple((Button(f"Cuti alasan penting nomor {n}", f"lt:C:{n}"),) for n in range(12))
    await sender.send(wa.DEWI, Reply("Pilih jenis C:", buttons=buttons))
    first, second = fake.sent()
    assert [len(choices(first)), len(choices(second))] == [10, 2]
    row = first["interactive"]["action"]["sections"][0]["rows"][0]
    assert len(row["title"]) <= 24 and row["title"].endswith("…")
    assert row["description"] == "Cuti alasan penting nomor 0"


async def test_titles_cut_to_the_same_words_stay_distinct(sender, fake):
    buttons = ((Button("Cuti alasan penting A", "a"), Button("Cuti alasan penting B", "b")),)
    await sender.send(wa.DEWI, Reply("Pilih", buttons=buttons))
    titles = [title for _, title in choices(fake.sent()[0])]
    assert len(set(titles)) == 2 and all(len(t) <= 20 for t in titles)


async def test_a_body_over_1024_goes_first_as_text_then_the_buttons(sender, fake):
    text = "\n".join("y" * 99 for _ in range(15))  # 1499 characters
    await sender.send(wa.RINA, Reply(text, buttons=((Button("OK", "ok"),),)))
    before, buttons = fake.sent()
    assert before["type"] == "text" and buttons["type"] == "interactive"
    assert len(shown(buttons)) <= 1024
    assert shown(before) + "\n" + shown(buttons) == text


async def test_a_location_request_is_an_interactive_location_request(sender, fake):
    await sender.send(wa.DEWI, Reply("Masuk: kirim lokasi", ask_location="📍 Kirim lokasi",
                                     keyboard=(("Batal",),)))  # fmt: skip
    [message] = fake.sent()
    assert message["interactive"]["type"] == "location_request_message"
    assert message["interactive"]["action"] == {"name": "send_location"}
    assert shown(message) == "Masuk: kirim lokasi"


async def test_a_contact_request_is_only_the_text(sender, fake):
    await sender.send(wa.DEWI, Reply("Kirim kode aktivasi", ask_contact="📱 Kirim nomor saya"))
    assert [m["type"] for m in fake.sent()] == ["text"]


async def test_a_document_is_uploaded_then_sent_by_id_with_its_name(sender, fake):
    pdf = OutFile("rekap-2026-11.pdf", b"%PDF-1.7 rekap", "application/pdf")
    await sender.send(wa.HENDRA, Reply("Rekap November", document=pdf))
    [upload] = fake.uploads()
    assert upload.form == {"messaging_product": "whatsapp", "type": "application/pdf"}
    assert upload.files["file"] == ("rekap-2026-11.pdf", b"%PDF-1.7 rekap")
    [message] = fake.sent()
    assert message["document"] == {"id": "up-1", "filename": "rekap-2026-11.pdf",
                                   "caption": "Rekap November"}  # fmt: skip


async def test_a_document_with_buttons_goes_first_then_the_buttons(sender, fake):
    pdf = OutFile("lampiran-3.pdf", b"%PDF", "application/pdf")
    reply = Reply("Pengajuan S", buttons=((Button("Setujui", "ap:3"),),), document=pdf)
    await sender.send(wa.RINA, reply)
    assert [m["type"] for m in fake.sent()] == ["document", "interactive"]
    assert "caption" not in fake.sent()[0]["document"]


async def test_commands_are_ignored(sender, fake):
    await sender.send(wa.DEWI, Reply("Terhubung", commands=(("masuk", "Absen masuk"),)))
    assert [m["type"] for m in fake.sent()] == ["text"]


# --- retries and permanent errors --------------------------------------------------------------


async def test_429_and_5xx_are_retried_with_exponential_backoff(sender, fake, waits):
    fake.fail_next(429, 130429)
    fake.fail_next(503)
    assert await sender.send(wa.DEWI, Reply("Halo"))
    assert fake.texts() == ["Halo"]
    assert retry_waits(waits) == [1.0, 2.0]


async def test_retries_are_bounded_and_the_backoff_capped(sender, fake, waits, caplog):
    fake.fail_next(500, times=10)
    assert not await sender.send(wa.DEWI, Reply("Halo"))
    assert len([c for c in fake.calls if c.path.endswith("/messages")]) == 4
    assert retry_waits(waits) == [1.0, 2.0, 4.0]
    assert all(w <= 5.0 for w in waits.slept)


async def test_pair_rate_limit_is_retried(sender, fake, waits):
    fake.fail_next(400, 131056)
    assert await sender.send(wa.DEWI, Reply("Halo"))
    assert retry_waits(waits) == [1.0]


async def test_a_permanent_error_is_not_retried_and_logged_without_the_number(
    sender, fake, waits, caplog
):
    caplog.set_level(logging.WARNING)
    fake.fail_next(400, 131026)
    assert not await sender.send(wa.DEWI, Reply("Halo"))
    assert retry_waits(waits) == []
    assert "131026" in caplog.text and "…2104" in caplog.text
    assert wa.DEWI not in caplog.text and "Halo" not in caplog.text


async def test_the_backoff_follows_retry_after_within_the_cap(fake, waits):
    graph = Graph(httpx.AsyncClient(transport=fake.transport), wa.ACCESS_TOKEN,
                  sleep=waits.sleep, max_backoff_s=5.0)  # fmt: skip
    assert graph.delay(0, 3.0) == 3.0
    assert graph.delay(0, 120.0) == 5.0
    assert graph.delay(5, None) == 5.0


# --- the 24-hour window ------------------------------------------------------------------------


async def test_131047_sends_the_notice_template_instead(sender, fake):
    fake.fail_next(400, 131047)
    reply = Reply("Pengajuan S\ndari Dewi", buttons=((Button("OK", "ok"),),))
    assert await sender.send(wa.RINA, reply)
    [template] = fake.sent()
    assert template["type"] == "template"
    assert template["template"]["name"] == "presensi_pemberitahuan"
    assert template["template"]["language"] == {"code": "id"}
    assert shown(template) == "Pengajuan S · dari Dewi"  # no line breaks in a parameter


async def test_a_user_known_to_be_silent_for_a_day_gets_the_template_at_once(sender, fake):
    await sender.note_inbound(wa.DEWI, NOW - timedelta(hours=25))
    await sender.send(wa.DEWI, Reply("Pengingat absen"), purpose="reminder")
    assert [m["template"]["name"] for m in fake.sent()] == ["presensi_pengingat"]
    await sender.note_inbound(wa.DEWI, NOW - timedelta(hours=23))
    await sender.send(wa.DEWI, Reply("Halo"))
    assert fake.sent()[-1]["type"] == "text"


async def test_an_unknown_purpose_falls_back_to_the_notice_template(sender, fake):
    await sender.note_inbound(wa.DEWI, NOW - timedelta(days=2))
    await sender.send(wa.DEWI, Reply("Hasil"), purpose="approval_result")
    assert fake.sent()[0]["template"]["name"] == "presensi_pemberitahuan"


async def test_without_a_template_the_message_is_reported_lost(sender, fake, caplog):
    sender.templates = {}
    await sender.note_inbound(wa.DEWI, NOW - timedelta(days=2))
    assert not await sender.send(wa.DEWI, Reply("Hasil"))
    assert fake.sent() == [] and "lost" in caplog.text


async def test_a_failed_status_with_131047_resends_as_template_once(sender, fake):
    await sender.send(wa.DEWI, Reply("Disetujui"))
    [sent] = fake.sent()
    wamid = "wamid.out.1"
    failed = Status(wamid, wa.DEWI, "failed", NOW, (131047,))
    await sender.on_status(failed)
    await sender.on_status(failed)  # Meta redelivers statuses too
    assert [m["type"] for m in fake.sent()] == ["text", "template"]
    assert shown(fake.sent()[1]) == "Disetujui"
    await sender.on_status(Status("wamid.out.9", wa.DEWI, "failed", NOW, (131026,)))
    assert len(fake.sent()) == 2 and sent["type"] == "text"


# --- pace --------------------------------------------------------------------------------------


async def test_the_pace_hands_out_slots_at_the_configured_rate(waits):
    pace = Pace(4, sleep=waits.sleep, monotonic=waits.monotonic)
    for _ in range(5):
        await pace.wait()
    assert waits.slept == [0.25, 0.5, 0.75, 1.0]


async def test_every_message_send_takes_a_slot(fake, waits):
    client = httpx.AsyncClient(transport=fake.transport)
    pace = Pace(2, sleep=waits.sleep, monotonic=waits.monotonic)
    graph = Graph(client, wa.ACCESS_TOKEN, pace=pace, sleep=waits.sleep)
    sender = WhatsAppSender(
        client, token=wa.ACCESS_TOKEN, phone_number_id=wa.PHONE_NUMBER_ID, graph=graph
    )
    for n in range(3):
        await sender.send(wa.DEWI, Reply(f"pesan {n}"))
    assert waits.slept == [0.5, 1.0]
    assert fake.texts() == ["pesan 0", "pesan 1", "pesan 2"]


# --- media -------------------------------------------------------------------------------------


async def test_media_is_fetched_in_two_steps_with_the_token(sender, fake):
    fake.add_media("8801", b"\xff\xd8jpeg-bytes")
    data = await sender.fetch(Media("8801", mime="image/jpeg"), max_bytes=1000)
    assert data == b"\xff\xd8jpeg-bytes"
    assert [(c.method, c.path) for c in fake.calls] == [
        ("GET", "/v21.0/8801"),  # the media id -> its URL
        ("GET", "media:8801"),  # the URL -> the bytes
    ]


async def test_a_file_announced_over_the_limit_is_refused_before_downloading(sender, fake):
    fake.add_media("8802", b"%PDF small", "application/pdf", announced_size=100 * 1024 * 1024)
    with pytest.raises(MediaUnavailable) as refused:
        await sender.fetch(Media("8802"), max_bytes=20 * 1024 * 1024)
    assert refused.value.reason == "too_large"
    assert [c.path for c in fake.calls] == ["/v21.0/8802"]


async def test_a_file_bigger_than_announced_is_cut_off(sender, fake):
    fake.add_media("8803", b"x" * 5000, "image/jpeg", announced_size=10)
    with pytest.raises(MediaUnavailable) as refused:
        await sender.fetch(Media("8803"), max_bytes=1000)
    assert refused.value.reason == "too_large"


async def test_a_file_that_is_neither_image_nor_pdf_is_refused(sender, fake):
    fake.add_media("8804", b"MZ\x90", "application/x-msdownload")
    with pytest.raises(MediaUnavailable) as refused:
        await sender.fetch(Media("8804"), max_bytes=1000)
    assert refused.value.reason == "wrong_type"


@pytest.mark.parametrize(
    ("setup", "tries"),
    [({"lookup_fails": True}, 1), ({"download_status": 404}, 1), ({"download_status": 502}, 4)],
    ids=["lookup_refused", "url_expired", "server_error"],
)
async def test_a_download_that_fails_is_reported_as_unavailable(sender, fake, setup, tries):
    fake.add_media("8805", b"\xff\xd8", **setup)
    with pytest.raises(MediaUnavailable) as refused:
        await sender.fetch(Media("8805"), max_bytes=1000)
    assert refused.value.reason == "failed"
    downloads = [c for c in fake.calls if c.path == "media:8805"]
    assert len(downloads) == (0 if setup.get("lookup_fails") else tries)


async def test_an_unknown_media_id_is_unavailable(sender):
    with pytest.raises(MediaUnavailable):
        await sender.fetcher(1000)(Media("nope"))
