"""The dates rules of an absence request live in the service: every caller meets them.

The test clock reads Monday 23 November 2026 07:00 WIB; the Sungai Penuh example organisation
keeps the presensi defaults (31 days back, sick leave 7 days ahead).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.employee_file import parse_employees_csv
from core.leave_dates import DatesProblem
from core.org.file import parse_org
from core.services.absences import AbsenceRequest, DatesRefused, request_absence
from core.services.employees import import_employees
from core.services.orgs import load_org
from tests.integration.test_services import EXAMPLES, STAFF, person

TODAY = date(2026, 11, 23)


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


def ask(uow_factory, org_code, first, last=None, filed_at=None, code="I"):
    with uow_factory() as uow:
        employee = person(uow, org_code, STAFF)
        request = AbsenceRequest(
            employee.id,
            code,
            None,
            first,
            last or first,
            "urusan keluarga",
            evidence=[{"kind": "surat_permohonan_izin", "media": "m1"}],
            filed_at=filed_at,
        )
        row = request_absence(uow, request)
        uow.commit()
        return row


def test_a_request_five_months_back_is_refused_by_the_service(uow_factory, org):
    with pytest.raises(DatesRefused) as refused:
        ask(uow_factory, org, date(2026, 6, 22))
    assert refused.value.refusal.problem is DatesProblem.TOO_FAR_BACK
    assert refused.value.refusal.boundary == date(2026, 10, 23)
    assert "31 days back" in str(refused.value) and "presensi default" in str(refused.value)


def test_a_request_31_days_back_is_filed(uow_factory, org):
    assert ask(uow_factory, org, date(2026, 10, 23)).status == "pending"


def test_the_days_ahead_limit_is_the_services_too(uow_factory, org):
    with pytest.raises(DatesRefused) as refused:
        ask(uow_factory, org, date(2026, 12, 1), code="S")  # sick leave: 7 days ahead
    assert refused.value.refusal.problem is DatesProblem.TOO_FAR_AHEAD


def test_today_is_the_day_the_request_was_made(uow_factory, org):
    # Made on 20 December (a message processed late keeps its arrival): 23 October is too far.
    late = datetime(2026, 12, 20, 3, 0, tzinfo=UTC)
    with pytest.raises(DatesRefused):
        ask(uow_factory, org, date(2026, 11, 1), filed_at=late)


def test_more_than_92_days_in_one_request_is_refused(uow_factory, org):
    with pytest.raises(DatesRefused) as refused:
        ask(uow_factory, org, TODAY, date(2027, 2, 23), code="C")
    assert refused.value.refusal.problem is DatesProblem.TOO_LONG
