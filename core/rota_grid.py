"""A month's rota as a grid of text, employees by day, as `presensi rota show` prints it. Pure.

Each cell is the day's shift code; `.` is a day without a rota entry (the weekday's schedule),
`-` a day off whose code is not known (a day off is stored without it). The lines under the
grid say what each code means, a night shift's end marked "+1".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.rota import month_bounds

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
NAME_WIDTH = 28
NO_ENTRY = "."
OFF = "-"


@dataclass(frozen=True)
class GridRow:
    identifier: str  # NIP or NIK
    name: str
    cells: dict[int, str]  # day of the month -> shift code


@dataclass
class Grid:
    title: str
    year: int
    month: int
    rows: list[GridRow] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)  # code -> its hours ("07:00-14:00")


def grid_lines(grid: Grid) -> list[str]:
    """The grid's lines: title, day numbers, weekdays, one line per employee, the codes."""
    last = month_bounds(grid.year, grid.month)[1]
    days = range(1, last.day + 1)
    width = max([2, *(len(c) for row in grid.rows for c in row.cells.values())]) + 1
    ids = max([7, *(len(r.identifier) for r in grid.rows)]) + 2
    names = min(NAME_WIDTH, max([4, *(len(r.name) for r in grid.rows)])) + 2
    lead = " " * (ids + names)
    lines = [
        grid.title,
        "NIP/NIK".ljust(ids) + "name".ljust(names) + "".join(str(d).ljust(width) for d in days),
        lead + "".join(WEEKDAYS[date(grid.year, grid.month, d).weekday()].ljust(width)
                       for d in days),
    ]  # fmt: skip
    for row in grid.rows:
        cells = "".join(row.cells.get(d, NO_ENTRY).ljust(width) for d in days)
        lines.append(row.identifier.ljust(ids) + _cut(row.name, names - 2).ljust(names) + cells)
    lines = [line.rstrip() for line in lines]
    legend = [f"{code} {hours}" for code, hours in sorted(grid.codes.items())]
    legend.append(f"{NO_ENTRY} the weekday's schedule")
    return [*lines, "codes: " + "; ".join(legend)]


def _cut(name: str, width: int) -> str:
    return name if len(name) <= width else name[: width - 1] + "~"
