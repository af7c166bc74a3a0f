"""What the console shows of a day that did not go to plan: the attempts the rules refused (with
the reason and how far outside the area), the records flagged for review, and a request's
evidence opened in the page, only to those who may see the request. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re

import pytest

from bot.offline import updates as tg
from tests.console_harness import DEWI, HENDRA, RINA, csrf_of, form_of, sign_in, texts
from tests.flows_harness import OFFICE, ORG, STAFF

SITI = tg.user(800800800, "Siti")  # admin of the Puskesmas, another unit than Dewi's
PUSKESMAS_ADMIN = "198512202010012011"
NOTE = b"%PDF-1.4 surat dokter"
# 950 m south of the office: outside its radius.
FAR = (OFFICE[0] - 0.0085, OFFICE[1])


def table(page: str, name: str) -> list[list[str]]:
    """The rows of the page's table `name`, as the cells' text."""
    found = re.search(rf'<table id="{name}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert found, f"no table {name}"
    rows = re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)
    return [[re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", r, re.S)]
            for r in rows]  # fmt: skip


def test_an_admin_sees_who_was_refused_and_what_needs_review(live):
    assert "di luar area" in live.clock_in(FAR)
    assert "Masuk tercatat 07:20" in live.clock_in(OFFICE)  # her face is not enrolled: flagged
    page = sign_in(live, RINA).get("/admin").text
    [refused] = table(page, "refused")
    assert refused[:3] == ["07:20", "Dewi Lestari A.Md", "masuk"]
    assert re.fullmatch(r"di luar area \(\d{3} m\)", refused[3]), refused
    [flagged] = table(page, "flagged")
    assert flagged[:4] == [
        "07:20", "Dewi Lestari A.Md", "masuk", "tanpa pencocokan wajah (wajah belum terdaftar)"
    ]  # fmt: skip
    assert 'action="/admin/tinjau"' in page


def test_a_quiet_day_says_so_and_a_head_reviews_nothing(live):
    quiet = sign_in(live, RINA).get("/admin").text
    assert "Tidak ada absen yang ditolak hari ini." in quiet
    assert "Tidak ada absen yang perlu ditinjau." in quiet
    live.clock_in(FAR)
    live.clock_in(OFFICE)
    head = sign_in(live, HENDRA).get("/admin").text
    assert [row[1] for row in table(head, "refused")] == ["Dewi Lestari A.Md"]
    assert 'id="flagged"' not in head and "Perlu ditinjau" not in head


def test_the_evidence_opens_in_the_page_for_the_admin(live):
    live.sick_note()
    web = sign_in(live, RINA)
    queue = web.get("/admin/persetujuan").text
    assert '<iframe src="/admin/berkas/1/0"' in queue
    note = web.get("/admin/berkas/1/0")
    assert note.status_code == 200 and note.content == NOTE
    assert note.headers["content-type"] == "application/pdf"
    assert note.headers["content-disposition"] == 'inline; filename="lampiran-1-1.pdf"'
    assert note.headers["x-content-type-options"] == "nosniff"
    assert note.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("address", ["/admin/berkas/1/1", "/admin/berkas/2/0",
                                     "/admin/berkas/L1/0", "/admin/berkas/x1/0",
                                     "/admin/berkas/1/-1", "/admin/berkas/0/0"])  # fmt: skip
def test_evidence_that_is_not_there_is_not_found(live, address):
    live.sick_note()
    answer = sign_in(live, RINA).get(address)
    assert answer.status_code == 404 and "%PDF" not in answer.text


def test_another_units_admin_and_the_employee_herself_cannot_open_it(live):
    live.sick_note()
    live.link(SITI, PUSKESMAS_ADMIN)
    other = sign_in(live, SITI)
    refused = other.get("/admin/berkas/1/0")
    assert refused.status_code == 404 and "%PDF" not in refused.text
    assert "Dewi" not in other.get("/admin/persetujuan").text
    signed_out = sign_in(live, RINA)
    signed_out.cookies.clear()
    assert signed_out.get("/admin/berkas/1/0").status_code == 401


def test_evidence_past_its_retention_is_gone(live):
    live.sick_note()
    web = sign_in(live, RINA)
    for stored in (live.settings.media_dir).rglob("*"):
        if stored.is_file() and stored.read_bytes() == NOTE:
            stored.unlink()
    gone = web.get("/admin/berkas/1/0")
    assert gone.status_code == 410 and "sudah tidak disimpan" in gone.text


def map_of(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S)
    assert found, "no map on the page"
    return json.loads(found.group(1))


def test_the_map_shows_the_office_and_where_each_clock_in_was_made(live):
    told = re.search(r"Anda (\d+) m di luar area", live.clock_in(FAR)).group(1)
    live.clock_in(OFFICE)
    drawn = map_of(sign_in(live, RINA).get("/admin").text)
    [office] = drawn["sites"]
    assert office["label"] == "Kantor Walikota Sungai Penuh (radius 30 m)"
    assert (office["lat"], office["lon"], office["radius_m"]) == (*OFFICE, 30)
    assert [(p["accepted"], p["label"]) for p in drawn["points"]] == [
        (True, "07:20 Dewi Lestari A.Md: masuk, tepat waktu"),
        (False, f"07:20 Dewi Lestari A.Md: masuk, ditolak: di luar area ({told} m)"),
    ]
    assert (drawn["points"][1]["lat"], drawn["points"][1]["lon"]) == FAR
    assert drawn["tiles"] is None  # no tile server set: nothing is fetched from elsewhere


def test_a_name_cannot_break_out_of_the_map_data(live):
    live.clock_in(OFFICE)
    with live.h.uow() as uow:
        dewi = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)
        dewi.name = '</script><script>alert("x")</script>'
        uow.touch(dewi, "cli", "employee.import")
        uow.commit()
    page = sign_in(live, RINA).get("/admin").text
    assert '<script>alert("x")' not in page
    assert map_of(page)["points"][0]["label"].endswith(": masuk, tepat waktu")


def review(web, action: str, reason: str = ""):
    page = web.get("/admin")
    record = re.search(r'name="record" value="(\d+)"', page.text).group(1)
    fields = {**form_of(page), "record": record, "action": action, "reason": reason}
    return web.post("/admin/tinjau", data=fields)


def test_an_admin_confirms_a_flagged_clock_in_and_the_employee_is_told(live):
    live.clock_in(OFFICE)
    web = sign_in(live, RINA)
    before = len(live.fake.calls)
    done = review(web, "ok")
    assert done.status_code == 303
    page = web.get(done.headers["location"]).text
    assert "✅ DIKONFIRMASI: Dewi Lestari A.Md, masuk" in page
    assert "Tidak ada absen yang perlu ditinjau." in page
    told = texts(live.calls_after(before, DEWI), DEWI)
    assert "sudah ditinjau dan dikonfirmasi oleh admin Rina Marlina S.Sos" in told


def test_a_rejection_needs_its_reason_and_stops_the_record_counting(live):
    live.clock_in(OFFICE)
    web = sign_in(live, RINA)
    missing = review(web, "no", "   ")
    assert missing.status_code == 400 and "Penolakan perlu alasan." in missing.text
    before = len(live.fake.calls)
    done = review(web, "no", "Foto bukan di kantor")
    page = web.get(done.headers["location"]).text
    assert "❌ DITOLAK: Dewi Lestari A.Md, masuk" in page and "Foto bukan di kantor" in page
    told = texts(live.calls_after(before, DEWI), DEWI)
    assert "ditolak oleh admin Rina Marlina S.Sos" in told and "Foto bukan di kantor" in told


@pytest.mark.parametrize(("record", "action"), [("x1", "ok"), ("1", "maybe"), ("", "ok")])
def test_a_bad_review_form_decides_nothing(live, record, action):
    live.clock_in(OFFICE)
    web = sign_in(live, RINA)
    page = web.get("/admin")
    answer = web.post("/admin/tinjau", data={**form_of(page), "record": record,
                                             "action": action})  # fmt: skip
    assert answer.status_code == 400 and "Pilih tindakan." in answer.text
    assert 'name="record"' in web.get("/admin").text  # still waiting for review


def test_a_head_cannot_decide_a_review(live):
    live.clock_in(OFFICE)
    web = sign_in(live, HENDRA)
    page = web.get("/admin")
    answer = web.post("/admin/tinjau", data={"csrf": csrf_of(page), "record": "1", "action": "ok"})
    assert answer.status_code == 403 and "Kepala unit hanya dapat membaca" in answer.text
