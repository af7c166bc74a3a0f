"""Staff changes on storage, on SQLite and PostgreSQL: a transfer from its effective day with
the week's grace at the old office, and a departure that ends what is expected of someone.

Perbup Konawe Kepulauan 18/2023 Pasal 17 ayat (1): "Apabila terdapat ASN yang berpindah tugas,
ASN tersebut diberi waktu paling lama 1 (satu) minggu untuk menyelesaikan pekerjaan di tempat
yang lama selanjutnya harus melaksanakan presensi di tempat kerja yang baru."
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.employee_file import parse_employees_csv
from core.geo import Point
from core.org.file import parse_org
from core.rules import Direction, Outcome
from core.services import staff
from core.services.attendance import AttendanceRefused, CheckRequest, record_check
from core.services.daily import day_report
from core.services.employees import import_employees
from core.services.orgs import load_org
from core.services.recap import day_summary, month_recap
from core.storage import audit

EXAMPLES = Path(__file__).parents[2] / "examples"
WITA = ZoneInfo("Asia/Makassar")
KONKEP = "pemkab-konkep"
NIP = "198501012010011001"
OTHER = "199002022015032002"
KANTOR_BUPATI = Point(-4.03650, 122.92790)  # setda's office
KANTOR_BKPSDM = Point(-4.03420, 122.92510)
TRANSFER_DAY = date(2026, 11, 17)  # a Tuesday (no apel): day 1 of the transfer
STAFF_CSV = (
    "nip,nik,nama,jenis,unit,atasan,peran,telepon,aktif_sejak\n"
    f"{NIP},,Andi Saputra S.E,PNS,setda,,,081234560001,2026-11-02T07:00+08:00\n"
    f"{OTHER},,Wa Ode Fitri S.Kep,PNS,setda,,,081234560002,2026-11-02T07:00+08:00\n"
)


@pytest.fixture
def konkep(uow_factory):
    """The Konawe Kepulauan example organisation, two setda employees since 2 November."""
    spec = parse_org((EXAMPLES / "org-konawe-kepulauan.yaml").read_text())
    with uow_factory() as uow:
        load_org(uow, spec)
        rows = parse_employees_csv(STAFF_CSV, {u.code for u in spec.units})
        import_employees(uow, KONKEP, rows, date(2026, 11, 2))
        uow.commit()
    return KONKEP


def at(day: date, hour: int = 7, minute: int = 25) -> datetime:
    return datetime.combine(day, time(hour, minute), WITA)


def check_in(uow_factory, where: Point, when: datetime, who: str = NIP):
    with uow_factory() as uow:
        employee = staff.find_employee(uow, KONKEP, who)
        result = record_check(uow, CheckRequest(employee.id, Direction.IN, where, at=when))
        uow.commit()
        return result.verdict


def transfer_to_bkpsdm(uow_factory, today: date = TRANSFER_DAY):
    with uow_factory() as uow:
        employee = staff.find_employee(uow, KONKEP, NIP)
        done = staff.transfer(uow, employee, "bkpsdm", TRANSFER_DAY, today)
        uow.commit()
        return done


def test_the_old_office_is_accepted_for_a_week_after_the_transfer(uow_factory, konkep):
    """Pasal 17 ayat (1): "paling lama 1 (satu) minggu ... di tempat yang lama"."""
    transfer_to_bkpsdm(uow_factory, today=date(2026, 11, 10))  # entered a week ahead

    before = check_in(uow_factory, KANTOR_BKPSDM, at(date(2026, 11, 16)))  # the new office
    day_1 = check_in(uow_factory, KANTOR_BKPSDM, at(TRANSFER_DAY))
    day_3 = check_in(uow_factory, KANTOR_BUPATI, at(date(2026, 11, 19)))  # the old office
    day_8 = check_in(uow_factory, KANTOR_BUPATI, at(date(2026, 11, 24)))

    assert before.outcome is Outcome.OUTSIDE_AREA  # not yet theirs before the day
    assert day_1.accepted and day_1.site == "kantor-bkpsdm"
    assert day_3.accepted and day_3.site == "kantor-bupati"
    assert day_8.outcome is Outcome.OUTSIDE_AREA and not day_8.accepted


def test_a_transfer_ahead_keeps_the_unit_until_its_day(uow_factory, konkep):
    done = transfer_to_bkpsdm(uow_factory, today=date(2026, 11, 10))
    assert not done.now_in_force
    with uow_factory() as uow:
        employee = staff.find_employee(uow, KONKEP, NIP)
        setda = employee.unit_id
        assert staff.settle_transfers(uow, employee.org_id, date(2026, 11, 16)) == 0
        assert staff.settle_transfers(uow, employee.org_id, TRANSFER_DAY) == 1
        uow.commit()
    with uow_factory() as uow:
        employee = staff.find_employee(uow, KONKEP, NIP)
        assert employee.unit_id != setda
        assert uow.unit_by_id(employee.unit_id).code == "bkpsdm"
        assert audit.verify(uow.session)[1] == []


def deactivate(uow_factory, on: date, reason: str = "pensiun") -> None:
    with uow_factory() as uow:
        staff.deactivate(uow, staff.find_employee(uow, KONKEP, NIP), on, reason)
        uow.commit()


def test_a_departed_employee_cannot_clock_in_from_that_day(uow_factory, konkep):
    deactivate(uow_factory, date(2026, 11, 20))

    assert check_in(uow_factory, KANTOR_BUPATI, at(date(2026, 11, 19))).accepted
    with pytest.raises(AttendanceRefused, match="left the organisation on 2026-11-20"):
        check_in(uow_factory, KANTOR_BUPATI, at(date(2026, 11, 20)))


def test_the_recap_keeps_the_days_before_leaving_and_counts_none_after(uow_factory, konkep):
    for day in (3, 4):
        for who in (NIP, OTHER):
            check_in(uow_factory, KANTOR_BUPATI, at(date(2026, 11, day)), who)
    deactivate(uow_factory, date(2026, 11, 5), "pindah_keluar")
    now = at(date(2026, 11, 30), 20, 0).astimezone(UTC)

    with uow_factory() as uow:
        recap = month_recap(uow, KONKEP, 2026, 11, now=now)
        early = day_summary(uow, KONKEP, date(2026, 11, 4), now=now)
        later = day_summary(uow, KONKEP, date(2026, 11, 10), now=now)
        plain = day_report(uow, KONKEP, date(2026, 11, 10), now)
    lines = {line.person.identifier: line for unit in recap.units for line in unit.employees}
    left, stayed = lines[NIP], lines[OTHER]
    # 2-4 November: Monday without a check-in, then two days present; nothing after the 4th.
    assert len(left.days) == 3
    assert (left.totals.present, left.totals.tk) == (2, 1)
    assert stayed.totals.tk > 10  # the colleague who stayed is still expected every work day
    assert NIP in {line.person.identifier for line in early.lines}
    assert NIP not in {line.person.identifier for line in later.lines}
    assert NIP not in {r.employee.identifier for r in plain}


async def test_the_background_job_moves_a_future_transfer_once_an_hour(uow_factory, konkep):
    """`presensi serve` settles the transfers whose day came, once an hour across workers."""
    from fakeredis import FakeAsyncRedis

    from presensi.background import settle_once

    transfer_to_bkpsdm(uow_factory, today=date(2026, 11, 10))
    redis = FakeAsyncRedis()
    before = at(date(2026, 11, 16), 23, 0).astimezone(UTC)
    assert await settle_once(uow_factory, redis, before) == 0  # the day has not come
    day_one = at(TRANSFER_DAY, 0, 30).astimezone(UTC)
    assert await settle_once(uow_factory, redis, day_one) == 1
    assert await settle_once(uow_factory, redis, day_one) is None  # this hour is done
    with uow_factory() as uow:
        employee = staff.find_employee(uow, KONKEP, NIP)
        assert uow.unit_by_id(employee.unit_id).code == "bkpsdm"
