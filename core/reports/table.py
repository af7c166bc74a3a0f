"""The columns and rows every export shares: the same headers and values in CSV, XLSX and PDF.

Each column says what kind of value it holds, so that each writer can present it its own way:
a percent is a number formatted 0.00% in the workbook, 95,24 in an Indonesian PDF and 95.24 in
a CSV for other systems. Values stay raw here (ints, Decimals, times); writers format them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from core.absence_codes import recap_codes
from core.day_status import DayCode
from core.fallback import SHOWN_SOURCES
from core.recap import (
    DayEntry,
    DayLine,
    EmployeeRecap,
    MonthRecap,
    Totals,
    UnitRecap,
)
from core.reports.labels import kind_name, status_name, words

DEFAULT_LATE = ("TL1", "TL2", "TL3", "TL4")
# Daily performance reports (core.lkh): due, filed, verified (Totals.lkh_*).
LKH_KEYS = ("lkh_due", "lkh_filed", "lkh_verified")
DEFAULT_EARLY = ("PSW1", "PSW2", "PSW3", "PSW4")


class Kind(StrEnum):
    TEXT = "text"
    ID = "id"  # NIP or NIK: digits that must stay text (18 digits exceed a float's precision)
    INT = "int"
    PERCENT = "percent"  # a Decimal in percent: 95.24 means 95.24 %
    RUPIAH = "rupiah"
    TIME = "time"  # a local wall-clock time
    DAY = "day"  # a day of the grid: a code such as H, TL2, S


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: Kind = Kind.INT
    day: date | None = None  # the date of a day-grid column


def day_code(entry: DayEntry) -> str:
    """The day grid's code: H, TL2, TL1/PSW1, TAM, S, TK, L; '*' marks a revised day."""
    status = entry.status
    code = status.code
    if code is DayCode.PRESENT:
        parts = [
            status.late_band if status.late_minutes else None,
            "TAM" if status.missing_in else None,
            status.early_band if status.early_minutes else None,
            "TAP" if status.missing_out else None,
        ]
        text = "/".join(p for p in parts if p) or "H"
    elif code is DayCode.HOLIDAY:
        text = "L"
    elif code in (DayCode.OFF, DayCode.PENDING):
        text = ""
    else:
        text = code.value
    return text + ("*" if entry.revised else "")


def bands(recap: MonthRecap) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The late and early bands to show: the usual four, and any other a policy uses."""
    late, early = set(DEFAULT_LATE), set(DEFAULT_EARLY)
    for employee in recap.employees:
        late |= set(employee.totals.late)
        early |= set(employee.totals.early)
    return tuple(sorted(late)), tuple(sorted(early))


def has_amounts(recap: MonthRecap) -> bool:
    return any(e.deduction.amount is not None for e in recap.employees)


class MonthTable:
    """Columns and rows of a monthly recap, with or without the day grid."""

    def __init__(self, recap: MonthRecap, language: str = "id", days: bool = True) -> None:
        self.recap = recap
        self.language = language
        self.words = words(language)
        count = (recap.last - recap.first).days + 1 if days else 0
        self.dates = [recap.first + timedelta(days=n) for n in range(count)]
        self.late, self.early = bands(recap)
        self.amounts = has_amounts(recap)
        self.codes = recap_codes()  # the absence columns, in the catalogue's order
        self.lkh = recap.lkh  # daily reports' columns, only where a policy asks for them
        self.columns = self._columns()

    def _columns(self) -> list[Column]:
        w, K = self.words, Kind
        cols = [
            Column("no", w["no"]),
            Column("identifier", w["identifier"], K.ID),
            Column("name", w["name"], K.TEXT),
            Column("kind", w["kind"], K.TEXT),
        ]
        cols += [Column(f"day{d.day}", str(d.day), K.DAY, d) for d in self.dates]
        keys = [
            "work_days",
            "present",
            "on_time",
            "late",
            *self.late,
            "late_minutes",
            "early",
            *self.early,
            *self.codes,
            "TK",
            "missed_events",
            "missing_in",
            "missing_out",
            "holidays",
            *(LKH_KEYS if self.lkh else ()),
        ]
        cols += [Column(k, w.get(k, k)) for k in keys]
        cols += [
            Column("rate", w["rate"], K.PERCENT),
            Column("deduction", w["deduction"], K.PERCENT),
        ]
        if self.amounts:
            cols += [Column(k, w[k], K.RUPIAH) for k in ("tpp", "tpp_cut", "tpp_paid")]
        return [*cols, Column("note", w["note"], K.TEXT)]

    def header(self) -> list[str]:
        return [c.title for c in self.columns]

    def kinds(self) -> list[Kind]:
        return [c.kind for c in self.columns]

    def row(self, number: int, line: EmployeeRecap) -> list[Any]:
        person = line.person
        codes = {entry.day: day_code(entry) for entry in line.days} if self.dates else {}
        row: list[Any] = [
            number,
            person.identifier,
            person.name,
            kind_name(person.kind, self.language),
        ]
        row += [codes.get(d, "") for d in self.dates]
        row += self._counts(line.totals, line.deduction.percent)
        if self.amounts:
            d = line.deduction
            row += [d.amount, d.rupiah, d.paid]
        return [*row, self.note(line)]

    def total_row(self, unit: UnitRecap) -> list[Any]:
        """The unit's sum under its employees: counts and the rate over all their days."""
        row: list[Any] = ["", "", self.words["total"], "", *([""] * len(self.dates))]
        row += self._counts(unit.totals, None)
        if self.amounts:
            lines = [e.deduction for e in unit.employees]
            row += [
                _sum(d.amount for d in lines),
                _sum(d.rupiah for d in lines),
                _sum(d.paid for d in lines),
            ]
        return [*row, ""]

    def _counts(self, t: Totals, deduction: Decimal | None) -> list[Any]:
        return [
            t.work_days,
            t.present,
            t.on_time,
            t.late_count,
            *(t.late.get(b, 0) for b in self.late),
            sum(t.late_minutes.values()),
            t.early_count,
            *(t.early.get(b, 0) for b in self.early),
            *(t.absences.get(c, 0) for c in self.codes),
            t.tk,
            t.missed_events,
            t.missing_in,
            t.missing_out,
            t.holidays,
            *((t.lkh_due, t.lkh_filed, t.lkh_verified) if self.lkh else ()),
            t.rate,
            deduction,
        ]

    def note(self, line: EmployeeRecap) -> str:
        notes = []
        if line.totals.revised:
            notes.append(f"{self.words['revised']} ({line.totals.revised})")
        if line.other_units:
            notes.append(f"{self.words['moved']} {', '.join(line.other_units)}")
        return "; ".join(notes)


