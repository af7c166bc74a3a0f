"""`presensi lkh list`: a month's daily performance reports, read-only, as IT reads them.

Perbup Musi Banyuasin 9/2023 Pasal 8 ayat (1): "LKH wajib dilakukan oleh setiap pegawai dalam
setiap hari kerja."; Pasal 11: with attendance, the basis of TPP.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.lkh import Activity
from core.services import lkh
from core.storage.database import make_engine, session_factory
from core.storage.uow import UnitOfWork
from tests.e2e.conftest import EXAMPLES

ORG = "pemkot-sungai-penuh"
STAFF, ADMIN = "199611302022032007", "198203252008012004"
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def eoffice(cli, tmp_path):
    """The example staff under the E-Office preset, with two reports of November."""
    org = tmp_path / "org.yaml"
    text = (EXAMPLES / "org-sungai-penuh.yaml").read_text()
    org.write_text(text.replace("preset: sungai-penuh", "preset: eoffice-muba", 1))
    assert cli("db", "upgrade")[0] == 0
    assert cli("org", "load", str(org))[0] == 0
    staff = tmp_path / "staff.csv"  # on staff from 2026 whatever day the test runs
    staff.write_text(
        "nip,nik,nama,jenis,unit,atasan,peran,telepon,aktif_sejak\n"
        f"{ADMIN},,Rina Marlina S.Sos,PNS,setda,,admin,,2026-01-01T07:00+07:00\n"
        f"{STAFF},,Dewi Lestari A.Md,CPNS,setda,{ADMIN},,,2026-01-01T07:00+07:00\n"
    )
    code, _, err = cli("employees", "import", str(staff), "--org", ORG)
    assert code == 0, err
    engine = make_engine(f"sqlite:///{cli.database}")
    with UnitOfWork(session_factory(engine)) as uow:
        org_id = uow.organisation(ORG).id
        dewi = uow.employee_by_identifier(org_id, STAFF)
        rina = uow.employee_by_identifier(org_id, ADMIN)
        for day, verified in ((date(2026, 11, 23), True), (date(2026, 11, 24), False)):
            at = datetime.combine(day, time(17, 0), WIB)
            work = [Activity("Rapat", "notulen"), Activity("Surat", "3 surat")]
            filed = lkh.file_report(uow, lkh.Filing(dewi.id, day, work, filed_at=at)).report
            if verified:
                lkh.verify(uow, filed.id, filed.version, rina.id)
        uow.commit()
    engine.dispose()
    return cli


def test_the_month_s_reports_one_line_each(eoffice):
    code, out, err = eoffice("lkh", "list", "--org", ORG, "--month", "2026-11")
    assert code == 0, err
    assert out.splitlines() == [
        f"2026-11-23  setda  {STAFF}  Dewi Lestari A.Md  verified by Rina Marlina S.Sos  "
        "2 activities  v1",
        f"2026-11-24  setda  {STAFF}  Dewi Lestari A.Md  filed, to Rina Marlina S.Sos  "
        "2 activities  v1",
        "2 report(s): 1 verified, 1 filed",
    ]


def test_a_month_or_unit_without_reports_says_so(eoffice):
    code, out, _ = eoffice("lkh", "list", "--org", ORG, "--month", "2026-10")
    assert (code, out.strip()) == (0, f"no daily reports (LKH) in {ORG} for 2026-10")
    code, out, _ = eoffice("lkh", "list", "--org", ORG, "--month", "2026-11", "--unit", "disdik")
    assert code == 0 and out.startswith("no daily reports")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("--org", "nowhere", "--month", "2026-11"), "error: no organisation 'nowhere'"),
        (("--org", ORG, "--month", "11-2026"), "error: bad month '11-2026'"),
        (("--org", ORG, "--month", "2026-11", "--unit", "x"), "error: no unit 'x'"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(eoffice, args, error):
    code, out, err = eoffice("lkh", "list", *args)
    assert code == 1 and out == ""
    assert err.startswith(error) and len(err.strip().splitlines()) == 1
