"""A notice is written in its reader's language (/bahasa), not in the language of whoever
caused it: the approval decision, the request to the approver, the pushed reminders."""

from __future__ import annotations

import pytest

from core.flows.push import PushConfig, due_notices
from core.flows.texts import t
from tests.flows_harness import ADMIN, HEAD, STAFF, build, texts

CONFIG = PushConfig(summary_at=9 * 60, remind_before=15)


@pytest.fixture
async def h(tmp_path):
    harness = build(tmp_path)
    for sender, who in (("501", STAFF), ("600", ADMIN), ("700", HEAD)):
        await harness.link(sender, who)
    return harness


async def english(h, sender: str) -> None:
    await h.send(sender, command="bahasa", text="/bahasa en", args=("en",))


async def file_sick_note(h):
    for fields in (
        dict(command="izin"),
        dict(button="lt:S"),
        dict(text="24-11-2026"),
        dict(text="Demam tinggi"),
    ):
        await h.send(**fields)
    return await h.send(document=h.document(b"%PDF-1.4 surat dokter"))


async def test_an_english_employee_reads_an_indonesian_approvers_decision_in_english(h):
    await english(h, "501")
    sent = await file_sick_note(h)
    assert "Your Sick request for 24-11-2026 went to Rina Marlina" in texts(sent)
    _, request = sent.notices[0]
    assert "Pengajuan Sakit dari Dewi Lestari" in request.text  # the approver kept Indonesian
    approved = await h.send("600", button=request.buttons[0][0].data)
    assert approved.toast == "Tercatat: disetujui."  # the approver's own reply: theirs
    note = approved.notices[0][1].text
    assert note.startswith("Your Sick request for 24-11-2026 was APPROVED by Rina Marlina")


async def test_a_rejection_reaches_the_english_employee_in_english(h):
    await english(h, "501")
    request = (await file_sick_note(h)).notices[0][1]
    await h.send("600", button=request.buttons[0][1].data)
    done = await h.send("600", text="Surat tidak terbaca")
    assert "was REJECTED by Rina Marlina" in done.notices[0][1].text
    assert "Surat tidak terbaca" in done.notices[0][1].text


async def test_an_english_approver_receives_an_indonesian_employees_request_in_english(h):
    await english(h, "600")
    sent = await file_sick_note(h)
    assert "terkirim ke Rina Marlina" in texts(sent)  # the employee's reply stays Indonesian
    _, request = sent.notices[0]
    assert request.text.startswith("Sick request from Dewi Lestari")
    assert [b.label for b in request.buttons[0]] == ["✅ Approve", "❌ Reject"]
    approved = await h.send("600", button=request.buttons[0][0].data)
    assert "DISETUJUI oleh Rina Marlina" in approved.notices[0][1].text  # back in Indonesian


def pushed(h, prefix: str) -> dict[int, str]:
    with h.uow() as uow:
        found = due_notices(uow, h.clock.now(), CONFIG)
    return {n.employee_id: n.reply.text for n in found if n.key.startswith(prefix)}


def employee_id(h, identifier: str) -> int:
    with h.uow() as uow:
        return uow.employee_by_identifier(uow.organisation("pemkot-sungai-penuh").id, identifier).id


async def test_an_english_employees_clock_in_reminder_is_in_english(h):
    await english(h, "501")
    h.at(7, 16)
    assert pushed(h, "remind:")[employee_id(h, STAFF)] == t("en", "reminder", until="07:30")
    assert "You have not clocked in today" in t("en", "reminder", until="07:30")


async def test_an_english_head_reads_the_daily_summary_in_english(h):
    await english(h, "700")
    h.at(9, 0)
    assert pushed(h, "summary:")[employee_id(h, HEAD)].startswith("Summary Sekretariat Daerah")


async def test_without_a_switch_the_reminder_stays_in_the_installations_language(h):
    h.at(7, 16)
    assert "Anda belum absen masuk" in pushed(h, "remind:")[employee_id(h, STAFF)]


def test_the_lkh_item_of_my_recap_says_the_daily_reports_were_missing_or_unverified():
    from types import SimpleNamespace

    from core.flows.my_recap import _what

    totals = SimpleNamespace(late={}, early={})
    assert _what("en", "LKH", totals) == (
        "days without a verified daily report (LKH missing or not verified)"
    )
    assert _what("id", "LKH", totals).startswith("hari tanpa LKH terverifikasi")


async def test_a_rejected_face_enrolment_is_explained_in_the_employees_language(h):
    await english(h, "501")
    await h.send("501", command="wajah")
    await h.send("501", photo=h.photo(f"face:{STAFF}|1".encode()))
    _, request = (await h.send("501", button="fe:done")).notices[0]
    reject = request.buttons[0][1].data

    rejected = await h.send("600", button=reject)

    assert rejected.toast == "Tercatat: ditolak."  # the Indonesian admin's own reply
    assert rejected.notices[0][1].text == (
        "Your face enrollment was rejected: rejected by the admin. Type /wajah to retry."
    )
    await english(h, "600")
    again = await h.send("600", button=reject)  # a second tap, from the now English admin
    assert texts(again) == "This request was already decided."
