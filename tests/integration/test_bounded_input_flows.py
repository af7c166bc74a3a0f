"""Bounded input in the flows, on SQLite and PostgreSQL: forged button ids, evidence files
judged by their bytes, and leave dates no further ahead than the policy allows."""

from __future__ import annotations

import pytest

from core.ids import MAX_ROW_ID, row_id
from tests.flows_harness import ADMIN, STAFF, build, texts

ENGLISH = "199005172015031001"  # Ahmad Fauzi, whose Telegram is in English
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.fixture
async def h(tmp_path, engine):
    harness = build(tmp_path, engine=engine)
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    return harness


async def to_evidence(h, language: str | None = None):
    await h.send(command="izin", language=language)
    await h.send(button="lt:S", language=language)
    await h.send(text="24-11-2026", language=language)
    asked = await h.send(text="Demam tinggi", language=language)
    assert "Pasal 12 ayat (5)" in texts(asked)


@pytest.mark.parametrize(
    "data",
    [
        "ap:99999999999999999999",
        f"ap:{MAX_ROW_ID + 1}",
        "ap:9999999999",
        "rj:99999999999999999999",
        "ap:0",
        "ap:-1",
        "ap:١٢",
    ],
)
async def test_a_forged_button_id_is_an_unknown_button(h, data):
    answer = await h.send("600", button=data)
    assert answer.toast == "Tombol ini tidak dikenal atau sudah kedaluwarsa."
    assert "Tombol ini tidak dikenal" in texts(answer)


async def test_the_largest_row_id_is_looked_up_and_not_found(h):
    answer = await h.send("600", button=f"ap:{MAX_ROW_ID}")
    assert "tidak dikenal" in (answer.toast or "")


def test_row_ids_are_bounded_in_one_place():
    assert row_id("12") == 12 and row_id(str(MAX_ROW_ID)) == MAX_ROW_ID
    assert [row_id(t) for t in ("", "0", "x1", str(MAX_ROW_ID + 1), "9" * 40, "²")] == [None] * 6


async def test_a_program_declared_as_pdf_is_refused_by_its_content(h):
    await to_evidence(h)
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 13
    assert len(program) == 29
    refused = await h.send(document=h.document(program, "application/pdf"))
    assert "bukan PDF atau foto (JPEG, PNG, WebP)" in texts(refused)
    assert refused.notices == []  # nothing forwarded to the approver
    accepted = await h.send(document=h.document(PDF, "application/pdf"))
    [(_, notice)] = accepted.notices
    assert notice.document.name.endswith(".pdf") and notice.document.data == PDF


async def test_a_png_sent_as_a_file_reaches_the_approver_as_png(h):
    await to_evidence(h)
    accepted = await h.send(document=h.document(PNG, "image/png"))
    [(_, notice)] = accepted.notices
    assert notice.document.name.endswith(".png") and notice.document.mime == "image/png"


async def test_an_evidence_file_in_english_is_refused_in_english(h):
    await h.send("502", command="start", language="en")
    await h.send("502", text=ENGLISH, language="en")
    assert "linked" in texts(await h.send("502", text=h.code_for(ENGLISH), language="en"))
    await h.send("502", command="izin")
    await h.send("502", button="lt:S")
    await h.send("502", text="24-11-2026")
    await h.send("502", text="Fever")
    refused = await h.send("502", document=h.document(b"PK\x03\x04 a zip", "application/pdf"))
    assert "This file is not a PDF or a photo" in texts(refused)


async def test_sick_leave_in_2099_is_refused_with_the_limit(h):
    # The harness's today is Tuesday 24 November 2026; sick leave starts at most 7 days ahead.
    await h.send(command="izin")
    await h.send(button="lt:S")
    refused = await h.send(text="24-11-2099")
    assert "Sakit hanya dapat diajukan paling jauh 7 hari ke depan" in texts(refused)
    assert "paling lambat 01-12-2026" in texts(refused)
    asked = await h.send(text="01-12-2026")
    assert "alasan" in texts(asked).lower()


async def test_annual_leave_may_be_planned_months_ahead_but_not_in_2099(h):
    await h.send(command="izin")
    await h.send(button="lt:C")
    await h.send(button="lt:C:tahunan")
    assert "365 hari ke depan" in texts(await h.send(text="02-01-2099"))
    assert "alasan" in texts(await h.send(text="15-06-2027")).lower()
