"""/rekapbulan sends the same escaped files as `presensi recap`, in the user's language."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.flows_harness import HEAD, ORG, STAFF, build

EVIL = '=HYPERLINK("http://x","klik")'


@pytest.fixture
async def h(tmp_path):
    harness = build(tmp_path)
    with harness.uow() as uow:
        staff = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)
        staff.name = EVIL  # a name as typed into the employee file
        uow.commit()
    await harness.link("501", STAFF)
    await harness.link("700", HEAD)
    return harness


async def test_a_name_sent_through_the_chat_is_not_a_formula(h):
    await h.clock_in("501", STAFF)
    answer = await h.send("700", command="rekapbulan", args=("2026-11",))
    xlsx, pdf = (r.document for r in answer.replies)
    book = load_workbook(io.BytesIO(xlsx.data))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'" + EVIL in {c.value for c in cells}
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "'=HYPERLINK" in text.replace("\n", "")
    assert "Tingkat" in text and "Dicetak:" in text and "WIB" in text
