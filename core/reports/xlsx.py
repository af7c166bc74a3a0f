"""XLSX workbooks: a summary sheet, then one sheet per unit with the day grid and the totals.

Written with openpyxl's write-only mode, which streams rows instead of keeping a cell object
per value: a regency's month is half a million cells. Every sheet opens ready to work with and
to print: the header frozen and filterable, numbers and percents formatted, borders, weekends
shaded, A4 landscape fitted to the page width with the header repeated on each printed page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties

from core.recap import DaySummary, MonthRecap
from core.reports.cells import escape
from core.reports.formats import long_date, month_name, stamp
from core.reports.labels import legend, status_name, words
from core.reports.table import (
    Column,
    Kind,
    MonthTable,
    day_columns,
    day_row,
    summary_columns,
    summary_rows,
)

PLAIN = Font()
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
WEEKEND_FILL = PatternFill("solid", fgColor="E7E6E6")
HEAD_ALIGNMENT = Alignment(wrap_text=True, horizontal="center", vertical="center")
CENTRED = Alignment(horizontal="center")
# Excel's own codes: Excel shows them in the reader's locale (95,24% in an Indonesian Excel).
FORMATS = {
    Kind.INT: "#,##0",
    Kind.PERCENT: "0.00%",
    Kind.RUPIAH: "#,##0",
    Kind.TIME: "hh:mm",
    Kind.ID: "@",
}
CENTRE = {Kind.DAY, Kind.TIME}


def month_xlsx(
    recap: MonthRecap,
    language: str = "id",
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The monthly recap: 'Ringkasan' and a sheet per unit; `progress` gets rows written."""
    w = words(language)
    book = Workbook(write_only=True)
    period = f"{w['period']}: {month_name(recap.year, recap.month, language)}"
    printed = f"{w['printed']}: {stamp(recap.as_of, language)}"
    revision = recap.revision and f"{w['revision']}: {recap.revision}"
    sheet = _Sheet(
        book,
        w["summary"][:31],
        summary_columns(language),
        [12, 40, *([10] * (len(summary_columns(language)) - 2))],
        freeze_col=3,
    )
    sheet.title(recap.org_name, w["title_month"], period, printed, revision or "")
    *units, total = summary_rows(recap, language)
    sheet.body(units)
    sheet.total(total)
    table = MonthTable(recap, language, days=True)
    used: set[str] = {w["summary"][:31]}
    for unit in recap.units:
        sheet = _Sheet(
            book, _sheet_name(unit.code, used), table.columns, _month_widths(table), freeze_col=5
        )
        sheet.title(recap.org_name, w["title_month"], f"{w['unit']}: {unit.name}", period, printed)
        sheet.body(table.row(n, line) for n, line in enumerate(unit.employees, 1))
        sheet.total(table.total_row(unit))
        sheet.note()
        sheet.note(f"{w['legend']}: {legend(language)}")
        if recap.lkh:
            sheet.note(w["lkh_note"])
        if progress:
            progress(len(unit.employees))
    return _save(book)


def day_xlsx(summary: DaySummary, language: str = "id") -> bytes:
    """The daily list on one sheet, with the count per status below."""
    w = words(language)
    book = Workbook(write_only=True)
    sheet = _Sheet(
        book,
        summary.day.isoformat(),
        day_columns(language),
        [5, 21, 32, 14, 22, 8, 8, 10, 11, 10, 11, 40],
    )
    sheet.title(
        summary.org_name,
        w["title_day"],
        f"{w['unit']}: {summary.unit_name}",
        f"{w['date']}: {long_date(summary.day, language)}",
        f"{w['printed']}: {stamp(summary.as_of, language)}",
    )
    sheet.body(day_row(n, line, language) for n, line in enumerate(summary.lines, 1))
    sheet.note()
    sheet.note(w["status"], w["employees"], bold=True)
    for label, count in summary.counts.items():
        sheet.note(status_name(label, language), count)
    return _save(book)


