"""A rota imported for the month, then a night shift clocked through chat and counted by the recap.

Perbup Balangan 32/2020 Pasal 5: "Pengaturan setting jam presensi masuk kerja dan pulang kerja
Tenaga Teknis Kesehatan, layanan medik, dokter dan atau dokter spesialis yang menggunakan sistem
Shift atau pembagian jam kerja adalah berdasarkan jam kerja yang di atur oleh RSUD". Perbup
Konawe Kepulauan 18/2023 Pasal 17 ayat (2) huruf a: special hours for "tenaga kesehatan yang
melaksanakan shift". The harness's organisation (Sungai Penuh) is given shift codes as a unit
policy key, as an organisation file may set them.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from core.absence_codes import DayCode
from core.rota import InvalidRota
from core.services.recap import employee_days
from core.services.rota import import_rota
from core.storage.tables import AuditRow, ShiftRow
from tests.flows_harness import ENGINES, ORG, STAFF, TUESDAY, WIB, build, engine_for, rows, texts
from tests.integration.test_flows_checkin import set_unit_policy

WEDNESDAY = TUESDAY + timedelta(days=1)
SHIFTS = {
    "shifts": {
        "P": {"work": "07:00-14:00"},
        "M": {
            "work": "21:00-07:00",
            "check_in": "20:00-21:30",
            "on_time_until": "21:15",  # the ward's own tolerance: the rota's hours, not 07:30
            "check_out": "07:00-09:00",
        },
        "L": "off",
    }
}


def table(cells: dict[int, str]) -> bytes:
    header = "nip," + ",".join(str(d) for d in range(1, 31))
    line = STAFF + "," + ",".join(cells.get(d, "") for d in range(1, 31))
    return f"{header}\n{line}\n".encode()


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    set_unit_policy(harness, SHIFTS)
    return harness


def load(h, cells: dict[int, str]):
    with h.uow() as uow:
        summary = import_rota(uow, ORG, 2026, 11, table(cells), "rota.csv")
        uow.commit()
    return summary


async def test_a_night_shift_is_judged_by_the_rota_and_its_check_out_is_next_morning(h):
    summary = load(h, {24: "M", 25: "L"})  # Tuesday night, then Wednesday off
    assert (summary.employees, summary.written, summary.unchanged) == (1, 2, 0)
    h.at(21, 5)
    came = await h.clock_in("501", STAFF)
    # Judged against the rota's 21:00 shift, not Tuesday's 07:30 office day.
    assert "Masuk tercatat 21:05 WIB: tepat waktu" in texts(came)
    h.at(7, 2, WEDNESDAY)
    left = await h.clock_in("501", STAFF, "pulang")
    assert "Pulang tercatat 07:02 WIB" in texts(left)
    records = [(r.direction, r.work_date, r.accepted) for r in rows(h)]
    assert records == [("in", TUESDAY, True), ("out", TUESDAY, True)]
    now = datetime.combine(WEDNESDAY, time(12, 0), WIB).astimezone(UTC)
    with h.uow() as uow:
        staff = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)
        days = {d.day: d.status for d in employee_days(uow, staff, TUESDAY, WEDNESDAY, now=now)}
    assert days[TUESDAY].code is DayCode.PRESENT and days[TUESDAY].label == "on_time"
    assert days[WEDNESDAY].code is DayCode.OFF  # L on the rota: not expected, not TK


async def test_importing_the_same_rota_twice_changes_nothing_and_a_new_one_replaces_it(h):
    load(h, {24: "M", 25: "L"})
    audit_before = _count(h, AuditRow)
    again = load(h, {24: "M", 25: "L"})
    assert (again.written, again.replaced, again.removed, again.unchanged) == (0, 0, 0, 2)
    assert _count(h, AuditRow) == audit_before
    changed = load(h, {24: "P"})  # the 24th becomes a morning, the 25th goes back to normal
    assert (changed.written, changed.replaced, changed.removed, changed.unchanged) == (0, 1, 1, 0)
    assert _count(h, AuditRow) == audit_before + 2
    with h.uow() as uow:
        [entry] = uow.session.query(ShiftRow).all()
        assert entry.work_date == TUESDAY and entry.schedule["code"] == "P"


async def test_a_rota_with_an_undefined_code_writes_nothing(h):
    audit_before = _count(h, AuditRow)
    with h.uow() as uow, pytest.raises(InvalidRota) as caught:
        import_rota(uow, ORG, 2026, 11, table({24: "M", 25: "L", 26: "X"}), "rota.csv")
    assert caught.value.problems == [
        "rota.csv line 2, column 27: undefined shift code 'X'; codes: P, M, L"
    ]
    assert _count(h, ShiftRow) == 0 and _count(h, AuditRow) == audit_before


def _count(h, table) -> int:
    with h.uow() as uow:
        return uow.session.query(table).count()
