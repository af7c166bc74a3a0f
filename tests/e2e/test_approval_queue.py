"""/antrian, its reminder and /wakil through the real adapters: on Telegram the Bot API calls a
person would see (through the offline Bot API), the reminder sent by the scheduled push through
the real Telegram sender; on WhatsApp the Graph API messages, the bulk approval a reply button.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.offline import updates as tg
from bot.sender import TelegramSender
from core.channels import Channel
from core.delivery import Dispatcher
from core.flows.push import PushConfig
from presensi.background import push_once
from presensi.server import build_app
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph, choices, shown
from tests.e2e.test_cancel_request import sick_note, statuses
from tests.e2e.test_telegram_flows import (
    DEWI,
    HENDRA,
    RINA,
    telegram_chat,
    texts,
)
from tests.e2e.test_whatsapp_flows import PDF, People, file_sick_note, text_of
from tests.e2e.whatsapp_chat import WhatsAppChat, settings
from tests.flows_harness import ADMIN, HEAD, STAFF, build, without_receipt

CARD = (
    "#1 Dewi Lestari A.Md (Sekretariat Daerah Kota Sungai Penuh): Sakit, 24-11-2026\n"
    "Alasan: Demam tinggi\nLampiran: 1 berkas; diajukan 24-11-2026 07:20 WIB"
)
APPROVED = "Pengajuan Sakit Anda untuk 24-11-2026 DISETUJUI oleh Rina Marlina S.Sos."


def to(person: dict, calls) -> list:
    return [c for c in calls if str(c.params.get("chat_id")) == str(person["id"])]


# --- Telegram ----------------------------------------------------------------------------------


@pytest.fixture
async def chat(tmp_path):
    h = build(tmp_path)
    async with telegram_chat(h, (DEWI, STAFF), (RINA, ADMIN), (HENDRA, HEAD), push=False) as chat:
        yield chat


async def test_telegram_queue_and_approve_all_shown(chat):
    await sick_note(chat)
    listed = await chat.send(tg.command("/antrian", sender=RINA, at=chat.h.clock.now()))
    header, card, bulk = [c for c in listed if c.method == "sendMessage"]
    assert header.params["text"] == "1 pengajuan menunggu keputusan Anda, yang terlama dulu:"
    assert card.params["text"] == CARD
    [[approve, reject]] = card.params["reply_markup"]["inline_keyboard"]
    assert (approve["text"], approve["callback_data"]) == ("✅ Setujui", "ap:1")
    assert (reject["text"], reject["callback_data"]) == ("❌ Tolak", "rj:1")
    [[everything]] = bulk.params["reply_markup"]["inline_keyboard"]
    assert (everything["text"], everything["callback_data"]) == ("✅ Setujui semua (1)", "aq:1")

    tapped = await chat.send(tg.callback("aq:1", sender=RINA))
    [toast] = [c for c in tapped if c.method == "answerCallbackQuery"]
    assert "text" not in toast.params  # the spinner stops; the result is the message below
    assert texts(to(RINA, tapped)) == "Persetujuan sekaligus:\n✅ #1 Dewi Lestari A.Md: disetujui"
    assert without_receipt(texts(to(DEWI, tapped))) == APPROVED
    again = await chat.send(tg.callback("aq:1", sender=RINA))  # the same button, later
    assert texts(to(RINA, again)) == (
        "Persetujuan sekaligus:\n• #1 Dewi Lestari A.Md: sudah disetujui sebelumnya, tidak diubah"
    )
    assert to(DEWI, again) == [] and statuses(chat.h) == ["approved"]


async def test_telegram_reminder_from_the_scheduled_push_and_a_substitute(chat):
    await sick_note(chat)
    dispatcher = Dispatcher(chat.h.runner.chat_of)
    dispatcher.register(Channel.TELEGRAM, TelegramSender(chat.application.bot))
    config = PushConfig(summary_at=9 * 60, remind_before=15)
    chat.h.at(15, 30)
    before = len(chat.fake.calls)
    assert await push_once(chat.h.uow, dispatcher, chat.h.redis, config, chat.h.clock.now()) == 1
    [reminder] = to(RINA, chat.fake.calls[before:])
    assert reminder.params["text"] == (
        f"⏰ Pengingat: pengajuan ini menunggu keputusan Anda sejak 24-11-2026 07:20 WIB.\n{CARD}"
    )
    assert reminder.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ap:1"
    assert await push_once(chat.h.uow, dispatcher, chat.h.redis, config, chat.h.clock.now()) == 0

    named = await chat.send(
        tg.command(f"/wakil {HEAD} 24-11-2026 s/d 25-11-2026", sender=RINA, at=chat.h.clock.now())
    )
    assert texts(to(RINA, named)).startswith(
        "Wakil Anda: Drs. Hendra Saputra, 24-11-2026 s/d 25-11-2026."
    )
    assert texts(to(HENDRA, named)).startswith("Rina Marlina S.Sos menunjuk Anda sebagai wakil")
    listed = await chat.send(tg.command("/antrian", sender=HENDRA, at=chat.h.clock.now()))
    assert "(untuk Rina Marlina S.Sos)" in texts(listed)
    decided = await chat.send(tg.callback("ap:1", sender=HENDRA))
    assert without_receipt(texts(to(DEWI, decided))) == APPROVED.replace(
        "Rina Marlina S.Sos", "Drs. Hendra Saputra"
    )


# --- WhatsApp ----------------------------------------------------------------------------------


@pytest.fixture
def people(tmp_path):
    h = build(tmp_path)
    fake = FakeGraph()

    def runner_factory(config, fetchers):
        h.runner.deps.fetchers.update(fetchers)
        return h.runner

    config = settings(f"sqlite:///{tmp_path / 'flows.db'}")
    app = build_app(config, runner_factory, whatsapp_transport=fake.transport, clock=h.clock)
    with TestClient(app) as http:
        people = People(h, WhatsAppChat(http, fake), fake)
        people.link(wa.DEWI, STAFF)
        people.link(wa.RINA, ADMIN)
        yield people


def test_whatsapp_queue_with_reply_buttons_and_approve_all(people):
    file_sick_note(people, people.media(PDF, "application/pdf"))
    header, card, bulk = people.send(wa.text("/antrian", sender=wa.RINA, at=people.now))
    assert shown(header) == "1 pengajuan menunggu keputusan Anda, yang terlama dulu:"
    assert card["interactive"]["type"] == "button" and shown(card) == CARD
    assert choices(card) == [("ap:1", "✅ Setujui"), ("rj:1", "❌ Tolak")]
    assert choices(bulk) == [("aq:1", "✅ Setujui semua (1)")]  # within 20 characters

    tapped = people.tap(wa.RINA, bulk, "✅ Setujui semua (1)")
    assert text_of(m for m in tapped if m["to"] == wa.RINA) == (
        "Persetujuan sekaligus:\n✅ #1 Dewi Lestari A.Md: disetujui"
    )
    assert without_receipt(text_of(m for m in tapped if m["to"] == wa.DEWI)) == APPROVED
    late = people.tap(wa.RINA, card, "✅ Setujui")  # the card's own button, still on screen
    assert text_of(late) == "Pengajuan ini sudah disetujui."
    assert statuses(people.h) == ["approved"]
    assert people.says(wa.RINA, "/antrian") == "Tidak ada pengajuan yang menunggu keputusan Anda."
