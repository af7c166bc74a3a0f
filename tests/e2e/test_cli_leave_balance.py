"""`presensi leave balance`: each employee's cuti tahunan balance of a year, in working days."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.absence import Evidence
from core.services.absences import AbsenceRequest, decide, record_for, request_absence
from presensi.settings import get_settings
from presensi.wiring import unit_of_work
from tests.e2e.conftest import load_example

WIB = ZoneInfo("Asia/Jakarta")
ORG = "pemkot-sungai-penuh"
STAFF = "199611302022032007"  # Dewi, setda CPNS
ADMIN = "198203252008012004"  # Rina, setda admin
FAUZI = "199005172015031001"  # setda PNS
HEAD = "197804122005011002"  # on staff since 2024-01-02
LETTER = [{"kind": Evidence.APPROVED_LEAVE.value, "media": "cuti.pdf"}]


def cuti(employee_id: int, first: date, last: date) -> AbsenceRequest:
    return AbsenceRequest(employee_id, "C", "tahunan", first, last, "liburan", list(LETTER))


@pytest.fixture
def run(cli):
    with time_machine.travel(datetime(2026, 11, 24, 8, 0, tzinfo=WIB), tick=False):
        load_example(cli)
        with unit_of_work(get_settings()) as uow:
            org = uow.organisation(ORG)
            staff, admin, fauzi = (
                uow.employee_by_identifier(org.id, nip).id for nip in (STAFF, ADMIN, FAUZI)
            )
            # Dewi: 21-28 December (4 working days: cuti bersama and Christmas not counted),
            # approved; 30 November-1 December (2) waiting.
            taken = request_absence(uow, cuti(staff, date(2026, 12, 21), date(2026, 12, 28)))
            decide(uow, taken.id, admin, approve=True)
            request_absence(uow, cuti(staff, date(2026, 11, 30), date(2026, 12, 1)))
            # Fauzi: 14 working days recorded by his admin from a paper approval.
            record_for(uow, cuti(fauzi, date(2026, 12, 1), date(2026, 12, 18)), admin)
            uow.commit()
        yield cli


def test_every_employees_balance_of_this_year(run):
    code, out, err = run("leave", "balance", "--org", ORG)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "pemkot-sungai-penuh 2026: cuti tahunan in working days (PP 11/2017 tentang Manajemen "
        "PNS, diubah dengan PP 17/2020, Pasal 311 ayat (2))"
    )
    assert lines[1].split() == [
        "NIP/NIK", "name", "kind", "entitled", "carried", "taken", "pending", "left"
    ]  # fmt: skip
    rows = {line.split()[0]: line.split()[-6:] for line in lines[2:]}
    assert len(rows) == 13
    assert rows[STAFF] == ["CPNS", "12", "0", "4", "2", "6"]
    assert rows[FAUZI] == ["PNS", "12", "0", "14", "0", "-2"]  # recorded beyond: below zero
    assert rows[HEAD] == ["PNS", "12", "12", "0", "0", "24"]  # 2024 and 2025 without any
    assert rows["1572011203980001"] == ["NON_ASN", "12", "0", "0", "0", "12"]
    assert err == "warning: 199005172015031001 Ahmad Fauzi S.Kom: 2 over the balance\n"


def test_one_employee_and_another_year(run):
    code, out, err = run("leave", "balance", "--org", ORG, "--nip", STAFF, "--year", "2027")
    assert (code, err) == (0, "")
    [title, _, line] = out.splitlines()
    assert title.startswith("pemkot-sungai-penuh 2027: cuti tahunan in working days")
    # 2026 leaves 6 (pending days count as used): carried into 2027.
    assert line.split()[-6:] == ["CPNS", "12", "6", "0", "0", "18"]


def test_a_year_whose_holidays_are_not_decreed_is_printed_with_a_warning(run):
    code, out, err = run("leave", "balance", "--org", ORG, "--nip", STAFF, "--year", "2040")
    assert code == 0 and out.splitlines()[-1].split()[-1] == "24"
    assert err == (
        "warning: the holidays and cuti bersama of 2040 are not decreed yet: working days are "
        "counted without them\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--org", "nowhere"), "error: no organisation 'nowhere'\n"),
        (("--org", ORG, "--nip", "199999999999999999"),
         "error: no employee 199999999999999999 in pemkot-sungai-penuh\n"),
        (("--org", ORG, "--year", "1990"), "error: year 1990 is out of range (2000-2099)\n"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_1(run, args, message):
    code, out, err = run("leave", "balance", *args)
    assert (code, out, err) == (1, "", message)
