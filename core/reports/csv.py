"""CSV for other systems: one flat table, UTF-8, comma-separated, a header row."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from core.recap import DaySummary, MonthRecap
from core.reports.labels import words
from core.reports.table import MonthTable, day_header, day_row


def month_csv(
    recap: MonthRecap,
    language: str = "id",
    days: bool = True,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """A line per employee and unit, the unit first; `days` adds the day grid."""
    table = MonthTable(recap, language, days)
    w = words(language)
    rows: list[list[Any]] = [[w["unit_code"], w["unit"], *table.header()]]
    for unit in recap.units:
        for number, line in enumerate(unit.employees, 1):
            rows.append([unit.code, unit.name, *table.row(number, line)])
        if progress:
            progress(len(unit.employees))
    return _encode(rows)


def day_csv(summary: DaySummary, language: str = "id") -> bytes:
    """The daily list: a line per employee."""
    rows = [day_header(language)]
    rows += [day_row(n, line, language) for n, line in enumerate(summary.lines, 1)]
    return _encode(rows)


def _encode(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8")
