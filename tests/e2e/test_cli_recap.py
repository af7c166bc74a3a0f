"""`presensi recap` as an admin uses it: a month or a day, printed or written as a file."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.geo import Point
from core.rules import Direction
from core.services.attendance import CheckRequest, record_check
from core.storage.database import make_engine, session_factory
from core.storage.uow import UnitOfWork

EXAMPLES = Path(__file__).parents[2] / "examples"
ORG = "pemkot-sungai-penuh"
WIB = ZoneInfo("Asia/Jakarta")
SETDA_OFFICE = Point(-2.06198, 101.39280)
STAFF = "199611302022032007"
ADMIN = "198203252008012004"
TUESDAY = date(2025, 11, 11)


@pytest.fixture
def recorded(cli, tmp_path):
    """The Sungai Penuh example, everyone on staff since 2025, and two days of November 2025."""
    assert cli("db", "upgrade")[0] == 0
    assert cli("org", "load", str(EXAMPLES / "org-sungai-penuh.yaml"))[0] == 0
    lines = (EXAMPLES / "employees-sungai-penuh.csv").read_text().splitlines()
    staff = tmp_path / "staff.csv"
    staff.write_text(
        "\n".join(
            [lines[0], *(line.rsplit(",", 1)[0] + ",2025-01-02T07:30+07:00" for line in lines[1:])]
        )
        + "\n"
    )
    code, _, err = cli("employees", "import", str(staff), "--org", ORG)
    assert code == 0, err
    engine = make_engine(f"sqlite:///{cli.database}")
    with UnitOfWork(session_factory(engine)) as uow:
        org_id = uow.organisation(ORG).id
        for who, direction, hour, minute in (
            (STAFF, Direction.IN, 7, 25),
            (STAFF, Direction.OUT, 16, 5),
            (ADMIN, Direction.IN, 8, 1),
        ):
            employee = uow.employee_by_identifier(org_id, who)
            when = datetime.combine(TUESDAY, time(hour, minute), WIB)
            record_check(uow, CheckRequest(employee.id, direction, SETDA_OFFICE, at=when))
        uow.commit()
    engine.dispose()
    return cli


def test_the_month_is_printed_per_unit(recorded):
    code, out, _ = recorded("recap", "--org", ORG, "--month", "2025-11")
    assert code == 0
    assert "Pemerintah Kota Sungai Penuh: November 2025" in out
    setda = next(line for line in out.splitlines() if line.startswith("setda"))
    # 20 weekdays in November 2025; 4 people; two days present out of 80.
    assert "4 pegawai" in setda and "hadir 2/80" in setda and "terlambat 1" in setda
    assert "tingkat kehadiran 2,50%" in setda  # the Indonesian decimal comma


def test_the_month_as_xlsx_with_tpp(recorded, tmp_path):
    target = tmp_path / "out" / "rekap-2025-11.xlsx"
    code, out, err = recorded(
        "recap",
        "--org",
        ORG,
        "--month",
        "2025-11",
        "--unit",
        "setda",
        "--out",
        str(target),
        "--tpp-amount",
        "5000000",
    )
    assert code == 0, err
    assert str(target) in out
    book = load_workbook(target)
    assert book.sheetnames == ["Ringkasan", "setda"]
    rows = [list(r) for r in book["setda"].iter_rows(values_only=True)]
    header = next(r for r in rows if "NIP/NIK" in r)
    staff = dict(zip(header, next(r for r in rows if STAFF in r), strict=True))
    assert (staff["Hadir"], staff["Tanpa Keterangan"], staff["11"]) == (1, 19, "H")
    # 19 days TK at 3 % is 57 %, a CPNS is ASN: Rp 5.000.000 x 57 %.
    assert staff["Potongan TPP (%)"] == pytest.approx(0.57)  # shown as 57,00%
    assert staff["Potongan TPP (Rp)"] == 2_850_000


def test_the_month_as_pdf_csv_and_png(recorded, tmp_path):
    pdf, table, png = tmp_path / "r.pdf", tmp_path / "r.csv", tmp_path / "r.png"
    assert (
        recorded(
            "recap",
            "--org",
            ORG,
            "--month",
            "2025-11",
            "--unit",
            "setda",
            "--format",
            "pdf",
            "--out",
            str(pdf),
        )[0]
        == 0
    )
    text = PdfReader(pdf).pages[0].extract_text()
    assert "SEKRETARIAT DAERAH KOTA SUNGAI PENUH" in text and "November 2025" in text
    assert recorded("recap", "--org", ORG, "--month", "2025-11", "--out", str(table))[0] == 0
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert {r["Kode Unit"] for r in rows} >= {"setda", "disdik"}
    assert recorded("recap", "--org", ORG, "--month", "2025-11", "--out", str(png))[0] == 0
    assert png.read_bytes().startswith(b"\x89PNG")


def test_the_daily_list_is_printed_and_written(recorded, tmp_path):
    code, out, _ = recorded("recap", "--org", ORG, "--day", "2025-11-11", "--unit", "setda")
    assert code == 0
    assert "Selasa, 11 November 2025" in out
    assert "Dewi Lestari A.Md" in out and "07.25 16.05  Tepat Waktu" in out
    # No check-out: the day is over, so it counts as leaving early too (the last band).
    assert "08.01 --:--  Terlambat & Pulang Cepat" in out
    target = tmp_path / "harian.xlsx"
    assert (
        recorded(
            "recap", "--org", ORG, "--day", "2025-11-11", "--unit", "setda", "--out", str(target)
        )[0]
        == 0
    )
    assert load_workbook(target).sheetnames == ["2025-11-11"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--month", "2025-02"), "no attendance recorded for 2025-02"),
        (("--month", "2025-11", "--unit", "nope"), "no unit 'nope'"),
        (("--month", "2025-13"), "bad month '2025-13': use YYYY-MM"),
        (("--month", "2025-11", "--day", "2025-11-11"), "either --month"),
        ((), "either --month"),
        (("--day", "11-11-2025"), "bad day"),
        (("--month", "2025-11", "--format", "docx", "--out", "x"), "unknown format 'docx'"),
        (("--month", "2025-11", "--tpp", "PNS:5000000"), "KIND=AMOUNT"),
    ],
)
def test_bad_requests_say_what_is_wrong(recorded, args, message):
    code, out, err = recorded("recap", "--org", ORG, *args)
    assert code == 1
    assert message in err and out == ""


def test_an_unknown_organisation_is_named(recorded):
    code, _, err = recorded("recap", "--org", "nobody", "--month", "2025-11")
    assert code == 1 and "no organisation 'nobody'" in err


def test_an_unknown_extension_is_refused_naming_the_accepted_ones(recorded, tmp_path):
    target = tmp_path / "rekap.docx"
    code, out, err = recorded("recap", "--org", ORG, "--month", "2025-11", "--out", str(target))
    assert code == 1 and out == ""
    assert err.strip() == (
        "error: cannot write rekap.docx: unknown extension .docx; use one of xlsx, pdf, csv, png"
    )
    assert not target.exists()
    code, _, err = recorded(
        "recap",
        "--org",
        ORG,
        "--month",
        "2025-11",
        "--format",
        "pdf",
        "--out",
        str(tmp_path / "r.xlsx"),
    )
    assert code == 1 and "--format pdf writes .pdf, not .xlsx" in err


def test_the_summary_follows_the_language(recorded):
    code, out, _ = recorded("recap", "--org", ORG, "--month", "2025-11", "--lang", "en")
    assert code == 0
    assert "Pemerintah Kota Sungai Penuh: November 2025 (1 November 2025 - 30 November 2025)" in out
    setda = next(line for line in out.splitlines() if line.startswith("setda"))
    assert "4 employees" in setda and "present 2/80" in setda and "late 1" in setda
    assert "attendance rate 2.50%" in setda and "pegawai" not in setda
    code, out, _ = recorded(
        "recap", "--org", ORG, "--day", "2025-11-11", "--unit", "setda", "--lang", "en"
    )
    assert "Tuesday, 11 November 2025" in out and "07:25 16:05  On time" in out
    code, _, err = recorded("recap", "--org", ORG, "--month", "2025-11", "--lang", "fr")
    assert code == 1 and "unknown language 'fr'" in err


def test_the_excel_csv_and_the_print_stamp_in_the_organisations_zone(recorded, tmp_path):
    table, book = tmp_path / "r.csv", tmp_path / "r.xlsx"
    assert (
        recorded(
            "recap",
            "--org",
            ORG,
            "--month",
            "2025-11",
            "--unit",
            "setda",
            "--format",
            "csv-excel",
            "--out",
            str(table),
        )[0]
        == 0
    )
    data = table.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert f'="{STAFF}"' in {row[3] for row in rows[1:]}
    assert (
        recorded(
            "recap", "--org", ORG, "--month", "2025-11", "--unit", "setda", "--out", str(book)
        )[0]
        == 0
    )
    stamp = next(
        r[0]
        for r in load_workbook(book)["setda"].iter_rows(values_only=True)
        if r[0] and str(r[0]).startswith("Dicetak:")
    )
    assert stamp.endswith(" WIB")  # Sungai Penuh's zone, never UTC
