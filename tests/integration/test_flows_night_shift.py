"""A night shift 21:00-07:00 on the rota, its check-out the next morning: corrected with /koreksi
and uploaded from the attendance machine, both on the shift's own work day (core.work_day).

Perbup Konawe Kepulauan 18/2023 Pasal 17 ayat (2) huruf a: special hours for "tenaga kesehatan
yang melaksanakan shift"; Pasal 13 ayat (4): revisions on the 1st-4th of the next month. Perbup
Balangan 32/2020 Pasal 3 huruf d: the machine's data uploaded on the 1st-5th of the month. The
harness's organisation (Sungai Penuh) is given shift codes and a revisions window as unit policy
keys, as an organisation file may set them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from core.machine_files import parse_machine_file
from core.services.machine_import import ImportOptions, import_punches
from core.services.rota import import_rota
from tests.flows_harness import (
    ADMIN,
    ENGINES,
    ORG,
    STAFF,
    TUESDAY,
    WIB,
    build,
    engine_for,
    rows,
    texts,
)
from tests.integration.test_flows_checkin import set_unit_policy
from tests.integration.test_flows_rota import SHIFTS, table

WEDNESDAY = TUESDAY + timedelta(days=1)
DEWI = "Dewi Lestari A.Md"


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    set_unit_policy(harness, SHIFTS | {"revision_days": [1, 4]})
    with harness.uow() as uow:  # Tuesday night, then Wednesday off
        import_rota(uow, ORG, 2026, 11, table({24: "M", 25: "L"}), "rota.csv")
        uow.commit()
    return harness


async def night_on_the_chat(h) -> None:
    h.at(21, 5)
    assert "Masuk tercatat 21:05 WIB" in texts(await h.clock_in("501", STAFF))
    h.at(7, 2, WEDNESDAY)
    assert "Pulang tercatat 07:02 WIB" in texts(await h.clock_in("501", STAFF, "pulang"))


def ids(h) -> list[int]:
    return [r.id for r in rows(h)]


async def koreksi(h, *args: str):
    text = " ".join(["/koreksi", *args])
    return await h.send("600", command="koreksi", text=text, args=args)


async def test_a_night_shifts_check_out_is_corrected_on_the_next_morning(h):
    await night_on_the_chat(h)
    h.at(10, 0, WEDNESDAY)

    answer = await koreksi(h, STAFF, "24-11-2026", "pulang", "07:40", "mesin", "antre")

    assert texts(answer) == (
        f"Presensi pulang {DEWI} 24-11-2026 dikoreksi dari 07:02 (25-11-2026) ke 07:40 "
        "(25-11-2026) WIB: tepat waktu. Alasan: mesin antre. Hari itu ditandai direvisi pada "
        "rekap."
    )
    *_, old, new = rows(h)
    assert new.corrects_id == old.id and new.work_date == TUESDAY and new.accepted
    assert new.at == datetime(2026, 11, 25, 7, 40, tzinfo=WIB)


async def test_the_night_shifts_check_in_is_corrected_on_its_own_evening(h):
    await night_on_the_chat(h)
    h.at(10, 0, WEDNESDAY)
    answer = await koreksi(h, STAFF, "24-11-2026", "masuk", "21:00", "salah", "jam")
    assert texts(answer).startswith(
        f"Presensi masuk {DEWI} 24-11-2026 dikoreksi dari 21:05 ke 21:00 WIB: tepat waktu."
    )


async def test_a_night_check_out_time_that_has_not_come_yet_is_refused(h):
    await night_on_the_chat(h)
    h.at(7, 10, WEDNESDAY)
    before = ids(h)
    answer = await koreksi(h, STAFF, "24-11-2026", "pulang", "08:30", "pulang", "telat")
    assert texts(answer) == (
        "Jam 08:30 (25-11-2026) belum lewat: hanya waktu yang sudah lewat yang dapat dikoreksi."
    )
    assert ids(h) == before


async def test_a_time_outside_the_night_shift_is_not_corrected(h):
    await night_on_the_chat(h)
    h.at(12, 0, WEDNESDAY)
    before = ids(h)
    answer = await koreksi(h, STAFF, "24-11-2026", "pulang", "10:00", "salah")
    assert texts(answer) == "Tidak dikoreksi: jam itu di luar jam absen."
    assert ids(h) == before


def upload(h, body: str):
    parsed = parse_machine_file(body)
    with h.uow() as uow:
        report = import_punches(
            uow, uow.organisation(ORG), parsed.punches, parsed.errors, ImportOptions()
        )
        uow.commit()
    return report


async def test_the_machines_morning_punch_is_the_night_shifts_check_out(h):
    h.at(9, 30, WEDNESDAY)
    report = upload(h, f"nip,waktu\n{STAFF},2026-11-24 21:02\n{STAFF},2026-11-25 07:05\n")

    assert (report.new, dict(report.written), report.refused) == (2, {"in": 1, "out": 1}, {})
    found = [(r.direction, r.work_date, r.outcome, f"{r.at:%H:%M}") for r in rows(h)]
    assert found == [("in", TUESDAY, "on_time", "14:02"), ("out", TUESDAY, "on_time", "00:05")]


async def test_a_lone_morning_punch_after_a_night_shift_is_only_its_check_out(h):
    h.at(9, 30, WEDNESDAY)
    report = upload(h, f"nip,waktu\n{STAFF},2026-11-25 07:05\n")
    assert dict(report.written) == {"out": 1}
    [record] = rows(h)
    assert (record.direction, record.work_date) == ("out", TUESDAY)


async def test_a_closed_months_punches_are_refused_outside_the_window_and_taken_inside_it(h):
    body = f"nip,waktu\n{STAFF},2026-11-24 21:02\n{STAFF},2026-11-25 07:05\n"
    h.at(9, 0, date(2026, 12, 7))  # after the 1st-4th of December

    late = upload(h, body)

    assert late.new == 0 and late.refused == {"closed_month": [2, 3]}
    assert late.closed == {
        "2026-11": {
            "month": date(2026, 11, 24),
            "first": date(2026, 12, 1),
            "last": date(2026, 12, 4),
            "rule": "presensi default",  # the unit policy key sets no article
        }
    }
    assert rows(h) == []
    h.at(9, 0, date(2026, 12, 3))  # inside the window
    assert upload(h, body).new == 2
