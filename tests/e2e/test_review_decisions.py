"""/tinjau decisions through the real adapters: on Telegram the record's message with its
Konfirmasi / Tolak buttons becomes the decision (edited in place), on WhatsApp the decision
comes as a new message under the record's; the employee is told on their own channel."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from bot.offline import updates as tg
from bot.offline.api import OfflineBotApi as FakeTelegram
from core.storage.tables import AttendanceRow, UnitRow
from presensi.server import build_app, telegram_bot
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph, choices, shown
from tests.e2e.test_telegram_flows import DEWI, RINA, SETTINGS, Conversation, texts
from tests.e2e.test_whatsapp_flows import People, text_of
from tests.e2e.whatsapp_chat import WhatsAppChat, settings
from tests.flows_harness import ADMIN, OFFICE, STAFF, build

NO_FACE = "tanpa pencocokan wajah (wajah belum terdaftar)"


async def telegram_chat(tmp_path):
    h = build(tmp_path)
    fake = FakeTelegram()

    def runner_factory(settings, fetchers):
        h.runner.deps.fetchers.update(fetchers)
        return h.runner

    application = telegram_bot(SETTINGS, runner_factory, request=fake, clock=h.clock)
    return h, fake, application


async def clock_in_on_telegram(chat: Conversation) -> None:
    await chat.says(DEWI, "Masuk")
    near = tg.live_location(*OFFICE, accuracy=12, sender=DEWI, at=chat.h.clock.now())
    await chat.send(near)
    assert "tanpa pencocokan wajah" in texts(await chat.selfie(DEWI, b"face:" + STAFF.encode()))


def buttons(call) -> list[tuple[str, str]]:
    rows = call.params["reply_markup"]["inline_keyboard"]
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


async def test_on_telegram_the_admin_rejects_and_the_message_becomes_the_decision(tmp_path):
    h, fake, application = await telegram_chat(tmp_path)
    async with application:
        chat = Conversation(h, fake, application)
        await chat.link(DEWI, STAFF)
        await chat.link(RINA, ADMIN)
        await clock_in_on_telegram(chat)
        h.at(9, 0, date(2026, 11, 25))

        listed = await chat.send(tg.command("/tinjau 24-11-2026", sender=RINA, at=h.clock.now()))

        header, item = [c for c in listed if c.method == "sendMessage"]
        assert header.params["text"].startswith(
            "Absen yang perlu ditinjau, Sekretariat Daerah Kota Sungai Penuh, 24-11-2026 (1):"
        )
        assert item.params["text"] == f"Dewi Lestari A.Md: Masuk 07:20 WIB, {NO_FACE}"
        (confirm, _), (reject, reject_data) = buttons(item)
        assert (confirm, reject) == ("✅ Konfirmasi", "❌ Tolak")

        asked = await chat.send(tg.callback(reject_data, sender=RINA))
        assert "Tuliskan alasan menolak absen ini" in texts(asked)
        done = await chat.send(tg.text("tidak berada di kantor", sender=RINA, at=h.clock.now()))

        [edit] = [c for c in done if c.method == "editMessageText"]
        decided = (
            f"❌ DITOLAK: Dewi Lestari A.Md, masuk 24-11-2026 07:20 WIB ({NO_FACE}).\n"
            "Alasan: tidak berada di kantor\n24-11-2026 kini: Tanpa keterangan (TK)."
        )
        assert edit.params["text"] == decided
        # The listed message itself now reads the decision, without its buttons.
        [now_reads] = [m for (chat_id, _), m in fake.messages.items()
                       if chat_id == str(RINA["id"]) and m.get("text") == decided]  # fmt: skip
        assert "reply_markup" not in now_reads
        assert not [
            m
            for (chat_id, _), m in fake.messages.items()
            if chat_id == str(RINA["id"]) and m.get("text") == item.params["text"]
        ]
        [told] = [c for c in done if c.method == "sendMessage"
                  and str(c.params["chat_id"]) == str(DEWI["id"])]  # fmt: skip
        assert told.params["text"].startswith(
            "Absen masuk Anda 24-11-2026 07:20 WIB ditolak oleh admin Rina Marlina S.Sos"
        )

        again = await chat.send(tg.callback(reject_data, sender=RINA))
        [toast] = [c for c in again if c.method == "answerCallbackQuery"]
        assert toast.params["text"].startswith("Absen itu sudah ditolak oleh Rina Marlina S.Sos")
        history = await chat.says(DEWI, "/riwayat")
        assert "Sel 24-11 TK: tanpa keterangan, masuk 07:20 ditolak" in history
    with h.uow() as uow:
        assert [r.outcome for r in uow.session.query(AttendanceRow)] == ["on_time", "rejected"]


async def test_on_telegram_a_confirmation_is_one_tap(tmp_path):
    h, fake, application = await telegram_chat(tmp_path)
    async with application:
        chat = Conversation(h, fake, application)
        await chat.link(DEWI, STAFF)
        await chat.link(RINA, ADMIN)
        await clock_in_on_telegram(chat)
        listed = await chat.send(tg.command("/tinjau", sender=RINA, at=h.clock.now()))
        item = [c for c in listed if c.method == "sendMessage"][1]
        [(_, confirm), _] = buttons(item)

        done = await chat.send(tg.callback(confirm, sender=RINA))

        [edit] = [c for c in done if c.method == "editMessageText"]
        assert edit.params["text"].startswith("✅ DIKONFIRMASI: Dewi Lestari A.Md, masuk")
        [toast] = [c for c in done if c.method == "answerCallbackQuery"]
        assert toast.params["text"] == "Dikonfirmasi."
        none = await chat.says(RINA, "/tinjau")
        assert none.startswith("Tidak ada absen yang perlu ditinjau")
        forged = await chat.send(tg.callback(confirm, sender=DEWI))  # the employee herself
        assert "tidak berwenang" in texts(forged)


async def test_on_whatsapp_a_review_clock_in_is_rejected_by_the_admin_on_whatsapp(tmp_path):
    h = build(tmp_path)
    with h.uow() as uow:
        for unit in uow.session.query(UnitRow):
            unit.policy = {**(unit.policy or {}), "location_trust": {"whatsapp": "review"}}
        uow.commit()
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
        people.says(wa.DEWI, "Masuk")
        people.at_office(wa.DEWI)
        assert "akan ditinjau admin unit" in people.selfie(wa.DEWI, f"face:{STAFF}|wa".encode())

        header, item = people.send(wa.text("/tinjau", sender=wa.RINA, at=people.now))

        assert shown(header).startswith("Absen yang perlu ditinjau")
        assert shown(item) == (
            f"Dewi Lestari A.Md: Masuk 07:20 WIB, {NO_FACE}; lewat WhatsApp (tanpa lokasi terkini)"
        )
        assert [t for _, t in choices(item)] == ["✅ Konfirmasi", "❌ Tolak"]
        asked = people.tap(wa.RINA, item, "❌ Tolak")
        assert text_of(asked).startswith("Tuliskan alasan menolak absen ini")
        blank = people.says(wa.RINA, " ")
        assert blank.startswith("Tuliskan alasan menolak absen ini")
        done = people.send(wa.text("lokasi tidak di kantor", sender=wa.RINA, at=people.now))

        to_rina = text_of(m for m in done if m["to"] == wa.RINA)
        assert to_rina.startswith("❌ DITOLAK: Dewi Lestari A.Md, masuk 24-11-2026 07:20 WIB")
        assert "Alasan: lokasi tidak di kantor" in to_rina
        to_dewi = text_of(m for m in done if m["to"] == wa.DEWI)
        assert "ditolak oleh admin Rina Marlina S.Sos setelah ditinjau" in to_dewi
        twice = people.tap(wa.RINA, item, "✅ Konfirmasi")
        assert text_of(twice).startswith("Absen itu sudah ditolak oleh Rina Marlina S.Sos")
    with h.uow() as uow:
        assert [r.outcome for r in uow.session.query(AttendanceRow)] == ["on_time", "rejected"]
