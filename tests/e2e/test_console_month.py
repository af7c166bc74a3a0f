"""The console's month: the recap grid shows the numbers the XLSX holds, the TPP table, the
report's state; the month downloads as XLSX, PDF and CSV; bad months, formats and units are
refused. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pytest

from tests.console_harness import HENDRA, RINA, form_of, sign_in
from tests.flows_harness import ADMIN, OFFICE

DEWI_NIP = "199611302022032007"


def rows_of(page: str, table_id: str) -> list[list[str]]:
    """The cells' text of each line of the page's table `table_id`."""
    found = re.search(rf'<table [^>]*id="{table_id}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert found, f"no table {table_id}"
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S)
    ]


def grid_row(page: str, name: str) -> list[str]:
    """The cells of `name`'s line in the page's first grid."""
    for cells in rows_of(page, "grid-1"):
        if name in cells:
            return cells
    raise AssertionError(f"{name} not in the grid")


def as_page_writes(value) -> str:
    """An XLSX cell as the page writes it in Bahasa Indonesia."""
    if value is None:
        return ""
    if isinstance(value, float):  # a percent: 0.0588 is 5,88 %
        shown = Decimal(str(value * 100)).quantize(Decimal("0.01")).normalize()
        return f"{shown:f}".replace(".", ",") + " %"
    return str(value)


def test_the_grid_shows_what_the_spreadsheet_holds(live):
    live.clock_in(OFFICE)
    web = sign_in(live, RINA)
    page = web.get("/admin/bulan").text
    assert "Rekap bulanan 2026-11: Sekretariat Daerah Kota Sungai Penuh" in page
    dewi = grid_row(page, "Dewi Lestari A.Md")
    assert dewi[4 + 23] == "H" and dewi[4 + 22] == "TK"  # 24 and 23 November
    sheet = web.get("/admin/bulan/unduh", params={"format": "xlsx"})
    assert sheet.status_code == 200
    assert sheet.headers["content-disposition"] == 'attachment; filename="rekap-setda-2026-11.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(sheet.content))
    [row] = [r for r in book["setda"].iter_rows(values_only=True) if DEWI_NIP in r]
    assert [as_page_writes(v) for v in row] == dewi
    [tpp] = [line for line in rows_of(page, "tpp-1") if line[0] == DEWI_NIP]
    assert tpp == [DEWI_NIP, "Dewi Lestari A.Md", "17", "16", "0", "0", "5,88 %", "48 %"]
    assert "belum dikirim (batas 01-12-2026)" in page


@pytest.mark.parametrize(("kind", "start"), [("pdf", b"%PDF-"), ("csv", b"NIP/NIK")])
def test_the_month_downloads_as_pdf_and_csv(live, kind, start):
    live.clock_in(OFFICE)
    got = sign_in(live, HENDRA).get("/admin/bulan/unduh", params={"format": kind})
    assert got.status_code == 200 and start in got.content[:400]
    assert got.headers["content-disposition"].endswith(f'rekap-setda-2026-11.{kind}"')


def test_a_month_with_nothing_recorded_says_so(live):
    web = sign_in(live, RINA)
    later = web.get("/admin/bulan", params={"bulan": "2027-01"})
    assert later.status_code == 200 and "Belum ada yang tercatat untuk bulan ini." in later.text
    gone = web.get("/admin/bulan/unduh", params={"bulan": "2027-01", "format": "xlsx"})
    assert gone.status_code == 404


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"bulan": "2026-13"}, 400, "Bulan tidak sah"),
        ({"bulan": "November"}, 400, "Bulan tidak sah"),
        ({"unit": "dinkes"}, 403, "di luar wewenang"),
        ({"unit": "nowhere"}, 404, "Tidak ditemukan."),
    ],
    ids=["month_13", "word", "other_unit", "no_unit"],
)
def test_a_bad_month_or_unit_is_refused(live, params, status, words):
    web = sign_in(live, RINA)
    page = web.get("/admin/bulan", params=params)
    assert page.status_code == status and words in page.text
    file = web.get("/admin/bulan/unduh", params={**params, "format": "xlsx"})
    assert file.status_code == status and "spreadsheetml" not in file.headers["content-type"]


def test_an_unknown_format_is_not_found(live):
    live.clock_in(OFFICE)
    answer = sign_in(live, RINA).get("/admin/bulan/unduh", params={"format": "exe"})
    assert answer.status_code == 404


def test_a_super_admin_sees_a_line_per_unit_and_opens_one(live):
    live.clock_in(OFFICE)
    live.make_super_admin(ADMIN)
    web = sign_in(live, RINA)
    page = web.get("/admin/bulan").text
    assert 'id="summary"' in page and 'class="grid"' not in page
    assert '<a href="/admin/bulan?bulan=2026-11&unit=setda">setda</a>' in page
    assert "Dinas Kesehatan" in page  # every unit's report state
    one = web.get("/admin/bulan", params={"bulan": "2026-11", "unit": "setda"}).text
    assert grid_row(one, "Dewi Lestari A.Md")[1] == DEWI_NIP


def test_an_admin_marks_a_month_submitted_as_kirimrekap_does(live):
    web = sign_in(live, RINA)
    page = web.get("/admin/bulan", params={"bulan": "2026-10"})
    assert "Tandai laporan 2026-10 terkirim" in page.text
    fields = {**form_of(page), "bulan": "2026-10"}
    done = web.post("/admin/bulan/kirim", data=fields)
    assert done.status_code == 303
    shown = web.get(done.headers["location"]).text
    assert re.search(r'id="results">.*Rekap 10-2026 ditandai terkirim', shown, re.S), shown
    assert "dikirim 24-11-2026 oleh Rina Marlina S.Sos" in shown
    assert 'id="submit-month"' not in shown
    again = web.post("/admin/bulan/kirim", data=fields)  # the same form, sent twice
    assert "ditandai terkirim" not in web.get(again.headers["location"]).text


def test_a_head_has_no_submit_button_and_a_bad_month_is_refused(live):
    head = sign_in(live, HENDRA).get("/admin/bulan", params={"bulan": "2026-10"}).text
    assert 'id="submit-month"' not in head
    web = sign_in(live, RINA)
    page = web.get("/admin/bulan")
    refused = web.post("/admin/bulan/kirim", data={**form_of(page), "bulan": "Oktober"})
    assert refused.status_code == 400 and "Bulan tidak sah" in refused.text
