"""The web console over HTTP, as a browser would use it: signed in by the link /web sends in
Telegram, a sick note filed in chat approved or rejected on the page and the employee told in
chat; and every way in that must stay shut (a link used twice, expired or forged, a forged
session, a cross-site form, another unit by URL, a head of unit deciding, a released account).
On SQLite and PostgreSQL."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from core.storage.tables import AbsenceRow, AuditRow
from tests.console_harness import (
    DEWI,
    HENDRA,
    RINA,
    LiveConsole,
    browser,
    csrf_of,
    form_of,
    sign_in,
    texts,
)
from tests.flows_harness import ADMIN

APPROVED = "Pengajuan Sakit Anda untuk 24-11-2026 DISETUJUI oleh Rina Marlina S.Sos."


def statuses(live: LiveConsole) -> list[str]:
    with live.h.uow() as uow:
        return [row.status for row in uow.session.scalars(select(AbsenceRow))]


def decide(web: httpx.Client, **fields) -> httpx.Response:
    page = web.get("/admin/persetujuan")
    return web.post("/admin/persetujuan", data={**form_of(page), **fields})


def test_an_admin_signs_in_by_link_and_approves_and_the_employee_is_told(live):
    live.sick_note()
    link = live.sign_in_link(RINA)
    assert "berlaku 10 menit, sekali pakai" in live.fake.texts(RINA["id"])[-1]
    web = browser(live)
    opened = web.get(link.removeprefix(live.url))  # a chat app's link preview does this too
    assert opened.status_code == 200 and 'id="sign-in"' in opened.text
    signed = web.post("/admin/masuk", data={"t": link.split("t=", 1)[1]})
    assert signed.status_code == 303
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Path=/admin" in cookie

    today = web.get("/admin")
    assert "Kehadiran hari ini: Sekretariat Daerah Kota Sungai Penuh" in today.text
    assert "<b>4</b> Belum absen" in today.text and "Dewi Lestari A.Md" in today.text

    queue = web.get("/admin/persetujuan")
    assert "#1 Dewi Lestari A.Md (Sekretariat Daerah Kota Sungai Penuh): Sakit, 24-11-2026" in (
        queue.text
    )
    before = len(live.fake.calls)
    done = web.post("/admin/persetujuan", data={**form_of(queue), "action": "approve",
                                                "pick": ["1"]})  # fmt: skip
    assert done.status_code == 303
    shown = web.get(done.headers["location"])
    assert "Persetujuan sekaligus:\n✅ #1 Dewi Lestari A.Md: disetujui" in shown.text
    assert "Tidak ada pengajuan yang menunggu." in shown.text
    told = texts(live.calls_after(before, DEWI), DEWI)
    assert told.startswith(APPROVED) and "Tanda terima" in told
    assert statuses(live) == ["approved"]
    with live.h.uow() as uow:
        audit = uow.session.scalars(
            select(AuditRow).where(AuditRow.action == "absence.approved")
        ).one()
        rina = uow.employee_by_identifier(uow.organisation("pemkot-sungai-penuh").id, ADMIN)
    assert audit.actor == f"employee:{rina.id}"


def test_a_rejection_needs_its_reason_and_the_employee_reads_it(live):
    live.sick_note()
    web = sign_in(live, RINA)
    missing = decide(web, action="reject", pick=["1"], reason="  ")
    assert missing.status_code == 400 and "Penolakan perlu alasan." in missing.text
    before = len(live.fake.calls)
    done = decide(web, action="reject", pick=["1"], reason="Surat dokter tidak terbaca")
    assert "ditolak" in web.get(done.headers["location"]).text
    told = texts(live.calls_after(before, DEWI), DEWI)
    assert "DITOLAK" in told and "Surat dokter tidak terbaca" in told
    assert statuses(live) == ["rejected"]


def test_the_same_form_sent_twice_decides_once(live):
    live.sick_note()
    web = sign_in(live, RINA)
    page = web.get("/admin/persetujuan")
    fields = {**form_of(page), "action": "approve", "pick": ["1"]}
    before = len(live.fake.calls)
    assert web.post("/admin/persetujuan", data=fields).status_code == 303
    assert web.post("/admin/persetujuan", data=fields).status_code == 303  # a double click
    told = texts(live.calls_after(before, DEWI), DEWI)
    assert told.count("DISETUJUI") == 1 and statuses(live) == ["approved"]


@pytest.mark.parametrize("picks", [[], ["abc"], ["L"], ["0"], ["1; DROP TABLE"], ["9" * 20]])
def test_a_form_without_a_valid_pick_decides_nothing(live, picks):
    live.sick_note()
    web = sign_in(live, RINA)
    refused = decide(web, action="approve", pick=picks)
    assert refused.status_code == 400 and "Pilih pengajuan dulu." in refused.text
    assert statuses(live) == ["pending"]


def test_a_request_that_is_not_there_is_answered_on_the_page(live):
    web = sign_in(live, RINA)
    done = decide_without_queue(web, pick=["77"])
    shown = web.get(done.headers["location"])
    assert "Persetujuan sekaligus:\n⛔ #77: tidak ada" in shown.text


def decide_without_queue(web: httpx.Client, **fields) -> httpx.Response:
    csrf = csrf_of(web.get("/admin"))
    return web.post("/admin/persetujuan", data={"csrf": csrf, "action": "approve", **fields})


def test_a_link_works_once(live):
    token = live.sign_in_link(RINA).split("t=", 1)[1]
    assert browser(live).post("/admin/masuk", data={"t": token}).status_code == 303
    again = browser(live).post("/admin/masuk", data={"t": token})
    assert again.status_code == 401 and "sudah dipakai" in again.text
    assert "presensi_console" not in again.headers.get("set-cookie", "")


def test_an_expired_link_is_refused(live):
    token = live.sign_in_link(RINA).split("t=", 1)[1]
    live.h.clock.advance(minutes=10)
    late = browser(live).post("/admin/masuk", data={"t": token})
    assert late.status_code == 401 and "kedaluwarsa" in late.text


@pytest.mark.parametrize("change", ["payload", "signature", "empty", "garbage"])
def test_a_forged_link_is_refused(live, change):
    token = live.sign_in_link(RINA).split("t=", 1)[1]
    payload, mac = token.split(".")
    forged = {
        "payload": f"{payload[:-2]}xx.{mac}",
        "signature": f"{payload}.{mac[:-2]}xx",
        "empty": "",
        "garbage": "<script>alert(1)</script>",
    }[change]
    refused = browser(live).post("/admin/masuk", data={"t": forged})
    assert refused.status_code == 401 and "tidak sah" in refused.text
    assert "<script>alert" not in refused.text


def test_a_forged_or_missing_session_sees_no_page(live):
    for cookies in ({}, {"presensi_console": "forged-session-id"}, {"presensi_console": "x" * 500}):
        web = httpx.Client(base_url=live.url, cookies=cookies)
        for path in ("/admin", "/admin/persetujuan"):
            page = web.get(path)
            assert page.status_code == 401 and "Kirim /web" in page.text
            assert "Dewi" not in page.text


def test_a_cross_site_form_or_one_without_its_token_is_refused(live):
    live.sick_note()
    web = sign_in(live, RINA)
    fields = {**form_of(web.get("/admin/persetujuan")), "action": "approve", "pick": ["1"]}
    evil = web.post("/admin/persetujuan", data=fields, headers={"Origin": "https://evil.example"})
    assert evil.status_code == 403 and "situs lain" in evil.text
    tokenless = web.post("/admin/persetujuan", data={**fields, "csrf": "guess"})
    assert tokenless.status_code == 403 and "situs lain" in tokenless.text
    signin_elsewhere = browser(live).post(
        "/admin/masuk", data={"t": "x"}, headers={"Origin": "https://evil.example"}
    )
    assert signin_elsewhere.status_code == 403
    assert statuses(live) == ["pending"]


def test_a_unit_admin_cannot_open_another_unit_by_url(live):
    web = sign_in(live, RINA)
    other = web.get("/admin", params={"unit": "dinkes"})
    assert other.status_code == 403 and "di luar wewenang" in other.text
    assert web.get("/admin", params={"unit": "nowhere"}).status_code == 404


def test_a_head_of_unit_reads_but_cannot_decide(live):
    live.sick_note()
    web = sign_in(live, HENDRA)
    queue = web.get("/admin/persetujuan")
    assert "hanya baca" in queue.text and "Dewi Lestari" in queue.text
    assert 'name="pick"' not in queue.text
    csrf = form_of(queue)["csrf"]
    refused = web.post("/admin/persetujuan", data={"csrf": csrf, "action": "approve",
                                                   "pick": ["1"]})  # fmt: skip
    assert refused.status_code == 403 and "Kepala unit hanya dapat membaca" in refused.text
    assert statuses(live) == ["pending"]


def test_staff_get_no_link(live):
    assert live.says(DEWI, "/web") == "Anda tidak berwenang untuk tindakan ini."


def test_a_released_account_ends_the_console_session(live):
    web = sign_in(live, RINA)
    assert web.get("/admin").status_code == 200
    with live.h.uow() as uow:
        from core.services import accounts

        rina = uow.employee_by_identifier(uow.organisation("pemkot-sungai-penuh").id, ADMIN)
        accounts.release(uow, rina, None)
        uow.commit()
    assert web.get("/admin").status_code == 401


def test_signing_out_and_switching_language(live):
    web = sign_in(live, RINA)
    page = web.get("/admin/persetujuan")
    switched = web.post("/admin/bahasa", data={"csrf": csrf_of(page),
                                               "back": "/admin/persetujuan"})  # fmt: skip
    assert switched.headers["location"] == "/admin/persetujuan"
    english = web.get("/admin/persetujuan")
    assert "Waiting for approval" in english.text and "Sign out" in english.text
    away = web.post("/admin/bahasa", data={"csrf": csrf_of(page),
                                           "back": "https://evil.example/"})  # fmt: skip
    assert away.headers["location"] == "/admin"
    out = web.post("/admin/keluar", data={"csrf": csrf_of(page)})
    assert out.status_code == 303
    assert web.get("/admin").status_code == 401
