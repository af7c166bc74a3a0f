"""/izin, one-tap approval, and the summaries, in core."""

from __future__ import annotations

from datetime import date

import pytest

from core.flows.leave import BadDates, parse_dates
from tests.flows_harness import ADMIN, HEAD, STAFF, TUESDAY, build, texts


@pytest.fixture
async def h(tmp_path):
    harness = build(tmp_path)
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    await harness.link("700", HEAD)
    return harness


def employee_id(h, identifier: str) -> int:
    with h.uow() as uow:
        return uow.employee_by_identifier(uow.organisation("pemkot-sungai-penuh").id, identifier).id


async def file_sick_note(h, dates="24-11-2026", pdf=b"%PDF-1.4 surat dokter"):
    await h.send(command="izin")
    await h.send(button="lt:S")
    await h.send(text=dates)
    asked = await h.send(text="Demam tinggi")
    assert "surat keterangan dokter" in texts(asked) and "Pasal 12 ayat (5)" in texts(asked)
    return await h.send(document=h.document(pdf))


async def test_a_sick_note_goes_to_the_admin_who_approves_with_one_tap(h):
    sent = await file_sick_note(h)
    assert "terkirim ke Rina Marlina" in texts(sent)
    approver, notice = sent.notices[0]
    assert approver == employee_id(h, ADMIN)
    assert "Sakit dari Dewi Lestari" in notice.text and notice.document.name.endswith(".pdf")
    assert [b.label for b in notice.buttons[0]] == ["✅ Setujui", "❌ Tolak"]
    approved = await h.send("600", button=notice.buttons[0][0].data)
    assert approved.toast == "Tercatat: disetujui."
    requester, note = approved.notices[0]
    assert requester == employee_id(h, STAFF)
    assert "DISETUJUI oleh Rina Marlina" in note.text
    h.at(20, 0)
    assert "Sakit/izin/cuti (1): Dewi Lestari A.Md (S)" in texts(
        await h.send("700", command="rekap")
    )


async def test_a_double_tap_and_a_stranger_change_nothing(h):
    sent = await file_sick_note(h)
    approve = sent.notices[0][1].buttons[0][0].data
    assert "tidak berwenang" in texts(await h.send("700", button=approve))  # the head, not admin
    await h.send("600", button=approve)
    again = await h.send("600", button=approve)
    assert again.toast == "Pengajuan ini sudah disetujui." and again.notices == []


async def test_forged_button_data_is_refused(h):
    for data in ("ap:999999", "ap:abc", "zz:1", "lt:XX"):
        answer = await h.send("600", button=data)
        assert "tidak dikenal" in texts(answer) or answer.toast


async def test_reject_asks_for_a_reason_and_tells_the_employee(h):
    sent = await file_sick_note(h)
    reject = sent.notices[0][1].buttons[0][1].data
    assert "alasan penolakan" in texts(await h.send("600", button=reject))
    done = await h.send("600", text="Surat tidak terbaca")
    assert "DITOLAK oleh Rina Marlina S.Sos: Surat tidak terbaca" in done.notices[0][1].text


@pytest.mark.parametrize(
    "attachment, mime",
    [
        (b"x" * 100, "application/zip"),
        (b"%PDF big", "application/pdf"),
    ],
)
async def test_bad_attachments_are_refused(h, attachment, mime):
    await h.send(command="izin")
    await h.send(button="lt:S")
    await h.send(text="24-11-2026")
    await h.send(text="Demam")
    size = 30 * 1024 * 1024 if mime == "application/pdf" else None
    answer = await h.send(document=h.document(attachment, mime, size))
    assert "foto atau PDF, paling besar 20 MB" in texts(answer)


async def test_a_permit_with_subtype_needs_its_letter(h):
    await h.send(command="izin")
    subtypes = await h.send(button="lt:I")
    assert [b.data for row in subtypes.replies[0].buttons for b in row][:2] == [
        "lt:I:terlambat",
        "lt:I:keluar_kantor",
    ]
    await h.send(button="lt:I:terlambat")
    await h.send(text="hari ini")
    assert "surat permohonan izin" in texts(await h.send(text="Antar anak ke rumah sakit"))


