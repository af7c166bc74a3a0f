"""The console's employees pages as an admin uses them: find someone, open their file (their
month as /riwayat tells it, their chats and face), fix their details, issue a code, block,
release a chat account, transfer, record a departure; and every bad form refused with the
reason, changing nothing. On SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.offline import updates as tg
from core.storage.tables import Assignment, AuditRow, EmployeeRow
from tests.console_harness import DEWI, HENDRA, RINA, LiveConsole, csrf_of, form_of, sign_in
from tests.flows_harness import ADMIN, HEAD, OFFICE, ORG, STAFF

DEWI_NAME = "Dewi Lestari A.Md"
YUSUF = "198007082006041003"  # head of dinkes: another unit than Rina's


def employee(live: LiveConsole, identifier: str) -> EmployeeRow:
    with live.h.uow() as uow:
        found = uow.employee_by_identifier(uow.organisation(ORG).id, identifier)
        uow.session.expunge(found)
        return found


def file_of(live: LiveConsole, identifier: str) -> str:
    return f"/admin/pegawai/{employee(live, identifier).id}"


def names(page: str) -> list[str]:
    return re.findall(r'<a href="/admin/pegawai/\d+">([^<]+)</a>', page)


def post(web, address: str, **fields):
    """Send the form of the page at `address` with `fields`."""
    page = web.get(address)
    return web.post(address + fields.pop("to"), data={**form_of_page(page), **fields})


def form_of_page(page) -> dict[str, str]:
    try:
        return form_of(page)
    except AttributeError:
        return {"csrf": csrf_of(page)}


def test_an_admin_finds_her_units_staff_by_name_or_nip(live):
    web = sign_in(live, RINA)
    everyone = web.get("/admin/pegawai").text
    # Not herself: her own record is another admin's to change.
    assert names(everyone) == ["Ahmad Fauzi S.Kom", DEWI_NAME, "Drs. Hendra Saputra"]
    assert names(web.get("/admin/pegawai", params={"q": "dewi"}).text) == [DEWI_NAME]
    assert names(web.get("/admin/pegawai", params={"q": "1996 1130"}).text) == [DEWI_NAME]
    other_unit = web.get("/admin/pegawai", params={"q": "Yusuf"}).text
    assert names(other_unit) == [] and "Tidak ada pegawai yang cocok." in other_unit
    odd = web.get("/admin/pegawai", params={"q": "%_<script>"})
    assert odd.status_code == 200 and "<script>" not in odd.text and names(odd.text) == []


def test_the_file_shows_who_they_are_and_their_month(live):
    live.says(DEWI, "/masuk")
    at = live.h.clock.now()
    live.tell(tg.live_location(*OFFICE, sender=DEWI, at=at), DEWI)
    live.fake.add_file("AgACselfie", b"face:dewi|1")
    live.tell(tg.photo("AgACselfie", sender=DEWI, at=at), DEWI)
    page = sign_in(live, RINA).get(file_of(live, STAFF)).text
    assert f"<h1>{DEWI_NAME}</h1>" in page and "Rina Marlina S.Sos" in page  # her supervisor
    assert re.search(r'id="chats">Telegram \(id\)<', page)
    assert "belum terdaftar" in page
    assert "<li>Sel 24-11 H: masuk 07:20, belum absen pulang</li>" in page


@pytest.mark.parametrize("who", ["other_unit", "herself", "nobody"])
def test_a_file_outside_the_admins_scope_is_not_found(live, who):
    number = {"other_unit": employee(live, YUSUF).id, "herself": employee(live, ADMIN).id,
              "nobody": 99999}[who]  # fmt: skip
    answer = sign_in(live, RINA).get(f"/admin/pegawai/{number}")
    assert answer.status_code == 404 and "Tidak ditemukan." in answer.text


def test_details_are_saved_and_audited(live):
    web = sign_in(live, RINA)
    address = file_of(live, STAFF)
    saved = post(web, address, to="/ubah", name="  Dewi  Lestari, A.Md ",
                 phone="0813-6600-9999", position="Pranata Komputer")  # fmt: skip
    assert saved.status_code == 303
    page = web.get(saved.headers["location"]).text
    assert "Data tersimpan." in page and "<h1>Dewi Lestari, A.Md</h1>" in page
    dewi = employee(live, STAFF)
    assert (dewi.phone, dewi.position) == ("+6281366009999", "Pranata Komputer")
    with live.h.uow() as uow:
        audit = uow.session.scalars(select(AuditRow).where(AuditRow.action == "employee.edit"))
        assert [row.actor for row in audit] == [f"employee:{employee(live, ADMIN).id}"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "   ", "phone": "", "position": ""}, "Nama tidak boleh kosong."),
        ({"name": "Dewi", "phone": "12345", "position": ""}, "Nomor HP tidak sah"),
        ({"name": "Dewi", "phone": "", "position": "x" * 201}, "terlalu panjang"),
    ],
    ids=["no_name", "bad_phone", "long_position"],
)
def test_bad_details_are_refused_and_nothing_changes(live, fields, message):
    web = sign_in(live, RINA)
    refused = post(web, file_of(live, STAFF), to="/ubah", **fields)
    assert refused.status_code == 400 and message in refused.text
    assert "Periksa isian" in refused.text and file_of(live, STAFF) in refused.text
    assert employee(live, STAFF).name == DEWI_NAME


def test_account_actions_go_through_the_chat_commands(live):
    web = sign_in(live, RINA)
    address = file_of(live, STAFF)
    code = post(web, address, to="/akun", action="kode")
    shown = web.get(code.headers["location"]).text
    assert re.search(r"Kode aktivasi untuk Dewi Lestari A.Md: \w+", shown)
    blocked = web.get(post(web, address, to="/akun", action="blokir").headers["location"]).text
    assert "Dewi Lestari A.Md diblokir." in blocked and employee(live, STAFF).blocked
    assert 'value="buka"' in blocked
    web.get(post(web, address, to="/akun", action="buka").headers["location"])
    assert not employee(live, STAFF).blocked
    released = web.get(post(web, address, to="/akun", action="reset").headers["location"]).text
    assert "Akun chat Dewi Lestari A.Md dilepas" in released
    assert "Belum terhubung ke chat." in released
    assert "belum terhubung" in live.says(DEWI, "/masuk")  # she registers again


def test_a_head_reads_the_file_but_changes_nothing(live):
    web = sign_in(live, HENDRA)
    address = file_of(live, STAFF)
    page = web.get(address)
    assert page.status_code == 200 and 'id="edit"' not in page.text
    token = csrf_of(page)
    assert web.post(address + "/ubah", data={"csrf": token, "name": "X"}).status_code == 403
    assert web.post(address + "/akun", data={"csrf": token, "action": "blokir"}).status_code == 403
    assert employee(live, STAFF).name == DEWI_NAME and not employee(live, STAFF).blocked


def test_forms_without_their_token_or_with_an_unknown_action_are_refused(live):
    web = sign_in(live, RINA)
    address = file_of(live, STAFF)
    assert web.post(address + "/ubah", data={"name": "X"}).status_code == 403
    forged = {"csrf": "forged", "on": "2026-12-01", "reason": "pensiun"}
    assert web.post(address + "/berhenti", data=forged).status_code == 403
    wrong = post(web, address, to="/akun", action="hapus")
    assert wrong.status_code == 400 and "Pilih tindakan." in wrong.text
    assert employee(live, STAFF).left_on is None


def test_a_unit_admin_cannot_transfer_out_of_her_unit(live):
    web = sign_in(live, RINA)
    address = file_of(live, STAFF)
    assert "Tidak ada unit lain dalam wewenang Anda." in web.get(address).text
    refused = post(web, address, to="/mutasi", unit="dinkes", effective="2026-12-01")
    assert refused.status_code == 400 and "di luar wewenang Anda" in refused.text


def test_a_super_admin_transfers_from_a_day(live):
    live.make_super_admin(ADMIN)
    web = sign_in(live, RINA)
    address = file_of(live, STAFF)
    for fields, message in [
        ({"unit": "dinkes", "effective": "1-12-2026"}, "Tanggal tidak sah"),
        ({"unit": "setda", "effective": "2026-12-01"}, "sudah di unit itu"),
        ({"unit": "nowhere", "effective": "2026-12-01"}, "Unit itu tidak ada"),
        ({"unit": "dinkes", "effective": "2025-12-31"}, "sebelum penempatan sekarang"),
        ({"unit": "dinkes", "effective": "2062-12-01"}, "periksa tahunnya"),
    ]:
        refused = post(web, address, to="/mutasi", **fields)
        assert refused.status_code == 400 and message in refused.text, fields
    moved = post(web, address, to="/mutasi", unit="dinkes", effective="2026-12-01")
    assert "Mutasi tersimpan." in web.get(moved.headers["location"]).text
    with live.h.uow() as uow:
        dewi = employee(live, STAFF)
        history = uow.session.scalars(select(Assignment).where(Assignment.employee_id == dewi.id))
        assert [(a.valid_from.isoformat(), uow.unit_by_id(a.unit_id).code)
                for a in history][-1] == ("2026-12-01", "dinkes")  # fmt: skip
    assert "Sekretariat Daerah" in web.get(address).text  # in force from 1 December


def test_a_departure_is_recorded_once(live):
    web = sign_in(live, RINA)
    address = file_of(live, STAFF)
    for fields, message in [
        ({"on": "", "reason": "pensiun"}, "Tanggal tidak sah"),
        ({"on": "2026-12-01", "reason": "kabur"}, "Pilih alasan berhenti."),
        ({"on": "2025-12-31", "reason": "pensiun"}, "sebelum hari pertama"),
        ({"on": "9999-12-31", "reason": "meninggal"}, "periksa tahunnya"),
    ]:
        refused = post(web, address, to="/berhenti", **fields)
        assert refused.status_code == 400 and message in refused.text, fields
    left = post(web, address, to="/berhenti", on="2026-12-01", reason="pindah_keluar")
    page = web.get(left.headers["location"]).text
    assert "Berhenti tercatat." in page
    assert "aktif; berhenti mulai 01-12-2026 (pindah ke luar instansi)" in page
    assert 'id="leave"' not in page and 'id="transfer"' not in page
    assert employee(live, STAFF).left_reason == "pindah_keluar"
    again = post(web, address, to="/berhenti", on="2026-12-02", reason="pensiun")
    assert again.status_code == 400 and "sudah tercatat berhenti" in again.text
    assert employee(live, STAFF).left_reason == "pindah_keluar"


def test_a_unit_admin_does_not_change_her_head_of_unit(live):
    web = sign_in(live, RINA)
    address = file_of(live, HEAD)
    page = web.get(address).text
    assert 'id="edit"' not in page and "diubah oleh super admin" in page
    refused = post(web, address, to="/ubah", name="Hendra", phone="", position="")
    assert refused.status_code == 400 and "diubah oleh super admin" in refused.text
    refused = post(web, address, to="/berhenti", on="2026-12-01", reason="meninggal")
    assert refused.status_code == 400 and employee(live, HEAD).left_on is None
    assert employee(live, HEAD).name == "Drs. Hendra Saputra"


def test_another_units_employee_cannot_be_changed_by_a_posted_form(live):
    web = sign_in(live, RINA)
    token = csrf_of(web.get("/admin/pegawai"))
    address = file_of(live, YUSUF)
    for to, fields in [("/ubah", {"name": "X"}), ("/berhenti", {"on": "2026-12-01",
                       "reason": "pensiun"}), ("/akun", {"action": "blokir"})]:  # fmt: skip
        answer = web.post(address + to, data={"csrf": token, **fields})
        assert answer.status_code == 404 and "Tidak ditemukan" in answer.text, to
    yusuf = employee(live, YUSUF)
    assert (yusuf.name, yusuf.left_on, yusuf.blocked) == ("dr. Yusuf Pratama", None, False)


def test_a_heads_posted_change_is_refused_with_the_reason(live):
    web = sign_in(live, HENDRA)
    token = csrf_of(web.get("/admin/pegawai"))
    address = file_of(live, STAFF)
    for to, fields in [("/mutasi", {"unit": "dinkes", "effective": "2026-12-01"}),
                       ("/berhenti", {"on": "2026-12-01", "reason": "pensiun"})]:  # fmt: skip
        answer = web.post(address + to, data={"csrf": token, **fields})
        assert answer.status_code == 403 and "Kepala unit hanya dapat membaca" in answer.text
    assert employee(live, STAFF).left_on is None


@pytest.mark.parametrize(
    ("address", "status", "words"),
    [
        ("/admin/pegawai/99999999999999999999999", 404, "Tidak ditemukan"),
        ("/admin/pegawai/abc", 404, "Tidak ditemukan"),
        ("/admin/pegawai/-3", 404, "Tidak ditemukan"),
        ("/admin/berkas/1/x", 404, "Tidak ditemukan"),
        ("/admin/pegawai?q=a%00b", 400, "karakter yang tidak sah"),
        ("/admin?unit=%00", 400, "karakter yang tidak sah"),
    ],
    ids=["huge_id", "word_id", "negative_id", "word_index", "nul_search", "nul_unit"],
)
def test_a_malformed_address_is_a_page_not_a_crash(live, address, status, words):
    answer = sign_in(live, RINA).get(address)
    assert answer.status_code == status and words in answer.text
    assert answer.headers["content-type"].startswith("text/html")


def test_a_nul_in_a_form_is_refused_and_nothing_changes(live):
    web = sign_in(live, RINA)
    refused = post(web, file_of(live, STAFF), to="/ubah", name="Dewi\x00", phone="",
                   position="")  # fmt: skip
    assert refused.status_code == 400 and "karakter yang tidak sah" in refused.text
    assert employee(live, STAFF).name == DEWI_NAME
