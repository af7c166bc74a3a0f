"""The cuti tahunan balance in /izin, on SQLite and PostgreSQL: shown when cuti tahunan is picked,
counted in working days of the organisation's calendar, pending requests counted, carried over
from last year, refused beyond it with the numbers, below zero after an admin recorded more,
and a year whose holidays are not decreed yet."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.absence import Evidence
from core.services.absences import AbsenceRequest, decide, request_absence
from core.storage.tables import AbsenceRow, Assignment
from tests.flows_harness import ADMIN, ENGINES, ORG, STAFF, build, engine_for, texts

LETTER = [{"kind": Evidence.APPROVED_LEAVE.value, "media": "cuti.pdf"}]


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    return harness


def ids(h) -> tuple[int, int]:
    with h.uow() as uow:
        org = uow.organisation(ORG)
        staff = uow.employee_by_identifier(org.id, STAFF)
        return staff.id, uow.employee_by_identifier(org.id, ADMIN).id


def file_cuti(h, first: date, last: date, approve: bool = True) -> int:
    """Dewi's cuti tahunan, filed (and approved by her admin) through the service."""
    staff, admin = ids(h)
    with h.uow() as uow:
        asked = AbsenceRequest(staff, "C", "tahunan", first, last, "liburan", list(LETTER))
        row = request_absence(uow, asked)
        if approve:
            decide(uow, row.id, admin, approve=True)
        uow.commit()
        return row.id


async def pick_cuti_tahunan(h, sender: str = "501", args: tuple[str, ...] = ()) -> str:
    await h.send(sender, command="izin", args=args)
    return texts(await h.send(sender, button="lt:C:tahunan"))


def count_cuti(h) -> int:
    with h.uow() as uow:
        return len(uow.session.scalars(select(AbsenceRow).where(AbsenceRow.code == "C")).all())


async def test_picking_cuti_tahunan_shows_the_years_balance_in_working_days(h):
    # 21-28 December: the 24th is cuti bersama Natal, the 25th Christmas, then a weekend: 4.
    file_cuti(h, date(2026, 12, 21), date(2026, 12, 28))
    file_cuti(h, date(2026, 11, 30), date(2026, 12, 1), approve=False)  # waiting: 2
    shown = await pick_cuti_tahunan(h)
    assert shown.startswith(
        "Sisa cuti tahunan 2026: 6 hari kerja (hak 12; diambil 4, menunggu keputusan 2).\n"
        "Tanggal berapa?"
    )


async def test_other_kinds_of_cuti_show_no_balance(h):
    await h.send(command="izin")
    assert "Sisa cuti" not in texts(await h.send(button="lt:C:alasan_penting"))


async def test_dates_beyond_the_balance_are_refused_with_the_numbers(h):
    file_cuti(h, date(2026, 12, 1), date(2026, 12, 10))  # 1-4 and 7-10 December: 8
    await pick_cuti_tahunan(h)
    refused = texts(await h.send(text="14-12-2026 s/d 18-12-2026"))
    assert refused == (
        "Cuti tahunan 14-12-2026 s/d 18-12-2026 memakai 5 hari kerja 2026, melebihi sisa cuti "
        "tahunan 2026: 4 hari kerja (hak 12; diambil 8, menunggu keputusan 0). Kirim tanggal "
        "lain, atau /batal. [PP 11/2017 tentang Manajemen PNS, diubah dengan PP 17/2020, Pasal "
        "311 ayat (2)]"
    )
    assert texts(await h.send(text="14-12-2026 s/d 17-12-2026")) == "Tuliskan alasannya singkat."


async def test_two_pending_requests_cannot_overspend_it(h):
    await pick_cuti_tahunan(h)
    await h.send(text="01-12-2026 s/d 08-12-2026")  # 1-4, 7-8 December: 6
    await h.send(text="Pulang kampung")
    sent = await h.send(document=h.document(b"%PDF-1.4 surat cuti"))
    assert "terkirim ke Rina Marlina" in texts(sent)
    shown = await pick_cuti_tahunan(h)
    assert "Sisa cuti tahunan 2026: 6 hari kerja (hak 12; diambil 0, menunggu keputusan 6)" in shown
    refused = texts(await h.send(text="14-12-2026 s/d 22-12-2026"))  # 14-18, 21-22: 7
    assert "memakai 7 hari kerja 2026, melebihi sisa cuti tahunan 2026: 6 hari kerja" in refused
    assert count_cuti(h) == 1


