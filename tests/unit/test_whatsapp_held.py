"""Messages with buttons outside WhatsApp's 24-hour window: held, announced by a template with a
quick-reply button, released by its tap. The sender against the fake Graph API, which refuses
a free-form message outside the window with 131047 as Graph does; the store is a hand-written
in-memory `HeldMessages` (the table's own tests: tests/integration/test_held_messages.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fakeredis import FakeAsyncRedis

from core.clock import FixedClock
from core.flows.messages import Button, OutFile, Reply
from core.held_messages import ANNOUNCE_AGAIN, Hold
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph, choices, shown, template_button
from webhooks.whatsapp.graph import Graph
from webhooks.whatsapp.outbound import template_message
from webhooks.whatsapp.parse import Status
from webhooks.whatsapp.sender import OPEN_HELD, WhatsAppSender

NOW = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
TEMPLATES = {"notice": "presensi_pemberitahuan", "held": "presensi_pesan_menunggu"}
REQUEST = Reply(
    "Pengajuan Sakit dari Dewi Lestari\n25-11-2026\nAlasan: demam",
    buttons=((Button("✅ Setujui", "ap:7"), Button("❌ Tolak", "rj:7")),),
    tag="absence:7",
)


class MemoryHeld:
    """`HeldMessages` in memory: the same answers as the table, for the sender's logic."""

    def __init__(self, languages: dict[str, str] | None = None) -> None:
        self.rows: list[dict] = []
        self.languages = languages or {}

    async def hold(self, channel, chat, reply, purpose, now) -> Hold:
        waiting = [r for r in self.rows if r["chat"] == chat and r["key"] is None]
        announced = any(r["announced"] and r["announced"] >= now - ANNOUNCE_AGAIN for r in waiting)
        self.rows.append({"chat": chat, "reply": reply, "key": None, "announced": None})
        return Hold(len(self.rows) - 1, not announced, self.languages.get(chat))

    async def announced(self, row_id, now) -> None:
        self.rows[row_id]["announced"] = now

    async def replace(self, channel, chat, tag, reply) -> bool:
        found = [r for r in self.rows if r["chat"] == chat and r["key"] is None
                 and r["reply"].tag == tag]  # fmt: skip
        for row in found:
            row["reply"] = reply
        return bool(found)

    async def release(self, channel, chat, key, now) -> list[Reply]:
        for row in self.rows:
            if row["chat"] == chat and row["key"] is None:
                row["key"] = key
        return [r["reply"] for r in self.rows if r["chat"] == chat and r["key"] == key]

    async def language(self, channel, chat) -> str | None:
        return self.languages.get(chat)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def fake(clock) -> FakeGraph:
    graph = FakeGraph()
    graph.enforce_window(clock.now)
    return graph


@pytest.fixture
def held() -> MemoryHeld:
    return MemoryHeld({wa.RINA: "id", wa.HENDRA: "en"})


@pytest.fixture
async def sender(fake, held, clock):
    client = httpx.AsyncClient(transport=fake.transport)

    async def no_wait(_seconds: float) -> None:
        return None

    graph = Graph(client, wa.ACCESS_TOKEN, max_tries=2, sleep=no_wait)
    yield WhatsAppSender(client, token=wa.ACCESS_TOKEN, phone_number_id=wa.PHONE_NUMBER_ID,
                         redis=FakeAsyncRedis(), templates=TEMPLATES, clock=clock, graph=graph,
                         held=held)  # fmt: skip
    await client.aclose()


def opened_by(fake: FakeGraph, who: str) -> None:
    """`who` wrote just now: the fake Graph API's window is open for them."""
    fake.last_heard[who] = fake.now()


async def test_the_fake_graph_refuses_free_form_outside_the_window_as_graph_does(fake, clock):
    client = httpx.AsyncClient(transport=fake.transport)
    url = f"https://graph.facebook.com/v21.0/{wa.PHONE_NUMBER_ID}/messages"
    headers = {"Authorization": f"Bearer {wa.ACCESS_TOKEN}"}
    text = {"messaging_product": "whatsapp", "to": wa.RINA, "type": "text",
            "text": {"body": "Halo"}}  # fmt: skip
    refused = await client.post(url, json=text, headers=headers)
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == 131047
    assert refused.json()["error"]["title"] == "Re-engagement message"
    template = {"messaging_product": "whatsapp", "to": wa.RINA,
                **template_message("presensi_pemberitahuan", "id", ["Halo"])}  # fmt: skip
    assert (await client.post(url, json=template, headers=headers)).status_code == 200
    opened_by(fake, wa.RINA)
    assert (await client.post(url, json=text, headers=headers)).status_code == 200
    clock.advance(hours=24)
    assert (await client.post(url, json=text, headers=headers)).status_code == 400
    await client.aclose()


async def test_a_request_to_a_silent_approver_is_held_behind_a_template_with_a_button(
    sender, fake, held
):
    assert await sender.send(wa.RINA, REQUEST)
    [refused] = [c for c in fake.calls if not c.accepted]  # unknown window: tried, refused
    assert refused.json["type"] == "interactive"
    [template] = fake.sent(wa.RINA)
    assert template["template"]["name"] == "presensi_pesan_menunggu"
    assert template["template"]["language"] == {"code": "id"}
    assert shown(template) == "Pengajuan Sakit dari Dewi Lestari · 25-11-2026 · Alasan: demam"
    assert template_button(template) == OPEN_HELD
    assert [r["reply"] for r in held.rows] == [REQUEST]


