"""The month's report pushed to heads and admins on the first working day (XLSX and PDF with the
deadline), once per recipient across workers and restarts; the admins' daily reminder until they
submit it with /kirimrekap.

The harness's organisation follows Perwal Sungai Penuh 12/2023: the admin recaps "setiap awal
bulan berikutnya" (Pasal 7 ayat (3) huruf d), so November 2026 is due Tuesday 1 December.
"""

from __future__ import annotations

import asyncio
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.channels import Channel
from core.delivery import Dispatcher
from core.flows.push import PushConfig, due_notices
from core.flows.report_push import due_reports
from core.services import push_marks
from core.storage.tables import EmployeeRow, HolidayRow
from presensi.monthly_push import reports_once
from tests.flows_harness import ADMIN, ENGINES, HEAD, ORG, STAFF, build, engine_for, texts
from tests.integration.test_flows_checkin import set_unit_policy

CONFIG = PushConfig(summary_at=9 * 60, remind_before=15)
DECEMBER_1 = date(2026, 12, 1)  # Tuesday: the first working day of December
DINKES_HEAD = "198007082006041003"  # dr. Yusuf Pratama: Dinas Kesehatan, nobody clocked in
RULE = "Perwal Sungai Penuh 12/2023, Pasal 7 ayat (3) huruf b dan d"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    for sender, who in (("501", STAFF), ("600", ADMIN), ("700", HEAD)):
        await harness.link(sender, who)
    await harness.clock_in("501", STAFF)  # 07:20 on Tuesday 24 November
    return harness


class Inbox:
    """A Telegram sender that keeps what each chat received."""

    def __init__(self, fail: bool = False) -> None:
        self.got: list[tuple[str, object]] = []
        self.fail = fail

    async def send(self, chat, reply, purpose="reply"):
        if self.fail:
            raise ConnectionError("telegram unreachable")
        self.got.append((chat, reply))

    def chats(self) -> list[str]:
        return [chat for chat, _ in self.got]


async def push(h, inbox: Inbox) -> int:
    dispatcher = Dispatcher(h.runner.chat_of, {Channel.TELEGRAM: inbox})
    return await reports_once(h.uow, dispatcher, CONFIG, h.clock.now())


def due(h):
    with h.uow() as uow:
        return due_reports(uow, h.clock.now(), CONFIG)


async def test_heads_and_admins_get_last_months_files_with_the_deadline(h):
    h.at(8, 59, day=DECEMBER_1)
    assert due(h) == []
    h.at(9, 0, day=DECEMBER_1)
    inbox = Inbox()

    assert await push(h, inbox) == 2

    assert sorted(inbox.chats()) == ["600", "600", "700", "700"]
    by_chat = {chat: [r for c, r in inbox.got if c == chat] for chat in ("600", "700")}
    excel, pdf = by_chat["600"]
    assert excel.text == (
        "📊 Laporan presensi bulan November 2026: Sekretariat Daerah Kota Sungai Penuh. Berkas "
        "Excel dan PDF (sama dengan /rekapbulan), dasar perhitungan TPP.\n"
        f'Batas penyampaian: Selasa, 01 Desember 2026. {RULE}: "melaporkan hasil rekapitulasi '
        "absensi pegawai online kepada Kepala Perangkat Daerah; ... merekap absensi pegawai "
        'online setiap awal bulan berikutnya"\n'
        "Setelah laporan disampaikan, tandai dengan /kirimrekap 2026-11."
    )
    assert excel.document.name == "rekap-2026-11.xlsx" and pdf.document.name == "rekap-2026-11.pdf"
    book = load_workbook(io.BytesIO(excel.document.data))
    names = {c.value for sheet in book for row in sheet.iter_rows() for c in row}
    assert "Dewi Lestari A.Md" in names
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.document.data)).pages)
    assert "November 2026" in words and "Dewi Lestari" in words
    head_excel, _ = by_chat["700"]
    assert "/kirimrekap" not in head_excel.text  # a head reads it; the admin submits it


