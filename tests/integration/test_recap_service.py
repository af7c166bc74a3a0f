"""Monthly recaps and daily summaries over real storage (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.employee_file import parse_employees_csv
from core.geo import Point
from core.org.file import parse_org
from core.recap import NoData
from core.rules import Direction, Outcome
from core.services.attendance import AttendanceRefused, CheckRequest, correct, record_check
from core.services.context import NotFound
from core.services.daily import day_report
from core.services.employees import import_employees
from core.services.orgs import load_org
from core.services.recap import day_summary, month_recap
from core.storage.tables import AbsenceRow, AttendanceRow, HolidayRow
from core.tpp import TppAmounts

EXAMPLES = Path(__file__).parents[2] / "examples"
WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
TUESDAY = date(2026, 11, 24)
MONDAY = date(2026, 11, 23)  # apel gabungan at Lapangan Merdeka
FIELD = Point(-2.06335, 101.39415)
SETDA_OFFICE = Point(-2.06198, 101.39280)
BKPSDM_OFFICE = Point(-2.06012, 101.39531)
HEAD = "197804122005011002"  # setda manager
ADMIN = "198203252008012004"  # setda admin
ADMIN_2 = "199005172015031001"  # setda admin
STAFF = "199611302022032007"  # setda CPNS
AFTER_NOVEMBER = datetime(2026, 12, 1, 9, 0, tzinfo=WIB)


def at(day: date, hour: int, minute: int, zone=WIB) -> datetime:
    return datetime.combine(day, time(hour, minute), zone)


def load(uow_factory, org_file: str, csv: str, joined: date = date(2026, 1, 1)) -> str:
    spec = parse_org((EXAMPLES / org_file).read_text())
    with uow_factory() as uow:
        load_org(uow, spec)
        rows = parse_employees_csv(csv, {u.code for u in spec.units})
        import_employees(uow, spec.code, rows, joined)
        uow.commit()
    return spec.code


@pytest.fixture
def org(uow_factory):
    """The Sungai Penuh example organisation and staff, on staff since 1 January 2026."""
    csv = (EXAMPLES / "employees-sungai-penuh.csv").read_text()
    return load(uow_factory, "org-sungai-penuh.yaml", csv)


def person(uow, org_code, identifier):
    return uow.employee_by_identifier(uow.organisation(org_code).id, identifier)


def check(uow_factory, org_code, who, direction, when, where=SETDA_OFFICE):
    with uow_factory() as uow:
        employee = person(uow, org_code, who)
        result = record_check(uow, CheckRequest(employee.id, direction, where, at=when))
        uow.commit()
        return result


def add(uow_factory, row) -> None:
    with uow_factory() as uow:
        uow.add(row, "test", "test.add")
        uow.commit()


def recap(uow_factory, org_code, unit=None, now=AFTER_NOVEMBER, month=(2026, 11), tpp=None):
    with uow_factory() as uow:
        return month_recap(uow, org_code, *month, unit, now=now, tpp=tpp)


def line(result, identifier, unit="setda"):
    return next(e for e in result.unit(unit).employees if e.person.identifier == identifier)


def test_a_month_counts_presence_lateness_bands_and_tk(uow_factory, org):
    check(uow_factory, org, STAFF, Direction.IN, at(TUESDAY, 7, 25))
    check(uow_factory, org, STAFF, Direction.OUT, at(TUESDAY, 16, 5))
    check(uow_factory, org, ADMIN, Direction.IN, at(TUESDAY, 8, 1))  # 31 minutes: TL2
    check(uow_factory, org, ADMIN, Direction.OUT, at(TUESDAY, 15, 20))  # 40 minutes early: PSW2
    result = recap(uow_factory, org, "setda", tpp=TppAmounts(5_000_000))
    staff, admin, head = line(result, STAFF), line(result, ADMIN), line(result, HEAD)
    # November 2026 has 21 weekdays and no national holiday.
    assert (staff.totals.work_days, staff.totals.present, staff.totals.on_time) == (21, 1, 1)
    assert staff.totals.tk == 20
    assert admin.totals.late == {"TL2": 1} and admin.totals.late_minutes == {"TL2": 31}
    assert admin.totals.early == {"PSW2": 1} and admin.totals.early_minutes == {"PSW2": 40}
    assert (head.totals.present, head.totals.tk, head.totals.rate) == (0, 21, Decimal("0.00"))
    assert staff.totals.rate == Decimal("4.76")  # 1 / 21
    # 1 % (TL2) + 1 % (PSW2) + 20 days of TK at 3 %, of Rp 5.000.000.
    assert admin.deduction.percent == Decimal("62")
    assert admin.deduction.rupiah == 3_100_000
    assert result.unit("setda").totals.work_days == 4 * 21
    assert result.period == "November 2026"


def test_an_event_day_counts_the_missed_apel(uow_factory, org):
    check(uow_factory, org, STAFF, Direction.IN, at(MONDAY, 7, 20), FIELD)
    check(uow_factory, org, ADMIN, Direction.OUT, at(MONDAY, 16, 5))  # never checked in
    result = recap(uow_factory, org, "setda")
    staff, admin = line(result, STAFF), line(result, ADMIN)
    assert staff.totals.missed_events == 0 and staff.totals.missing_out == 1
    assert (admin.totals.missed_events, admin.totals.missing_in) == (1, 1)
    assert admin.totals.present == 1


def test_a_holiday_on_a_weekday_is_not_a_work_day(uow_factory, org):
    with uow_factory() as uow:
        org_id = uow.organisation(org).id
    add(uow_factory, HolidayRow(org_id=org_id, day=date(2026, 11, 25), name="Hari Guru"))
    check(uow_factory, org, STAFF, Direction.IN, at(TUESDAY, 7, 25))
    staff = line(recap(uow_factory, org, "setda"), STAFF)
    assert (staff.totals.work_days, staff.totals.holidays, staff.totals.tk) == (20, 1, 19)
    assert staff.days[24].status.code.value == "LIBUR"


def test_a_leave_spanning_two_months_counts_only_its_days_in_the_month(uow_factory, org):
    with uow_factory() as uow:
        staff_id = person(uow, org, STAFF).id
    add(
        uow_factory,
        AbsenceRow(
            employee_id=staff_id,
            code="C",
            subtype="tahunan",
            first_day=date(2026, 10, 28),
            last_day=date(2026, 11, 3),
            reason="Cuti tahunan",
            status="approved",
        ),
    )
    november = line(recap(uow_factory, org, "setda"), STAFF)
    october = line(recap(uow_factory, org, "setda", month=(2026, 10)), STAFF)
    # 2-3 November (1 November is a Sunday); 28-30 October.
    assert november.totals.absences == {"C": 2}
    assert october.totals.absences == {"C": 3}


def test_an_employee_who_moved_mid_month_counts_each_day_to_that_days_unit(uow_factory, org):
    csv = (
        (EXAMPLES / "employees-sungai-penuh.csv")
        .read_text()
        .replace(
            f"{STAFF},,Dewi Lestari A.Md,CPNS,setda", f"{STAFF},,Dewi Lestari A.Md,CPNS,bkpsdm"
        )
    )
    with uow_factory() as uow:
        rows = parse_employees_csv(csv, {u.code for u in uow.units(uow.organisation(org).id)})
        import_employees(uow, org, rows, date(2026, 11, 16))
        uow.commit()
    check(uow_factory, org, STAFF, Direction.IN, at(date(2026, 11, 13), 7, 20))
    check(uow_factory, org, STAFF, Direction.IN, at(TUESDAY, 7, 20), BKPSDM_OFFICE)
    result = recap(uow_factory, org)
    before, after = line(result, STAFF, "setda"), line(result, STAFF, "bkpsdm")
    assert (before.totals.work_days, before.totals.present) == (10, 1)  # 2-13 November
    assert (after.totals.work_days, after.totals.present) == (11, 1)  # 16-30 November
    assert before.other_units == ("bkpsdm",) and after.other_units == ("setda",)
    only_bkpsdm = recap(uow_factory, org, "bkpsdm")
    assert [u.code for u in only_bkpsdm.units] == ["bkpsdm"]
    assert line(only_bkpsdm, STAFF, "bkpsdm").totals.work_days == 11


def test_a_running_month_stops_at_today_and_leaves_the_open_day_pending(uow_factory, org):
    check(uow_factory, org, STAFF, Direction.IN, at(TUESDAY, 7, 25))
    result = recap(uow_factory, org, "setda", now=at(TUESDAY, 12, 0))
    assert result.last == TUESDAY
    head = line(result, HEAD)
    assert (head.totals.work_days, head.totals.pending, head.totals.tk) == (17, 1, 16)
    assert head.totals.rate == Decimal("0.00")


def test_nothing_to_report_and_unknown_units_say_so(uow_factory, org):
    with pytest.raises(NoData, match="no attendance recorded for 2026-02 in "):
        recap(uow_factory, org, month=(2026, 2))
    with pytest.raises(NoData, match="has not started"):
        recap(uow_factory, org, month=(2027, 1))
    with pytest.raises(NotFound, match=r"no unit 'nope' .*units: bkpsdm, dinkes"):
        recap(uow_factory, org, "nope")
    with pytest.raises(NotFound, match="no organisation"):
        recap(uow_factory, "nobody")


def test_the_daily_summary_agrees_with_the_day_report(uow_factory, org):
    check(uow_factory, org, STAFF, Direction.IN, at(TUESDAY, 7, 25))
    check(uow_factory, org, ADMIN, Direction.IN, at(TUESDAY, 8, 1))
    check(uow_factory, org, ADMIN, Direction.OUT, at(TUESDAY, 16, 2))
    now = at(TUESDAY, 23, 0)
    with uow_factory() as uow:
        summary = day_summary(uow, org, TUESDAY, "setda", now=now)
        report = day_report(uow, org, TUESDAY, now, unit_code="setda")
    assert {r.employee.identifier: r.status for r in report} == {
        line.person.identifier: line.status for line in summary.lines
    }
    times = {line.person.identifier: line.entry.check_in for line in summary.lines}
    assert times[ADMIN] == time(8, 1) and times[HEAD] is None
    assert summary.counts == {"late": 1, "left_early": 1, "TK": 2}
    assert (summary.head.identifier, summary.admin.identifier) == (HEAD, ADMIN)


def test_a_correction_marks_the_day_revised(uow_factory, org):
    late = check(uow_factory, org, ADMIN, Direction.IN, at(TUESDAY, 8, 1)).record
    with uow_factory() as uow:
        correct(
            uow,
            late.id,
            person(uow, org, HEAD).id,
            "Rapat sejak 07.15",
            outcome=Outcome.ON_TIME,
            minutes=0,
        )
        uow.commit()
    admin = line(recap(uow_factory, org, "setda"), ADMIN)
    assert admin.revised and admin.totals.revised == 1 and admin.totals.late == {}
    assert [d.revised for d in admin.days].count(True) == 1


# --- the revisions window (Konawe Kepulauan: 1st-4th of the next month) -----------------------

KONAWE_STAFF = """nip,nik,nama,jenis,unit,atasan,peran,telepon,aktif_sejak
197804122005011002,,La Ode Kepala,PNS,setda,,manager,,
198203252008012004,,Wa Ode Admin,PNS,setda,197804122005011002,admin,,
199611302022032007,,Sitti Staf,CPNS,setda,198203252008012004,,,
"""


@pytest.fixture
def konawe(uow_factory):
    return load(uow_factory, "org-konawe-kepulauan.yaml", KONAWE_STAFF)


def test_a_closed_month_is_corrected_only_by_an_admin_during_the_window(uow_factory, konawe, clock):
    with uow_factory() as uow:
        admin, staff = person(uow, konawe, ADMIN), person(uow, konawe, STAFF)
        row = record_check(
            uow, CheckRequest(staff.id, Direction.IN, None, at=at(TUESDAY, 8, 10, WITA))
        ).record
        uow.commit()

    def fix(actor_id: int, when: datetime):
        clock.set(when.astimezone(UTC))
        with uow_factory() as uow:
            fixed = correct(
                uow, row.id, actor_id, "Surat tugas pagi", outcome=Outcome.ON_TIME, minutes=0
            )
            uow.commit()
            return fixed

    with pytest.raises(AttendanceRefused, match=r"2026-11 is closed: .*2026-12-01 to 2026-12-04"):
        fix(admin.id, at(date(2026, 12, 5), 8, 0, WITA))
    with pytest.raises(AttendanceRefused, match="only an admin"):
        fix(staff.id, at(date(2026, 12, 2), 8, 0, WITA))
    assert fix(admin.id, at(date(2026, 12, 4), 15, 0, WITA)).corrects_id == row.id
    result = recap(uow_factory, konawe, "setda", now=at(date(2026, 12, 5), 8, 0, WITA))
    assert line(result, STAFF).revised
    assert "revisi 1-4 Desember 2026" in result.revision
    assert "Pasal 13 ayat (4)" in result.revision


def fingerprint(employee_id: int, direction: str, when: datetime, outcome: str, minutes: int):
    """A record uploaded later from a fingerprint machine: a higher id, an earlier instant."""
    return AttendanceRow(
        employee_id=employee_id,
        work_date=when.date(),
        direction=direction,
        at=when,
        outcome=outcome,
        accepted=True,
        minutes=minutes,
        rule="",
        source="fingerprint",
    )


def test_the_first_check_in_and_the_last_check_out_count_by_their_time(uow_factory, org):
    check(uow_factory, org, STAFF, Direction.IN, at(TUESDAY, 7, 25))
    check(uow_factory, org, STAFF, Direction.OUT, at(TUESDAY, 16, 5))
    check(uow_factory, org, STAFF, Direction.OUT, at(TUESDAY, 16, 20))
    with uow_factory() as uow:
        staff_id = person(uow, org, STAFF).id
    add(uow_factory, fingerprint(staff_id, "in", at(TUESDAY, 7, 50), "late", 20))
    add(uow_factory, fingerprint(staff_id, "out", at(TUESDAY, 15, 0), "left_early", 60))
    with uow_factory() as uow:
        summary = day_summary(uow, org, TUESDAY, "setda", now=at(TUESDAY, 23, 0))
        report = day_report(uow, org, TUESDAY, at(TUESDAY, 23, 0), unit_code="setda")
    mine = next(line for line in summary.lines if line.person.identifier == STAFF)
    assert (mine.entry.check_in, mine.entry.check_out) == (time(7, 25), time(16, 20))
    assert mine.status.label == "on_time"
    assert {r.employee.identifier: r.status for r in report}[STAFF] == mine.status
    assert line(recap(uow_factory, org, "setda"), STAFF).totals.on_time == 1