async def test_known_to_be_silent_the_message_is_held_without_trying(sender, fake):
    await sender.note_inbound(wa.RINA, NOW - timedelta(hours=30))
    await sender.send(wa.RINA, REQUEST)
    assert [c.json["type"] for c in fake.calls] == ["template"]


async def test_the_template_goes_in_the_approvers_language(sender, fake):
    await sender.send(wa.HENDRA, REQUEST)
    [template] = fake.sent(wa.HENDRA)
    assert template["template"]["language"] == {"code": "en"}


async def test_a_language_not_registered_falls_back_to_the_default(sender, fake):
    fake.languages = {"presensi_pesan_menunggu": {"id"}}
    await sender.send(wa.HENDRA, REQUEST)
    [template] = fake.sent(wa.HENDRA)
    assert template["template"]["language"] == {"code": "id"}


async def test_a_second_message_joins_the_first_without_another_template(sender, fake, held, clock):
    second = Reply("Pengajuan Izin dari Budi", buttons=((Button("✅ Setujui", "ap:8"),),))
    await sender.send(wa.RINA, REQUEST)
    clock.advance(hours=2)
    await sender.send(wa.RINA, second)
    assert [m["type"] for m in fake.sent(wa.RINA)] == ["template"]
    clock.advance(hours=23)  # a day after the template: it is sent again, as a reminder
    await sender.send(wa.RINA, second)
    assert [m["type"] for m in fake.sent(wa.RINA)] == ["template", "template"]
    assert len(held.rows) == 3


async def test_a_failed_template_is_tried_again_with_the_next_message(sender, fake, held):
    fake.fail_next(400, 100)  # the template itself is refused (say, not approved yet)
    await sender.note_inbound(wa.RINA, NOW - timedelta(days=2))
    assert await sender.send(wa.RINA, REQUEST)  # held all the same
    assert fake.sent(wa.RINA) == []
    await sender.send(wa.RINA, REQUEST)
    assert [m["type"] for m in fake.sent(wa.RINA)] == ["template"]


async def test_the_tap_releases_in_order_once(sender, fake, held):
    second = Reply("Pengajuan Izin dari Budi", buttons=((Button("✅ Setujui", "ap:8"),),))
    await sender.send(wa.RINA, REQUEST)
    await sender.send(wa.RINA, second)
    assert await sender.release(wa.RINA, "wa:tap1") == [REQUEST, second]
    assert await sender.release(wa.RINA, "wa:tap1") == [REQUEST, second]  # a replay: the same
    assert await sender.release(wa.RINA, "wa:tap2") == []  # another tap: nothing left
    opened_by(fake, wa.RINA)
    for reply in [REQUEST, second]:
        await sender.send(wa.RINA, reply)
    assert [choices(m)[0] for m in fake.sent(wa.RINA)[1:]] == [
        ("ap:7", "✅ Setujui"), ("ap:8", "✅ Setujui")]  # fmt: skip


async def test_a_message_without_buttons_goes_as_the_notice_template_and_is_not_held(
    sender, fake, held
):
    await sender.send(wa.RINA, Reply("Pengajuan Anda disetujui"))
    [template] = fake.sent(wa.RINA)
    assert template["template"]["name"] == "presensi_pemberitahuan"
    assert template_button(template) is None and held.rows == []


async def test_a_reply_replacing_a_held_message_takes_its_place_unsent(sender, fake, held):
    await sender.send(wa.RINA, REQUEST)
    cancelled = Reply("Pengajuan Sakit dari Dewi DIBATALKAN", replaces="absence:7")
    assert await sender.send(wa.RINA, cancelled)
    assert len(fake.sent(wa.RINA)) == 1  # only the first template
    assert await sender.release(wa.RINA, "wa:tap") == [cancelled]


async def test_without_the_held_template_the_old_fallback_stays(sender, fake, held):
    sender.templates = {"notice": "presensi_pemberitahuan"}
    await sender.send(wa.RINA, REQUEST)
    [template] = fake.sent(wa.RINA)
    assert template["template"]["name"] == "presensi_pemberitahuan" and held.rows == []


async def test_a_failed_status_131047_of_a_message_with_buttons_holds_it(sender, fake, held):
    opened_by(fake, wa.RINA)
    file = OutFile("surat.pdf", b"%PDF-1.4", "application/pdf")
    with_file = Reply(REQUEST.text, buttons=REQUEST.buttons, document=file)
    await sender.send(wa.RINA, with_file)
    assert [m["type"] for m in fake.sent(wa.RINA)] == ["document", "interactive"]
    failed = Status("wamid.out.2", wa.RINA, "failed", NOW, (131047,))  # the document's id
    await sender.on_status(failed)
    await sender.on_status(failed)  # redelivered: nothing twice
    assert [r["reply"] for r in held.rows] == [with_file]
    assert fake.sent(wa.RINA)[2]["template"]["name"] == "presensi_pesan_menunggu"
    assert len(fake.sent(wa.RINA)) == 3
