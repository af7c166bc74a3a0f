"""The month's daily performance reports in the recap, its exports and the TPP deduction, on
SQLite and PostgreSQL.

Perbup Musi Banyuasin 9/2023 (E-Office, 002_390e78b142da19ec.txt) Pasal 11: "Hasil perhitungan
kehadiran dan laporan kinerja harian pada E-Office sebagai dasar penilaian kinerja pegawai dan
perhitungan besaran TPP." Pasal 10 huruf c: "pegawai yang menjalani cuti bersama, cuti besar dan
cuti di luar tanggungan negara" are exempt from the LKH.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.absence import Evidence
from core.employee_file import parse_employees_csv
from core.geo import Point
from core.lkh import Activity
from core.org.file import parse_org
from core.reports.pdf import month_pdf
from core.reports.xlsx import month_xlsx
from core.rules import Direction
from core.services import lkh
from core.services.absences import AbsenceRequest, decide, request_absence
from core.services.attendance import CheckRequest, record_check
from core.services.employees import import_employees
from core.services.orgs import load_org
from core.services.recap import month_recap

EXAMPLES = Path(__file__).parents[2] / "examples"
WIB = ZoneInfo("Asia/Jakarta")
ADMIN = "198203252008012004"  # setda admin, Dewi's supervisor
STAFF = "199611302022032007"  # Dewi, setda
HEAD = "197804122005011002"
OFFICE = Point(-2.06198, 101.39280)
AFTER_NOVEMBER = datetime(2026, 12, 1, 9, 0, tzinfo=WIB)
WORK = [Activity("Menyusun laporan", "draf selesai"), Activity("Rapat", "notulen")]


def load(uow_factory, preset: str | None) -> str:
    text = (EXAMPLES / "org-sungai-penuh.yaml").read_text()
    if preset:
        text = text.replace("preset: sungai-penuh", f"preset: {preset}", 1)
    spec = parse_org(text)
    with uow_factory() as uow:
        load_org(uow, spec)
        csv = (EXAMPLES / "employees-sungai-penuh.csv").read_text()
        rows = parse_employees_csv(csv, {u.code for u in spec.units})
        import_employees(uow, spec.code, rows, date(2026, 1, 1))
        uow.commit()
    return spec.code


def person(uow, org, identifier):
    return uow.employee_by_identifier(uow.organisation(org).id, identifier)


def file(uow_factory, org, day: date, then: str | None = None, note: str = "") -> None:
    """Dewi files the day's report at 17:00; her supervisor verifies or returns it."""
    with uow_factory() as uow:
        staff, admin = person(uow, org, STAFF), person(uow, org, ADMIN)
        filed_at = datetime.combine(day, time(17, 0), WIB)
        filed = lkh.file_report(uow, lkh.Filing(staff.id, day, WORK, filed_at=filed_at))
        report = filed.report
        if then == "verify":
            lkh.verify(uow, report.id, report.version, admin.id)
        elif then == "return":
            lkh.return_report(uow, report.id, report.version, admin.id, note)
        uow.commit()


def long_leave(uow_factory, org, first: date, last: date) -> None:
    with uow_factory() as uow:
        staff, admin = person(uow, org, STAFF), person(uow, org, ADMIN)
        letter = [{"kind": Evidence.APPROVED_LEAVE.value, "media": "surat-cuti.pdf"}]
        request = AbsenceRequest(staff.id, "C", "besar", first, last, "cuti besar", letter)
        decide(uow, request_absence(uow, request).id, admin.id, approve=True)
        uow.commit()


def present(uow_factory, org, day: date) -> None:
    with uow_factory() as uow:
        staff = person(uow, org, STAFF)
        for direction, hour in ((Direction.IN, 7), (Direction.OUT, 16)):
            when = datetime.combine(day, time(hour, 20), WIB)
            record_check(uow, CheckRequest(staff.id, direction, OFFICE, at=when))
        uow.commit()