async def test_each_recipient_gets_it_once_across_minutes_restarts_and_workers(h):
    h.at(9, 0, day=DECEMBER_1)
    first, second = Inbox(), Inbox()
    # Two workers at the same minute, each with its own dispatcher (and its own embedded Redis).
    sent = await asyncio.gather(push(h, first), push(h, second))
    assert sum(sent) == 2 and len(first.got) + len(second.got) == 4
    later = Inbox()
    h.at(9, 1, day=DECEMBER_1)
    assert await push(h, later) == 0
    restarted = build_worker_again(h)
    h.at(14, 0, day=date(2026, 12, 1))
    assert await push(restarted, later) == 0 and later.got == []


def build_worker_again(h):
    """A worker started afresh on the same database: nothing in memory, nothing in Redis."""
    from fakeredis import FakeAsyncRedis

    from core.flows.runner import FlowRunner

    deps = h.runner.deps
    fresh = type(h)(FlowRunner(deps), h.clock, h.files, h.sessions, FakeAsyncRedis(), h.faces)
    return fresh


async def test_a_report_that_could_not_go_out_is_due_again_next_minute(h):
    h.at(9, 0, day=DECEMBER_1)
    with pytest.raises(ConnectionError):
        await push(h, Inbox(fail=True))
    h.at(9, 1, day=DECEMBER_1)
    inbox = Inbox()
    assert await push(h, inbox) == 2 and len(inbox.got) == 4


async def test_a_worker_that_died_while_sending_leaves_it_to_another_after_its_lease(h):
    h.at(9, 0, day=DECEMBER_1)
    [admin_report] = [r for r in due(h) if r.submits]
    with h.uow() as uow:  # claimed, then the worker died before sending
        assert push_marks.claim(uow, admin_report.recipients[0][1], h.clock.now())
        uow.commit()
    inbox = Inbox()
    assert await push(h, inbox) == 1 and inbox.chats() == ["700", "700"]
    h.clock.advance(minutes=11)
    assert await push(h, inbox) == 1 and inbox.chats()[2:] == ["600", "600"]


async def test_a_holiday_on_the_first_moves_the_report_to_the_next_working_day(h):
    with h.uow() as uow:
        org = uow.organisation(ORG)
        uow.add(HolidayRow(org_id=org.id, day=DECEMBER_1, name="Libur daerah"), "test", "holiday")
        uow.commit()
    h.at(9, 0, day=DECEMBER_1)
    assert due(h) == []
    h.at(9, 0, day=date(2026, 12, 2))
    reports = due(h)
    assert {r.due for r in reports} == {date(2026, 12, 2)}  # the deadline moves with it
    assert await push(h, Inbox()) == 2


async def test_january_waits_for_new_years_day_and_the_weekend(h):
    h.at(9, 0, day=date(2027, 1, 1))  # Friday, Tahun Baru Masehi
    assert due(h) == []
    h.at(9, 0, day=date(2027, 1, 4))
    assert {(r.year, r.month) for r in due(h)} == {(2026, 12)}


async def test_a_unit_with_no_records_is_told_so_without_files(h):
    await h.link("800", DINKES_HEAD)
    h.at(9, 0, day=DECEMBER_1)
    inbox = Inbox()
    await push(h, inbox)
    [reply] = [r for chat, r in inbox.got if chat == "800"]
    assert reply.document is None
    assert reply.text.startswith("📊 Laporan presensi bulan November 2026: Dinas Kesehatan.")
    assert "Tidak ada data: belum ada presensi tercatat pada November 2026." in reply.text


async def test_the_report_goes_in_the_recipients_language(h):
    with h.uow() as uow:
        from core.storage.chat_tables import ChatAccount

        uow.session.query(ChatAccount).filter_by(external_id="700").one().language = "en"
        uow.commit()
    h.at(9, 0, day=DECEMBER_1)
    inbox = Inbox()
    await push(h, inbox)
    [excel, _] = [r for chat, r in inbox.got if chat == "700"]
    assert excel.text.startswith("📊 Attendance report for November 2026: Sekretariat Daerah")
    assert f"Due by Tuesday, 1 December 2026. {RULE}" in excel.text


