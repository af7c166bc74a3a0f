"""Exports as a reader opens them: the workbook's sheets and cells, the PDF's text, the CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from core.day_status import DayCode, DayStatus
from core.recap import (
    DayEntry,
    DayLine,
    DaySummary,
    MonthRecap,
    Person,
    employee_lines,
    unit_recap,
)
from core.reports.chart import day_chart, trend_chart
from core.reports.csv import day_csv, month_csv
from core.reports.pdf import day_pdf, month_pdf
from core.reports.table import day_code
from core.reports.xlsx import day_xlsx, month_xlsx

# As the recap service gives it: in the organisation's zone (09:00 WIB is 02:00 UTC).
AS_OF = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
HEAD = Person(1, "197804122005011002", "Drs. Hendra Saputra", "PNS")
ADMIN = Person(2, "198203252008012004", "Rina Marlina S.Sos", "PNS")
STAFF = Person(3, "199611302022032007", "Dewi Lestari A.Md", "CPNS")
NOVEMBER = [date(2026, 11, d) for d in range(1, 31)]


def status(day: date, code: DayCode = DayCode.PRESENT, **fields) -> DayStatus:
    if code is DayCode.PRESENT and day.weekday() > 4:
        code = DayCode.OFF
    return DayStatus(day, code, **fields)


def month(
    person: Person,
    unit: str,
    special: dict[int, DayStatus] | None = None,
    revised: set[int] = frozenset(),
):
    """Every November day present on time in `unit`, except the `special` ones."""
    special = special or {}
    return [DayEntry(special.get(d.day) or status(d), unit, d.day in revised) for d in NOVEMBER]


def recap() -> MonthRecap:
    late = status(date(2026, 11, 24), late_minutes=31, late_band="TL2")
    sick = status(date(2026, 11, 25), DayCode.S)
    tk = status(date(2026, 11, 26), DayCode.TK)
    setda = [
        *employee_lines(HEAD, month(HEAD, "setda", {26: tk}), amount=5_000_000),
        *employee_lines(
            ADMIN, month(ADMIN, "setda", {24: late, 25: sick}, revised={24}), amount=4_000_000
        ),
    ]
    moved = [e if e.day.day < 16 else DayEntry(e.status, "bkpsdm") for e in month(STAFF, "setda")]
    staff = employee_lines(STAFF, moved)
    units = (
        unit_recap(
            "setda",
            "Sekretariat Daerah Kota Sungai Penuh",
            [*setda, *(s for s in staff if s.unit_code == "setda")],
            HEAD,
            ADMIN,
        ),
        unit_recap("bkpsdm", "Badan Kepegawaian", [s for s in staff if s.unit_code == "bkpsdm"]),
    )
    return MonthRecap(
        "pemkot-sungai-penuh",
        "Pemerintah Kota Sungai Penuh",
        2026,
        11,
        NOVEMBER[0],
        NOVEMBER[-1],
        AS_OF,
        units,
        "revisi 1-4 Desember 2026",
    )


def summary() -> DaySummary:
    day = date(2026, 11, 24)
    lines = (
        DayLine(HEAD, DayEntry(status(day), "setda", check_in=time(7, 20), check_out=time(16, 5))),
        DayLine(
            ADMIN,
            DayEntry(
                status(day, late_minutes=31, late_band="TL2"),
                "setda",
                revised=True,
                check_in=time(8, 1),
                check_out=time(16, 2),
            ),
        ),
        DayLine(STAFF, DayEntry(status(day, DayCode.TK), "setda")),
    )
    return DaySummary(
        "pemkot-sungai-penuh",
        "Pemerintah Kota Sungai Penuh",
        day,
        AS_OF,
        "setda",
        "Sekretariat Daerah Kota Sungai Penuh",
        lines,
        HEAD,
        ADMIN,
    )


def rows_of(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def find_row(rows: list[list], value) -> list:
    return next(row for row in rows if value in row)


# --- XLSX ---------------------------------------------------------------------------------------


def test_the_workbook_has_a_summary_sheet_then_one_per_unit():
    book = load_workbook(io.BytesIO(month_xlsx(recap())))
    assert book.sheetnames == ["Ringkasan", "setda", "bkpsdm"]
    summary = rows_of(book["Ringkasan"])
    assert summary[0][0] == "Pemerintah Kota Sungai Penuh"
    assert "Periode: November 2026" in {row[0] for row in summary}
    header = find_row(summary, "Kode Unit")
    setda = dict(zip(header, find_row(summary, "setda"), strict=True))
    assert setda["Jumlah Pegawai"] == 3
    assert setda["Tanpa Keterangan"] == 1
    total = dict(zip(header, find_row(summary, "Jumlah"), strict=True))
    assert total["Jumlah Pegawai"] == 3  # the transferred employee once
    assert total["Hari Kerja"] == 3 * 21


def test_a_unit_sheet_shows_the_day_grid_totals_and_notes_in_bahasa_indonesia():
    rows = rows_of(load_workbook(io.BytesIO(month_xlsx(recap())))["setda"])
    assert rows[2][0] == "Unit Kerja: Sekretariat Daerah Kota Sungai Penuh"
    header = find_row(rows, "NIP/NIK")
    for title in (
        "Hadir",
        "Terlambat",
        "TL2",
        "Sakit",
        "Tanpa Keterangan",
        "Tingkat Kehadiran (%)",
        "Potongan TPP (%)",
        "TPP (Rp)",
        "Keterangan",
    ):
        assert title in header or any(title == h for h in header), title
    admin = dict(zip(header, find_row(rows, ADMIN.identifier), strict=True))
    assert (admin["24"], admin["25"], admin["28"], admin["2"]) == ("TL2*", "S", None, "H")
    assert (admin["Hadir"], admin["Sakit"], admin["TL2"]) == (20, 1, 1)
    # Percents are fractions formatted 0.00%: Excel shows 95,24% in an Indonesian Excel.
    assert admin["Tingkat Kehadiran (%)"] == pytest.approx(0.9524)
    assert admin["Potongan TPP (%)"] == pytest.approx(0.01)  # one TL2
    assert admin["Potongan TPP (Rp)"] == 40_000
    assert admin["Keterangan"] == "direvisi (1)"
    staff = dict(zip(header, find_row(rows, STAFF.identifier), strict=True))
    assert staff["Hari Kerja"] == 10 and staff["Keterangan"] == "juga di bkpsdm"
    assert staff["16"] is None  # counted in bkpsdm
    assert any(str(row[0]).startswith("Keterangan kode: H hadir") for row in rows if row)


def test_the_daily_workbook_lists_times_statuses_and_counts():
    rows = rows_of(load_workbook(io.BytesIO(day_xlsx(summary())))["2026-11-24"])
    assert rows[3][0] == "Tanggal: 24 November 2026"
    admin = find_row(rows, ADMIN.identifier)
    assert admin[4:9] == ["Terlambat", time(8, 1), time(16, 2), 31, "TL2"]
    assert admin[-1] == "direvisi"
    counts = [row[:2] for row in rows]
    assert ["Tepat Waktu", 1] in counts and ["Tanpa Keterangan", 1] in counts


def test_english_labels_on_request():
    book = load_workbook(io.BytesIO(month_xlsx(recap(), language="en")))
    assert book.sheetnames[0] == "Summary"
    assert "Attendance rate (%)" in find_row(rows_of(book["setda"]), "NIP/NIK")
    with pytest.raises(ValueError, match="unknown language"):
        month_xlsx(recap(), language="fr")


# --- PDF ----------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_the_pdf_has_a_page_per_unit_with_header_period_and_signatures():
    data = month_pdf(recap())
    assert data.startswith(b"%PDF")
    text, pages = pdf_text(data)
    assert pages == 2
    assert "SEKRETARIAT DAERAH KOTA SUNGAI PENUH" in text
    assert "REKAPITULASI KEHADIRAN PEGAWAI" in text
    assert "Periode: November 2026" in text
    assert "Admin Presensi" in text and "Mengetahui" in text
    assert "Rina Marlina S.Sos" in text and f"NIP {HEAD.identifier}" in text
    assert "revisi 1-4 Desember 2026" in text
    # bkpsdm has no head or admin in this recap: blank lines to sign on.
    assert "NIP ...................." in text


def test_the_daily_pdf_lists_everyone_and_the_counts():
    text, pages = pdf_text(day_pdf(summary()))
    assert pages == 1
    assert "DAFTAR HADIR HARIAN PEGAWAI" in text and "24 November 2026" in text
    assert "Dewi Lestari A.Md" in text and "08.01" in text  # Indonesian time: 08.01
    assert "Tanpa Keterangan: 1" in text


def test_a_long_unit_continues_on_more_pages_and_any_name_prints():
    people = [
        Person(n, f"1990010120200110{n:02d}", f"Pegawai {n} Łukasz", "PNS") for n in range(60)
    ]
    many = [line for p in people for line in employee_lines(p, month(p, "setda"))]
    big = MonthRecap(
        "x",
        "Pemerintah",
        2026,
        11,
        NOVEMBER[0],
        NOVEMBER[-1],
        AS_OF,
        (unit_recap("setda", "Sekretariat", many),),
    )
    text, pages = pdf_text(month_pdf(big))
    assert pages >= 2 and "Pegawai 59 Łukasz" in text


# --- CSV and charts -----------------------------------------------------------------------------


def test_the_csv_is_one_flat_table_with_the_unit_on_each_line():
    rows = list(csv.DictReader(io.StringIO(month_csv(recap()).decode("utf-8"))))
    assert len(rows) == 4  # head, admin and staff in setda; staff again in bkpsdm
    admin = next(r for r in rows if r["NIP/NIK"] == ADMIN.identifier)
    assert (admin["Kode Unit"], admin["Hadir"], admin["Tingkat Kehadiran (%)"]) == (
        "setda",
        "20",
        "95.24",
    )
    assert [r["Kode Unit"] for r in rows if r["NIP/NIK"] == STAFF.identifier] == ["setda", "bkpsdm"]
    daily = list(csv.reader(io.StringIO(day_csv(summary()).decode("utf-8"))))
    assert daily[0][:5] == ["No", "NIP/NIK", "Nama", "Kode Unit", "Status"]
    assert daily[2][4:7] == ["Terlambat", "08:01", "16:02"]


def test_charts_are_png_images():
    for data in (day_chart(summary()), trend_chart(recap()), trend_chart(recap(), "setda")):
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG" and image.width > 400


def test_day_codes_mark_bands_missing_records_and_revisions():
    day = date(2026, 11, 24)
    both = status(day, late_minutes=5, late_band="TL1", missing_out=True, early_band="PSW4")
    assert day_code(DayEntry(both, "u")) == "TL1/TAP"
    assert day_code(DayEntry(status(day, DayCode.HOLIDAY), "u", revised=True)) == "L*"
    assert day_code(DayEntry(status(day, DayCode.PENDING), "u")) == ""
