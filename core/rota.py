"""Shift rotas: a month's table of shift codes per employee, read and checked before any write.

Perbup Balangan 32/2020 Pasal 5: "Pengaturan setting jam presensi masuk kerja dan pulang kerja
Tenaga Teknis Kesehatan, layanan medik, dokter dan atau dokter spesialis yang menggunakan sistem
Shift atau pembagian jam kerja adalah berdasarkan jam kerja yang di atur oleh RSUD". Perbup
Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf g: the pengelola "menentukan pengaturan shift";
Pasal 17 ayat (2) huruf a: "Ketentuan jam kerja khusus diberlakukan untuk: tenaga kesehatan yang
melaksanakan shift". Each preset names its article as `Policy.rota_rule`, which a rota day's
verdicts cite; elsewhere a presensi default.

The table (CSV or XLSX) has a header `nip,1,2,...,31` and one row per employee: the NIP (or a
non-ASN's NIK), then a shift code per day, or nothing for the weekday's normal schedule. Shift
codes are the `shifts:` of the employee's policy (core.policy.times.shifts). Every problem is
reported with its line and column, and a table with any problem is refused whole.
"""

from __future__ import annotations

import calendar
import csv
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.citations import Citation
from core.policy import ROTA_DEFAULT, Policy
from core.schedule import DAY, DaySchedule, format_minutes

ROTA_RULE = ROTA_DEFAULT
MAX_ERRORS = 20  # a wrong file (another month's layout) would otherwise print hundreds of lines


# --- the stored form of one rota day ----------------------------------------------------------


def stored(code: str, schedule: DaySchedule | None) -> dict[str, Any] | None:
    """A rota day as `ShiftRow.schedule` keeps it; None for a day off.

    Times are plain HH:MM: `schedule_of` puts them back on the schedule day the way an
    organisation file's windows are read (times before the shift belong to the next day).
    """
    if schedule is None:
        return None

    def clock(minute: int) -> str:
        return format_minutes(minute % DAY)

    def window(w: Any) -> str:
        return f"{clock(w.start)}-{clock(w.end)}"

    return {
        "code": code,
        "work": window(schedule.work),
        "check_in": window(schedule.check_in),
        "on_time_until": clock(schedule.on_time_until),
        "check_out": window(schedule.check_out),
    }


def schedule_of(config: Mapping[str, Any] | None, rule: Citation = ROTA_RULE) -> DaySchedule | None:
    """The day schedule of a stored rota day ({work, check_in, on_time_until, check_out}),
    citing `rule` (the policy's `rota_rule`)."""
    if config is None:
        return None
    code = config.get("code")
    return DaySchedule.build(
        work=_pair(config["work"]),
        check_in=_pair(config["check_in"]),
        on_time_until=config["on_time_until"],
        check_out=_pair(config["check_out"]),
        in_rule=rule,
        label=f"shift {code}" if code else "shift",
    )


def _pair(text: str) -> tuple[str, str]:
    first, _, last = text.partition("-")
    return first, last


def storable(schedule: DaySchedule) -> bool:
    """Whether the schedule survives being stored: windows that only '+1' could place do not."""
    back = schedule_of(stored("", schedule))
    assert back is not None
    return (back.work, back.check_in, back.on_time_until, back.check_out) == (
        schedule.work,
        schedule.check_in,
        schedule.on_time_until,
        schedule.check_out,
    )


# --- reading the table ----------------------------------------------------------------------


