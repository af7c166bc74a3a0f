"""The one-tap izin after a late or early verdict, on SQLite and PostgreSQL: the answer carries
the TPP cost and an "Ajukan izin" button; pressed, /izin opens prefilled; approved, the
deduction leaves the recap and the employee is told what it saved. And the button pressed
twice, after the revisions window, on a day already excused, on a day no longer charged, and
where the catalogue has no such izin."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from core import absence_codes
from core.absence import Evidence
from core.absence_codes import CATALOGUE
from core.services.absences import AbsenceRequest, decide, request_absence
from core.storage.tables import AbsenceRow
from tests.flows_harness import (
    ADMIN,
    ENGINES,
    ORG,
    STAFF,
    TUESDAY,
    build,
    engine_for,
    texts,
    without_receipt,
)

PRESS_LATE = "iz:terlambat:2026-11-24"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    return harness


async def late(h):
    h.at(7, 45)
    return await h.clock_in("501", STAFF)


def buttons(answer) -> list[tuple[str, str]]:
    return [(b.label, b.data) for r in answer.replies for row in r.buttons for b in row]


async def file_by_button(h, data: str = PRESS_LATE) -> tuple[str, object]:
    """Press the button, give a reason and the permit letter; (the prompt, the filing)."""
    prompt = texts(await h.send("501", button=data))
    await h.send("501", text="Ban motor bocor di jalan")
    return prompt, await h.send("501", document=h.document(b"%PDF-1.4 surat izin"))


async def my_recap(h) -> str:
    h.at(20, 0)
    return texts(await h.send("501", command="rekapsaya"))


def absences(h) -> list[AbsenceRow]:
    with h.uow() as uow:
        return list(uow.session.scalars(select(AbsenceRow).order_by(AbsenceRow.id)))


def staff_and_admin(h) -> tuple[int, int]:
    with h.uow() as uow:
        org = uow.organisation(ORG)
        staff = uow.employee_by_identifier(org.id, STAFF)
        return staff.id, uow.employee_by_identifier(org.id, ADMIN).id


async def test_a_late_clock_in_offers_its_izin_and_the_approval_drops_the_deduction(h):
    answer = await late(h)
    assert "terlambat 15 menit (TL1). Potongan TPP 0,5%." in texts(answer)
    assert answer.replies[-1].text == (
        "Ada alasannya? Ajukan izin terlambat untuk 24-11-2026; bila disetujui, potongannya "
        "dibatalkan."
    )
    assert buttons(answer) == [("Ajukan izin", PRESS_LATE)]
    assert "- 1x terlambat (TL1) = 0,5%" in await my_recap(h)

    prompt, sent = await file_by_button(h)
    assert prompt == (
        "Izin terlambat 24-11-2026: terlambat 15 menit (TL1), potongan TPP 0,5%. Tuliskan "
        "alasannya singkat."
    )
    assert "Pengajuan Izin (terlambat) 24-11-2026 terkirim ke Rina Marlina" in texts(sent)
    [(_, to_admin)] = sent.notices
    assert "Ban motor bocor di jalan" in to_admin.text

    approved = await h.send("600", button=to_admin.buttons[0][0].data)
    [(_, notice)] = approved.notices
    assert without_receipt(notice.text) == (
        "Pengajuan Izin (terlambat) Anda untuk 24-11-2026 DISETUJUI oleh Rina Marlina S.Sos. "
        "Potongan TPP 0,5% dibatalkan."
    )
    after = await my_recap(h)
    assert "terlambat" not in after and "- 1x terlambat (TL1)" not in after


async def test_an_early_check_out_offers_izin_pulang_cepat(h):
    h.at(7, 20)
    on_time = await h.clock_in("501", STAFF)
    assert buttons(on_time) == []
    h.at(14, 0)
    early = await h.clock_in("501", STAFF, direction="pulang")
    assert "(PSW4). Ajukan /izin bila ada alasan. Potongan TPP 1,5%." in texts(early)
    assert buttons(early) == [("Ajukan izin", "iz:pulang_cepat:2026-11-24")]
    prompt, sent = await file_by_button(h, "iz:pulang_cepat:2026-11-24")
    assert prompt.startswith(
        "Izin pulang cepat 24-11-2026: pulang 120 menit lebih awal (PSW4), potongan TPP 1,5%."
    )
    approved = await h.send("600", button=sent.notices[0][1].buttons[0][0].data)
    assert without_receipt(approved.notices[0][1].text).endswith(" Potongan TPP 1,5% dibatalkan.")
    assert "pulang cepat" not in await my_recap(h)


async def test_a_late_check_out_after_its_window_offers_no_izin(h):
    h.at(7, 20)
    await h.clock_in("501", STAFF)
    h.at(16, 45)  # Sungai Penuh: declared late (Pasal 11 ayat (7)); no izin excuses it
    after = await h.clock_in("501", STAFF, direction="pulang")
    assert "dinyatakan terlambat (TL1)" in texts(after) and buttons(after) == []


async def test_the_button_pressed_twice_files_once(h):
    await late(h)
    first = texts(await h.send("501", button=PRESS_LATE))
    assert texts(await h.send("501", button=PRESS_LATE)) == first  # the same step, asked again
    _, sent = await file_by_button(h)
    assert "terkirim" in texts(sent)
    again = texts(await h.send("501", button=PRESS_LATE))
    assert again == (
        "24-11-2026 sudah tercakup pengajuan Izin (terlambat) (menunggu); tidak perlu diajukan "
        "lagi."
    )
    assert [(a.code, a.subtype, a.status) for a in absences(h)] == [("I", "terlambat", "pending")]


async def test_a_day_with_an_approved_izin_offers_nothing_and_is_not_charged(h):
    staff, admin = staff_and_admin(h)
    letter = [{"kind": Evidence.PERMIT_LETTER.value, "media": "izin.pdf"}]
    with h.uow() as uow:
        asked = AbsenceRequest(staff, "I", "terlambat", TUESDAY, TUESDAY, "antar anak", letter)
        decide(uow, request_absence(uow, asked).id, admin, approve=True)
        uow.commit()
    answer = await late(h)
    assert "terlambat 15 menit, sesuai izin terlambat yang disetujui: tidak dipotong." in texts(
        answer
    )
    assert "Potongan TPP" not in texts(answer) and buttons(answer) == []
    stale = texts(await h.send("501", button=PRESS_LATE))  # from an older message
    assert stale == "Izin terlambat 24-11-2026 sudah disetujui: hari itu tidak dipotong."
    assert len(absences(h)) == 1


async def test_after_the_revisions_window_the_button_files_nothing(h):
    staff, _ = staff_and_admin(h)
    with h.uow() as uow:  # Konawe Kepulauan's window: the 1st-4th of the next month
        uow.employee(staff).policy = {"revision_days": [1, 4]}
        uow.commit()
    await late(h)
    h.at(9, 0, date(2026, 12, 3))  # inside the window: still possible
    assert texts(await h.send("501", button=PRESS_LATE)).startswith("Izin terlambat 24-11-2026:")
    h.at(9, 0, date(2026, 12, 7))
    refused = texts(await h.send("501", button=PRESS_LATE))
    assert refused == (
        "Izin terlambat 24-11-2026 tidak dapat diajukan lagi: bulan 11-2026 sudah ditutup; "
        "perubahan hanya pada 01-12-2026 s/d 04-12-2026 (presensi default)."
    )
    assert absences(h) == []


async def test_a_button_older_than_a_request_may_go_back_files_nothing(h):
    await late(h)
    h.at(9, 0, date(2026, 12, 28))  # no revisions window here; 31 days back at most
    refused = texts(await h.send("501", button=PRESS_LATE))
    assert refused.startswith(
        "Izin terlambat 24-11-2026 tidak dapat diajukan lagi: pengajuan paling lama 31 hari ke "
        "belakang, paling awal 27-11-2026"
    )


async def test_a_day_corrected_to_on_time_leaves_nothing_to_excuse(h):
    await late(h)
    args = (STAFF, "24-11-2026", "masuk", "07:25", "jam", "HP", "salah")
    h.at(10, 0)
    await h.send("600", command="koreksi", text="/koreksi " + " ".join(args), args=args)
    refused = texts(await h.send("501", button=PRESS_LATE))
    assert refused == (
        "Pada 24-11-2026 tidak ada lagi yang terlambat tercatat: tidak ada yang perlu diizinkan."
    )


@pytest.fixture
def izin_without_terlambat(monkeypatch):
    """A catalogue whose izin has no 'terlambat' (a preset that does not know it)."""
    row = CATALOGUE.row("I")
    trimmed = replace(
        row,
        subtypes=tuple(s for s in row.subtypes if s != "terlambat"),
        partial=tuple(s for s in row.partial if s != "terlambat"),
    )
    original = absence_codes.row
    monkeypatch.setattr(
        absence_codes, "row", lambda code: trimmed if code == "I" else original(code)
    )


async def test_no_button_where_there_is_no_such_izin(h, izin_without_terlambat):
    answer = await late(h)
    assert "Potongan TPP 0,5%" in texts(answer) and buttons(answer) == []
    stale = texts(await h.send("501", button=PRESS_LATE))
    assert stale == "Izin ini tidak tersedia lagi. Ajukan lewat /izin bila perlu."


async def test_forged_button_data_files_nothing(h):
    await late(h)
    for data in ("iz:terlambat:kemarin", "iz:terlambat", "iz:tidak_masuk:2026-11-24"):
        answer = await h.send("501", button=data)
        assert "tidak dikenal" in texts(answer) or "tidak tersedia" in texts(answer)
    future = texts(await h.send("501", button="iz:terlambat:2026-11-30"))
    assert future == (
        "Izin terlambat 30-11-2026 tidak dapat diajukan lagi: tanggal 30-11-2026 belum tiba."
    )
    assert absences(h) == []


async def test_the_offer_reads_in_english(h):
    await h.send("501", command="bahasa", args=("en",))
    answer = await late(h)
    assert "TPP deduction 0,5%" in texts(answer)
    assert buttons(answer) == [("File a permit", PRESS_LATE)]
    prompt = texts(await h.send("501", button=PRESS_LATE))
    assert prompt == (
        "Izin terlambat for 24-11-2026: late by 15 minutes (TL1), TPP deduction 0.5%. Write the "
        "reason briefly."
    )
