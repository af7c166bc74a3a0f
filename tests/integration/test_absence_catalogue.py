"""A code added to the absence catalogue as one row plus its evidence rule, with no core file
edited, goes all the way: offered by /izin, filed with its evidence, approved, counted by the
recap and labelled by the reports. On SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.services.recap import day_summary
from tests.catalogue_support import WFH_RULE, working_from_home
from tests.flows_harness import ADMIN, HEAD, ORG, STAFF, TUESDAY, build, texts


@pytest.fixture
async def h(tmp_path, engine):
    with working_from_home():
        harness = build(tmp_path, engine=engine)
        for sender, who in (("501", STAFF), ("600", ADMIN), ("700", HEAD)):
            await harness.link(sender, who)
        yield harness


async def test_a_new_code_is_offered_filed_counted_and_reported(h):
    menu = (await h.send(command="izin")).replies[0].buttons
    assert [(b.label, b.data) for b in menu[-1]] == [("Kerja dari rumah", "lt:WFH")]
    subtypes = await h.send(button="lt:WFH")
    assert [b.data for row in subtypes.replies[0].buttons for b in row] == [
        "lt:WFH:penuh",
        "lt:WFH:setengah_hari",
    ]
    await h.send(button="lt:WFH:penuh")
    await h.send(text="24-11-2026")
    asked = await h.send(text="Renovasi kantor")
    assert "surat tugas" in texts(asked) and str(WFH_RULE) in texts(asked)
    sent = await h.send(document=h.document(b"%PDF-1.4 surat tugas"))
    assert "Kerja dari rumah (penuh)" in texts(sent)
    approve = sent.notices[0][1].buttons[0][0].data
    assert (await h.send("600", button=approve)).toast == "Tercatat: disetujui."
    with h.uow() as uow:
        staff = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)
        [row] = uow.absences([staff.id], TUESDAY, TUESDAY)
        assert (row.code, row.subtype, row.status) == ("WFH", "penuh", "approved")

    h.at(20, 0)
    rekap = texts(await h.send("700", command="rekap"))
    assert "Kerja dari rumah (1): Dewi Lestari A.Md (WFH)" in rekap
    with h.uow() as uow:
        counted = day_summary(uow, ORG, TUESDAY, "setda", now=h.clock.now()).totals
    assert counted.absences == {"WFH": 1} and counted.tk < counted.work_days

    monthly = await h.send("700", command="rekapbulan", args=("2026-11",))
    xlsx, pdf = (r.document.data for r in monthly.replies)
    sheet = load_workbook(io.BytesIO(xlsx))["setda"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "NIP/NIK" in r)
    dewi = dict(zip(header, next(r for r in rows if STAFF in r), strict=True))
    assert (dewi["Kerja dari Rumah"], dewi["24"]) == (1, "WFH")
    printed = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Rumah" in printed
