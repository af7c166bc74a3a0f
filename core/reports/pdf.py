"""Printable PDFs: the unit's header, the period, the table, and the signature blocks.

The admin prints the daily list and the monthly recap and reports it to the head of the unit
(Perwal Sungai Penuh 12/2023 Pasal 14 ayat (1)); the head signs it before it goes to BKPSDM.
A4 landscape, in DejaVu Sans (the Unicode font matplotlib ships), so that any name prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import matplotlib
from fpdf import FPDF

from core.recap import DaySummary, MonthRecap, Person, UnitRecap
from core.reports.labels import long_date, status_name, words
from core.reports.table import MonthTable, day_header, day_row

FONT = "DejaVu"
FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
ROW_H = 5.0

# Totals columns of the monthly table: (header key, width in mm); the day grid does not fit.
MONTH_COLUMNS = (
    ("no", 8), ("identifier", 34), ("name", 52), ("work_days", 12), ("present", 12),
    ("on_time", 12), ("late", 14), ("early", 14), ("S", 9), ("I", 9), ("C", 9),
    ("T", 9), ("DL", 9), ("P", 9), ("TK", 9), ("missed_events", 12), ("rate", 15),
    ("deduction", 15), ("note", 0),
)
CODES = ("S", "I", "C", "T", "DL", "P")  # in MONTH_COLUMNS' order
DAY_WIDTHS = (8, 34, 56, 24, 38, 14, 14, 16, 14, 16, 14, 0)


def month_pdf(
    recap: MonthRecap,
    language: str = "id",
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """A section per unit: header, totals per employee, the unit's total, signatures."""
    w = words(language)
    pdf = _document(f"{w['title_month']} {recap.period}", language)
    table = MonthTable(recap, language, days=False)
    for unit in recap.units:
        pdf.add_page()
        _header(pdf, recap.org_name, w["title_month"], unit.name,
                f"{w['period']}: {recap.period}")
        widths = [width for _, width in MONTH_COLUMNS]
        _row(pdf, [w[key] for key, _ in MONTH_COLUMNS], widths, bold=True)
        for number, line in enumerate(unit.employees, 1):
            _row(pdf, _month_cells(number, line, table), widths)
        _row(pdf, _unit_total(unit, w), widths, bold=True)
        if recap.revision:
            pdf.ln(2)
            pdf.set_font(FONT, size=7)
            pdf.cell(0, 4, (f"{w['revision']}: {recap.revision}"),
                     new_x="LMARGIN", new_y="NEXT")
        _signatures(pdf, unit.name, unit.admin, unit.head, recap.as_of.date(), language)
        if progress:
            progress(len(unit.employees))
    return bytes(pdf.output())


def day_pdf(summary: DaySummary, language: str = "id") -> bytes:
    """The daily list with the count per status and the signatures."""
    w = words(language)
    pdf = _document(f"{w['title_day']} {summary.day.isoformat()}", language)
    pdf.add_page()
    _header(pdf, summary.org_name, w["title_day"], summary.unit_name,
            f"{w['date']}: {long_date(summary.day, language)}")
    widths = list(DAY_WIDTHS)
    _row(pdf, day_header(language), widths, bold=True)
    for number, line in enumerate(summary.lines, 1):
        _row(pdf, day_row(number, line, language), widths)
    pdf.ln(3)
    pdf.set_font(FONT, size=8)
    counts = ", ".join(f"{status_name(k, language)}: {v}" for k, v in summary.counts.items())
    pdf.multi_cell(0, 4, (f"{w['status']}: {counts}"), new_x="LMARGIN", new_y="NEXT")
    _signatures(pdf, summary.unit_name, summary.admin, summary.head, summary.as_of.date(),
                language)
    return bytes(pdf.output())


class _Pdf(FPDF):
    """Page numbers in the footer."""

    page_word = "Halaman"

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, size=7)
        self.cell(0, 5, f"{self.page_word} {self.page_no()}/{{nb}}", align="R")


def _document(title: str, language: str = "id") -> _Pdf:
    pdf = _Pdf(orientation="L", format="A4")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.page_word = words(language)["page"]
    pdf.set_title(title)
    pdf.set_creator("presensi")
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_margins(10, 10, 10)
    return pdf


def _header(pdf: FPDF, org: str, title: str, unit: str, period: str) -> None:
    pdf.set_font(FONT, "B", 11)
    for text in (org.upper(), title, unit.upper()):
        pdf.cell(0, 6, (text), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    pdf.cell(0, 6, (period), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _row(pdf: FPDF, values: Sequence[Any], widths: Sequence[float], bold: bool = False) -> None:
    """One table row; a width of 0 takes what is left of the line. Header rows wrap."""
    pdf.set_font(FONT, "B" if bold else "", 6.5)
    rest = pdf.w - pdf.r_margin - pdf.l_margin - sum(widths)
    sizes = [width or rest for width in widths]
    texts = [_text(v) if bold else _fit(pdf, _text(v), width)
             for v, width in zip(values, sizes, strict=False)]
    height = ROW_H * (2 if bold else 1)
    if pdf.will_page_break(height):
        pdf.add_page()
    for text, width in zip(texts, sizes, strict=False):
        if bold:
            x, y = pdf.get_x(), pdf.get_y()
            pdf.multi_cell(width, height / 2, text, border=1, align="C", max_line_height=ROW_H)
            pdf.set_xy(x + width, y)
        else:
            pdf.cell(width, height, text, border=1)
    pdf.ln(height)


def _signatures(pdf: FPDF, unit: str, admin: Person | None, head: Person | None, day, language):
    w = words(language)
    if pdf.will_page_break(40):
        pdf.add_page()
    pdf.ln(6)
    pdf.set_font(FONT, size=9)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    left = [w["admin"], "", "", "", _name(admin), _nip(admin)]
    right = [f"{long_date(day, language)}", w["known"], f"{w['head']} {unit}", "", "",
             _name(head), _nip(head)]
    left = ["", *left]
    for a, b in zip(left, right, strict=False):
        pdf.cell(half, 5, (a), align="C")
        pdf.cell(half, 5, (b), align="C", new_x="LMARGIN", new_y="NEXT")


def _name(person: Person | None) -> str:
    return person.name if person else "(....................................)"


def _nip(person: Person | None) -> str:
    return f"NIP {person.identifier}" if person else "NIP ...................."


def _month_cells(number: int, line, table: MonthTable) -> list[Any]:
    t = line.totals
    return [number, line.person.identifier, line.person.name, t.work_days, t.present,
            t.on_time, t.late_count, t.early_count, *(t.absences.get(c, 0) for c in CODES),
            t.tk, t.missed_events, t.rate, line.deduction.percent, table.note(line)]


def _unit_total(unit: UnitRecap, w: dict[str, str]) -> list[Any]:
    t = unit.totals
    return ["", "", w["total"], t.work_days, t.present, t.on_time, t.late_count,
            t.early_count, *(t.absences.get(c, 0) for c in CODES),
            t.tk, t.missed_events, t.rate, "", ""]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """Cut a text that would overflow its cell."""
    if pdf.get_string_width(text) <= width - 2:
        return text
    while text and pdf.get_string_width(text + "...") > width - 2:
        text = text[:-1]
    return text + "..."
