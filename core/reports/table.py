"""The rows every export shares: the same headers and values in CSV, XLSX and PDF."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.day_status import DayCode
from core.recap import ABSENCE_CODES, DayEntry, DayLine, EmployeeRecap, MonthRecap, UnitRecap
from core.reports.labels import status_name, words

DEFAULT_LATE = ("TL1", "TL2", "TL3", "TL4")
DEFAULT_EARLY = ("PSW1", "PSW2", "PSW3", "PSW4")


def day_code(entry: DayEntry) -> str:
    """The day grid's code: H, TL2, TL1/PSW1, TAM, S, TK, L; '*' marks a revised day."""
    status = entry.status
    code = status.code
    if code is DayCode.PRESENT:
        parts = [status.late_band if status.late_minutes else None,
                 "TAM" if status.missing_in else None,
                 status.early_band if status.early_minutes else None,
                 "TAP" if status.missing_out else None]
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


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class MonthTable:
    """Headers and rows of a monthly recap, with or without the day grid."""

    def __init__(self, recap: MonthRecap, language: str = "id", days: bool = True) -> None:
        self.recap = recap
        self.words = words(language)
        self.dates = []
        if days:
            day = recap.first
            while day <= recap.last:
                self.dates.append(day)
                day = day.fromordinal(day.toordinal() + 1)
        self.late, self.early = bands(recap)
        self.amounts = has_amounts(recap)

    def header(self) -> list[str]:
        w = self.words
        head = [w["no"], w["identifier"], w["name"], w["kind"], *(str(d.day) for d in self.dates)]
        head += [w["work_days"], w["present"], w["on_time"], w["late"], *self.late,
                 w["late_minutes"], w["early"], *self.early,
                 *(w[c.value] for c in ABSENCE_CODES), w["TK"],
                 w["missed_events"], w["missing_in"], w["missing_out"], w["holidays"],
                 w["rate"], w["deduction"]]
        if self.amounts:
            head += [w["tpp"], w["tpp_cut"], w["tpp_paid"]]
        return [*head, w["note"]]

    def row(self, number: int, line: EmployeeRecap) -> list[Any]:
        t, person = line.totals, line.person
        codes = {entry.day: day_code(entry) for entry in line.days} if self.dates else {}
        row: list[Any] = [number, person.identifier, person.name, person.kind]
        row += [codes.get(d, "") for d in self.dates]
        row += [t.work_days, t.present, t.on_time, t.late_count,
                *(t.late.get(b, 0) for b in self.late), sum(t.late_minutes.values()),
                t.early_count, *(t.early.get(b, 0) for b in self.early),
                *(t.absences.get(c.value, 0) for c in ABSENCE_CODES), t.tk, t.missed_events,
                t.missing_in, t.missing_out, t.holidays, _number(t.rate),
                _number(line.deduction.percent)]
        if self.amounts:
            d = line.deduction
            row += [d.amount, d.rupiah, d.paid]
        return [*row, self.note(line)]

    def note(self, line: EmployeeRecap) -> str:
        notes = []
        if line.totals.revised:
            notes.append(f"{self.words['revised']} ({line.totals.revised})")
        if line.other_units:
            notes.append(f"{self.words['moved']} {', '.join(line.other_units)}")
        return "; ".join(notes)


def summary_header(language: str = "id") -> list[str]:
    w = words(language)
    return [w["unit_code"], w["unit"], w["employees"], w["work_days"], w["present"],
            w["on_time"], w["late"], w["early"], *(w[c.value] for c in ABSENCE_CODES), w["TK"],
            w["missed_events"], w["rate"], w["revised"]]


def summary_row(code: str, name: str, count: int, unit: UnitRecap | None, totals) -> list[Any]:
    """One unit's (or the total's) line of the summary sheet."""
    t = totals if unit is None else unit.totals
    return [code, name, count, t.work_days, t.present, t.on_time, t.late_count, t.early_count,
            *(t.absences.get(c.value, 0) for c in ABSENCE_CODES), t.tk, t.missed_events,
            _number(t.rate), t.revised]


def summary_rows(recap: MonthRecap, language: str = "id") -> list[list[Any]]:
    """A line per unit, then the organisation's total."""
    rows = [summary_row(u.code, u.name, len(u.employees), u, None) for u in recap.units]
    count = len({e.person.id for e in recap.employees})
    rows.append(summary_row("", words(language)["total"], count, None, recap.totals))
    return rows


def day_header(language: str = "id") -> list[str]:
    w = words(language)
    return [w["no"], w["identifier"], w["name"], w["unit_code"], w["status"], w["check_in"],
            w["check_out"], w["late_minutes"], w["band"], w["early_minutes"], w["band"],
            w["note"]]


def day_row(number: int, line: DayLine, language: str = "id") -> list[Any]:
    status, entry = line.status, line.entry
    return [number, line.person.identifier, line.person.name, entry.unit_code,
            status_name(status.label, language),
            entry.check_in.strftime("%H:%M") if entry.check_in else "",
            entry.check_out.strftime("%H:%M") if entry.check_out else "",
            status.late_minutes or "", (status.late_band if status.late_minutes else "") or "",
            status.early_minutes or "", (status.early_band if status.early_minutes else "") or "",
            day_note(line, language)]


def day_note(line: DayLine, language: str = "id") -> str:
    """Missing records, missed events, the holiday's name, the absence subtype, a revision."""
    w, status = words(language), line.status
    notes = [w["missing_in"]] if status.missing_in else []
    notes += [w["missing_out"]] if status.missing_out else []
    notes += [f"{w['missed_events']}: {e}" for e in status.missed_events]
    notes += [n for n in (status.holiday, status.subtype) if n]
    notes += [w["revised"]] if line.entry.revised else []
    return "; ".join(notes)