async def test_overlapping_requests_are_refused_at_the_dates_step(h):
    await file_sick_note(h)
    await h.send(command="izin")
    await h.send(button="lt:S")
    second = await h.send(text="24-11-2026")
    assert "sudah tercakup pengajuan Sakit 24-11-2026 (menunggu)" in texts(second)


async def test_unreadable_dates_get_an_example(h):
    await h.send(command="izin")
    await h.send(button="lt:C:tahunan")  # straight to a subtype
    assert "misalnya 24-11-2026" in texts(await h.send(text="minggu depan"))


def test_dates_in_the_forms_staff_type():
    today = TUESDAY
    assert parse_dates("24-11-2026", today) == (today, today)
    assert parse_dates("24/11 s/d 26/11", today) == (today, date(2026, 11, 26))
    assert parse_dates("24-11-2026 - 26-11-2026", today)[1] == date(2026, 11, 26)
    assert parse_dates("besok", today) == (date(2026, 11, 25),) * 2
    with pytest.raises(BadDates) as backwards:
        parse_dates("26-11-2026 s/d 24-11-2026", today)
    assert backwards.value.why == "order"


async def test_rekap_lists_late_absent_and_not_yet(h):
    h.at(7, 45)
    await h.clock_in("501", STAFF)
    h.at(9, 0)
    answer = await h.send("700", command="rekap")
    text = texts(answer)
    assert "Terlambat (1): Dewi Lestari A.Md (15m)" in text
    assert "Belum absen (3)" in text
    assert "tidak berwenang" in texts(await h.send("501", command="rekap"))


async def test_rekap_for_another_day_and_a_bad_date(h):
    assert "Rekap Sekretariat Daerah Kota Sungai Penuh 23-11-2026" in texts(
        await h.send("700", command="rekap", args=("23-11-2026",))
    )
    assert "Contoh: /rekap" in texts(await h.send("700", command="rekap", args=("kemarin lusa",)))


async def test_status_shows_today_and_the_month(h):
    await h.clock_in("501", STAFF)
    text = texts(await h.send(command="status"))
    assert "Masuk 07:20: tepat waktu" in text and "Bulan ini:" in text and "TK" in text


async def test_rekap_comes_with_a_chart(h):
    await h.clock_in("501", STAFF)
    answer = await h.send("700", command="rekap")
    picture = answer.replies[-1].photo
    assert picture.mime == "image/png" and picture.data.startswith(b"\x89PNG")


async def test_rekapbulan_sends_the_spreadsheet_and_the_printable_pdf(h):
    await h.clock_in("501", STAFF)
    answer = await h.send("700", command="rekapbulan", args=("2026-11",))
    xlsx, pdf = (r.document for r in answer.replies)
    assert xlsx.name == "rekap-2026-11.xlsx" and xlsx.data.startswith(b"PK")
    assert pdf.name == "rekap-2026-11.pdf" and pdf.data.startswith(b"%PDF")
    from io import BytesIO

    from openpyxl import load_workbook

    sheets = load_workbook(BytesIO(xlsx.data)).sheetnames
    assert any("setda" in name.lower() or "sekretariat" in name.lower() for name in sheets)


async def test_rekapbulan_bad_input(h):
    assert "Contoh: /rekapbulan" in texts(
        await h.send("700", command="rekapbulan", args=("November",))
    )
    assert texts(await h.send("700", command="rekapbulan", args=("2020-01",))) == (
        "Tidak ada data untuk dilaporkan: belum ada presensi tercatat pada Januari 2020."
    )
    assert texts(await h.send("700", command="rekapbulan", args=("2027-01",))) == (
        "Tidak ada data untuk dilaporkan: Januari 2027 belum dimulai."
    )
    assert "tidak berwenang" in texts(await h.send("501", command="rekapbulan"))
