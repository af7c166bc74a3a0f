"""Receipts through the chat flows, on SQLite and PostgreSQL: every recorded clock-in, /koreksi,
/manual and request decision gives the employee a code; /cek and the service say whether the
record still stands, what replaced it, or that it was changed behind the audit log."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from core import receipts as codes
from core.receipts import MalformedCode
from core.services import receipts
from core.storage.tables import AbsenceRow, AttendanceRow
from tests.flows_harness import (
    ADMIN,
    ENGINES,
    RECEIPT_KEY,
    STAFF,
    build,
    engine_for,
    rows,
    texts,
)
from tests.integration.test_flows_checkin import set_unit_policy
from tests.integration.test_flows_leave import file_sick_note
from tests.integration.test_flows_missed import filed, requests

CODE = re.compile(r"(?:Tanda terima|Receipt): ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3,4})")


@pytest.fixture(params=ENGINES)
async def h(request, tmp_path):
    harness = build(tmp_path, engine=engine_for(request))
    await harness.link("501", STAFF)
    await harness.link("600", ADMIN)
    set_unit_policy(harness, {"revision_days": [1, 4]})
    return harness


def code_in(text: str) -> str:
    found = CODE.search(text)
    assert found, text
    return found.group(1)


def check(h, code: str) -> receipts.Verification:
    with h.uow() as uow:
        return receipts.verify(uow, RECEIPT_KEY, code)


async def cek(h, code: str, sender: str = "501") -> str:
    args = tuple(code.split())
    return texts(await h.send(sender, command="cek", text=f"/cek {code}", args=args))


async def test_a_clock_in_gives_a_receipt_that_stands(h):
    h.at(7, 20)
    answer = await h.clock_in("501", STAFF)
    reply = texts(answer)

    # The verdict reply is unchanged; the receipt follows it, with the rule it was judged by.
    assert reply.startswith("✅ Masuk tercatat 07:20 WIB: tepat waktu. Jangan lupa absen Pulang.\n")
    code = code_in(reply)
    assert f"🧾 Tanda terima: {code} (cek: /cek {code})\nDasar: " in reply
    [record] = rows(h)
    assert record.rule in reply

    found = check(h, code)
    assert found.status == codes.STANDS and found.by is None
    facts = receipts.plain(found.record)
    assert facts == {
        "kind": "attendance",
        "what": "in",
        "day": "2026-11-24",
        "time": "07:20",
        "zone": "Asia/Jakarta",
        "status": "on_time",
        "rule": record.rule,
        "name": "D.L.",
        "action": "attendance.in",
        "logged_at": "2026-11-24T07:20+07:00",
    }
    said = await cek(h, code.lower())  # typed in lower case
    assert said.startswith(
        "✅ Masih berlaku sebagaimana tercatat:\nD.L. masuk 24-11-2026 07:20 WIB"
    )
    assert STAFF not in said  # no NIP


async def test_the_receipt_is_in_the_employees_language(h):
    await h.send("501", command="bahasa", text="/bahasa en", args=("en",))
    h.at(7, 20)
    reply = texts(await h.clock_in("501", STAFF))
    code = code_in(reply)
    assert f"🧾 Receipt: {code} (check: /cek {code})\nRule: " in reply
    assert (await cek(h, code)).startswith("✅ Still stands as recorded:\nD.L. check-in 24-11-2026")


async def test_a_correction_replaces_the_receipted_record_and_says_why(h):
    h.at(7, 50)
    old = code_in(texts(await h.clock_in("501", STAFF)))
    h.at(10, 0)
    args = (STAFF, "24-11-2026", "masuk", "07:25", "mesin", "antrean")
    corrected = await h.send("600", command="koreksi", text="/koreksi", args=args)

    [(_, notice)] = corrected.notices
    assert notice.text.startswith("Presensi masuk Anda 24-11-2026 dikoreksi admin dari 07:50 ke")
    new = code_in(notice.text)
    assert new != old

    found = check(h, old)
    assert found.status == codes.REPLACED
    assert receipts.plain(found.record)["status"] == "late"
    by = receipts.plain(found.by)
    assert (by["time"], by["status"], by["action"]) == ("07:25", "on_time", "attendance.correct")
    assert by["reason"] == "mesin antrean"
    said = await cek(h, old)
    assert said.startswith("⚠️ Sudah diganti:\nD.L. masuk 24-11-2026 07:50 WIB: terlambat")
    assert "Diganti oleh:\nD.L. masuk 24-11-2026 07:25 WIB: tepat waktu" in said
    assert "Alasan: mesin antrean." in said
    assert check(h, new).status == codes.STANDS

    # Corrected again: both earlier receipts name the record that counts now.
    h.at(11, 0)
    args = (STAFF, "24-11-2026", "masuk", "07:30", "salah", "ketik")
    await h.send("600", command="koreksi", text="/koreksi", args=args)
    for earlier in (old, new):
        again = check(h, earlier)
        assert again.status == codes.REPLACED
        assert (again.by.time.strftime("%H:%M"), again.by.reason) == ("07:30", "salah ketik")


async def test_a_manual_record_gives_the_employee_a_receipt(h):
    h.at(7, 30)
    args = (STAFF, "masuk", "lupa_hp")
    answer = await h.send("600", command="manual", text="/manual", args=args)
    [(_, notice)] = answer.notices
    found = check(h, code_in(notice.text))
    assert found.status == codes.STANDS
    facts = receipts.plain(found.record)
    assert (facts["what"], facts["time"], facts["action"]) == ("in", "07:30", "attendance.in")


async def test_an_approved_absence_gives_a_receipt_and_a_cancellation_replaces_it(h):
    h.at(9, 0)
    sent = await file_sick_note(h)
    approved = await h.send("600", button=sent.notices[0][1].buttons[0][0].data)
    [(_, note)] = approved.notices
    assert "DISETUJUI oleh Rina Marlina" in note.text
    code = code_in(note.text)
    found = check(h, code)
    assert found.status == codes.STANDS
    facts = receipts.plain(found.record)
    assert (facts["kind"], facts["what"], facts["status"]) == ("absence", "S", "approved")

    # The decision rewritten afterwards, through the log (a later decision on the same row).
    with h.uow() as uow:
        row = uow.session.get(AbsenceRow, found_id(h))
        row.status = "cancelled"
        uow.touch(row, "employee:1", "absence.cancelled")
        uow.commit()
    later = check(h, code)
    assert later.status == codes.REPLACED and later.record is None
    assert (later.by.status, later.by.action) == ("cancelled", "absence.cancelled")


def found_id(h) -> int:
    with h.uow() as uow:
        return uow.session.query(AbsenceRow).one().id


async def test_a_rejected_missed_record_request_gives_a_receipt(h):
    h.at(9, 0)
    await filed(h)
    request = requests(h)[0]
    await h.send("600", button=f"rj:lm:{request.id}")
    rejected = await h.send("600", text="Hari itu Anda cuti")
    [(_, told)] = rejected.notices
    assert told.text.startswith("❌ Lupa absen masuk 24-11-2026 pukul 07:45 DITOLAK oleh")
    facts = receipts.plain(check(h, code_in(told.text)).record)
    assert (facts["kind"], facts["status"], facts["reason"]) == (
        "missed_request",
        "rejected",
        "Hari itu Anda cuti",
    )


async def test_an_approved_missed_record_request_gives_a_receipt_with_its_rule(h):
    h.at(9, 0)
    await filed(h)
    approved = await h.send("600", button=f"ap:lm:{requests(h)[0].id}")
    [(_, told)] = approved.notices
    assert "\nDasar: " in told.text
    assert check(h, code_in(told.text)).status == codes.STANDS


async def test_a_row_edited_behind_the_log_is_reported_changed(h):
    h.at(7, 50)
    code = code_in(texts(await h.clock_in("501", STAFF)))
    with h.uow() as uow:  # someone with database access makes the late check-in on time
        uow.session.execute(update(AttendanceRow).values(outcome="on_time", minutes=0))
        uow.commit()
    found = check(h, code)
    assert found.status == codes.CHANGED and found.record is None
    assert (await cek(h, code)).startswith("⛔ Catatan ini diubah di luar jejak audit")


async def test_unknown_altered_and_malformed_codes(h):
    h.at(7, 20)
    code = code_in(texts(await h.clock_in("501", STAFF)))
    body = code.replace("-", "")
    last = "0" if body[-1] != "0" else "1"
    altered = codes.shown(body[:-1] + last)
    assert check(h, altered).status == codes.UNKNOWN
    nowhere = codes.make(RECEIPT_KEY, codes.Position(1, 99_999), "attendance", "1", "0" * 64)
    assert check(h, nowhere).status == codes.UNKNOWN  # a well-made code of no entry
    with pytest.raises(MalformedCode):
        check(h, "K7QF-3MZD")
    assert (await cek(h, altered)).startswith(f"Kode {altered} tidak dikenal")
    assert (await cek(h, "K7QF!")).startswith("Itu bukan kode tanda terima")
    assert (await cek(h, "")).startswith("Tulis kode tanda terima Anda")