class _Sheet:
    """A write-only sheet laid out as title lines, a blank row, the header, the rows.

    Widths and the frozen panes are written before the first row, so they are set here; the
    filter and print setup follow the rows in the file and are set as rows are written.
    """

    TITLE_LINES = 5

    def __init__(
        self,
        book: Workbook,
        name: str,
        columns: Sequence[Column],
        widths: Sequence[int],
        freeze_col: int = 1,
    ) -> None:
        self.sheet = book.create_sheet(name)
        _append_cells_as_they_are(self.sheet)
        self.columns = list(columns)
        self.header_row = self.TITLE_LINES + 2
        self.last_row = self.header_row
        for index, width in enumerate(widths, 1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.freeze_panes = f"{get_column_letter(freeze_col)}{self.header_row + 1}"
        self.head = _Row(self.sheet, self.columns, head=True)
        self.rows = _Row(self.sheet, self.columns)
        self.totals = _Row(self.sheet, self.columns, bold=True)
        _print_setup(self.sheet, self.header_row)

    def title(self, *lines: str) -> None:
        """The title lines (the first bold, the second large), then a blank row."""
        assert len(lines) == self.TITLE_LINES
        for index, text in enumerate(lines):
            font = TITLE if index == 1 else BOLD if index == 0 else PLAIN
            self.sheet.append([_cell(self.sheet, text, font)])
        self.sheet.append([])
        self.sheet.append(self.head.cells([c.title for c in self.columns]))

    def body(self, rows: Iterable[list[Any]]) -> None:
        """The rows under the header; the filter covers them and nothing below."""
        first = self.last_row
        for row in rows:
            self.sheet.append(self.rows.cells(row))
            self.last_row += 1
        end = get_column_letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A{self.header_row}:{end}{max(self.last_row, first)}"

    def total(self, row: list[Any]) -> None:
        self.sheet.append(self.totals.cells(row))
        self.last_row += 1

    def note(self, *values: Any, bold: bool = False) -> None:
        """A line below the table (legend, counts), outside the filter."""
        self.sheet.append([_cell(self.sheet, v, BOLD if bold else PLAIN) for v in values])


class _Row:
    """The styled cells of one kind of table row (header, body or total), made once per sheet
    and refilled for each row.

    A regency's month is half a million cells. Styling each of them anew costs a style lookup
    per attribute, and a new cell object and its style array per value; instead each column's
    style is set once here, on a cell for its values and a cell for its blanks (which keep their
    border and shading but need no value converted), and every row reuses them: a write-only
    sheet writes an appended row out at once, so the cells are free again for the next row.
    """

    def __init__(
        self,
        sheet: WriteOnlyWorksheet,
        columns: Sequence[Column],
        head: bool = False,
        bold: bool = False,
    ) -> None:
        self.kinds = [Kind.TEXT if head else c.kind for c in columns]
        self.full = [_styled(sheet, c, head, bold) for c in columns]
        self.blank = [_styled(sheet, c, head, bold) for c in columns]

    def cells(self, values: Sequence[Any]) -> list[Cell]:
        row = []
        for value, kind, full, blank in zip(values, self.kinds, self.full, self.blank, strict=True):
            value = _value(value, kind)
            if value is None:
                row.append(blank)
            else:
                full.value = value
                row.append(full)
        return row


def _styled(sheet: WriteOnlyWorksheet, column: Column, head: bool, bold: bool) -> Cell:
    """A cell styled as `column`'s header, body or total cell, from the shared style objects."""
    cell = _ColumnCell(sheet, 1, 1)
    cell.border = GRID
    weekend = column.day is not None and column.day.weekday() >= 5
    if head:
        cell.font = BOLD
        cell.fill = WEEKEND_FILL if weekend else HEAD_FILL
        cell.alignment = HEAD_ALIGNMENT
        return cell.fix_style()
    cell.font = BOLD if bold else PLAIN
    if weekend:
        cell.fill = WEEKEND_FILL
    if column.kind in FORMATS:
        cell.number_format = FORMATS[column.kind]
    if column.kind in CENTRE:
        cell.alignment = CENTRED
    return cell.fix_style()


class _ColumnCell(Cell):
    """A cell whose style is complete before it is first written and never changes after.

    openpyxl looks a cell's style up in the workbook's style table each time it writes the
    cell (hashing its style array twice); a column's cell is written once per row with the
    same style, so its index is looked up once, by `fix_style`. Only a date or time value
    would change a cell's style afterwards (openpyxl gives it a date format unless it has one),
    and only the TIME columns, formatted hh:mm already, hold such values.
    """

    __slots__ = ("_style_id",)
    has_style = True  # every table cell has at least its border

    def fix_style(self) -> _ColumnCell:
        self._style_id = super().style_id
        return self

    @property
    def style_id(self) -> int:
        return self._style_id


def _cell(sheet: WriteOnlyWorksheet, value: Any, font: Font) -> Cell:
    cell = WriteOnlyCell(sheet, escape(value))
    cell.font = font
    return cell


def _append_cells_as_they_are(sheet: WriteOnlyWorksheet) -> None:
    """Let `sheet.append` take a row of cells without first trying each one as a value.

    openpyxl's write-only append() assigns every item of a row to a scratch cell and takes it
    as a cell of its own only when that assignment raises (ValueError, its message built from
    the cell's repr), then makes a new scratch cell: an exception and two cell objects for each
    styled cell, a quarter of the time a styled month took. Every row written here is made of
    cells, so each is placed at its row and column and handed on as it is, which is what
    openpyxl does with it after the exception. Should a later openpyxl drop the hook, append()
    still takes the cells, only slower.
    """
    if not callable(getattr(WriteOnlyWorksheet, "_values_to_row", None)):
        return

    def placed(cells: Iterable[Cell], row: int) -> Iterator[Cell]:
        for column, cell in enumerate(cells, 1):
            cell.row, cell.column = row, column
            yield cell

    sheet._values_to_row = placed


def _value(value: Any, kind: Kind) -> Any:
    """A cell's value: percents as fractions (the 0.00% format multiplies by 100)."""
    if value is None or value == "":
        return None
    if kind is Kind.PERCENT:
        return float(Decimal(value) / 100)
    if isinstance(value, Decimal):
        return float(value)
    return escape(value)


def _print_setup(sheet, header_row: int) -> None:
    """A4 landscape, as wide as one page, as many pages down as needed, header on each."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _month_widths(table: MonthTable) -> list[int]:
    rest = len(table.columns) - 4 - len(table.dates) - 1
    return [5, 21, 32, 9, *([5] * len(table.dates)), *([10] * rest), 30]


def _sheet_name(code: str, used: set[str]) -> str:
    """A unit code as a sheet title: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", code)[:31] or "unit"
    name, n = base, 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f"~{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
