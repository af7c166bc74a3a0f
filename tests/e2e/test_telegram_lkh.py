"""/lkh through the real Telegram adapter: update JSON in, the Bot API calls people see out.

Perbup Musi Banyuasin 9/2023 (E-Office) Pasal 8 ayat (2): "LKH dilaporkan dalam sekali pelaporan
untuk satu hari kerja dengan melampirkan uraian aktivitas kerja harian, deskripsi hasil pekerjaan
dan lampiran bukti dukung kegiatan." The evidence travels through getFile and the download, the
verifier's buttons come back as callback queries, as with Telegram.
"""

from __future__ import annotations

import pytest

from bot.offline import updates as tg
from tests.e2e.test_telegram_flows import DEWI, RINA, telegram_chat, texts
from tests.flows_harness import ADMIN, STAFF, build


@pytest.fixture
async def chat(tmp_path):
    h = build(tmp_path, preset="eoffice-muba")
    h.at(16, 10)
    async with telegram_chat(h, (DEWI, STAFF), (RINA, ADMIN)) as conversation:
        yield conversation


async def test_a_report_with_a_document_is_returned_then_verified(chat):
    asked = await chat.says(DEWI, "/lkh")
    assert "LKH (laporan kinerja harian) 24-11-2026" in asked
    lines = "Menyusun telaah staf - telaah selesai\nRapat evaluasi SAKIP - notulen"
    assert "bukti dukung" in await chat.says(DEWI, lines)
    chat.fake.add_file("BQAClkh1", b"%PDF-1.4 notulen rapat")
    summary = await chat.send(
        tg.document("BQAClkh1", name="notulen.pdf", sender=DEWI, at=chat.h.clock.now())
    )
    assert summary[0].method == "getFile" and chat.fake.downloads == ["BQAClkh1"]
    [shown] = [c for c in summary if c.method == "sendMessage"]
    send = shown.params["reply_markup"]["inline_keyboard"][0][0]
    assert send["text"] == "📨 Kirim LKH" and "Bukti dukung: 1 berkas." in shown.params["text"]

    sent = await chat.send(tg.callback(send["callback_data"], sender=DEWI))
    assert "terkirim ke Rina Marlina S.Sos untuk diverifikasi" in texts(sent)
    [to_rina] = [c for c in sent if c.method == "sendDocument"]
    assert str(to_rina.params["chat_id"]) == str(RINA["id"])
    assert "1. Menyusun telaah staf → telaah selesai" in to_rina.params["caption"]
    verify, give_back = to_rina.params["reply_markup"]["inline_keyboard"][0]
    assert (verify["text"], give_back["text"]) == ("✅ Verifikasi", "↩️ Kembalikan")

    asked_note = await chat.send(tg.callback(give_back["callback_data"], sender=RINA))
    assert "Tuliskan catatan untuk Dewi Lestari A.Md" in texts(asked_note)
    returned = await chat.send(tg.text("Lampirkan daftar hadir", sender=RINA,
                                       at=chat.h.clock.now()))  # fmt: skip
    told = [c for c in returned if str(c.params.get("chat_id")) == str(DEWI["id"])]
    assert "DIKEMBALIKAN oleh Rina Marlina S.Sos: Lampirkan daftar hadir" in texts(told)

    await chat.says(DEWI, "/lkh")
    await chat.says(DEWI, lines)
    chat.fake.add_file("AgAClkh2", b"\xff\xd8\xff\xe0 daftar hadir")
    await chat.send(tg.photo("AgAClkh2", sender=DEWI, at=chat.h.clock.now()))
    again = await chat.send(tg.callback("lk:send", sender=DEWI))
    assert "diperbarui (2 kegiatan)" in texts(again)
    [renewed] = [c for c in again if c.method == "sendDocument"]
    verify = renewed.params["reply_markup"]["inline_keyboard"][0][0]
    done = await chat.send(tg.callback(verify["callback_data"], sender=RINA))
    [toast] = [c for c in done if c.method == "answerCallbackQuery"]
    assert toast.params["text"] == "LKH Dewi Lestari A.Md 24-11-2026 diverifikasi."
    told = [c for c in done if str(c.params.get("chat_id")) == str(DEWI["id"])]
    assert texts(told) == "LKH Anda 24-11-2026 DIVERIFIKASI oleh Rina Marlina S.Sos."


async def test_a_report_for_tomorrow_is_refused(chat):
    refused = await chat.says(DEWI, "/lkh besok")
    assert refused.startswith("25-11-2026 belum tiba")
