"""What staff read, and what is recorded, when the regulation's own words decide the verdict:
a check-out after its window "dinyatakan terlambat", and a check-in after a missed apel."""

from __future__ import annotations

from datetime import date

import pytest

from core.storage.tables import AttendanceRow
from tests.flows_harness import HEAD, STAFF, TUESDAY, build, texts

MONDAY = date(2026, 11, 23)  # apel gabungan at Lapangan Merdeka in the example organisation


@pytest.fixture
async def h(tmp_path):
    harness = build(tmp_path)
    await harness.link("501", STAFF)
    await harness.link("700", HEAD)
    return harness


def stored(h, day: date) -> list[AttendanceRow]:
    with h.uow() as uow:
        employee = uow.employee_by_identifier(uow.organisation("pemkot-sungai-penuh").id, STAFF)
        return uow.attendance([employee.id], day, day)


async def test_a_check_out_after_the_window_is_recorded_late_not_missing(h):
    """Perwal Sungai Penuh 12/2023 Pasal 11 ayat (3) and (7): 16:31 with work until 16:00."""
    await h.clock_in("501", STAFF)
    h.at(16, 31)
    answer = await h.clock_in("501", STAFF, "pulang")
    assert (
        "Pulang tercatat 16:31 WIB, 1 menit setelah batas 16:00-16:30: dinyatakan terlambat (TL1)."
    ) in texts(answer)
    assert "Pasal 11 ayat (7)" in texts(answer) and "Potongan TPP 0,5%." in texts(answer)
    out = stored(h, TUESDAY)[-1]
    assert (out.direction, out.outcome, out.accepted, out.minutes, out.band) == (
        "out",
        "late",
        True,
        1,
        "TL1",
    )
    h.at(20, 0)
    summary = texts(await h.send("700", command="rekap"))
    assert "Dewi Lestari" in summary.split("Terlambat")[1].split("\n")[0]


async def test_a_check_in_after_the_apel_window_is_late_and_the_apel_missed(h):
    """Monday 09:00 at the office: the apel (07:00-08:30 at Lapangan Merdeka) is over, the work
    day is not. Late by 90 minutes as on a Tuesday, and the apel recorded as missed."""
    h.at(9, 0, MONDAY)
    answer = await h.clock_in("501", STAFF)
    assert "Masuk tercatat 09:00 WIB: terlambat 90 menit (TL3)." in texts(answer)
    assert (
        "Jendela Apel Gabungan Senin sudah ditutup: dicatat tidak mengikuti Apel Gabungan Senin."
        in texts(answer)
    )
    (row,) = stored(h, MONDAY)
    assert (row.outcome, row.accepted, row.site, row.event) == (
        "late",
        True,
        "kantor-walikota",
        None,
    )
    assert row.evidence["missed_event"] == "apel_gabungan"
    h.at(9, 0, TUESDAY)
    tuesday = await h.clock_in("501", STAFF)
    assert "terlambat 90 menit (TL3)" in texts(tuesday) and "apel" not in texts(tuesday)
