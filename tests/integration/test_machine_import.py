"""`import_punches` over real storage (SQLite and PostgreSQL): machine punches judged like a
chat clock-in, recorded once with their audit entry.

Perbup Balangan 32/2020 Pasal 3 huruf e: the machine's data is uploaded "sebagai dasar
perhitungan TPP SKPD" - so each punch gets the verdict a clock-in at that time would get.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.machine_files import parse_machine_file
from core.rules import Direction
from core.services.attendance import CheckRequest, record_check
from core.services.machine_import import ImportOptions, import_punches
from core.storage.tables import AttendanceRow, AuditRow
from tests.integration.test_recap_service import EXAMPLES, SETDA_OFFICE, load, person

WIB_OFFSET = "+07:00"
DEWI = "199611302022032007"
# Tuesday 24 November 2026, on the device's clock (WIB, the organisation's zone).
FILE = (
    f"nip,waktu\n{DEWI},2026-11-24 07:45:00\n{DEWI},2026-11-24 11:58:00\n"
    f"{DEWI},2026-11-24 16:05:00\n"
)
UPLOADED = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)  # 08:00 WIB the next morning


@pytest.fixture
def org(uow_factory):
    """The Sungai Penuh example organisation and staff (on time until 07:30 WIB)."""
    csv = (EXAMPLES / "employees-sungai-penuh.csv").read_text()
    return load(uow_factory, "org-sungai-penuh.yaml", csv)


def run_import(uow_factory, org_code, body=FILE, **options):
    parsed = parse_machine_file(body)
    with uow_factory() as uow:
        report = import_punches(
            uow, uow.organisation(org_code), parsed.punches, parsed.errors, ImportOptions(**options)
        )
        uow.commit()
        return report


def rows(uow_factory):
    with uow_factory() as uow:
        found = uow.session.query(AttendanceRow).order_by(AttendanceRow.at).all()
        return [(r.direction, r.outcome, r.minutes, r.source, r.dedup_key) for r in found]


def test_first_punch_late_last_punch_on_time_and_a_re_import_adds_nothing(uow_factory, clock, org):
    clock.set(UPLOADED)

    first = run_import(uow_factory, org)
    again = run_import(uow_factory, org)

    assert (first.new, first.unused, first.already, first.errors) == (2, 1, 0, [])
    assert (again.new, again.already) == (0, 2)
    assert rows(uow_factory) == [
        ("in", "late", 15, "machine", f"machine:{org}:{DEWI}:20261124T004500Z"),
        ("out", "on_time", 0, "machine", f"machine:{org}:{DEWI}:20261124T090500Z"),
    ]
    with uow_factory() as uow:
        audit = uow.session.query(AuditRow.actor, AuditRow.action).filter_by(entity="attendance")
        assert sorted(audit.all()) == [("cli", "attendance.in"), ("cli", "attendance.out")]


def test_a_chat_check_in_earlier_that_day_stays_the_first(uow_factory, clock, org):
    clock.set(datetime(2026, 11, 24, 0, 20, tzinfo=UTC))  # 07:20 WIB, at the office
    with uow_factory() as uow:
        dewi = person(uow, org, DEWI)
        record_check(uow, CheckRequest(dewi.id, Direction.IN, SETDA_OFFICE))
        uow.commit()
    clock.set(UPLOADED)

    report = run_import(uow_factory, org)

    assert report.refused == {"already_checked_in": [2]} and report.new == 1
    assert [r[:2] for r in rows(uow_factory)] == [("in", "on_time"), ("out", "on_time")]


def test_an_offset_in_the_file_is_kept_and_a_bad_line_stops_all_unless_skipped(
    uow_factory, clock, org
):
    clock.set(UPLOADED)
    body = f"nip,waktu\n{DEWI},2026-11-24T07:25:00{WIB_OFFSET}\n{DEWI},2026-11-24 26:00\n"

    stopped = run_import(uow_factory, org, body)
    assert stopped.stopped and rows(uow_factory) == []

    skipped = run_import(uow_factory, org, body, skip_bad=True)
    assert not skipped.stopped and [str(e) for e in skipped.errors] == [
        "line 3: impossible time '2026-11-24 26:00'"
    ]
    assert [r[:2] for r in rows(uow_factory)] == [("in", "on_time")]


def test_the_punches_of_someone_who_left_are_refused_not_a_crash(uow_factory, clock, org):
    """Staff who left stay in a machine's user list; their punches are counted as refused."""
    from datetime import date

    from core.services import staff

    clock.set(UPLOADED)
    with uow_factory() as uow:
        staff.deactivate(uow, staff.find_employee(uow, org, DEWI), date(2026, 11, 24), "pensiun")
        uow.commit()
    report = run_import(uow_factory, org)
    assert report.new == 0 and report.refused == {"left": [2, 4]}
    assert rows(uow_factory) == []