# The admins' reminder --------------------------------------------------------------------------


def reminders(h) -> dict[int, str]:
    with h.uow() as uow:
        found = due_notices(uow, h.clock.now(), CONFIG)
    return {n.employee_id: n.reply.text for n in found if n.key.startswith("submit:")}


def employee_id(h, identifier: str) -> int:
    with h.uow() as uow:
        return uow.session.query(EmployeeRow).filter_by(identifier=identifier).one().id


async def test_the_admin_is_reminded_daily_once_the_deadline_passes_until_submitted(h):
    h.at(9, 0, day=DECEMBER_1)
    assert reminders(h) == {}  # the day the report itself goes out
    h.at(9, 0, day=date(2026, 12, 2))
    assert reminders(h) == {
        employee_id(h, ADMIN): "⚠️ Rekap presensi 11-2026 belum dikirim: Sekretariat Daerah Kota "
        f"Sungai Penuh. Batasnya 01-12-2026 sudah lewat 1 hari ({RULE}). Setelah dikirim, "
        "tandai dengan /kirimrekap 2026-11."
    }  # the head, a manager, submits nothing
    h.at(10, 30, day=date(2026, 12, 2))
    assert reminders(h) == {}  # once a day, with the heads' summary
    h.at(9, 0, day=date(2026, 12, 5))
    assert reminders(h) == {}  # a Saturday
    h.at(9, 0, day=date(2026, 12, 7))
    assert "sudah lewat 6 hari" in reminders(h)[employee_id(h, ADMIN)]
    answer = await h.send("600", command="kirimrekap", text="/kirimrekap", args=())
    assert texts(answer).startswith("✅ Rekap 11-2026 ditandai terkirim (07-12-2026)")
    assert reminders(h) == {}
    h.at(9, 0, day=date(2027, 1, 5))
    assert reminders(h) == {}  # December's report: the day it goes out (the 4th) has passed


async def test_an_admin_is_reminded_ahead_of_a_later_deadline(h):
    set_unit_policy(h, {"report_deadline": {"day": 7}})  # as Konawe Kepulauan's first week
    h.at(9, 0, day=date(2026, 12, 4))
    assert reminders(h) == {}  # more than two days ahead
    h.at(9, 0, day=date(2026, 12, 5) + timedelta(days=0))
    assert reminders(h) == {}  # a Saturday
    h.at(9, 0, day=date(2026, 12, 7))
    assert reminders(h)[employee_id(h, ADMIN)].startswith(
        "⏰ Rekap presensi 11-2026 belum dikirim: Sekretariat Daerah Kota Sungai Penuh. Hari ini "
        "batas terakhirnya"
    )
    set_unit_policy(h, {"report_deadline": {"day": 8}})
    assert "Batasnya 08-12-2026 (1 hari lagi;" in reminders(h)[employee_id(h, ADMIN)]


async def test_a_super_admin_is_reminded_of_the_units_still_missing(h):
    with h.uow() as uow:
        hendra = uow.session.query(EmployeeRow).filter_by(identifier=HEAD).one()
        hendra.roles = "manager,super_admin"
        uow.commit()
    h.at(9, 0, day=date(2026, 12, 2))
    await h.send("600", command="kirimrekap", text="/kirimrekap", args=())  # Rina: setda
    assert list(reminders(h)) == [employee_id(h, HEAD)]
    text = reminders(h)[employee_id(h, HEAD)]
    assert text.startswith(
        "⚠️ Rekap presensi 11-2026 belum dikirim: Badan Kepegawaian dan Pengembangan Sumber Daya "
        "Manusia, Dinas Kesehatan, Dinas Pendidikan dan Kebudayaan, Kecamatan Sungai Penuh, UPTD "
        "Puskesmas Sungai Penuh. Batasnya 01-12-2026"
    )