class InvalidRota(ValueError):
    """A rota table with problems, each 'line L, column C: ...'."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Line:
    number: int  # the line (CSV) or row (XLSX) in the file, 1 first
    cells: list[Any]


def read_table(data: bytes, name: str) -> list[Line]:
    """The non-empty lines of a CSV or XLSX file; anything else is InvalidRota."""
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidRota([f"{name}: neither a CSV (UTF-8 text) nor an XLSX file"]) from None
    if "\x00" in text:
        raise InvalidRota([f"{name}: neither a CSV (UTF-8 text) nor an XLSX file"])
    first = text.split("\n", 1)[0]
    # Indonesian Excel exports CSV with ';' (the comma is the decimal separator there).
    delimiter = ";" if ";" in first and "," not in first else ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [Line(i, row) for i, row in enumerate(rows, 1) if any(c.strip() for c in row)]


def _read_xlsx(data: bytes, name: str) -> list[Line]:
    from openpyxl import load_workbook

    try:
        # Not read-only: merged cells are only known to a fully loaded sheet, and a merged day
        # range would otherwise leave all but its first day silently empty.
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise InvalidRota([f"{name}: neither a CSV (UTF-8 text) nor an XLSX file"]) from None
    try:
        sheet = book.worksheets[0]
        merged = [str(cells) for cells in sheet.merged_cells.ranges]
        if merged:
            raise InvalidRota(
                [f"{name}: cells {', '.join(merged[:5])} are merged: unmerge them and write "
                 "the shift code in each day's cell"]
            )  # fmt: skip
        lines = [
            Line(i, list(row))
            for i, row in enumerate(sheet.iter_rows(values_only=True), 1)
            if any(c is not None and str(c).strip() for c in row)
        ]
    finally:
        book.close()
    return lines


# --- checking it ----------------------------------------------------------------------------


@dataclass
class Rota:
    """The checked rota: per employee identifier, the days with a shift (code, schedule)."""

    first: date
    last: date
    days: dict[str, dict[date, tuple[str, DaySchedule | None]]] = field(default_factory=dict)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def parse_rota(
    lines: list[Line], year: int, month: int, staff: Mapping[str, Policy], name: str = "rota"
) -> Rota:
    """Check every cell against the month and each employee's shift codes (`staff`: the
    effective policy of each employee the organisation knows, by NIP or NIK)."""
    first, last = month_bounds(year, month)
    rota = Rota(first, last)
    problems: list[str] = []

    def problem(line: int, column: int | None, message: str) -> None:
        where = f"line {line}" + (f", column {column}" if column else "")
        problems.append(f"{name} {where}: {message}")

    if not lines:
        raise InvalidRota([f"{name}: the file is empty; the first line is nip,1,2,...,31"])
    if len(lines) == 1:
        raise InvalidRota([f"{name}: the file lists no employee under its header line"])
    columns = _header(lines[0], last.day, problem)
    seen: dict[str, int] = {}
    for line in lines[1:]:
        nip = _identifier(line, problem)
        if nip is None:
            continue
        if nip in seen:
            problem(line.number, 1, f"{nip} is already listed on line {seen[nip]}")
            continue
        seen[nip] = line.number
        policy = staff.get(nip)
        if policy is None:
            problem(line.number, 1, f"no employee {nip} in this organisation")
            continue
        rota.days[nip] = _row(line, columns, first, policy, problem)
        where = {day: index + 1 for index, day in columns.items()}
        _check_overlaps(line.number, where, rota.days[nip], policy, (first, last), problem)
    if problems:
        more = len(problems) - MAX_ERRORS
        tail = [f"{name}: and {more} more problems"] if more > 0 else []
        raise InvalidRota(problems[:MAX_ERRORS] + tail)
    return rota


def _header(line: Line, days: int, problem) -> dict[int, int]:
    """Column index -> day of the month, from `nip,1,2,...`."""
    cells = [_text(c) for c in line.cells]
    if not cells or cells[0].lower() not in ("nip", "nik", "nip/nik"):
        problem(line.number, 1, f"the first line is nip,1,2,...,{days}; got {cells[0]!r}")
        return {}
    columns: dict[int, int] = {}
    for index, cell in enumerate(cells[1:], 1):
        if not cell:
            continue
        if not cell.isdigit() or not 1 <= int(cell) <= 31:
            hint = " (write plain day numbers, not dates)" if "-" in cell or "/" in cell else ""
            problem(line.number, index + 1, f"a day of the month 1-{days}, got {cell!r}{hint}")
        elif int(cell) > days:
            problem(line.number, index + 1, f"day {cell} is beyond this month's {days} days")
        elif int(cell) in columns.values():
            problem(line.number, index + 1, f"day {cell} is already a column")
        else:
            columns[index] = int(cell)
    return columns


def _identifier(line: Line, problem) -> str | None:
    """The NIP/NIK of a line as digits; Excel's number cells lose an 18-digit NIP's last digits."""
    cell = line.cells[0] if line.cells else None
    if isinstance(cell, float):
        problem(line.number, 1, "the NIP is a number cell, which Excel rounds: format it as text")
        return None
    text = _text(cell).replace(" ", "").lstrip("'")
    if not text.isdigit():
        problem(line.number, 1, f"a NIP or NIK of digits, got {text!r}")
        return None
    return text


def _row(
    line: Line, columns: dict[int, int], first: date, policy: Policy, problem
) -> dict[date, tuple[str, DaySchedule | None]]:
    days: dict[date, tuple[str, DaySchedule | None]] = {}
    for index, cell in enumerate(line.cells[1:], 1):
        code = _text(cell)
        if not code:
            continue
        if index not in columns:
            problem(line.number, index + 1, f"shift {code!r} under no day of the header")
        elif code not in policy.shifts:
            known = ", ".join(policy.shifts) or "none: add shifts: to the organisation file"
            problem(line.number, index + 1, f"undefined shift code {code!r}; codes: {known}")
        else:
            days[first.replace(day=columns[index])] = (code, policy.shifts[code])
    return days


def _check_overlaps(
    number: int,
    where: dict[int, int],
    days: dict[date, tuple[str, DaySchedule | None]],
    policy: Policy,
    month: tuple[date, date],
    problem,
) -> None:
    """Refuse a day whose shift begins before the previous day's has ended.

    The rule: on consecutive days, the later day's first minute (check-in opening, or work start)
    must come after the earlier day's last minute (check-out closing, or work end). A night shift
    21:00-07:00 whose check-out runs until 09:00 followed by a 07:00 shift fails it: a clock-in
    at 07:30 could be either shift's, and nobody works both. A day without an entry keeps its
    weekday's schedule (or the employee's fixed shift), and counts too.
    """
    first, last = month
    for offset in range(1, (last - first).days + 1):
        day = date.fromordinal(first.toordinal() + offset)
        before = date.fromordinal(day.toordinal() - 1)
        if day not in days and before not in days:
            continue
        earlier = days[before][1] if before in days else policy.day_schedule(before)
        later = days[day][1] if day in days else policy.day_schedule(day)
        if earlier is None or later is None:
            continue
        ends = max(earlier.work.end, earlier.check_out.end)
        begins = DAY + min(later.work.start, later.check_in.start)
        if begins <= ends:
            names = [_name(days, d, policy) for d in (before, day)]
            problem(
                number,
                where.get(day.day),
                f"{names[1]} on the {day.day} opens at {format_minutes(begins - DAY)}, before "
                f"{names[0]} of the {before.day} closes at {format_minutes(ends - DAY)}: the "
                "shifts overlap (a clock-in then could be either's)",
            )


def _name(days: Mapping[date, tuple[str, Any]], day: date, policy: Policy) -> str:
    if day in days:
        return f"shift {days[day][0]}"
    if policy.fixed_shift is not None:
        return f"the fixed shift {policy.fixed_shift[0]}"
    return "the weekday's schedule"


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()
