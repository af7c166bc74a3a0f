"""Printable PDFs: the unit's header, the period, the table, and the signature blocks.

The admin prints the daily list and the monthly recap and reports it to the head of the unit
(Perwal Sungai Penuh 12/2023 Pasal 14 ayat (1)); the head signs it before it goes to BKPSDM.
A4 landscape, in DejaVu Sans (the Unicode font matplotlib ships), so that any name prints.
Tables are fpdf2's `table()`: cells wrap at word boundaries, the heading row is repeated on
every page, and rows never split across pages; column widths are measured so that every
heading word fits whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import matplotlib
from fpdf import FPDF, FontFace

from core.absence_codes import recap_codes
from core.recap import DaySummary, MonthRecap, Person
from core.reports.cells import escape
from core.reports.formats import clock, full_date, long_date, month_name, number, stamp
from core.reports.labels import status_name, words
from core.reports.pdf_layout import fit_widths
from core.reports.table import LKH_KEYS, Column, Kind, MonthTable, day_columns, day_row

FONT = "DejaVu"
FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
SIZE = 7.0  # body and heading points; fit_widths goes smaller when a table needs it
HEAD_FILL = (217, 225, 242)


class _MonthKeys:
    """The monthly table's columns the PDF prints (MonthTable's keys, in the table's order):
    the totals without the day grid, and every absence code of the catalogue."""

    TOTALS = frozenset(
        {
            "no",
            "identifier",
            "name",
            "work_days",
            "present",
            "on_time",
            "late",
            "early",
            "TK",
            "missed_events",
            *LKH_KEYS,  # only in the table where a policy asks for daily reports
            "rate",
            "deduction",
            "tpp_cut",
            "note",
        }
    )

    def __contains__(self, key: object) -> bool:
        return key in self.TOTALS or key in recap_codes()


MONTH_KEYS = _MonthKeys()
FLEXIBLE = {"name", "note", "status"}  # these take the width left over and wrap


def month_pdf(
    recap: MonthRecap,
    language: str = "id",
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """A section per unit: header, totals per employee, the unit's total, signatures."""
    w = words(language)
    period = f"{w['period']}: {month_name(recap.year, recap.month, language)}"
    pdf = _document(f"{w['title_month']} {period}", recap.as_of, language)
    table = MonthTable(recap, language, days=False)
    keep = [i for i, c in enumerate(table.columns) if c.key in MONTH_KEYS]
    columns = [table.columns[i] for i in keep]
    for unit in recap.units:
        pdf.add_page()
        _header(pdf, recap.org_name, w["title_month"], unit.name, period)
        rows = [
            [row[i] for i in keep]
            for row in (table.row(n, line) for n, line in enumerate(unit.employees, 1))
        ]
        total = [table.total_row(unit)[i] for i in keep]
        _table(pdf, columns, rows, language, total=total)
        notes = [w["lkh_note"]] if recap.lkh else []
        notes += [f"{w['revision']}: {recap.revision}"] if recap.revision else []
        if notes:
            pdf.ln(2)
            pdf.set_font(FONT, size=7)
        for note in notes:
            pdf.multi_cell(0, 4, escape(note), new_x="LMARGIN", new_y="NEXT")
        _signatures(pdf, unit.name, unit.admin, unit.head, recap.as_of.date(), language)
        if progress:
            progress(len(unit.employees))
    return bytes(pdf.output())


def day_pdf(summary: DaySummary, language: str = "id") -> bytes:
    """The daily list with the count per status and the signatures."""
    w = words(language)
    pdf = _document(f"{w['title_day']} {summary.day.isoformat()}", summary.as_of, language)
    pdf.add_page()
    _header(
        pdf,
        summary.org_name,
        w["title_day"],
        summary.unit_name,
        f"{w['date']}: {full_date(summary.day, language)}",
    )
    rows = [day_row(n, line, language) for n, line in enumerate(summary.lines, 1)]
    _table(pdf, day_columns(language), rows, language)
    pdf.ln(3)
    pdf.set_font(FONT, size=8)
    counts = ", ".join(f"{status_name(k, language)}: {v}" for k, v in summary.counts.items())
    pdf.multi_cell(0, 4, f"{w['status']}: {counts}", new_x="LMARGIN", new_y="NEXT")
    _signatures(pdf, summary.unit_name, summary.admin, summary.head, summary.as_of.date(), language)
    return bytes(pdf.output())


