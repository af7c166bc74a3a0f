"""The month's reporting duties through the real Telegram adapter (offline Bot API): the report
pushed on the first working day as two documents, /kirimrekap and the month's lock, /gangguan
and the super admin's one tap."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bot.offline import updates as tg
from bot.offline.api import OfflineBotApi as FakeTelegram
from bot.sender import TelegramSender
from core.delivery import Dispatcher
from core.flows.messages import Channel
from core.flows.push import PushConfig
from core.storage.report_tables import FaultReport
from core.storage.tables import EmployeeRow, OutageRow
from presensi.monthly_push import reports_once
from presensi.server import telegram_bot
from tests.e2e.test_telegram_flows import DEWI, HENDRA, RINA, SETTINGS, Conversation, texts
from tests.flows_harness import ADMIN, HEAD, OFFICE, STAFF, build

SUPER = "199005172015031001"  # Ahmad Fauzi, the organisation's super admin here
AHMAD = tg.user(800800800, "Ahmad")


@pytest.fixture
async def chat(tmp_path):
    h = build(tmp_path)
    with h.uow() as uow:
        ahmad = uow.session.query(EmployeeRow).filter_by(identifier=SUPER).one()
        ahmad.roles = "super_admin"
        uow.touch(ahmad, "test", "employee.roles")
        uow.commit()
    fake = FakeTelegram()

    def runner_factory(settings, fetchers):
        h.runner.deps.fetchers.update(fetchers)
        return h.runner

    application = telegram_bot(SETTINGS, runner_factory, request=fake, clock=h.clock, push=False)
    async with application:
        conversation = Conversation(h, fake, application)
        for person, who in ((DEWI, STAFF), (RINA, ADMIN), (HENDRA, HEAD), (AHMAD, SUPER)):
            await conversation.link(person, who)
        yield conversation


async def clock_in(chat: Conversation) -> None:
    """Dewi clocks in on Tuesday 24 November 2026 at 07:20."""
    await chat.says(DEWI, "/masuk")
    await chat.send(tg.live_location(*OFFICE, sender=DEWI, at=chat.h.clock.now()))
    calls = await chat.selfie(DEWI, b"face:" + STAFF.encode())
    assert "Masuk tercatat 07:20 WIB" in texts(calls)


async def test_the_months_report_arrives_as_an_excel_and_a_pdf_with_its_deadline(chat, tmp_path):
    await clock_in(chat)
    chat.h.at(9, 0, day=date(2026, 12, 1))
    dispatcher = Dispatcher(chat.h.runner.chat_of)
    dispatcher.register(Channel.TELEGRAM, TelegramSender(chat.application.bot))
    before = len(chat.fake.calls)

    sent = await reports_once(chat.h.uow, dispatcher, PushConfig(), chat.h.clock.now())

    calls = [c for c in chat.fake.calls[before:] if c.method == "sendDocument"]
    assert sent == 3  # Rina (admin), Hendra (head), Ahmad (super admin: every unit)
    to_rina = [c for c in calls if str(c.params["chat_id"]) == str(RINA["id"])]
    excel, pdf = to_rina
    assert excel.params["caption"].startswith(
        "📊 Laporan presensi bulan November 2026: Sekretariat Daerah Kota Sungai Penuh."
    )
    assert (
        "Batas penyampaian: Selasa, 01 Desember 2026. Perwal Sungai Penuh 12/2023, Pasal 7 "
        in (excel.params["caption"])
    )
    assert excel.params["caption"].endswith("tandai dengan /kirimrekap 2026-11.")
    [(name, data)] = excel.files.values()
    book = load_workbook(io.BytesIO(data))
    assert name == "rekap-2026-11.xlsx"
    assert "Dewi Lestari A.Md" in {c.value for s in book for row in s.iter_rows() for c in row}
    [(name, data)] = pdf.files.values()
    assert name == "rekap-2026-11.pdf" and data.startswith(b"%PDF")
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Dewi Lestari" in words and "November 2026" in words
    (tmp_path / "pushed.pdf").write_bytes(data)  # for a look: pdftoppm -png pushed.pdf page
    to_ahmad = [c for c in calls if str(c.params["chat_id"]) == str(AHMAD["id"])]
    assert (
        to_ahmad[0]
        .params["caption"]
        .startswith("📊 Laporan presensi bulan November 2026: Pemerintah Kota Sungai Penuh.")
    )
    again = await reports_once(chat.h.uow, dispatcher, PushConfig(), chat.h.clock.now())
    assert again == 0


async def test_kirimrekap_locks_the_month_against_koreksi(chat):
    await clock_in(chat)
    chat.h.at(10, 0, day=date(2026, 12, 2))
    assert "dikoreksi" in await chat.says(RINA, f"/koreksi {STAFF} 24-11-2026 masuk 07:15 apel")

    done = await chat.says(RINA, "/kirimrekap 2026-11")

    assert done.startswith("✅ Rekap 11-2026 ditandai terkirim (02-12-2026)")
    refused = await chat.says(RINA, f"/koreksi {STAFF} 24-11-2026 masuk 07:10 apel")
    assert refused.startswith("Ditolak: rekap bulan 11-2026 sudah dikirim pada 02-12-2026")
    assert "sudah ditandai terkirim" in await chat.says(RINA, "/kirimrekap 2026-11")
    assert "belum berakhir" in await chat.says(RINA, "/kirimrekap 2026-12")
    assert await chat.says(DEWI, "/kirimrekap") == "Anda tidak berwenang untuk tindakan ini."


async def test_a_fault_report_reaches_the_super_admin_who_declares_it_with_one_tap(chat):
    chat.h.at(10, 0)
    words = "/gangguan 24-11-2026 07:00-09:30 aplikasi tidak bisa dibuka"
    calls = await chat.send(tg.command(words, sender=HENDRA, at=chat.h.clock.now()))
    told = [c for c in calls if str(c.params.get("chat_id")) == str(AHMAD["id"])]
    [notice] = told
    assert notice.params["text"].startswith("⚠️ Laporan gangguan aplikasi #1 dari Drs. Hendra")
    [[button]] = notice.params["reply_markup"]["inline_keyboard"]
    assert button["text"] == "Nyatakan gangguan server"
    mine = [c for c in calls if str(c.params.get("chat_id")) == str(HENDRA["id"])]
    assert "Laporan gangguan #1 tercatat untuk 24-11-2026 07:00-09:30" in texts(mine)

    pressed = await chat.send(tg.callback(button["callback_data"], sender=AHMAD))

    assert "dinyatakan sebagai gangguan server 24-11-2026 07:00-09:30" in texts(pressed)
    with chat.h.uow() as uow:
        [outage] = uow.session.query(OutageRow).all()
        assert uow.session.query(FaultReport).one().outage_id == outage.id
    manual = await chat.says(RINA, f"/manual {STAFF} masuk 07:20 server_mati")
    assert "dicatat manual: tepat waktu" in manual
    bad = await chat.says(HENDRA, "/gangguan 31-02-2026 aplikasi error")
    assert bad.startswith('Periode "31-02-2026" tidak dapat dibaca.')
