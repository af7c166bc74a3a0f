"""The console's audit page: a receipt code checked as /cek checks it in chat, and the log's
chain checked by a super admin, tampering found. On SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from tests.console_harness import RINA, form_of, sign_in
from tests.flows_harness import ADMIN, OFFICE

RECEIPT = re.compile(r"Tanda terima: ([0-9A-Z-]+)")


def check(web, code: str):
    page = web.get("/admin/audit")
    return web.post("/admin/audit/cek", data={**form_of(page), "code": code})


def test_a_receipt_is_checked_as_in_chat(live):
    code = RECEIPT.search(live.clock_in(OFFICE)).group(1)
    web = sign_in(live, RINA)
    done = check(web, code.lower())  # typed as it was read out, in lower case
    assert done.status_code == 303
    answer = web.get(done.headers["location"]).text
    assert "✅ Masih berlaku sebagaimana tercatat:" in answer and "masuk 24-11-2026 07:20" in answer


@pytest.mark.parametrize(
    ("typed", "status", "words"),
    [
        ("1199-HWDY-Q41H-EJXA", 200, "tidak dikenal"),
        ("12", 200, "Itu bukan kode tanda terima"),
        ("   ", 400, "Tulis kode tanda terima."),
    ],
    ids=["unknown", "malformed", "blank"],
)
def test_a_bad_code_is_answered(live, typed, status, words):
    web = sign_in(live, RINA)
    answer = check(web, typed)
    if answer.status_code == 303:
        answer = web.get(answer.headers["location"])
    assert answer.status_code == status and words in answer.text


def test_a_unit_admin_cannot_check_the_log(live):
    page = sign_in(live, RINA).get("/admin/audit", params={"periksa": "1"}).text
    assert 'id="chain"' not in page and "rantai utuh" not in page


def test_a_super_admin_checks_the_chain_and_finds_tampering(live):
    live.clock_in(OFFICE)
    live.make_super_admin(ADMIN)
    web = sign_in(live, RINA)
    intact = web.get("/admin/audit", params={"periksa": "1"}).text
    assert re.search(r'id="chain-result">\d+ entri, rantai utuh\.', intact)
    assert "AUDIT_KEY is not set" in intact  # what the set-up leaves unprotected, said
    with live.h.uow() as uow:  # someone with the database's password moves a clock-in
        uow.session.execute(text("UPDATE attendance SET outcome = 'late'"))
        uow.commit()
    tampered = web.get("/admin/audit", params={"periksa": "1"}).text
    assert re.search(r'id="chain-result">1 masalah ditemukan:', tampered)
    assert re.search(r"<li>attendance row \d+ was edited</li>", tampered)
