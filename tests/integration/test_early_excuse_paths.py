"""Leaving early under an approved izin pulang cepat is not charged, whichever path writes the
check-out: a chat clock-out (test_flows_early_permit), an admin's /manual, a /koreksi, a machine
import and an approved /lupaabsen all ask the one rule (core.services.excuse) and record it.
Perwal Sungai Penuh 12/2023 Pasal 12 ayat (4). On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from core.machine_files import Punch
from core.rules import Direction
from core.services.machine_import import ImportOptions, import_punches
from core.services.recap import month_recap
from tests.flows_harness import (
    ADMIN,
    ENGINES,
    ORG,
    STAFF,
    TUESDAY,
    build,
    engine_for,
    rows,
    texts,
    without_receipt,
)
from tests.integration.test_flows_early_permit import permit
from tests.integration.test_flows_missed import JPEG, requests

DEWI = "Dewi Lestari A.Md"
EXCUSED = "pulang cepat 120 menit, sesuai izin pulang cepat yang disetujui: tidak dipotong"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    harness.at(7, 20)
    await harness.clock_in("501", STAFF)
    return harness


async def manual(h, *args: str):
    return await h.send("600", command="manual", text="/manual", args=args)


async def correct(h, clock: str, *reason: str):
    args = (STAFF, "24-11-2026", "pulang", clock, *reason)
    return await h.send("600", command="koreksi", text="/koreksi", args=args)


def tuesday(h):
    """Dewi's Tuesday in the month's recap, read in the evening, and her month's deduction."""
    h.at(20, 0)
    with h.uow() as uow:
        recap = month_recap(uow, ORG, 2026, 11, now=h.clock.now())
    [line] = [e for u in recap.units for e in u.employees if e.person.name == DEWI]
    [day] = [d for d in line.days if d.status.work_date == TUESDAY]
    return day.status, dict((code, n) for code, n, _ in line.deduction.items)


async def test_a_manual_check_out_at_14_under_an_approved_izin_is_not_charged(h):
    permit(h)
    h.at(14, 5)

    answer = await manual(h, STAFF, "pulang", "14:00", "lupa_hp")

    assert texts(answer) == (
        f"Presensi pulang {DEWI} 14:00 WIB dicatat manual: {EXCUSED}. Alasan: HP tertinggal."
    )
    [(_, notice)] = answer.notices
    assert f"({EXCUSED})" in notice.text
    out = rows(h)[-1]
    assert (out.source, out.outcome, out.minutes) == ("manual", "left_early", 120)
    assert out.evidence["excused"] == "pulang_cepat"
    status, deductions = tuesday(h)
    assert (status.early_minutes, status.excused, status.label) == (0, ("pulang_cepat",), "on_time")
    assert not any(code.startswith("PSW") for code in deductions)


async def test_without_the_izin_the_same_manual_check_out_is_charged(h):
    permit(h, approve=False)
    h.at(14, 5)

    answer = await manual(h, STAFF, "pulang", "14:00", "lupa_hp")

    assert ": pulang cepat 120 menit. Alasan" in texts(answer)
    assert "excused" not in rows(h)[-1].evidence
    status, deductions = tuesday(h)
    assert (status.early_minutes, status.early_band) == (120, "PSW4")
    assert deductions["PSW4"] == 1


async def test_a_correction_to_an_early_time_is_excused_and_back_to_the_end_of_work_is_not(h):
    h.at(16, 10)
    await h.clock_in("501", STAFF, direction="pulang")
    permit(h)
    h.at(16, 20)

    early = await correct(h, "14:00", "pulang", "berobat")
    assert f"dikoreksi dari 16:10 ke 14:00 WIB: {EXCUSED}." in texts(early)
    assert rows(h)[-1].evidence["excused"] == "pulang_cepat"

    back = await correct(h, "16:10", "salah", "ketik")
    assert "dikoreksi dari 14:00 ke 16:10 WIB: tepat waktu." in texts(back)
    assert "excused" not in rows(h)[-1].evidence


async def test_a_machine_punch_at_14_under_an_approved_izin_is_not_charged(h):
    permit(h)
    h.at(17, 0)
    punch = Punch(1, STAFF, datetime.combine(TUESDAY, time(14, 0)), Direction.OUT)
    with h.uow() as uow:
        report = import_punches(uow, uow.organisation(ORG), [punch], [], ImportOptions())
        uow.commit()

    assert (report.new, report.excused) == (1, 1)
    out = rows(h)[-1]
    assert (out.source, out.outcome, out.evidence["excused"]) == (
        "machine",
        "left_early",
        "pulang_cepat",
    )
    status, _ = tuesday(h)
    assert status.early_minutes == 0


async def test_an_approved_missed_check_out_under_the_izin_is_not_charged(h):
    permit(h)
    h.at(14, 30)
    await h.send("501", command="lupaabsen", text="/lupaabsen")
    for event in ({"text": "hari ini"}, {"button": "lm:out"}, {"text": "14:00"}, {"text": "x"}):
        await h.send("501", **event)

    confirm = await h.send("501", photo=h.photo(JPEG))
    await h.send("501", button="lm:send")
    approved = await h.send("600", button=f"ap:lm:{requests(h)[0].id}")

    assert f"Presensi pulang 24-11-2026 pukul 14:00 WIB: {EXCUSED}" in texts(confirm)
    [(_, told)] = approved.notices
    assert without_receipt(told.text).endswith(f"tercatat, {EXCUSED}.")
    out = rows(h)[-1]
    assert (out.source, out.evidence) == ("request", {"request": 1, "excused": "pulang_cepat"})
