"""Use cases over real storage (SQLite and PostgreSQL): what staff and admins would see."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pyproj import Geod

from core.absence import Evidence
from core.employee_file import parse_employees_csv
from core.geo import Point
from core.org.file import parse_org
from core.rules import Direction, Outcome
from core.services.absences import (
    AbsenceRefused,
    AbsenceRequest,
    MissingEvidence,
    decide,
    request_absence,
)
from core.services.attendance import AttendanceRefused, CheckRequest, correct, record_check
from core.services.daily import day_report
from core.services.employees import import_employees
from core.services.orgs import load_org
from core.storage import audit

EXAMPLES = Path(__file__).parents[2] / "examples"
WIB = ZoneInfo("Asia/Jakarta")
DAY = date(2026, 11, 24)  # a Tuesday: no apel
MONDAY = date(2026, 11, 23)  # apel gabungan at Lapangan Merdeka
FIELD = Point(-2.06335, 101.39415)
BKPSDM_OFFICE = Point(-2.06012, 101.39531)
HEAD = "197804122005011002"  # setda manager
ADMIN = "198203252008012004"  # setda admin
STAFF = "199611302022032007"  # setda CPNS, supervised by ADMIN
SETDA_OFFICE = Point(-2.06198, 101.39280)


def at(hour: int, minute: int, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute), WIB)


def away(point: Point, metres: float) -> Point:
    lon, lat, _ = Geod(ellps="WGS84").fwd(point.lon, point.lat, 90, metres)
    return Point(lat, lon)


@pytest.fixture
def org(uow_factory):
    """The Sungai Penuh example organisation with its example staff."""
    spec = parse_org((EXAMPLES / "org-sungai-penuh.yaml").read_text())
    csv = (EXAMPLES / "employees-sungai-penuh.csv").read_text()
    with uow_factory() as uow:
        load_org(uow, spec)
        rows = parse_employees_csv(csv, {u.code for u in spec.units})
        import_employees(uow, spec.code, rows, date(2026, 1, 1))
        uow.commit()
    return spec.code


def person(uow, org_code: str, identifier: str):
    return uow.employee_by_identifier(uow.organisation(org_code).id, identifier)


def check(uow_factory, org_code, who, direction, when, where=SETDA_OFFICE, key=None):
    with uow_factory() as uow:
        employee = person(uow, org_code, who)
        result = record_check(
            uow, CheckRequest(employee.id, direction, where, at=when, dedup_key=key)
        )
        uow.commit()
        return result


def test_on_time_late_and_outside_are_judged_and_recorded(uow_factory, org):
    on_time = check(uow_factory, org, STAFF, Direction.IN, at(7, 25)).verdict
    assert on_time.outcome is Outcome.ON_TIME
    late = check(uow_factory, org, ADMIN, Direction.IN, at(7, 41)).verdict
    assert (late.outcome, late.minutes, late.band) == (Outcome.LATE, 11, "TL1")
    outside = check(uow_factory, org, HEAD, Direction.IN, at(7, 20), away(SETDA_OFFICE, 75)).verdict
    assert (outside.outcome, outside.distance_m) == (Outcome.OUTSIDE_AREA, 45)
    with uow_factory() as uow:
        rows = uow.attendance([person(uow, org, HEAD).id], DAY, DAY)
        assert [(r.outcome, r.accepted) for r in rows] == [("outside_area", False)]


def test_a_second_check_in_is_not_recorded_twice(uow_factory, org):
    first = check(uow_factory, org, STAFF, Direction.IN, at(7, 25))
    second = check(uow_factory, org, STAFF, Direction.IN, at(7, 50))
    assert second.earlier is not None and second.earlier.id == first.record.id
    with uow_factory() as uow:
        assert len(uow.attendance([person(uow, org, STAFF).id], DAY, DAY)) == 1


def test_a_redelivered_message_changes_nothing(uow_factory, org):
    first = check(uow_factory, org, STAFF, Direction.OUT, at(16, 5), key="tg:1001")
    again = check(uow_factory, org, STAFF, Direction.OUT, at(16, 9), key="tg:1001")
    assert again.duplicate and again.record.id == first.record.id


def test_a_blocked_account_cannot_clock_in(uow_factory, org):
    with uow_factory() as uow:
        employee = person(uow, org, STAFF)
        employee.blocked = True
        uow.touch(employee, "test", "employee.block")
        uow.commit()
    with pytest.raises(AttendanceRefused, match="blocked"):
        check(uow_factory, org, STAFF, Direction.IN, at(7, 25))


def sick_request(uow, org_code, days=1, evidence=()):
    employee = person(uow, org_code, STAFF)
    return request_absence(
        uow,
        AbsenceRequest(
            employee.id,
            "S",
            None,
            DAY,
            date(2026, 11, 23 + days),
            "Demam",
            evidence=[{"kind": k, "media": "m1"} for k in evidence],
        ),
    )


def test_sickness_without_the_doctors_note_is_refused_citing_the_article(uow_factory, org):
    with uow_factory() as uow, pytest.raises(MissingEvidence) as refused:
        sick_request(uow, org)
    assert "Pasal 12 ayat (5)" in str(refused.value)


def test_the_approver_approves_once_and_the_day_becomes_sick(uow_factory, org, clock):
    with uow_factory() as uow:
        request = sick_request(uow, org, evidence=[Evidence.DOCTOR_NOTE.value])
        uow.commit()
        admin = person(uow, org, ADMIN)
        assert request.approver_id == admin.id  # Perwal Pasal 7 ayat (3) huruf a: the unit admin
    with uow_factory() as uow:
        decide(uow, request.id, admin.id, approve=True)
        uow.commit()
    with uow_factory() as uow, pytest.raises(AbsenceRefused, match="already approved"):
        decide(uow, request.id, admin.id, approve=True)
    with uow_factory() as uow:
        report = day_report(uow, org, DAY, at(23, 0), unit_code="setda")
    assert {r.employee.identifier: r.status.code.value for r in report}[STAFF] == "S"


def test_only_the_approver_or_an_admin_may_decide(uow_factory, org):
    with uow_factory() as uow:
        request = sick_request(uow, org, evidence=[Evidence.DOCTOR_NOTE.value])
        uow.commit()
        colleague = person(uow, org, "199107222019032008")  # a teacher at disdik
        subject = person(uow, org, STAFF)
    with uow_factory() as uow, pytest.raises(AbsenceRefused, match="may not decide"):
        decide(uow, request.id, colleague.id, approve=True)
    with uow_factory() as uow, pytest.raises(AbsenceRefused, match="may not decide"):
        decide(uow, request.id, subject.id, approve=True)
    with uow_factory() as uow, pytest.raises(AbsenceRefused, match="needs a reason"):
        decide(uow, request.id, request.approver_id, approve=False)


def test_day_report_lists_every_status_of_the_unit(uow_factory, org):
    check(uow_factory, org, STAFF, Direction.IN, at(7, 25))
    check(uow_factory, org, STAFF, Direction.OUT, at(16, 10))
    check(uow_factory, org, ADMIN, Direction.IN, at(8, 1))
    with uow_factory() as uow:
        during = day_report(uow, org, DAY, at(12, 0), unit_code="setda")
        after = day_report(uow, org, DAY, at(23, 0), unit_code="setda")
    labels = lambda report: {r.employee.identifier: r.status.label for r in report}  # noqa: E731
    assert labels(during) == {
        STAFF: "on_time",
        ADMIN: "late",
        HEAD: "BELUM",
        "199005172015031001": "BELUM",
    }
    assert labels(after)[HEAD] == "TK"
    assert labels(after)[ADMIN] == "late_left_early"  # no check-out: the last early band


def test_a_correction_is_a_new_row_and_the_report_follows_it(uow_factory, org):
    late = check(uow_factory, org, ADMIN, Direction.IN, at(8, 1)).record
    with uow_factory() as uow:
        head = person(uow, org, HEAD)
        correct(
            uow,
            late.id,
            head.id,
            "Rapat di kantor walikota sejak 07.15 (nota dinas 12)",
            outcome=Outcome.ON_TIME,
            minutes=0,
        )
        uow.commit()
    with uow_factory() as uow:
        rows = uow.attendance([late.employee_id], DAY, DAY)
        report = day_report(uow, org, DAY, at(12, 0), unit_code="setda")
        assert audit.verify(uow.session)[1] == []
    assert [(r.outcome, r.corrects_id) for r in rows] == [("late", None), ("on_time", late.id)]
    assert {r.employee.identifier: r.status.label for r in report}[ADMIN] == "on_time"


def test_a_transfer_counts_each_day_to_the_unit_of_that_day(uow_factory, org):
    csv = (
        (EXAMPLES / "employees-sungai-penuh.csv")
        .read_text()
        .replace(
            f"{STAFF},,Dewi Lestari A.Md,CPNS,setda", f"{STAFF},,Dewi Lestari A.Md,CPNS,bkpsdm"
        )
    )
    with uow_factory() as uow:
        rows = parse_employees_csv(csv, {u.code for u in uow.units(uow.organisation(org).id)})
        summary = import_employees(uow, org, rows, date(2026, 11, 16))
        uow.commit()
    assert summary.transferred == 1
    with uow_factory() as uow:
        before = day_report(uow, org, date(2026, 11, 13), at(23, 0, date(2026, 11, 13)), "setda")
        after = day_report(uow, org, DAY, at(23, 0), "bkpsdm")
    assert STAFF in {r.employee.identifier for r in before}
    assert STAFF in {r.employee.identifier for r in after}
    outcome = check(uow_factory, org, STAFF, Direction.IN, at(7, 20), BKPSDM_OFFICE).verdict
    assert outcome.outcome is Outcome.ON_TIME


def test_on_apel_day_the_check_in_is_at_the_field(uow_factory, org):
    """Perwal Sungai Penuh 12/2023 Pasal 11 ayat (4): absensi ... di lokasi pelaksanaan apel."""
    at_office = check(uow_factory, org, STAFF, Direction.IN, at(7, 20, MONDAY)).verdict
    assert (at_office.outcome, at_office.event) == (Outcome.OUTSIDE_AREA, "apel_gabungan")
    at_field = check(uow_factory, org, STAFF, Direction.IN, at(7, 22, MONDAY), FIELD).verdict
    assert (at_field.outcome, at_field.site) == (Outcome.ON_TIME, "lapangan-merdeka")
    with uow_factory() as uow:
        report = day_report(uow, org, MONDAY, at(23, 0, MONDAY), unit_code="setda")
    statuses = {r.employee.identifier: r.status for r in report}
    assert statuses[STAFF].missed_events == ()


def test_reimporting_an_unchanged_file_counts_it_unchanged_and_writes_nothing(uow_factory, org):
    csv = (EXAMPLES / "employees-sungai-penuh.csv").read_text()
    with uow_factory() as uow:
        before = audit.verify(uow.session)[0]
        rows = parse_employees_csv(csv, {u.code for u in uow.units(uow.organisation(org).id)})
        summary = import_employees(uow, org, rows, date(2026, 11, 16))
        uow.commit()
    with uow_factory() as uow:
        after, problems = audit.verify(uow.session)
    assert (summary.added, summary.updated, summary.transferred) == (0, 0, 0)
    assert summary.unchanged == len(rows)
    assert (after, problems) == (before, [])


def test_reimporting_with_one_renamed_counts_one_update_and_audits_only_it(uow_factory, org):
    csv = (
        (EXAMPLES / "employees-sungai-penuh.csv")
        .read_text()
        .replace("Dewi Lestari A.Md", "Dewi Lestari S.Kom")
    )
    with uow_factory() as uow:
        before = audit.verify(uow.session)[0]
        rows = parse_employees_csv(csv, {u.code for u in uow.units(uow.organisation(org).id)})
        summary = import_employees(uow, org, rows, date(2026, 11, 16))
        uow.commit()
    with uow_factory() as uow:
        after = audit.verify(uow.session)[0]
        assert person(uow, org, STAFF).name == "Dewi Lestari S.Kom"
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, len(rows) - 1)
    assert after == before + 1
