"""`presensi employees import` with the `shift` and `kebijakan` columns: a guard's fixed night
shift stored; every bad cell one line naming its line, exit 1 and nothing written.

Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf g ("menentukan pengaturan shift") and
Pasal 17 ayat (2) (special hours for listed roles, huruf c: "petugas keamanan").
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import EXAMPLES

ORG = "pemkab-konkep"
HEAD = "nip,nama,jenis,unit,jadwal,kebijakan"
GUARD = "197804122005011002"


@pytest.fixture(params=["sqlite", "postgresql"])
def run(request):
    cli = request.getfixturevalue("cli" if request.param == "sqlite" else "pg_cli")
    if request.param == "sqlite":
        cli.engine = create_engine(f"sqlite:///{cli.database}")
    assert cli("db", "upgrade")[0] == 0
    assert cli("org", "load", str(EXAMPLES / "org-konawe-kepulauan.yaml"))[0] == 0
    yield cli
    if request.param == "sqlite":
        cli.engine.dispose()


def written(run) -> tuple:
    with run.engine.connect() as connection:
        audit = connection.execute(text("SELECT count(*) FROM audit_log")).scalar()
        people = connection.execute(text("SELECT identifier, policy FROM employees")).all()
    return audit, [(i, p if isinstance(p, dict) else json.loads(p)) for i, p in people]


def test_a_fixed_shift_and_overrides_are_stored(run, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_text(f'{HEAD}\n{GUARD},Satpam,PNS,pkm-langara,M,"{{""radius_m"": 150}}"\n')
    code, out, err = run("employees", "import", str(path), "--org", ORG)
    assert (code, err) == (0, "")
    assert out == f"{ORG}: 1 added, 0 updated, 0 transferred, 0 unchanged\n"
    assert written(run)[1] == [(GUARD, {"radius_m": 150, "fixed_shift": "M"})]


def test_every_bad_cell_is_a_line_and_nothing_is_written(run, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_text(
        f"{HEAD}\n"
        f"{GUARD},Satpam,PNS,pkm-langara,X,\n"
        '198203252008012004,Rina,PNS,pkm-langara,,"{""radius_m"": 150"\n'
        '199005172015031001,Ahmad,PNS,pkm-langara,,"{""radiuss_m"": 150}"\n'
        '199611302022032007,Dewi,CPNS,pkm-langara,M,"{""radius_m"": 0}"\n'
    )
    before = written(run)
    code, out, err = run("employees", "import", str(path), "--org", ORG)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"error: {path}: nothing imported",
        "line 2: shift: unknown shift code 'X'; codes: P, S, M, L",
        "line 3: policy: not valid JSON (Expecting ',' delimiter at character 17): write an "
        'object like {"radius_m": 150}',
        "line 4: policy: radiuss_m: unknown policy key 'radiuss_m'; did you mean 'radius_m'? "
        f"(keys: {err.split('(keys: ')[1].split(')')[0]})",
        "line 5: policy: radius_m: must be more than 0, got 0",
    ]
    assert "Traceback" not in err
    assert written(run) == before


def test_a_shift_unit_without_shifts_names_none(run, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_text(f"{HEAD}\n{GUARD},Satpam,PNS,setda,M,\n")
    code, _, err = run("employees", "import", str(path), "--org", ORG)
    assert code == 1
    assert err.splitlines()[1] == (
        "line 2: shift: unknown shift code 'M'; codes: none: add shifts: to the organisation file"
    )
