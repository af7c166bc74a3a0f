"""The one-tap izin through the real Telegram adapter: a late clock-in carries its TPP cost and
an inline "Ajukan izin" button; the button opens /izin prefilled; the admin approves with one
tap; the employee is told what it saved, and /rekapsaya no longer charges the lateness.
Also the cuti tahunan balance as /izin shows it."""

from __future__ import annotations

import pytest
from telegram import Update

from bot.offline import updates as tg
from bot.offline.api import Call
from bot.offline.api import OfflineBotApi as FakeTelegram
from tests.e2e.test_telegram_flows import DEWI, RINA, telegram_chat, texts
from tests.flows_harness import ADMIN, OFFICE, STAFF, build, without_receipt


def to(person: dict, calls: list[Call]) -> list[Call]:
    return [c for c in calls if str(c.params.get("chat_id")) == str(person["id"])]


class Chat:
    def __init__(self, h, fake: FakeTelegram, application) -> None:
        self.h, self.fake, self.application = h, fake, application

    async def send(self, data: dict) -> list[Call]:
        before = len(self.fake.calls)
        await self.application.process_update(Update.de_json(data, self.application.bot))
        return self.fake.calls[before:]

    async def says(self, person: dict, words: str) -> list[Call]:
        make = tg.command if words.startswith("/") else tg.text
        return await self.send(make(words, sender=person, at=self.h.clock.now()))

    async def link(self, person: dict, identifier: str) -> None:
        await self.says(person, "/start")
        await self.says(person, identifier)
        await self.send(tg.text(self.h.code_for(identifier), sender=person, at=self.h.clock.now()))

    async def clock_in(self, person: dict, who: bytes) -> list[Call]:
        await self.says(person, "Masuk")
        await self.send(
            tg.live_location(*OFFICE, accuracy=12, sender=person, at=self.h.clock.now())
        )
        file_id = f"AgAC{len(self.fake.calls)}"
        self.fake.add_file(file_id, b"face:" + who)
        return await self.send(tg.photo(file_id, sender=person, at=self.h.clock.now()))

    async def upload(self, person: dict, content: bytes) -> list[Call]:
        file_id = f"BQAC{len(self.fake.calls)}"
        self.fake.add_file(file_id, content)
        return await self.send(tg.document(file_id, sender=person, at=self.h.clock.now()))


@pytest.fixture
async def chat(tmp_path):
    h = build(tmp_path)
    async with telegram_chat(h, (DEWI, STAFF), (RINA, ADMIN), talk=Chat) as found:
        yield found


async def test_late_clock_in_then_one_tap_izin_approved_drops_the_deduction(chat):
    chat.h.at(7, 45)
    answered = await chat.clock_in(DEWI, STAFF.encode())
    assert "Masuk tercatat 07:45 WIB: terlambat 15 menit (TL1). Potongan TPP 0,5%." in texts(
        answered
    )
    [offer] = [c for c in answered if "reply_markup" in c.params
               and "inline_keyboard" in c.params["reply_markup"]]  # fmt: skip
    assert "Ajukan izin terlambat untuk 24-11-2026" in offer.params["text"]
    [[button]] = offer.params["reply_markup"]["inline_keyboard"]
    assert (button["text"], button["callback_data"]) == ("Ajukan izin", "iz:terlambat:2026-11-24")
    chat.h.at(20, 0)
    assert "- 1x terlambat (TL1) = 0,5%" in texts(await chat.says(DEWI, "/rekapsaya"))

    chat.h.at(8, 0)
    pressed = await chat.send(tg.callback(button["callback_data"], sender=DEWI))
    assert "answerCallbackQuery" in [c.method for c in pressed]
    assert "Izin terlambat 24-11-2026: terlambat 15 menit (TL1), potongan TPP 0,5%." in texts(
        pressed
    )
    await chat.says(DEWI, "Ban motor bocor di jalan")
    sent = await chat.upload(DEWI, b"%PDF-1.4 surat izin")
    assert "terkirim ke Rina Marlina" in texts(to(DEWI, sent))
    [to_rina] = [c for c in sent if c.method == "sendDocument"]
    assert str(to_rina.params["chat_id"]) == str(RINA["id"])
    assert "Izin (terlambat) dari Dewi Lestari" in to_rina.params["caption"]
    approve = to_rina.params["reply_markup"]["inline_keyboard"][0][0]

    decided = await chat.send(tg.callback(approve["callback_data"], sender=RINA))
    told = texts([c for c in to(DEWI, decided) if c.method == "sendMessage"])
    assert without_receipt(told) == (
        "Pengajuan Izin (terlambat) Anda untuk 24-11-2026 DISETUJUI oleh Rina Marlina S.Sos. "
        "Potongan TPP 0,5% dibatalkan."
    )
    chat.h.at(20, 0)
    recap = texts(await chat.says(DEWI, "/rekapsaya"))
    assert "terlambat" not in recap and "TL1" not in recap

    again = await chat.send(tg.callback(button["callback_data"], sender=DEWI))
    assert "Izin terlambat 24-11-2026 sudah disetujui: hari itu tidak dipotong." in texts(again)


async def test_cuti_tahunan_shows_its_balance(chat):
    await chat.says(DEWI, "/izin")
    shown = await chat.send(tg.callback("lt:C:tahunan", sender=DEWI))
    assert "Sisa cuti tahunan 2026: 12 hari kerja (hak 12; diambil 0, menunggu keputusan 0)." in (
        texts(shown)
    )
    refused = await chat.says(DEWI, "01-12-2026 s/d 31-12-2026")
    assert "memakai 21 hari kerja 2026, melebihi sisa cuti tahunan 2026: 12 hari kerja" in texts(
        refused
    )
