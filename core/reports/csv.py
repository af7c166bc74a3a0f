"""CSV in two dialects: plain RFC 4180 for other systems, and one that Excel opens as a table.

Plain (`excel=False`): UTF-8 without a byte order mark, comma-separated, CRLF line ends,
numbers with a decimal point (95.24), NIPs as digits: what an import script expects.

Excel (`excel=True`, in the convention of the report's language): a double-clicked CSV is
read with the Windows list separator and, without a byte order mark, in the ANSI code page. An
Indonesian Windows uses ';' (its decimal mark is the comma), so this dialect is UTF-8 with a
BOM, ';'-separated, decimals with a comma (95,24); in English, ',' and 95.24.
An 18-digit NIP read as a number loses its last digits (1,99611E+17); a leading apostrophe
would be shown as is, and a tab is dropped by some versions, so the NIP is written as the
formula ="199611302022032007", which every Excel (and LibreOffice) shows as that text. Only a
value of digits alone is wrapped, so the formula never carries anything a user typed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import time
from decimal import Decimal
from typing import Any

from core.recap import DaySummary, MonthRecap
from core.reports.cells import escape
from core.reports.formats import decimal, decimal_mark
from core.reports.labels import words
from core.reports.table import Column, Kind, MonthTable, day_columns, day_row


def month_csv(
    recap: MonthRecap,
    language: str = "id",
    days: bool = True,
    progress: Callable[[int], None] | None = None,
    excel: bool = False,
) -> bytes:
    """A line per employee and unit, the unit first; `days` adds the day grid."""
    table = MonthTable(recap, language, days)
    w = words(language)
    columns = [
        Column("unit_code", w["unit_code"], Kind.TEXT),
        Column("unit", w["unit"], Kind.TEXT),
        *table.columns,
    ]
    rows: list[list[Any]] = []
    for unit in recap.units:
        for number, line in enumerate(unit.employees, 1):
            rows.append([unit.code, unit.name, *table.row(number, line)])
        if progress:
            progress(len(unit.employees))
    return _encode(columns, rows, language, excel)


def day_csv(summary: DaySummary, language: str = "id", excel: bool = False) -> bytes:
    """The daily list: a line per employee."""
    rows = [day_row(n, line, language) for n, line in enumerate(summary.lines, 1)]
    return _encode(day_columns(language), rows, language, excel)


def month_csv_excel(recap: MonthRecap, language: str = "id", progress=None) -> bytes:
    """`month_csv` in the dialect a double-clicked file opens in columns in Excel."""
    return month_csv(recap, language, progress=progress, excel=True)


def day_csv_excel(summary: DaySummary, language: str = "id") -> bytes:
    return day_csv(summary, language, excel=True)


def _encode(columns: Sequence[Column], rows: list[list[Any]], language: str, excel: bool) -> bytes:
    buffer = io.StringIO()
    # A spreadsheet whose decimal mark is the comma takes ';' between fields.
    comma_decimals = excel and decimal_mark(language) == ","
    writer = csv.writer(buffer, delimiter=";" if comma_decimals else ",", lineterminator="\r\n")
    writer.writerow([escape(c.title) for c in columns])
    for row in rows:
        writer.writerow(
            [_text(v, c.kind, language, excel) for v, c in zip(row, columns, strict=True)]
        )
    text = buffer.getvalue()
    return ("\ufeff" + text).encode("utf-8") if excel else text.encode("utf-8")


def _text(value: Any, kind: Kind, language: str, excel: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, time):
        return value.strftime("%H:%M")  # ISO 8601, which Excel reads as a time in any locale
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return decimal(value, language, group=False) if excel else _plain(value)
    if excel and kind is Kind.ID and value.isdigit():
        return f'="{value}"'
    return escape(str(value))


def _plain(value: int | float | Decimal) -> str:
    """A number as other systems read it: a point for decimals, no grouping."""
    return format(Decimal(str(value)).normalize(), "f") if value else "0"
