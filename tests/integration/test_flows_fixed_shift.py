"""A security guard kept on the night shift by the employee file's `shift` column: judged, reminded
and counted by it on every working day, and a rota entry for a day wins over it.

Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf g: the pengelola "menentukan pengaturan
shift"; Pasal 17 ayat (2): "Ketentuan jam kerja khusus diberlakukan untuk: ... c. petugas
keamanan; ...". The harness's organisation runs under the Konawe Kepulauan preset with shift codes
as a unit policy key, as an organisation file may set them.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from core.absence_codes import DayCode
from core.employee_file import parse_employees_csv
from core.flows.push import PushConfig, due_notices
from core.rota import InvalidRota
from core.services.employees import import_employees, policy_context
from core.services.recap import day_summary, employee_days
from core.services.rota import import_rota
from core.storage.tables import AuditRow
from tests.flows_harness import ENGINES, ORG, STAFF, TUESDAY, WIB, build, engine_for, rows, texts
from tests.integration.test_flows_checkin import set_unit_policy
from tests.integration.test_flows_rota import SHIFTS, table

WEDNESDAY = TUESDAY + timedelta(days=1)


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request), preset="konawe-kepulauan")
    await harness.link("501", STAFF)
    set_unit_policy(harness, SHIFTS)
    employee_file(harness, "M")
    return harness


def employee_file(h, shift: str, policy: str = "") -> None:
    head = "nip,nama,jenis,unit,shift,kebijakan"
    text = f'{head}\n{STAFF},Dewi Lestari A.Md,CPNS,setda,{shift},"{policy}"\n'
    with h.uow() as uow:
        org = uow.organisation(ORG)
        known = {u.code for u in uow.units(org.id)}
        rows = parse_employees_csv(text, known, stored=policy_context(uow, org.id))
        import_employees(uow, ORG, rows, TUESDAY)
        uow.commit()


def guard(uow):
    return uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)


def at(day, hour, minute):
    return datetime.combine(day, time(hour, minute), WIB).astimezone(UTC)


async def test_the_fixed_night_shift_is_judged_and_its_check_out_is_next_morning(h):
    h.at(21, 5)
    assert "Masuk tercatat 21:05 WIB: tepat waktu" in texts(await h.clock_in("501", STAFF))
    h.at(7, 0, WEDNESDAY)
    assert "Pulang tercatat 07:00 WIB" in texts(await h.clock_in("501", STAFF, "pulang"))
    records = [(r.direction, r.work_date, r.outcome) for r in rows(h)]
    assert records == [("in", TUESDAY, "on_time"), ("out", TUESDAY, "on_time")]
    with h.uow() as uow:
        days = {d.day: d.status for d in employee_days(uow, guard(uow), TUESDAY, TUESDAY,
                                                       now=at(WEDNESDAY, 12, 0))}  # fmt: skip
        [line] = [
            line
            for line in day_summary(uow, ORG, TUESDAY, "setda", now=at(WEDNESDAY, 12, 0)).lines
            if line.person.id == guard(uow).id
        ]
    assert days[TUESDAY].code is DayCode.PRESENT and days[TUESDAY].label == "on_time"
    assert line.status.code is DayCode.PRESENT
    assert (f"{line.entry.check_in:%H:%M}", f"{line.entry.check_out:%H:%M}") == ("21:05", "07:00")


async def test_the_unit_morning_is_not_the_guards_day_in_the_recap(h):
    with h.uow() as uow:
        [line] = [
            line
            for line in day_summary(uow, ORG, TUESDAY, "setda", now=at(TUESDAY, 12, 0)).lines
            if line.person.id == guard(uow).id
        ]
    assert line.status.code is DayCode.PENDING  # at noon the night shift is still ahead


async def test_a_rota_entry_wins_over_the_fixed_shift(h):
    with h.uow() as uow, pytest.raises(InvalidRota) as caught:  # Monday night runs into it
        import_rota(uow, ORG, 2026, 11, table({24: "P"}), "rota.csv")
    assert caught.value.problems == [
        "rota.csv line 2, column 25: shift P on the 24 opens at 06:00, before the fixed shift M "
        "of the 23 closes at 09:00: the shifts overlap (a clock-in then could be either's)"
    ]
    with h.uow() as uow:  # Monday off, Tuesday morning
        import_rota(uow, ORG, 2026, 11, table({23: "L", 24: "P"}), "rota.csv")
        uow.commit()
    h.at(7, 5)  # shift P from 07:00, no tolerance of its own: late, not outside the window
    assert "Masuk tercatat 07:05 WIB: terlambat 5 menit (TL1)" in texts(
        await h.clock_in("501", STAFF)
    )
    h.at(21, 5, WEDNESDAY)  # no rota entry on Wednesday: the fixed night shift again
    assert "Masuk tercatat 21:05 WIB: tepat waktu" in texts(await h.clock_in("501", STAFF))


async def test_the_guard_is_reminded_before_the_nights_limit_and_to_clock_out(h):
    config = PushConfig(remind_before=15)

    def reminded(hour, minute, day=TUESDAY) -> dict[str, str]:
        h.at(hour, minute, day)
        with h.uow() as uow:
            me = guard(uow).id
            due = due_notices(uow, h.clock.now(), config)
        return {n.key.split(":")[0]: n.reply.text for n in due if n.employee_id == me}

    assert "remind" not in reminded(7, 16)  # the unit's morning is not her day
    assert "sebelum pukul 21:15" in reminded(21, 0)["remind"]
    await h.clock_in("501", STAFF)
    assert "sebelum pukul 09:00" in reminded(8, 30, WEDNESDAY)["pulang"]


async def test_an_empty_cell_clears_the_shift_and_a_file_without_the_column_keeps_it(h):
    with h.uow() as uow:
        assert guard(uow).policy == {"fixed_shift": "M"}
        audits = uow.session.query(AuditRow).count()
    employee_file(h, "M", '{""radius_m"": 150}')
    with h.uow() as uow:
        assert guard(uow).policy == {"radius_m": 150, "fixed_shift": "M"}
        assert uow.session.query(AuditRow).count() == audits + 1
    with h.uow() as uow:  # no shift or kebijakan column
        text = f"nip,nama,jenis,unit\n{STAFF},Dewi Lestari A.Md,CPNS,setda\n"
        import_employees(uow, ORG, parse_employees_csv(text, {"setda"}), TUESDAY)
        uow.commit()
        assert guard(uow).policy == {"radius_m": 150, "fixed_shift": "M"}
    employee_file(h, "")
    with h.uow() as uow:
        assert guard(uow).policy == {}
    h.at(7, 5)  # back on the unit's hours
    assert "Masuk tercatat 07:05 WIB: tepat waktu" in texts(await h.clock_in("501", STAFF))