class _Pdf(FPDF):
    """When it was printed and the page number in the footer."""

    page_word = "Halaman"
    printed = ""

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, size=7)
        self.cell(0, 5, self.printed, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"{self.page_word} {self.page_no()}/{{nb}}", align="R")


def _document(title: str, as_of, language: str = "id") -> _Pdf:
    w = words(language)
    pdf = _Pdf(orientation="L", format="A4")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.page_word = w["page"]
    pdf.printed = f"{w['printed']}: {stamp(as_of, language)}"
    pdf.set_title(title)
    pdf.set_creator("presensi")
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_margins(10, 10, 10)
    return pdf


def _header(pdf: FPDF, org: str, title: str, unit: str, period: str) -> None:
    pdf.set_font(FONT, "B", 11)
    for text in (org.upper(), title, unit.upper()):
        pdf.multi_cell(0, 6, escape(text), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    pdf.cell(0, 6, period, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _table(
    pdf: FPDF,
    columns: Sequence[Column],
    rows: list[list[Any]],
    language: str,
    total: list[Any] | None = None,
) -> None:
    """The heading row (repeated on each page), the rows, and a bold total row."""
    heads = [_heading(c.title) for c in columns]
    texts = [
        [_cell(v, c.kind, language) for v, c in zip(row, columns, strict=True)] for row in rows
    ]
    totals = [_cell(v, c.kind, language) for v, c in zip(total or [], columns, strict=False)]
    width = pdf.w - pdf.l_margin - pdf.r_margin
    size, widths = fit_widths(
        pdf, FONT, SIZE, heads, [*texts, totals], [c.key in FLEXIBLE for c in columns], width
    )
    pdf.set_font(FONT, size=size)
    align = [
        "LEFT"
        if c.kind in (Kind.TEXT, Kind.ID)
        else "CENTER"
        if c.kind in (Kind.TIME, Kind.DAY)
        else "RIGHT"
        for c in columns
    ]
    heading = FontFace(emphasis="BOLD", size_pt=size, fill_color=HEAD_FILL)
    with pdf.table(
        col_widths=widths,
        width=width,
        text_align=align,
        headings_style=heading,
        line_height=size * 0.55,
        padding=(0.6, 0.8),
        v_align="MIDDLE",
        repeat_headings=1,
    ) as table:
        heading_row = table.row()
        for text in heads:
            heading_row.cell(text, align="CENTER")
        for cells in texts:
            table.row(cells)
        if total:
            bold = table.row(style=FontFace(emphasis="BOLD", size_pt=size))
            for text in totals:
                bold.cell(text)


def _heading(title: str) -> str:
    """A heading may wrap after a slash too: 'Pendidikan/Pelatihan' is one word otherwise."""
    return title.replace("/", "/ ") if len(title) > 12 else title


def _cell(value: Any, kind: Kind, language: str) -> str:
    if value is None or value == "":
        return ""
    if kind is Kind.TIME:
        return clock(value, language)
    if kind is Kind.PERCENT:
        return number(value, language, digits=2)
    if kind in (Kind.INT, Kind.RUPIAH):
        return number(value, language)
    return escape(str(value))


def _signatures(
    pdf: FPDF, unit: str, admin: Person | None, head: Person | None, day, language: str
) -> None:
    w = words(language)
    if pdf.will_page_break(45):
        pdf.add_page()
    pdf.ln(6)
    pdf.set_font(FONT, size=9)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    left = ["", w["admin"], "", "", "", _name(admin), _nip(admin)]
    right = [
        long_date(day, language),
        w["known"],
        f"{w['head']} {unit}",
        "",
        "",
        _name(head),
        _nip(head),
    ]
    for a, b in zip(left, right, strict=True):
        pdf.cell(half, 5, escape(a), align="C")
        pdf.cell(half, 5, escape(b), align="C", new_x="LMARGIN", new_y="NEXT")


def _name(person: Person | None) -> str:
    return person.name if person else "(....................................)"


def _nip(person: Person | None) -> str:
    return f"NIP {person.identifier}" if person else "NIP ...................."
