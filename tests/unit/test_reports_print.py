"""The printed PDFs as a reader sees them: whole heading words, the heading above the rows and
again on every page, numbers and dates written the Indonesian (or English) way."""

from __future__ import annotations

import io
import re
from datetime import date, time

from pypdf import PdfReader

from core.recap import DayEntry, DayLine, DaySummary, MonthRecap, Person, employee_lines
from core.recap import unit_recap as make_unit
from core.reports.pdf import MONTH_KEYS, day_pdf, month_pdf
from core.reports.table import MonthTable, day_header
from tests.unit.test_reports import AS_OF, NOVEMBER, month, recap, status, summary

FRIDAY = date(2026, 11, 27)


def pages(data: bytes) -> list[list[tuple[float, str]]]:
    """Each page's text fragments with their height on the page (larger is higher up)."""
    result = []
    for page in PdfReader(io.BytesIO(data)).pages:
        found: list[tuple[float, str]] = []
        page.extract_text(
            visitor_text=lambda text, cm, tm, font, size, found=found: (
                found.append((tm[5], text.strip())) if text.strip() else None
            )
        )
        result.append(found)
    return result


def words_of(fragments: list[tuple[float, str]]) -> set[str]:
    return {w for _, text in fragments for w in re.split(r"[\s/]+", text) if w}


def heading_words(titles: list[str]) -> set[str]:
    return {w for title in titles for w in re.split(r"[\s/]+", title) if w}


def long_day(count: int) -> DaySummary:
    """A Friday's list long enough for three pages."""
    lines = tuple(
        DayLine(
            Person(n, f"19900101202001{n:04d}", f"Pegawai Nomor {n}", "PNS"),
            DayEntry(
                status(FRIDAY, late_minutes=12, late_band="TL1"),
                "setda",
                check_in=time(7, 42),
                check_out=time(16, 1),
            ),
        )
        for n in range(count)
    )
    return DaySummary(
        "x", "Pemerintah Kota Sungai Penuh", FRIDAY, AS_OF, "setda", "Sekretariat Daerah", lines
    )


def month_titles(language: str) -> list[str]:
    table = MonthTable(recap(), language, days=False)
    return [c.title for c in table.columns if c.key in MONTH_KEYS]


def test_monthly_heading_words_are_printed_whole():
    for language in ("id", "en"):
        printed = words_of(pages(month_pdf(recap(), language))[0])
        expected = heading_words(month_titles(language))
        assert expected - printed == set(), language
    # The words the old layout cut ("Terlamb/at", "Tuga/s") are among those checked.
    assert {"Terlambat", "Tugas", "Kehadiran", "Keterangan"} <= heading_words(month_titles("id"))


def test_the_monthly_heading_ends_above_the_first_row():
    fragments = pages(month_pdf(recap()))[0]
    heads = heading_words(month_titles("id"))
    first = next(i for i, (_, text) in enumerate(fragments) if text == "199611302022032007")
    heading_ys = [y for y, text in fragments[:first] if set(re.split(r"[\s/]+", text)) <= heads]
    first_row = fragments[first][0]
    # A 7-point line: the lowest heading line is at least a line above the first row's.
    assert min(heading_ys) - first_row >= 7


def test_the_daily_heading_ends_above_the_first_row_and_repeats_on_every_page():
    printed = pages(day_pdf(long_day(70)))
    assert len(printed) >= 2
    heads = heading_words(day_header("id"))
    for number, fragments in enumerate(printed, 1):
        first = next(
            (i for i, (_, text) in enumerate(fragments) if text.startswith("19900101202001")), None
        )
        if first is None:
            continue  # the signature page
        drawn_before = fragments[:first]  # the page's title lines and the heading row
        assert heads - words_of(drawn_before) == set(), f"page {number}"
        heading_ys = [y for y, text in drawn_before if set(re.split(r"[\s/]+", text)) <= heads]
        assert min(heading_ys) - fragments[first][0] >= 7, f"page {number}"
    everyone = {text for page in printed for _, text in page}
    assert {f"Pegawai Nomor {n}" for n in range(70)} <= everyone


def test_pdf_numbers_dates_and_times_in_bahasa_indonesia():
    monthly = {text for page in pages(month_pdf(recap())) for _, text in page}
    assert "95,24" in monthly and "96,15" in monthly  # rates; 95.24 nowhere
    assert not any("95.24" in text for text in monthly)
    assert "1 Desember 2026" in monthly  # the signature's date
    assert "Dicetak: 1 Desember 2026 09.00 WIB" in monthly  # the organisation's zone
    daily = {text for page in pages(day_pdf(long_day(3))) for _, text in page}
    assert "Tanggal: Jumat, 27 November 2026" in daily
    assert "07.42" in daily and "16.01" in daily


def test_pdf_in_english():
    monthly = {text for page in pages(month_pdf(recap(), "en")) for _, text in page}
    assert "Period: November 2026" in monthly and "95.24" in monthly
    assert "Printed: 1 December 2026 09:00 WIB" in monthly
    daily = {text for page in pages(day_pdf(long_day(3), "en")) for _, text in page}
    assert "Date: Friday, 27 November 2026" in daily and "07:42" in daily


def test_rupiah_deductions_are_grouped_the_indonesian_way():
    monthly = {text for page in pages(month_pdf(recap())) for _, text in page}
    # The head of unit: one TK day, 3 % of Rp 5.000.000.
    assert "150.000" in monthly and "3,00" in monthly


def test_a_long_name_wraps_inside_its_cell():
    name = "Prof. Dr. Ir. Hj. Raden Ajeng Siti Nurhaliza Kusumawardhani Puspitasari M.Kes"
    person = Person(9, "198001012005012001", name, "PNS")
    lines = employee_lines(person, month(person, "setda"))
    big = MonthRecap(
        "x",
        "Pemerintah",
        2026,
        11,
        NOVEMBER[0],
        NOVEMBER[-1],
        AS_OF,
        (make_unit("setda", "Sekretariat", lines),),
    )
    printed = words_of(pages(month_pdf(big))[0])
    assert set(name.split()) <= printed  # every word whole, none cut with '...'


def test_the_daily_summary_fixture_prints_on_one_page():
    assert len(pages(day_pdf(summary()))) == 1
