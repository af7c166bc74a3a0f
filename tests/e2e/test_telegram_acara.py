"""/acara through the real Telegram adapter: a head calls an apel from the field with a live
location, the staff are told, and a staff member's clock-in there is taken as at the apel.
Update JSON in, the Bot API calls people see out."""

from __future__ import annotations

import pytest

from bot.offline import updates as tg
from tests.e2e.test_telegram_flows import DEWI, HENDRA, telegram_chat, texts
from tests.flows_harness import HEAD, STAFF, build

FIELD = (-2.06650, 101.39600)  # about 600 m from the Kantor Walikota


@pytest.fixture
async def chat(tmp_path):
    h = build(tmp_path)
    h.at(7, 5)
    async with telegram_chat(h, (DEWI, STAFF), (HENDRA, HEAD)) as conversation:
        yield conversation


async def test_a_head_calls_an_apel_and_a_clock_in_there_counts(chat):
    now = chat.h.clock.now
    assert "Apa nama acaranya?" in await chat.says(HENDRA, "/acara")
    assert "waktu WIB" in await chat.says(HENDRA, "Apel Kesiapsiagaan Bencana")
    assert "Radius lokasi acara" in await chat.says(HENDRA, "07:30-08:30")
    [asked] = [c for c in await chat.send(tg.text("100", sender=HENDRA, at=now()))
               if c.method == "sendMessage"]  # fmt: skip
    mine = asked.params["reply_markup"]["inline_keyboard"][0][0]
    assert mine["text"] == "Unit saya dan sub-unit"
    assert "Lokasi Terkini" in texts(await chat.send(tg.callback(mine["callback_data"],
                                                                 sender=HENDRA)))  # fmt: skip
    pin = await chat.send(tg.static_location(*FIELD, sender=HENDRA, at=now()))
    assert "bukan lokasi terkini" in texts(pin)
    summary = await chat.send(tg.live_location(*FIELD, sender=HENDRA, at=now()))
    [shown] = [c for c in summary if c.method == "sendMessage"]
    assert "07:30-08:30 WIB (absen dibuka 07:00, tepat waktu s/d 07:30)" in shown.params["text"]
    save = shown.params["reply_markup"]["inline_keyboard"][0][0]
    assert save["text"] == "✅ Simpan"

    saved = await chat.send(tg.callback(save["callback_data"], sender=HENDRA))
    told = [c for c in saved if str(c.params.get("chat_id")) == str(DEWI["id"])]
    assert texts(told).startswith("Acara hari ini: Apel Kesiapsiagaan Bencana, 07:30-08:30 WIB")
    assert "Acara #1 Apel Kesiapsiagaan Bencana tersimpan" in texts(saved)

    chat.h.at(7, 25)
    await chat.says(DEWI, "/masuk")
    at_field = await chat.send(tg.live_location(*FIELD, sender=DEWI, at=now()))
    assert "swafoto" in texts(at_field).lower()
    done = await chat.selfie(DEWI, f"face:{STAFF}|{now()}".encode())
    assert "tepat waktu" in texts(done)

    listed = await chat.says(HENDRA, "/acara")
    assert "#1 Apel Kesiapsiagaan Bencana, 07:30-08:30 WIB, radius 100 m, unit: setda" in listed
