"""`presensi attendance manual|correct` say when an early check-out is excused by an approved izin
pulang cepat, as the chat does (core.services.excuse)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.absence import Evidence
from core.services.absences import AbsenceRequest, decide, request_absence
from presensi.settings import get_settings
from presensi.wiring import unit_of_work
from tests.e2e.conftest import load_example

WIB = ZoneInfo("Asia/Jakarta")
ORG = "pemkot-sungai-penuh"
STAFF = "199611302022032007"  # setda CPNS
ADMIN = "198203252008012004"  # setda admin
TUESDAY = date(2026, 11, 24)
EXCUSED = ", excused by the approved izin pulang_cepat: no deduction"


@pytest.fixture
def run(cli):
    with time_machine.travel(datetime(2026, 11, 24, 8, 0, tzinfo=WIB), tick=False):
        load_example(cli)
        with unit_of_work(get_settings()) as uow:
            org = uow.organisation(ORG)
            staff = uow.employee_by_identifier(org.id, STAFF)
            admin = uow.employee_by_identifier(org.id, ADMIN)
            evidence = [{"kind": Evidence.PERMIT_LETTER.value, "media": "izin.pdf"}]
            izin = ("I", "pulang_cepat", TUESDAY, TUESDAY, "ke dokter", evidence)
            asked = AbsenceRequest(staff.id, *izin)
            decide(uow, request_absence(uow, asked).id, admin.id, approve=True)
            uow.commit()
    with time_machine.travel(datetime(2026, 11, 24, 17, 0, tzinfo=WIB), tick=False):
        yield cli


def test_a_manual_check_out_under_the_izin_says_it_is_not_charged(run):
    code, out, err = run(
        "attendance", "manual", STAFF, "--org", ORG, "--direction", "pulang",
        "--at", "2026-11-24 14:00", "--reason", "lupa_hp",
    )  # fmt: skip

    assert (code, err) == (0, "")
    assert out == (
        "recorded: Dewi Lestari A.Md out 2026-11-24 14:00 WIB manual (phone_forgotten): "
        f"left_early 120 min{EXCUSED}\n"
    )


def test_a_correction_to_an_early_time_says_so_too(run):
    run(
        "attendance", "manual", STAFF, "--org", ORG, "--direction", "pulang",
        "--at", "2026-11-24 16:05", "--reason", "lupa_hp",
    )  # fmt: skip
    code, out, err = run(
        "attendance", "correct", STAFF, "--org", ORG, "--date", "2026-11-24",
        "--direction", "pulang", "--at", "14:00", "--reason", "pulang berobat", "--by", ADMIN,
    )  # fmt: skip

    assert (code, err) == (0, "")
    assert f"(left_early 120 min{EXCUSED}), record" in out
