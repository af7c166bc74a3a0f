"""/izin for days of a locked month (`core.revisions.month_lock`): a month submitted with
/kirimrekap, or a closed month outside its revisions window, takes no absence, neither at the
dates step nor at approval; a running month and an open window are unchanged.
On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from core.storage.tables import AbsenceRow
from tests.flows_harness import ADMIN, ENGINES, STAFF, build, engine_for, texts
from tests.integration.test_flows_checkin import set_unit_policy
from tests.integration.test_flows_leave import file_sick_note

SUBMITTED = "Ditolak: rekap bulan 11-2026 sudah dikirim pada 02-12-2026; bulan itu terkunci"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    return harness


def statuses(h) -> list[str]:
    with h.uow() as uow:
        return [r.status for r in uow.session.query(AbsenceRow).order_by(AbsenceRow.id)]


async def submit_november(h):
    h.at(9, 0, date(2026, 12, 2))
    done = await h.send("600", command="kirimrekap", text="/kirimrekap 2026-11", args=("2026-11",))
    assert texts(done).startswith("✅ Rekap 11-2026 ditandai terkirim"), texts(done)


async def izin_dates(h, dates: str, sender: str = "501"):
    await h.send(sender, command="izin", text="/izin")
    await h.send(sender, button="lt:S")
    return await h.send(sender, text=dates)


async def test_a_day_of_a_submitted_month_is_refused_at_the_dates_step(h):
    await submit_november(h)

    answer = await izin_dates(h, "30-11-2026 s/d 01-12-2026")

    assert texts(answer).startswith(SUBMITTED), texts(answer)
    assert texts(answer).endswith("Tulis tanggal lain.")
    again = await h.send(text="01-12-2026")  # still at the dates step: December is open
    assert texts(again) == "Tuliskan alasannya singkat."
    assert statuses(h) == []


async def test_a_request_filed_before_the_month_was_submitted_is_not_approved_after(h):
    sent = await file_sick_note(h)  # Tuesday 24 November
    [(_, notice)] = sent.notices
    await submit_november(h)

    tapped = await h.send("600", button=notice.buttons[0][0].data)

    assert texts(tapped).startswith(
        "Tidak disetujui: rekap bulan 11-2026 sudah dikirim pada 02-12-2026"
    ), texts(tapped)
    assert tapped.notices == [] and statuses(h) == ["pending"]
    queued = await h.send("600", command="antrian", text="/antrian setujui 1",
                          args=("setujui", "1"))  # fmt: skip
    assert texts(queued).endswith("⛔ #1 Dewi Lestari A.Md: bulan 11-2026 terkunci; masih menunggu")
    assert statuses(h) == ["pending"]


async def test_an_admin_on_behalf_follows_the_same_lock(h):
    await submit_november(h)

    await h.send("600", command="izin", text=f"/izin {STAFF}", args=(STAFF,))
    await h.send("600", button="lt:S")
    answer = await h.send("600", text="24-11-2026")

    assert texts(answer).startswith(SUBMITTED), texts(answer)
    assert statuses(h) == []


async def test_inside_the_revisions_window_a_closed_month_still_takes_an_izin(h):
    set_unit_policy(h, {"revision_days": [1, 4]})
    h.at(9, 0, date(2026, 12, 3))
    inside = await izin_dates(h, "24-11-2026")
    h.at(9, 0, date(2026, 12, 5))
    outside = await izin_dates(h, "24-11-2026")

    assert texts(inside) == "Tuliskan alasannya singkat."  # as before: the window is open
    assert texts(outside).startswith(
        "Ditolak: bulan 11-2026 sudah ditutup; perubahan hanya pada 01-12-2026 s/d 04-12-2026"
    ), texts(outside)