def _sum(values) -> int | None:
    """The sum, or None when any value is unknown (no TPP amount): a partial sum misleads."""
    values = list(values)
    return None if any(v is None for v in values) else sum(values)


def summary_columns(language: str = "id") -> list[Column]:
    w, K = words(language), Kind
    keys = [
        "employees",
        "work_days",
        "present",
        "on_time",
        "late",
        "early",
        *recap_codes(),
        "TK",
        "missed_events",
    ]
    return [
        Column("unit_code", w["unit_code"], K.TEXT),
        Column("unit", w["unit"], K.TEXT),
        *(Column(k, w[k]) for k in keys),
        Column("rate", w["rate"], K.PERCENT),
        Column("revised", w["revised"].capitalize()),
    ]


def summary_header(language: str = "id") -> list[str]:
    return [c.title for c in summary_columns(language)]


def summary_row(code: str, name: str, count: int, unit: UnitRecap | None, totals) -> list[Any]:
    """One unit's (or the total's) line of the summary sheet."""
    t = totals if unit is None else unit.totals
    return [
        code,
        name,
        count,
        t.work_days,
        t.present,
        t.on_time,
        t.late_count,
        t.early_count,
        *(t.absences.get(c, 0) for c in recap_codes()),
        t.tk,
        t.missed_events,
        t.rate,
        t.revised,
    ]


def summary_rows(recap: MonthRecap, language: str = "id") -> list[list[Any]]:
    """A line per unit, then the organisation's total."""
    rows = [summary_row(u.code, u.name, len(u.employees), u, None) for u in recap.units]
    count = len({e.person.id for e in recap.employees})
    rows.append(summary_row("", words(language)["total"], count, None, recap.totals))
    return rows


def day_columns(language: str = "id") -> list[Column]:
    w, K = words(language), Kind
    return [
        Column("no", w["no"]),
        Column("identifier", w["identifier"], K.ID),
        Column("name", w["name"], K.TEXT),
        Column("unit_code", w["unit_code"], K.TEXT),
        Column("status", w["status"], K.TEXT),
        Column("check_in", w["check_in"], K.TIME),
        Column("check_out", w["check_out"], K.TIME),
        Column("late_minutes", w["late_minutes"]),
        Column("late_band", w["late_band"], K.TEXT),
        Column("early_minutes", w["early_minutes"]),
        Column("early_band", w["early_band"], K.TEXT),
        Column("note", w["note"], K.TEXT),
    ]


def day_header(language: str = "id") -> list[str]:
    return [c.title for c in day_columns(language)]


def day_row(number: int, line: DayLine, language: str = "id") -> list[Any]:
    """Times are the local wall-clock times the recap gives (the organisation's zone)."""
    status, entry = line.status, line.entry
    return [
        number,
        line.person.identifier,
        line.person.name,
        entry.unit_code,
        status_name(status.label, language),
        entry.check_in,
        entry.check_out,
        status.late_minutes or None,
        (status.late_band if status.late_minutes else "") or "",
        status.early_minutes or None,
        (status.early_band if status.early_minutes else "") or "",
        day_note(line, language),
    ]


def day_note(line: DayLine, language: str = "id") -> str:
    """Missing records, missed events, the holiday's name, the absence subtype, a revision."""
    w, status = words(language), line.status
    notes = [w["missing_in"]] if status.missing_in else []
    notes += [w["missing_out"]] if status.missing_out else []
    notes += [f"{w['missed_events']}: {e}" for e in status.missed_events]
    notes += [n for n in (status.holiday, status.subtype) if n]
    notes += [w["revised"]] if line.entry.revised else []
    notes += source_notes(line.entry, language)
    return "; ".join(notes)


def source_notes(entry: DayEntry, language: str = "id") -> list[str]:
    """ "Masuk: manual" for a record a fallback or a machine import made (core.fallback), so
    that the reader of a daily list knows which times no chat clock-in proved."""
    w = words(language)
    return [
        f"{w[direction]}: {w['source_' + source]}"
        for direction, source in (
            ("check_in", entry.check_in_source),
            ("check_out", entry.check_out_source),
        )
        if source in SHOWN_SOURCES
    ]