async def test_a_request_whose_balance_went_meanwhile_is_refused_when_filed(h):
    await pick_cuti_tahunan(h)
    await h.send(text="01-12-2026 s/d 11-12-2026")  # 9 working days, within 12 now
    await h.send(text="Pulang kampung")
    file_cuti(h, date(2026, 12, 14), date(2026, 12, 18), approve=False)  # 5, from another chat
    refused = texts(await h.send(document=h.document(b"%PDF-1.4 surat cuti")))
    assert "memakai 9 hari kerja 2026, melebihi sisa cuti tahunan 2026: 7 hari kerja" in refused
    assert count_cuti(h) == 1  # only the other one
    again = texts(await h.send(text="01-12-2026 s/d 03-12-2026"))  # back at the dates step
    assert again == "Tuliskan alasannya singkat."


async def test_the_service_refuses_a_filing_beyond_the_balance(h):
    file_cuti(h, date(2026, 12, 1), date(2026, 12, 16))  # 12
    with pytest.raises(ValueError, match="cuti tahunan 2026: 1 working days asked, 0 left"):
        file_cuti(h, date(2026, 12, 21), date(2026, 12, 21))


async def test_days_left_last_year_are_carried_over(h):
    staff, admin = ids(h)
    with h.uow() as uow:
        first = uow.session.scalars(select(Assignment).where(Assignment.employee_id == staff)).one()
        first.valid_from = date(2025, 1, 1)  # presensi knows Dewi since 2025
        # 2025: 3 working days taken (Wed 3 - Fri 5 December 2025), 9 left, 6 carried.
        taken = AbsenceRow(employee_id=staff, code="C", subtype="tahunan",
                           first_day=date(2025, 12, 3), last_day=date(2025, 12, 5),
                           reason="liburan", status="approved", decided_by=admin)  # fmt: skip
        uow.add(taken, "cli", "absence.request")
        uow.commit()
    shown = await pick_cuti_tahunan(h)
    assert "Sisa cuti tahunan 2026: 18 hari kerja (hak 12 + sisa 2025 6; diambil 0" in shown


async def test_an_admin_records_beyond_it_and_the_balance_shows_below_zero(h):
    shown = await pick_cuti_tahunan(h, "600", args=(STAFF,))
    assert "Sisa cuti tahunan 2026: 12 hari kerja" in shown  # Dewi's, shown to her admin
    await h.send("600", text="01-12-2026 s/d 18-12-2026")  # 14 working days, on paper
    await h.send("600", text="Cuti disetujui Kepala")
    done = await h.send("600", document=h.document(b"%PDF-1.4 surat cuti"))
    assert "dicatat dan disetujui" in texts(done)
    assert "⚠️ Sisa cuti tahunan 2026 Dewi Lestari A.Md kini -2 hari kerja: melebihi hak." in texts(
        done
    )
    mine = await pick_cuti_tahunan(h)
    assert mine.startswith(
        "Sisa cuti tahunan 2026: -2 hari kerja (hak 12; diambil 14, menunggu keputusan 0).\n"
        "⚠️ Melebihi hak sebanyak 2 hari kerja: cuti tahunan baru tidak dapat diajukan."
    )
    refused = texts(await h.send(text="21-12-2026"))
    assert "memakai 1 hari kerja 2026, melebihi sisa cuti tahunan 2026: -2 hari kerja" in refused


async def test_a_year_whose_holidays_are_not_decreed_is_counted_with_a_warning(h):
    h.at(8, 0, date(2040, 11, 20))
    shown = await pick_cuti_tahunan(h)
    # Known since 2026 without any cuti: 12 carried after two idle years.
    assert "Sisa cuti tahunan 2040: 24 hari kerja (hak 12 + sisa 2039 12;" in shown
    assert "Libur nasional dan cuti bersama 2040 belum ditetapkan" in shown
    assert texts(await h.send(text="26-11-2040")) == "Tuliskan alasannya singkat."


async def test_the_balance_reads_in_english(h):
    await h.send(command="bahasa", args=("en",))
    shown = await pick_cuti_tahunan(h)
    assert "Annual leave left for 2026: 12 working days (entitled to 12; taken 0" in shown
