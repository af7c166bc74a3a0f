"""/batal through the real adapters: on Telegram the approver's message with its buttons is
edited in place (the Bot API calls a person would see, through the offline Bot API); on
WhatsApp, which cannot edit a message, the approver gets a short notice; a request filed on
WhatsApp and cancelled there edits the approver's Telegram message (one process, both channels).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.application import build_application
from bot.offline import updates as tg
from bot.offline.api import OfflineBotApi as FakeTelegram
from bot.sender import TelegramSender
from core.flows.messages import Button, Reply
from core.storage.tables import AbsenceRow
from presensi.server import build_app
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph, choices, shown
from tests.e2e.test_telegram_flows import DEWI, RINA, SETTINGS, Conversation, telegram_chat, texts
from tests.e2e.test_whatsapp_flows import PDF, People, file_sick_note, text_of
from tests.e2e.whatsapp_chat import WhatsAppChat, drain, settings
from tests.flows_harness import ADMIN, STAFF, build

CANCELLED = (
    "🚫 DIBATALKAN oleh pegawai: pengajuan Sakit dari Dewi Lestari A.Md (Sekretariat Daerah "
    "Kota Sungai Penuh) untuk 24-11-2026. Tidak perlu diputuskan lagi."
)


def statuses(h) -> list[str]:
    with h.uow() as uow:
        return [r.status for r in uow.session.query(AbsenceRow).order_by(AbsenceRow.id)]


# --- Telegram ----------------------------------------------------------------------------------


@pytest.fixture
async def chat(tmp_path):
    h = build(tmp_path)
    async with telegram_chat(h, (DEWI, STAFF), (RINA, ADMIN), push=False) as chat:
        yield chat


async def sick_note(chat: Conversation) -> int:
    """Dewi files a sick note with her doctor's letter; the id of Rina's message about it."""
    await chat.says(DEWI, "/izin")
    await chat.send(tg.callback("lt:S", sender=DEWI))
    await chat.says(DEWI, "24-11-2026")
    await chat.says(DEWI, "Demam tinggi")
    chat.fake.add_file("BQACnote1", b"%PDF-1.4 surat dokter")
    await chat.send(tg.document("BQACnote1", sender=DEWI, at=chat.h.clock.now()))
    [(key, request)] = [
        (key, m)
        for key, m in chat.fake.messages.items()
        if key[0] == str(RINA["id"]) and "document" in m
    ]
    assert "Sakit dari Dewi Lestari" in request["caption"] and request["reply_markup"]
    return key[1]


async def test_telegram_cancel_edits_the_approvers_message(chat):
    message_id = await sick_note(chat)
    listed = await chat.send(tg.command("/batal", sender=DEWI, at=chat.h.clock.now()))
    [offer] = [c for c in listed if c.method == "sendMessage"]
    assert offer.params["text"].endswith("#1 Sakit, 24-11-2026 (menunggu Rina Marlina S.Sos)")
    [[button]] = offer.params["reply_markup"]["inline_keyboard"]
    assert (button["text"], button["callback_data"]) == ("Batalkan #1", "cx:1")

    tapped = await chat.send(tg.callback("cx:1", sender=DEWI))
    [edit] = [c for c in tapped if c.method == "editMessageCaption"]
    assert (
        str(edit.params["chat_id"]) == str(RINA["id"]) and edit.params["message_id"] == message_id
    )
    assert edit.params["caption"] == CANCELLED and "reply_markup" not in edit.params
    now_reads = chat.fake.messages[(str(RINA["id"]), message_id)]
    assert now_reads["caption"] == CANCELLED and "reply_markup" not in now_reads  # no buttons
    told = [c for c in tapped if c.method == "sendMessage"]
    assert [str(c.params["chat_id"]) for c in told] == [str(DEWI["id"])]  # Rina: no new message
    assert (
        texts(told)
        == "Pengajuan #1 (Sakit, 24-11-2026) dibatalkan. Rina Marlina S.Sos sudah diberi tahu."
    )
    assert statuses(chat.h) == ["cancelled"]

    # Rina's client still showing the old buttons: a tap changes nothing.
    late = await chat.send(tg.callback("ap:1", sender=RINA, message_id=message_id))
    assert [c.params.get("text") for c in late if c.method == "answerCallbackQuery"] == [
        "Pengajuan ini sudah dibatalkan."
    ]
    assert not any(str(c.params.get("chat_id")) == str(DEWI["id"]) for c in late)
    chat.h.at(7, 30)
    again = await chat.says(DEWI, "/batal 1")
    assert again == "Pengajuan #1 (Sakit, 24-11-2026) sudah dibatalkan sebelumnya."
    assert statuses(chat.h) == ["cancelled"]


async def test_telegram_refusing_the_edit_gets_the_approver_a_new_message(chat):
    await sick_note(chat)
    chat.fake.fail(
        "editMessageCaption", code=400, description="Bad Request: message to edit not found"
    )
    tapped = await chat.send(tg.command("/batal 1", sender=DEWI, at=chat.h.clock.now()))
    to_rina = [
        c
        for c in tapped
        if c.method == "sendMessage" and str(c.params["chat_id"]) == str(RINA["id"])
    ]
    assert texts(to_rina) == CANCELLED


async def test_telegram_decided_and_foreign_requests_are_refused(chat):
    await sick_note(chat)
    await chat.send(tg.callback("ap:1", sender=RINA))
    refused = await chat.says(DEWI, "/batal 1")
    assert refused == (
        "Pengajuan #1 (Sakit, 24-11-2026) sudah disetujui, jadi tidak bisa dibatalkan. "
        "Hubungi admin unit Anda bila perlu diubah."
    )
    assert await chat.says(RINA, "/batal 1") == (
        "Tidak ada pengajuan Anda bernomor 1. Ketik /batal untuk melihat pengajuan yang masih "
        "bisa dibatalkan."
    )
    assert statuses(chat.h) == ["approved"]


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


def test_whatsapp_cancel_sends_the_approver_a_notice(people):
    sent = file_sick_note(people, people.media(PDF, "application/pdf"))
    _, request = [m for m in sent if m["to"] == wa.RINA]
    [offer] = people.send(wa.text("/batal", sender=wa.DEWI, at=people.now))
    assert shown(offer).endswith("#1 Sakit, 24-11-2026 (menunggu Rina Marlina S.Sos)")
    assert [title for _, title in choices(offer)] == ["Batalkan #1"]

    tapped = people.tap(wa.DEWI, offer, "Batalkan #1")
    assert text_of(m for m in tapped if m["to"] == wa.DEWI) == (
        "Pengajuan #1 (Sakit, 24-11-2026) dibatalkan. Rina Marlina S.Sos sudah diberi tahu."
    )
    [notice] = [m for m in tapped if m["to"] == wa.RINA]
    assert notice["type"] == "text" and shown(notice) == CANCELLED  # a new message: no edits
    late = people.tap(wa.RINA, request, "✅ Setujui")  # the old buttons are still on screen
    assert text_of(late) == "Pengajuan ini sudah dibatalkan."
    assert statuses(people.h) == ["cancelled"]


def test_whatsapp_bad_numbers_and_nothing_pending(people):
    assert people.says(wa.DEWI, "/batal") == (
        "Tidak ada pengajuan Anda yang menunggu keputusan, jadi tidak ada yang dibatalkan."
    )
    assert people.says(wa.DEWI, "/batal 999") == (
        "Tidak ada pengajuan Anda bernomor 999. Ketik /batal untuk melihat pengajuan yang masih "
        "bisa dibatalkan."
    )
    assert people.says(wa.DEWI, "/batal dua").startswith(
        "Tulis nomor pengajuan, misalnya /batal 12"
    )


# --- both channels in one process --------------------------------------------------------------


def test_filed_and_cancelled_on_whatsapp_edits_the_approvers_telegram_message(tmp_path):
    h = build(tmp_path)
    fake, telegram = FakeGraph(), FakeTelegram()

    def runner_factory(config, fetchers):
        h.runner.deps.fetchers.update(fetchers)
        return h.runner

    config = settings(f"sqlite:///{tmp_path / 'flows.db'}", telegram_bot_token="123456:TEST",
                      telegram_webhook_secret="tg-secret")  # fmt: skip
    app = build_app(config, runner_factory, telegram_request=telegram,
                    whatsapp_transport=fake.transport, clock=h.clock)  # fmt: skip
    rina = tg.user(600600600, "Rina")
    with TestClient(app) as http:
        people = People(h, WhatsAppChat(http, fake), fake)

        def on_telegram(update: dict) -> None:
            headers = {"X-Telegram-Bot-Api-Secret-Token": "tg-secret"}
            assert http.post("/webhooks/telegram", json=update, headers=headers).status_code == 200
            http.portal.call(drain, app.state.telegram.tasks)
            people.chat.settle()

        for words in ("/start", ADMIN, h.code_for(ADMIN)):
            make = tg.command if words.startswith("/") else tg.text
            on_telegram(make(words, sender=rina, at=h.clock.now()))
        people.link(wa.DEWI, STAFF)
        file_sick_note(people, people.media(PDF, "application/pdf"))
        assert len(telegram.sent("sendDocument")) == 1
        to_rina = len(telegram.sent("sendMessage"))
        people.says(wa.DEWI, "/batal 1")
        [edit] = telegram.sent("editMessageCaption")
        assert str(edit.params["chat_id"]) == str(rina["id"])
        assert edit.params["caption"] == CANCELLED and "reply_markup" not in edit.params
        assert len(telegram.sent("sendMessage")) == to_rina  # edited, not sent anew
        assert statuses(h) == ["cancelled"]


# --- the Telegram sender's edits, on the offline Bot API ---------------------------------------


async def test_a_text_message_is_edited_its_buttons_removed_and_a_repeat_is_harmless():
    fake = FakeTelegram()
    application = build_application(SETTINGS, request=fake, rate_limit=False)
    async with application:
        sender = TelegramSender(application.bot)
        ref = await sender.send_kept(
            "600", Reply("Pengajuan Izin", buttons=((Button("OK", "ap:1"),),))
        )
        assert ref is not None and ref.startswith("text:")
        assert await sender.edit("600", ref, Reply(CANCELLED))
        assert await sender.edit("600", ref, Reply(CANCELLED))  # "not modified": already shown
        [edit, _] = fake.sent("editMessageText")
        assert edit.params["text"] == CANCELLED and "reply_markup" not in edit.params
        assert fake.messages[("600", int(ref[5:]))]["text"] == CANCELLED
        assert not await sender.edit("600", "text:1", Reply(CANCELLED))  # gone: refused, logged
