"""Workbooks and CSVs as an admin opens them: frozen, filtered, formatted, printable, and no
cell a name could turn into a formula."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from openpyxl.cell import Cell
from pypdf import PdfReader

from core.recap import DayEntry, DayLine, DaySummary, MonthRecap, Person, employee_lines
from core.recap import unit_recap as make_unit
from core.reports.cells import escape
from core.reports.csv import day_csv, month_csv
from core.reports.pdf import month_pdf
from core.reports.xlsx import day_xlsx, month_xlsx
from tests.unit.test_reports import AS_OF, NOVEMBER, STAFF, month, recap, status, summary

EVIL = '=HYPERLINK("http://x","klik")'


def header_row(sheet, first: str) -> int:
    return next(
        r for r, row in enumerate(sheet.iter_rows(values_only=True), 1) if row and row[0] == first
    )


def as_dicts(sheet, first: str) -> tuple[list[str], list[dict]]:
    start = header_row(sheet, first)
    rows = list(sheet.iter_rows(min_row=start, values_only=True))
    header = list(rows[0])
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_every_sheet_freezes_below_its_header_and_filters_only_the_rows():
    book = load_workbook(io.BytesIO(month_xlsx(recap())))
    daily = load_workbook(io.BytesIO(day_xlsx(summary())))
    for sheet, first, freeze, last in (
        (book["Ringkasan"], "Kode Unit", "C", 2),
        (book["setda"], "No", "E", 3),
        (daily["2026-11-24"], "No", "A", 3),
    ):
        top = header_row(sheet, first)
        assert sheet.freeze_panes == f"{freeze}{top + 1}", sheet.title
        ref = sheet.auto_filter.ref
        assert ref.startswith(f"A{top}:") and ref.endswith(str(top + last)), sheet.title


def test_a_unit_sheet_ends_with_its_total_outside_the_filter():
    sheet = load_workbook(io.BytesIO(month_xlsx(recap())))["setda"]
    rows = as_dicts(sheet, "No")[1]
    total = next(r for r in rows if r["Nama"] == "Jumlah")
    assert (total["Hari Kerja"], total["Hadir"], total["Tanpa Keterangan"]) == (52, 50, 1)
    assert total["Tingkat Kehadiran (%)"] == pytest.approx(0.9615)
    assert total["Potongan TPP (Rp)"] is None  # Dewi has no TPP amount: no partial sum
    assert sheet.auto_filter.ref.endswith(str(header_row(sheet, "No") + 3))  # not the total


def test_columns_have_distinct_names_and_formats():
    book = load_workbook(io.BytesIO(month_xlsx(recap())))
    for sheet in book:
        first = "Kode Unit" if sheet.title == "Ringkasan" else "No"
        header = as_dicts(sheet, first)[0]
        assert len(set(header)) == len(header), sheet.title
    sheet = book["setda"]
    top = header_row(sheet, "No")
    header = as_dicts(sheet, "No")[0]
    row = {title: sheet.cell(top + 3, index) for index, title in enumerate(header, 1)}
    assert row["Tingkat Kehadiran (%)"].number_format == "0.00%"
    assert row["Potongan TPP (Rp)"].number_format == "#,##0"
    assert row["NIP/NIK"].number_format == "@" and row["NIP/NIK"].data_type == "s"
    assert row["Nama"].border.left.style == "thin"
    daily = load_workbook(io.BytesIO(day_xlsx(summary())))["2026-11-24"]
    names = as_dicts(daily, "No")[0]
    assert "Kategori Terlambat" in names and "Kategori Pulang Cepat" in names
    check_in = daily.cell(header_row(daily, "No") + 1, names.index("Masuk") + 1)
    assert check_in.number_format == "hh:mm"


def test_weekend_columns_of_the_day_grid_are_shaded():
    sheet = load_workbook(io.BytesIO(month_xlsx(recap())))["setda"]
    top = header_row(sheet, "No")
    header = as_dicts(sheet, "No")[0]
    sunday, monday = header.index("1") + 1, header.index("2") + 1  # 1 November 2026 a Sunday
    for row in (top, top + 1):
        assert sheet.cell(row, sunday).fill.fgColor.rgb.endswith("E7E6E6")
        assert not sheet.cell(row + 1, monday).fill.fgColor.rgb.endswith("E7E6E6")


def test_every_sheet_prints_landscape_one_page_wide_with_the_header_repeated():
    book = load_workbook(io.BytesIO(month_xlsx(recap())))
    for sheet in [*book, *load_workbook(io.BytesIO(day_xlsx(summary())))]:
        setup = sheet.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$7:$7", sheet.title  # the header row


def test_styled_cells_are_written_without_an_exception_each(monkeypatch):
    """openpyxl's append() takes a styled cell only after trying it as a value, which raises a
    ValueError whose message is the cell's repr: a quarter of a styled month's time. The
    workbook is written without that detour."""

    def no_repr(cell):
        raise AssertionError(f"a cell at row {cell.row} went through the exception")

    monkeypatch.setattr(Cell, "__repr__", no_repr)
    book = load_workbook(io.BytesIO(month_xlsx(recap())))
    load_workbook(io.BytesIO(day_xlsx(summary())))
    assert book["setda"].freeze_panes == "E8"


def non_asn_recap() -> MonthRecap:
    honorer = Person(7, "1571010101900001", "Budi Honorer", "NON_ASN")
    lines = employee_lines(honorer, month(honorer, "setda"))
    return MonthRecap(
        "x",
        "Pemerintah",
        2026,
        11,
        NOVEMBER[0],
        NOVEMBER[-1],
        AS_OF,
        (make_unit("setda", "Sekretariat", lines),),
    )


def test_every_employee_kind_has_a_label():
    for language, label in (("id", "Non ASN"), ("en", "Non-ASN")):
        sheet = load_workbook(io.BytesIO(month_xlsx(non_asn_recap(), language)))["setda"]
        kind = "Jenis" if language == "id" else "Kind"
        assert as_dicts(sheet, "No")[1][0][kind] == label


def test_the_workbook_prints_when_and_in_which_zone():
    rows = [
        r[0]
        for r in load_workbook(io.BytesIO(month_xlsx(recap())))["setda"].iter_rows(values_only=True)
        if r
    ]
    assert "Dicetak: 1 Desember 2026 09.00 WIB" in rows


# --- CSV ----------------------------------------------------------------------------------------


def test_the_plain_csv_is_rfc_4180_for_other_systems():
    data = month_csv(recap())
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    staff = next(r for r in rows if r["NIP/NIK"] == STAFF.identifier)
    assert staff["Tingkat Kehadiran (%)"] == "100"
    admin = next(r for r in rows if r["Nama"] == "Rina Marlina S.Sos")
    assert admin["Tingkat Kehadiran (%)"] == "95.24"


def test_the_excel_csv_opens_in_columns_with_nips_as_text():
    data = month_csv(recap(), excel=True)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the names right
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = rows[0]
    assert header[:5] == ["Kode Unit", "Unit Kerja", "No", "NIP/NIK", "Nama"]
    admin = dict(zip(header, next(r for r in rows if r[4] == "Rina Marlina S.Sos"), strict=True))
    assert admin["NIP/NIK"] == '="198203252008012004"'
    assert admin["Tingkat Kehadiran (%)"] == "95,24"  # the Indonesian decimal comma
    daily = list(
        csv.reader(
            io.StringIO(day_csv(summary(), excel=True).decode("utf-8-sig"), newline=""),
            delimiter=";",
        )
    )
    assert daily[2][1:3] == ['="198203252008012004"', "Rina Marlina S.Sos"]
    assert daily[2][5:7] == ["08:01", "16:02"]


# --- formula injection --------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_a_spreadsheet_would_run_is_quoted(start):
    assert escape(f"{start}1+1") == f"'{start}1+1"
    assert escape("Dewi") == "Dewi" and escape(-3) == -3


def evil_recap() -> MonthRecap:
    person = Person(8, "198001012005012001", EVIL, "PNS")
    lines = employee_lines(person, month(person, "setda"))
    return MonthRecap(
        "x",
        "@Pemerintah",
        2026,
        11,
        NOVEMBER[0],
        NOVEMBER[-1],
        AS_OF,
        (make_unit("setda", "+Sekretariat", lines),),
    )


def evil_day() -> DaySummary:
    person = Person(8, "198001012005012001", EVIL, "PNS")
    line = DayLine(person, DayEntry(status(NOVEMBER[23]), "setda"))
    return DaySummary("x", "Pemerintah", NOVEMBER[23], AS_OF, "setda", "-Sekretariat", (line,))


def test_no_name_becomes_a_formula_in_the_workbook():
    for data in (month_xlsx(evil_recap()), day_xlsx(evil_day())):
        for sheet in load_workbook(io.BytesIO(data)):
            cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
            assert not [c.coordinate for c in cells if c.data_type == "f"], sheet.title
            values = {c.value for c in cells}
            assert "'" + EVIL in values or sheet.title == "Ringkasan"
    summary_sheet = load_workbook(io.BytesIO(month_xlsx(evil_recap())))["Ringkasan"]
    values = {c for row in summary_sheet.iter_rows(values_only=True) for c in row}
    assert "'+Sekretariat" in values and "'@Pemerintah" in values


def test_no_name_becomes_a_formula_in_either_csv():
    for excel in (False, True):
        for data in (month_csv(evil_recap(), excel=excel), day_csv(evil_day(), excel=excel)):
            text = data.decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))
            cells = [c for row in rows for c in row]
            assert "'" + EVIL in cells
            assert not [c for c in cells if c.startswith(("+", "-", "@", "\t", "\r"))]
            formulas = [c for c in cells if c.startswith("=")]
            assert all(c[2:-1].isdigit() for c in formulas)  # only our ="NIP"


def test_the_pdf_shows_the_same_quoted_text():
    reader = PdfReader(io.BytesIO(month_pdf(evil_recap())))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert "'=HYPERLINK" in text and "'+SEKRETARIAT" in text
