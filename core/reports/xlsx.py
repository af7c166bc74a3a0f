"""XLSX workbooks: a summary sheet, then one sheet per unit with the day grid and the totals.

Written with openpyxl's write-only mode, which streams rows instead of keeping a cell object
per value: a regency's month is half a million cells.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.recap import DaySummary, MonthRecap
from core.reports.labels import LEGEND, long_date, status_name, words
from core.reports.table import (
    MonthTable,
    day_header,
    day_row,
    summary_header,
    summary_rows,
)

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
WRAP = Alignment(wrap_text=True, vertical="top")


def month_xlsx(
    recap: MonthRecap,
    language: str = "id",
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The monthly recap: 'Ringkasan' and a sheet per unit; `progress` gets rows written."""
    w = words(language)
    book = Workbook(write_only=True)
    summary = book.create_sheet(w["summary"][:31])
    header = summary_header(language)
    _widths(summary, [12, 40, *([10] * (len(header) - 2))])
    _title(summary, recap.org_name, w["title_month"], f"{w['period']}: {recap.period}",
           _printed(recap.as_of, language), recap.revision and f"{w['revision']}: {recap.revision}")
    _rows(summary, [header], bold=True)
    _rows(summary, summary_rows(recap, language))
    table = MonthTable(recap, language, days=True)
    used: set[str] = {summary.title}
    for unit in recap.units:
        sheet = book.create_sheet(_sheet_name(unit.code, used))
        head = table.header()
        _widths(sheet, [5, 21, 32, 9, *([5] * len(table.dates)),
                        *([9] * (len(head) - 5 - len(table.dates))), 30])
        sheet.freeze_panes = "E8"
        _title(sheet, recap.org_name, w["title_month"], f"{w['unit']}: {unit.name}",
               f"{w['period']}: {recap.period}", _printed(recap.as_of, language))
        _rows(sheet, [head], bold=True, wrap=True)
        _rows(sheet, (table.row(n, line) for n, line in enumerate(unit.employees, 1)))
        _rows(sheet, [[], [f"{w['legend']}: {LEGEND[language]}"]])
        if progress:
            progress(len(unit.employees))
    return _save(book)


def day_xlsx(summary: DaySummary, language: str = "id") -> bytes:
    """The daily list on one sheet, with the count per status below."""
    w = words(language)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(summary.day.isoformat())
    _widths(sheet, [5, 21, 32, 14, 22, 8, 8, 10, 9, 10, 9, 40])
    sheet.freeze_panes = "A7"
    _title(sheet, summary.org_name, w["title_day"], f"{w['unit']}: {summary.unit_name}",
           f"{w['date']}: {long_date(summary.day, language)}", _printed(summary.as_of, language))
    _rows(sheet, [day_header(language)], bold=True, wrap=True)
    _rows(sheet, (day_row(n, line, language) for n, line in enumerate(summary.lines, 1)))
    _rows(sheet, [[]])
    _rows(sheet, [[w["status"], w["employees"]]], bold=True)
    _rows(sheet, [[status_name(k, language), v] for k, v in summary.counts.items()])
    return _save(book)


def _title(sheet, *lines: str | None) -> None:
    """Title lines, the first in bold, then a blank row: the table starts on a fixed row."""
    for index, text in enumerate(lines):
        cell = WriteOnlyCell(sheet, text or "")
        cell.font = TITLE if index == 1 else BOLD if index == 0 else Font()
        sheet.append([cell])
    sheet.append([])


def _rows(sheet, rows: Iterable[list[Any]], bold: bool = False, wrap: bool = False) -> None:
    for row in rows:
        if not bold:
            sheet.append(row)
            continue
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value)
            cell.font = BOLD
            if wrap:
                cell.alignment = WRAP
            cells.append(cell)
        sheet.append(cells)


def _widths(sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _sheet_name(code: str, used: set[str]) -> str:
    """A unit code as a sheet title: at most 31 characters, none of []:*?/\\, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", code)[:31] or "unit"
    name, n = base, 2
    while name.lower() in {u.lower() for u in used}:
        suffix = f"~{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _printed(at, language: str) -> str:
    return f"{words(language)['printed']}: {at.strftime('%Y-%m-%d %H:%M %Z').strip()}"


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