@pytest.fixture
def eoffice(uow_factory):
    org = load(uow_factory, "eoffice-muba")
    present(uow_factory, org, date(2026, 11, 2))
    file(uow_factory, org, date(2026, 11, 2), "verify")
    file(uow_factory, org, date(2026, 11, 3), "verify")
    file(uow_factory, org, date(2026, 11, 4), "return", "kurang rinci")
    file(uow_factory, org, date(2026, 11, 5))  # waiting for verification
    long_leave(uow_factory, org, date(2026, 11, 9), date(2026, 11, 10))  # Pasal 10 huruf c
    return org


def dewi(result):
    return next(e for e in result.unit("setda").employees if e.person.identifier == STAFF)


def test_the_recap_counts_due_filed_and_verified_reports(uow_factory, eoffice):
    """Pasal 8 ayat (1): every work day; Pasal 10 huruf c exempts the two days of cuti besar.
    November 2026 has 21 work days: 19 due, 4 filed, 2 verified."""
    with uow_factory() as uow:
        result = month_recap(uow, eoffice, 2026, 11, "setda", now=AFTER_NOVEMBER)
    assert result.lkh
    counted = dewi(result).totals
    assert (counted.work_days, counted.lkh_due, counted.lkh_filed, counted.lkh_verified) == (
        21,
        19,
        4,
        2,
    )
    head = next(e for e in result.unit("setda").employees if e.person.identifier == HEAD)
    assert (head.totals.lkh_due, head.totals.lkh_filed) == (21, 0)


def test_missing_verified_reports_weigh_on_the_tpp(uow_factory, eoffice):
    """Pasal 11: attendance and the LKH are the basis of TPP. 17 of 19 due days without a
    verified report cost 17/19 of the preset's 60 % (a presensi default weight): 53,68 %."""
    with uow_factory() as uow:
        result = month_recap(uow, eoffice, 2026, 11, "setda", now=AFTER_NOVEMBER)
    deduction = dewi(result).deduction
    assert ("LKH", 17, Decimal("53.68")) in deduction.items
    assert deduction.lkh_rule is not None and deduction.lkh_rule.pasal == "11"


def test_a_running_month_counts_today_only_once_it_has_a_report(uow_factory, eoffice):
    """While the month runs, a day whose report can still come is not missing yet."""
    with uow_factory() as uow:
        today = datetime(2026, 11, 6, 12, 0, tzinfo=WIB)  # Friday, nothing filed yet
        result = month_recap(uow, eoffice, 2026, 11, "setda", now=today)
    assert (dewi(result).totals.lkh_due, dewi(result).totals.lkh_filed) == (4, 4)


def test_the_exports_show_the_lkh_columns(uow_factory, eoffice):
    with uow_factory() as uow:
        result = month_recap(uow, eoffice, 2026, 11, "setda", now=AFTER_NOVEMBER)
    sheet = load_workbook(io.BytesIO(month_xlsx(result)))["setda"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r and r[0] == "No")
    row = next(r for r in rows if STAFF in r)
    found = {name: row[header.index(name)] for name in ("LKH Wajib", "LKH Dikirim")}
    assert found == {"LKH Wajib": 19, "LKH Dikirim": 4}
    assert row[header.index("LKH Diverifikasi")] == 2
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(month_pdf(result))).pages)
    assert "LKH" in text and "Diverifikasi" in text


def test_a_preset_without_lkh_shows_no_lkh_columns(uow_factory):
    """Perwal Sungai Penuh 12/2023 asks for no daily report: no column, no deduction."""
    org = load(uow_factory, None)
    present(uow_factory, org, date(2026, 11, 2))
    with uow_factory() as uow:
        result = month_recap(uow, org, 2026, 11, "setda", now=AFTER_NOVEMBER)
    assert not result.lkh and dewi(result).totals.lkh_due == 0
    assert all(item[0] != "LKH" for item in dewi(result).deduction.items)
    sheet = load_workbook(io.BytesIO(month_xlsx(result)))["setda"]
    assert not any("LKH" in str(c.value) for row in sheet.iter_rows() for c in row)
