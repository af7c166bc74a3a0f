"""`presensi rota import` as an IT staff member uses it: a month's shift rota, or one line per
problem and nothing written.

Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf g: the pengelola "menentukan pengaturan
shift"; the example organisation's Puskesmas Langara defines the codes P, S, M (a night shift
21:00-07:00) and L (off).
"""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from tests.e2e.conftest import EXAMPLES, count

ORG = "pemkab-konkep"
NURSE = "199001012015032001"
DOCTOR = "198505052010011002"
STAFF = (
    "nip,nik,nama,jenis,unit,atasan,peran,telepon,aktif_sejak\n"
    f"{NURSE},,Wa Ode Sitti,PNS,pkm-langara,,,,\n"
    f"{DOCTOR},,dr. La Ode Hasan,PNS,pkm-langara,,,,\n"
)


@pytest.fixture
def konkep(cli, tmp_path):
    assert cli("db", "upgrade")[0] == 0
    assert cli("org", "load", str(EXAMPLES / "org-konawe-kepulauan.yaml"))[0] == 0
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF)
    code, _, err = cli("employees", "import", str(staff), "--org", ORG)
    assert code == 0, err
    return cli


def rota(tmp_path, *rows: tuple[str, dict[int, str]], days: int = 30, name="rota.csv"):
    lines = ["nip," + ",".join(str(d) for d in range(1, days + 1))]
    for nip, cells in rows:
        lines.append(nip + "," + ",".join(cells.get(d, "") for d in range(1, days + 1)))
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


GOOD = ((NURSE, {1: "P", 2: "S", 3: "M", 4: "L", 5: "L"}), (DOCTOR, {3: "S", 4: "M", 5: "L"}))


def test_a_rota_is_imported_then_reimported_unchanged(konkep, tmp_path):
    path = rota(tmp_path, *GOOD)
    code, out, err = konkep("rota", "import", str(path), "--org", ORG, "--month", "2026-11")
    assert code == 0, err
    assert out.strip() == (
        f"{ORG} 2026-11: 2 employees; entries 8 written, 0 replaced, 0 removed, 0 unchanged"
    )
    assert count(konkep.database, "shifts") == 8
    audit = count(konkep.database, "audit_log")
    code, out, _ = konkep("rota", "import", str(path), "--org", ORG, "--month", "2026-11")
    assert code == 0
    assert "0 written, 0 replaced, 0 removed, 8 unchanged" in out
    assert "nothing changed" in out
    assert count(konkep.database, "audit_log") == audit


def test_an_xlsx_rota_and_a_dry_run(konkep, tmp_path):
    book = Workbook()
    book.active.append(["nip", *range(1, 31)])
    book.active.append([NURSE, "M", "L"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "rota.xlsx"
    path.write_bytes(buffer.getvalue())
    args = ("rota", "import", str(path), "--org", ORG, "--month", "2026-11")
    code, out, err = konkep(*args, "--dry-run")
    assert code == 0, err
    assert out.startswith("dry run, nothing written: ") and "2 written" in out
    assert count(konkep.database, "shifts") == 0
    code, out, _ = konkep(*args)
    assert code == 0 and "1 employees; entries 2 written" in out
    assert count(konkep.database, "shifts") == 2


BAD = [
    # (the rows, the line of stderr expected)
    ([("199909092020121001", {1: "P"})], "line 2, column 1: no employee 199909092020121001"),
    ([(NURSE, {2: "X"})], "line 2, column 3: undefined shift code 'X'; codes: P, S, M, L"),
    ([(NURSE, {1: "P"}), (NURSE, {2: "S"})], f"line 3, column 1: {NURSE} is already listed"),
    (
        [(NURSE, {3: "M", 4: "P"})],
        "line 2, column 5: shift P on the 4 opens at 06:00, before shift M of the 3 closes at "
        "09:00: the shifts overlap",
    ),
]


@pytest.mark.parametrize(("rows", "words"), BAD)
def test_a_bad_rota_is_one_line_per_problem_and_writes_nothing(konkep, tmp_path, rows, words):
    path = rota(tmp_path, *rows)
    audit = count(konkep.database, "audit_log")
    code, out, err = konkep("rota", "import", str(path), "--org", ORG, "--month", "2026-11")
    assert code == 1 and out == ""
    assert f"error: {path} {words}" in err
    assert err.splitlines()[-1] == f"error: {path}: nothing imported"
    assert "Traceback" not in err
    assert count(konkep.database, "shifts") == 0
    assert count(konkep.database, "audit_log") == audit


def test_a_day_beyond_the_month(konkep, tmp_path):
    path = rota(tmp_path, (NURSE, {31: "P"}), days=31)  # November has 30 days
    code, _, err = konkep("rota", "import", str(path), "--org", ORG, "--month", "2026-11")
    assert code == 1
    assert f"error: {path} line 1, column 32: day 31 is beyond this month's 30 days" in err


@pytest.mark.parametrize("month", ["2026-13", "11-2026", "2026/11"])
def test_a_malformed_month(konkep, tmp_path, month):
    path = rota(tmp_path, *GOOD)
    code, _, err = konkep("rota", "import", str(path), "--org", ORG, "--month", month)
    assert code == 1
    assert err.strip() == f"error: bad month {month!r}: use YYYY-MM, e.g. 2026-11"


def test_a_file_that_is_neither_csv_nor_xlsx(konkep, tmp_path):
    path = tmp_path / "rota.pdf"
    path.write_bytes(b"%PDF-1.4\n\xff\xfe\xfa binary")
    code, _, err = konkep("rota", "import", str(path), "--org", ORG, "--month", "2026-11")
    assert code == 1
    assert err.splitlines()[0] == f"error: {path}: neither a CSV (UTF-8 text) nor an XLSX file"


def test_an_unknown_organisation_and_a_missing_file(konkep, tmp_path):
    path = rota(tmp_path, *GOOD)
    code, _, err = konkep("rota", "import", str(path), "--org", "nowhere", "--month", "2026-11")
    assert code == 1 and err.strip() == "error: no organisation 'nowhere'"
    missing = tmp_path / "none.csv"
    code, _, err = konkep("rota", "import", str(missing), "--org", ORG, "--month", "2026-11")
    assert code == 1 and err.strip().startswith(f"error: cannot read {missing}")
