"""Employee files: the example imports, and every bad row is reported with its line and column."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.employee_file import (
    EmployeeRow,
    ImportErrors,
    RowError,
    parse_employees_csv,
    parse_employees_file,
    parse_employees_xlsx,
)
from core.org import EmployeeKind, Role

EXAMPLE = Path(__file__).parents[2] / "examples" / "employees-sungai-penuh.csv"
UNITS = {"setda", "bkpsdm", "disdik", "dinkes", "pkm-sungai-penuh", "kec-sungai-penuh"}

HEAD = "nip,nik,nama,jenis,unit,atasan,peran,telepon,aktif_sejak"
BOSS = "197804122005011002,,Drs. Hendra Saputra,PNS,setda,,manager,0812-7345-1201,"
STAFF = "198203252008012004,,Rina Marlina,PNS,setda,197804122005011002,admin,081273451202,"
PPPK = "199203152023212003,,Nurhayati,PPPK,setda,197804122005011002,,,"
HONORER = ",1572014507950002,Yuliana,honorer,setda,197804122005011002,,,"


def csv_of(*rows: str) -> str:
    return "\n".join([HEAD, *rows]) + "\n"


def errors_of(text: str, **kwargs) -> list[RowError]:
    with pytest.raises(ImportErrors) as caught:
        parse_employees_csv(text, UNITS, **kwargs)
    return caught.value.errors


# --- valid files -------------------------------------------------------------------------------


def test_the_example_imports():
    rows = parse_employees_file(EXAMPLE, UNITS)
    assert 10 <= len(rows) <= 15
    kinds = {r.kind for r in rows}
    assert {EmployeeKind.PNS, EmployeeKind.CPNS, EmployeeKind.PPPK, EmployeeKind.NON_ASN} <= kinds
    roles = {role for r in rows for role in r.roles}
    assert {Role.ADMIN, Role.MANAGER} <= roles
    assert all(r.roles[0] is Role.EMPLOYEE for r in rows)
    assert all(r.phone and r.phone.startswith("+628") for r in rows)
    assert [r.line for r in rows] == list(range(2, len(rows) + 2))
    identifiers = {r.identifier for r in rows}
    assert all(r.supervisor is None or r.supervisor in identifiers for r in rows)


def test_a_row_is_normalised():
    (boss, staff, pppk, honorer) = parse_employees_csv(csv_of(BOSS, STAFF, PPPK, HONORER), UNITS)
    assert boss == EmployeeRow(
        line=2,
        kind=EmployeeKind.PNS,
        identifier="197804122005011002",
        nip="197804122005011002",
        nik=None,
        name="Drs. Hendra Saputra",
        unit="setda",
        supervisor=None,
        roles=(Role.EMPLOYEE, Role.MANAGER),
        phone="+6281273451201",
    )
    assert staff.supervisor == boss.identifier
    assert pppk.kind is EmployeeKind.PPPK and pppk.phone is None
    assert (honorer.kind, honorer.identifier, honorer.nip) == (
        EmployeeKind.NON_ASN,
        "1572014507950002",
        None,
    )


def test_english_headers_semicolons_a_bom_and_a_number_column():
    text = (
        "\ufeffNo;NIP;NIK;Name;Kind;Unit Kerja;Supervisor;Roles;Phone\n"
        "1;1978 0412 2005 01 1 002;;Hendra;pns;setda;;Admin, Kepala;+62 812 7345 1201\n"
        "2;;1572014507950002;Budi;PTT;setda;197804122005011002;;81273451202\n"
    )
    boss, staff = parse_employees_csv(text, UNITS)
    assert boss.identifier == "197804122005011002"
    assert boss.roles == (Role.EMPLOYEE, Role.ADMIN, Role.MANAGER)
    assert staff.kind is EmployeeKind.NON_ASN
    assert staff.phone == "+6281273451202"


def test_without_a_roles_column_the_roles_are_left_as_stored():
    """None, not (employee,): an import without `peran` must not demote the admins a super
    admin set in chat (core.services.employees keeps them)."""
    text = "nip,nama,jenis,unit\n197804122005011002,Hendra,PNS,setda\n"
    (row,) = parse_employees_csv(text, UNITS)
    assert row.roles is None
    (_, empty) = parse_employees_csv(csv_of(BOSS, PPPK), UNITS)
    assert empty.roles == (Role.EMPLOYEE,)  # an empty peran cell: employee only


def test_supervisor_may_already_be_stored():
    row = "198203252008012004,,Rina,PNS,setda,196601011990031001,,,"
    assert errors_of(csv_of(row))[0].field == "supervisor"
    (rina,) = parse_employees_csv(csv_of(row), UNITS, frozenset({"196601011990031001"}))
    assert rina.supervisor == "196601011990031001"


def test_active_from_needs_a_zone():
    zoned = STAFF.replace(",admin,081273451202,", ",admin,081273451202,2025-01-02T07:00+07:00")
    (_, rina) = parse_employees_csv(csv_of(BOSS, zoned), UNITS)
    assert rina.active_from.utcoffset() == timedelta(hours=7)
    naive = STAFF.replace(",admin,081273451202,", ",admin,081273451202,2025-01-02T07:00")
    (error,) = errors_of(csv_of(BOSS, naive))
    assert (error.line, error.field) == (3, "active_from")
    assert "timestamp without a zone" in error.message


# --- bad rows: all reported, nothing returned ------------------------------------------------


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("19780412200501100,,A,PNS,setda,,,,", "nip", "18 digits, got 17"),
        ("197813122005011002,,A,PNS,setda,,,,", "nip", "birth date"),
        ("197802302005011002,,A,PNS,setda,,,,", "nip", "birth date"),
        ("197804122005131002,,A,PNS,setda,,,,", "nip", "appointment month"),
        ("197804122005211002,,A,PNS,setda,,,,", "nip", "PPPK marker"),
        ("198203252008012004,,A,PPPK,setda,,,,", "nip", "PPPK marker"),
        (",1572014507950002,A,PNS,setda,,,,", "nip", "needs a NIP"),
        (",,A,honorer,setda,,,,", "nik", "need a NIK"),
        (",1572013213950002,A,honorer,setda,,,,", "nik", "birth month"),
        ("198203252008012004,,A,NON_ASN,setda,,,,", "nip", "non-ASN staff have no NIP"),
        ("198203252008012004,,,PNS,setda,,,,", "name", "empty name"),
        ("198203252008012004,,A,PNS,set-da,,,,", "unit", "unknown unit 'set-da'"),
        ("198203252008012004,,A,ASN,setda,,,,", "kind", "unknown kind 'ASN'"),
        ("198203252008012004,,A,PNS,setda,,bos,,", "roles", "unknown role 'bos'"),
        ("198203252008012004,,A,PNS,setda,,,021-555,", "phone", "not a mobile number"),
        ("198203252008012004,,A,PNS,setda,198203252008012004,,,", "supervisor", "themselves"),
        ("198203252008012004,,A,PNS,setda,,,,kemarin", "active_from", "not an ISO timestamp"),
        ("198203252008012004,,A,PNS,setda,,,,,extra", "row", "the header has 9"),
    ],
)
def test_bad_row_names_its_line_and_column(row, field, words):
    errors = errors_of(csv_of(BOSS, row))
    assert [(e.line, e.field) for e in errors] == [(3, field)]
    assert words in errors[0].message


def test_every_bad_row_is_reported_at_once():
    rows = [
        BOSS,
        "19780412200501100,,A,PNS,setda,,,,",
        STAFF,
        "198203252008012004,,Duplikat,PNS,setda,,,,",
        ",1572014507950002,B,honorer,nowhere,,,,",
        ",1572014507950002,C,honorer,setda,,,,",
    ]
    with pytest.raises(ImportErrors) as caught:
        parse_employees_csv(csv_of(*rows), UNITS)
    found = [(e.line, e.field) for e in caught.value.errors]
    assert found == [(3, "nip"), (5, "nip"), (6, "unit"), (7, "nik")]
    text = str(caught.value)
    assert "line 5: nip: 198203252008012004 is already on line 4" in text
    assert "line 7: nik: 1572014507950002 is already on line 6" in text


def test_duplicate_nip_names_the_first_line():
    again = BOSS.replace("Drs. Hendra", "Hendra").replace("0812-7345-1201", "")
    errors = errors_of(csv_of(BOSS, STAFF, again))
    assert [str(e) for e in errors] == ["line 4: nip: 197804122005011002 is already on line 2"]


def test_duplicate_phone_is_refused():
    other = STAFF.replace("081273451202", "0812-7345-1201")
    assert [str(e) for e in errors_of(csv_of(BOSS, other))] == [
        "line 3: phone: +6281273451201 is already on line 2"
    ]


def test_supervisor_loop_is_refused():
    a = "197804122005011002,,A,PNS,setda,198203252008012004,,,"
    b = "198203252008012004,,B,PNS,setda,197804122005011002,,,"
    assert {e.field for e in errors_of(csv_of(a, b))} == {"supervisor"}


def test_a_supervisor_row_with_errors_does_not_cascade():
    broken_boss = BOSS.replace("setda,,manager", "nowhere,,manager")
    errors = errors_of(csv_of(broken_boss, STAFF))
    assert [(e.line, e.field) for e in errors] == [(2, "unit")]


def test_multiline_cells_keep_line_numbers():
    quoted = '198203252008012004,,"Rina\nMarlina",PNS,setda,,,,'
    bad = "19780412200501100,,A,PNS,setda,,,,"
    errors = errors_of(csv_of(BOSS, quoted, bad))
    assert [(e.line, e.field) for e in errors] == [(5, "nip")]


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("nip,nama,jenis,unit,golongan", "unknown column 'golongan'"),
        ("nip,nama,jenis", "missing the unit column"),
        ("nama,jenis,unit", "missing a nip or nik column"),
        ("nip,nama,name,jenis,unit", "repeats the name column"),
    ],
)
def test_header_problems(header, words):
    with pytest.raises(ImportErrors) as caught:
        parse_employees_csv(header + "\n" + "197804122005011002,A,PNS,setda\n", UNITS)
    assert any(e.line == 1 and words in e.message for e in caught.value.errors)


def test_an_empty_file_is_refused():
    with pytest.raises(ImportErrors, match="no employee rows"):
        parse_employees_csv(HEAD + "\n\n", UNITS)


# --- XLSX and files ----------------------------------------------------------------------------


def write_xlsx(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


XLSX_HEAD = ["NIP", "NIK", "Nama", "Jenis", "Unit Kerja", "Atasan", "Peran", "Telepon"]


def test_xlsx_rows_parse_with_numbers_as_cells(tmp_path):
    path = write_xlsx(
        tmp_path / "pegawai.xlsx",
        [
            XLSX_HEAD,
            ["197804122005011002", None, "Hendra", "PNS", "setda", None, "manager", 81273451201],
            [None, None, None, None, None, None, None, None],
            ["198203252008012004", None, "Rina", "PNS", "setda", "197804122005011002", "admin",
             "0812 7345 1202"],
        ],
    )  # fmt: skip
    boss, rina = parse_employees_file(path, UNITS)
    assert (boss.line, rina.line) == (2, 4)
    assert boss.phone == "+6281273451201"
    assert rina.identifier == "198203252008012004"
    assert rina.roles == (Role.EMPLOYEE, Role.ADMIN)


def test_xlsx_errors_use_the_sheet_row_numbers(tmp_path):
    path = write_xlsx(
        tmp_path / "pegawai.xlsx",
        [
            [*XLSX_HEAD, "Aktif Sejak"],
            ["197804122005011002", None, "Hendra", "PNS", "setda", None, None, None,
             datetime(2025, 1, 2, 7, 0)],
            [1.98203252008012e17, None, "Rina", "PNS", "setda", None, None, None, None],
        ],
    )  # fmt: skip
    with pytest.raises(ImportErrors) as caught:
        parse_employees_xlsx(path.read_bytes(), UNITS)
    found = {(e.line, e.field): e.message for e in caught.value.errors}
    assert "timestamp without a zone" in found[(2, "active_from")]
    assert "format the column as text" in found[(3, "nip")]


def test_file_suffix_chooses_the_reader(tmp_path):
    csv_path = tmp_path / "pegawai.CSV"
    csv_path.write_text(csv_of(BOSS, STAFF), encoding="utf-8")
    assert len(parse_employees_file(csv_path, UNITS)) == 2
    for name, words in (("pegawai.txt", "expected a .csv or .xlsx"), ("pegawai.xls", "save it")):
        path = tmp_path / name
        path.write_text("x")
        with pytest.raises(ImportErrors, match=words):
            parse_employees_file(path, UNITS)


def test_a_broken_workbook_is_refused(tmp_path):
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ImportErrors, match="not a readable XLSX workbook"):
        parse_employees_file(path, UNITS)


def test_windows_code_page_csv_is_read(tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_of(BOSS.replace("Hendra", "Hèndra")).encode("cp1252"))
    (boss,) = parse_employees_file(path, UNITS)
    assert boss.name == "Drs. Hèndra Saputra"


# The position (jabatan), Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf d ---------------


def test_an_optional_jabatan_column_is_read_and_bounded():
    text = (
        HEAD + ",jabatan\n"
        + BOSS + ",  Sekretaris   Daerah \n"
        + STAFF + ",\n"
        + PPPK + "," + "x" * 201 + "\n"
    )  # fmt: skip
    errors = errors_of(text)
    assert [(e.line, e.field) for e in errors] == [(4, "position")]
    assert "at most 200 characters, got 201" in errors[0].message
    boss, staff = parse_employees_csv(
        HEAD + ",jabatan\n" + BOSS + ",Sekda\n" + STAFF + ",\n", UNITS
    )
    assert (boss.position, staff.position) == ("Sekda", "")
    (without,) = parse_employees_csv(csv_of(BOSS), UNITS)
    assert without.position is None  # no column: what is stored stays
