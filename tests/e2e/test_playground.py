"""The playground (`presensi demo --web`) over HTTP, as its page talks to it, on SQLite and on
PostgreSQL: a new colleague registers and clocks in in the web chat; a sick note goes to the
admin's web chat and her tap reaches the employee; the console opens signed in as the admin;
bad input is answered with a status and a message, and changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyproj import Geod

from tests.playground_harness import LivePlayground

FACES = Path(__file__).parents[3] / "shared" / "faces"
VIDEOS = FACES.parent / "videos"
PDF = b"%PDF-1.4\n% surat keterangan dokter\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def play(request, tmp_path):
    url = None
    if request.param == "postgresql":
        request.getfixturevalue("pg_engine")  # the run's database, emptied for this test
        url = request.getfixturevalue("pg_url")
    with LivePlayground(tmp_path, url) as live:
        yield live


def moved(place: tuple[float, float], metres: float) -> tuple[float, float]:
    lon, lat, _ = Geod(ellps="WGS84").fwd(place[1], place[0], 90, metres)
    return lat, lon


def test_a_new_colleague_registers_and_clocks_in(play):
    staff = play.someone("Pegawai", registered=False)
    assert play.says(staff.chat, text="/start") == [
        "Selamat datang di presensi. Kirim NIP (18 digit) atau NIK (16 digit) Anda."
    ]
    # The web has no contact card to share: the code is the only proof it asks for.
    assert play.says(staff.chat, text=staff.identifier) == [
        "Kirim kode aktivasi dari admin unit Anda. Belum terdaftar? Hubungi admin unit Anda."
    ]
    linked = play.says(staff.chat, text=staff.code)
    assert linked[0].startswith(f"Akun terhubung: {staff.name} (BKPSDM).")
    assert play.someone("Pegawai", registered=True).name == staff.name

    asked = play.says(staff.chat, text="Masuk")
    assert "📍 Lokasi > geser penanda > Bagikan lokasi terkini" in asked[0]
    office = play.office(staff.chat)
    pin = play.says(staff.chat, location={"lat": office[0], "lon": office[1], "accuracy_m": 8})
    assert pin[0].startswith("Lokasi itu bukan lokasi terkini (live). 📍 Lokasi")
    far = moved(office, 400)
    refused = play.says(staff.chat, location={"lat": far[0], "lon": far[1], "accuracy_m": 8,
                                              "live": True})  # fmt: skip
    assert "di luar" in refused[0]
    play.says(staff.chat, text="Masuk")
    near = play.says(staff.chat, location={"lat": office[0], "lon": office[1], "accuracy_m": 8,
                                           "live": True})  # fmt: skip
    assert near[0].startswith("Lokasi diterima (Kantor BKPSDM). Sekarang kirim swafoto")
    # The marker dragged a few metres while the location is shared live: an update, kept for
    # the track and not answered (as Telegram's live location edits are not).
    step = moved(office, 6)
    before = play.last(staff.chat)
    update = {"lat": step[0], "lon": step[1], "accuracy_m": 8, "live": True, "edited": True}
    assert play.send(staff.chat, location=update).status_code == 202
    assert play.messages(staff.chat, before) == [
        {"id": play.last(staff.chat), "mine": True, "text": "📍 Lokasi terkini diperbarui"}
    ]
    before = play.last(staff.chat)
    response = play.upload(staff.chat, "foto", "saya.jpg", (FACES / "obama_1.jpg").read_bytes())
    assert response.status_code == 202, response.text
    done = play.answers(staff.chat, before)
    assert done[0].startswith("✅ Masuk tercatat 07:0")
    assert "tepat waktu" in done[0]

    # A video no step asked for (the liveness check reads one only when it asks) is answered
    # as on Telegram.
    before = play.last(staff.chat)
    clip = (VIDEOS / "stage_clip.mp4").read_bytes()
    assert play.upload(staff.chat, "video", "wajah.mp4", clip).status_code == 202
    assert play.answers(staff.chat, before) == [
        "Bot tidak dapat membaca video. Pilih Masuk atau Pulang, atau ketik /bantuan."
    ]

    shown = [m["text"] for m in play.messages(staff.chat) if m.get("mine")]
    assert shown == [
        "/start", staff.identifier, staff.code, "Masuk", "📌 Pin lokasi",
        "📍 Lokasi terkini (±8 m)", "Masuk", "📍 Lokasi terkini (±8 m)",
        "📍 Lokasi terkini diperbarui", "🖼 Foto: saya.jpg", "🎥 Video: wajah.mp4",
    ]  # fmt: skip


def test_a_sick_note_reaches_the_admins_web_chat_and_her_tap_the_employee(play):
    staff = play.someone("Pegawai", registered=False)
    admin = play.someone("Admin", registered=True)
    play.register(staff)
    kinds = play.says(staff.chat, text="/izin")
    assert kinds[0]
    sick = next(
        data
        for m in play.messages(staff.chat)
        for row in m.get("buttons") or []
        for label, data in row
        if label == "Sakit"
    )
    play.says(staff.chat, button=sick, label="Sakit")
    play.says(staff.chat, text="hari ini")
    play.says(staff.chat, text="Demam tinggi sejak semalam")
    admin_before = play.last(admin.chat)
    before = play.last(staff.chat)
    response = play.upload(staff.chat, "dokumen", "surat dokter.pdf", PDF)
    assert response.status_code == 202, response.text
    assert play.answers(staff.chat, before)[0] == (
        f"Pengajuan Sakit 24-11-2026 terkirim ke {admin.name}. Anda akan diberi tahu hasilnya."
    )

    notice = [m for m in play.messages(admin.chat, admin_before) if m.get("buttons")][-1]
    assert staff.name in notice["text"] and "Sakit" in notice["text"]
    approve = next(data for row in notice["buttons"] for label, data in row if "Setujui" in label)
    staff_before = play.last(staff.chat)
    play.says(admin.chat, button=approve, label="✅ Setujui")
    told = play.answers(staff.chat, staff_before)
    assert told[0].startswith("Pengajuan Sakit Anda untuk 24-11-2026 DISETUJUI oleh")


def test_the_console_opens_signed_in_as_the_demo_admin(play):
    staff = play.someone("Pegawai", registered=False)
    play.register(staff)
    play.says(staff.chat, text="Masuk")
    office = play.office(staff.chat)
    play.says(staff.chat, location={"lat": office[0], "lon": office[1], "accuracy_m": 8,
                                    "live": True})  # fmt: skip
    play.upload(staff.chat, "foto", "saya.jpg", (FACES / "obama_2.jpg").read_bytes())

    link = play.http.get("/coba/konsol", follow_redirects=True)  # behind a fresh link
    assert link.status_code == 200
    token = re.search(r'name="t" value="([^"]+)"', link.text).group(1)
    board = play.http.post("/admin/masuk", data={"t": token}, follow_redirects=True)
    assert board.status_code == 200
    assert "Kehadiran hari ini: BKPSDM" in board.text
    row = re.search(rf"<tr><td>{re.escape(staff.name)}</td>(.*?)</tr>", board.text, re.S)
    assert row
    cells = [cell.strip() for cell in re.findall(r"<td>(.*?)</td>", row.group(1))]
    assert cells == ["tepat waktu", "07:05", ""]


BAD_SENDS = [
    ({"text": ""}, 400, "Pesan ini tidak bisa dikirim"),
    ({"text": "   "}, 400, "Pesan ini tidak bisa dikirim"),
    ({"text": "x" * 4097}, 400, "Pesan terlalu panjang (paling banyak 4096 karakter)."),
    ({"text": "a\x00b"}, 400, "karakter yang tidak bisa disimpan"),
    ({"text": 42}, 400, "Pesan ini tidak bisa dikirim"),
    ({"text": "Masuk", "button": "x"}, 400, "Pesan ini tidak bisa dikirim"),
    ({}, 400, "Pesan ini tidak bisa dikirim"),
    ({"button": "x" * 65}, 400, "Pesan ini tidak bisa dikirim"),
    ({"button": ""}, 400, "Pesan ini tidak bisa dikirim"),
    ({"location": {"lat": "-2.06", "lon": 101.39}}, 400, "Lokasi ini tidak bisa dibaca"),
    ({"location": {"lat": -2.06}}, 400, "Lokasi ini tidak bisa dibaca"),
    ({"location": {"lat": True, "lon": 101.39}}, 400, "Lokasi ini tidak bisa dibaca"),
    ({"location": [1, 2]}, 400, "Lokasi ini tidak bisa dibaca"),
    (
        {"location": {"lat": -2.06, "lon": 101.39, "accuracy_m": 0, "live": True}},
        400,
        "Akurasi lokasi harus angka lebih dari 0 dan paling besar 100000 m.",
    ),
    ({"location": {"lat": -2.06, "lon": 101.39, "accuracy_m": -5}}, 400, "Akurasi lokasi"),
    ({"location": {"lat": -2.06, "lon": 101.39, "accuracy_m": 1e308}}, 400, "Akurasi lokasi"),
]
# JSON as Python writes it (NaN and Infinity are not JSON, but parsers take them).
RAW_SENDS = [
    (b'{"nonce": "abcdefgh12", "location": {"lat": NaN, "lon": 101.39, "live": true}}', 400,
     "Lokasi ini tidak bisa dibaca"),
    (b'{"nonce": "abcdefgh12", "location": {"lat": -2.06, "lon": 101.39, "accuracy_m": '
     b'Infinity, "live": true}}', 400, "Akurasi lokasi"),
    (b'{"nonce": "abcdefgh12", "text": "\\ud800"}', 400, "karakter yang tidak bisa disimpan"),
    (b'{"nonce": "abcdefgh12", "button": "ap:1", "label": "\\udfff"}', 400,
     "karakter yang tidak bisa disimpan"),
    (b'{"nonce": "abcdefgh12", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 413,
     "Pesan terlalu panjang"),
    (b'{"nonce": "abcdefgh12", "text": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", 400,
     "Pesan ini tidak bisa dikirim"),
    (b'{"nonce": "abcdefgh12", "text": "' + b"x" * 70_000 + b'"}', 413, "Pesan terlalu panjang"),
    (b'{"nonce": "abcdefgh\\n", "text": "hai"}', 400, "Pesan ini tidak bisa dikirim"),
]  # fmt: skip


def test_bad_input_is_answered_and_changes_nothing(play):
    staff = play.someone("Pegawai", registered=False)
    chat = staff.chat
    for body, status, message in BAD_SENDS:
        response = play.send(chat, **body)
        assert response.status_code == status, body
        assert message in response.json()["error"], body
    assert play.send(chat, nonce="short", text="hai").status_code == 400
    for raw, status, message in RAW_SENDS:
        response = play.http.post(f"/coba/chat/{chat}/kirim", content=raw,
                                  headers={"Content-Type": "application/json"})  # fmt: skip
        assert response.status_code == status, raw[:80]
        assert message in response.json()["error"], raw[:80]
    raw = play.http.post(f"/coba/chat/{chat}/kirim", content=b"{not json",
                         headers={"Content-Type": "application/json"})  # fmt: skip
    assert raw.status_code == 400 and "tidak bisa dikirim" in raw.json()["error"]
    listed = play.http.post(f"/coba/chat/{chat}/kirim", json=["Masuk"])
    assert listed.status_code == 400
    elsewhere = play.http.post(f"/coba/chat/{chat}/kirim", json={"nonce": "a" * 12, "text": "hai"},
                               headers={"Origin": "https://evil.example"})  # fmt: skip
    assert elsewhere.status_code == 403
    assert elsewhere.json()["error"] == "Permintaan ini datang dari situs lain dan ditolak."
    assert play.send("../admin", text="hai").status_code == 404
    for other in ("coba-424242", "coba-00009", f"{chat}%0A", "console-99999"):
        response = play.send(other, text="hai")
        assert response.status_code == 404, other
        assert response.json()["error"] == "Chat ini tidak ada.", other
    rebound = play.http.post(
        f"/coba/chat/{chat}/kirim",
        json={"nonce": "a" * 12, "text": "hai"},
        headers={"Host": "evil.example", "Origin": "http://evil.example"},
    )
    assert rebound.status_code == 400  # DNS rebinding: another site's name is not ours
    assert rebound.json()["error"] == "Playground hanya melayani 127.0.0.1 dan localhost."
    assert play.http.get("/coba/konsol", headers={"Host": "evil.example"}).status_code == 400
    assert play.http.get("/admin", headers={"Host": "evil.example:80"}).status_code == 400
    method = play.http.put(f"/coba/chat/{chat}/kirim", json={})
    assert method.status_code == 405
    assert method.json()["error"] == "Alamat ini tidak menerima cara itu."
    nowhere = play.http.get("/coba/tidak-ada")
    assert nowhere.status_code == 404 and nowhere.json()["error"] == "Alamat ini tidak ada."
    for back in ("/coba/../admin", "/cobaevil", "//evil.example", "https://evil.example"):
        away = play.http.get("/coba/bahasa", params={"ke": "en", "kembali": back})
        assert away.status_code == 303 and away.headers["location"] == "/coba", back
    assert play.http.get("/coba/bahasa", params={"ke": "fr"}).status_code == 400
    play.http.cookies.clear()  # back to the default language
    unknown = play.http.get("/coba/chat/telegram-1/pesan")
    assert unknown.status_code == 404 and unknown.json()["error"] == "Chat ini tidak ada."
    marker = play.http.get(f"/coba/chat/{chat}/pesan", params={"sejak": "zz"})
    assert marker.status_code == 400 and marker.json()["error"] == "Penanda pesan tidak dikenal."

    not_image = play.upload(chat, "foto", "x.jpg", b"\xff\xd8 not really a jpeg")
    assert not_image.status_code == 415
    assert not_image.json()["error"].startswith("Berkas ini tidak bisa dikirim")
    pdf_as_selfie = play.upload(chat, "foto", "surat.pdf", PDF)
    assert pdf_as_selfie.status_code == 415
    assert play.upload(chat, "dokumen", "kosong.pdf", b"").status_code == 400
    assert play.upload(chat, "video", "a.mp4", PDF).status_code == 415
    assert play.upload(chat, "suara", "a.pdf", PDF).status_code == 400
    no_nonce = play.http.post(f"/coba/chat/{chat}/berkas", data={"jenis": "foto"},
                              files={"berkas": ("a.jpg", b"x")})  # fmt: skip
    assert no_nonce.status_code == 400 and no_nonce.json()["error"].startswith("Berkas ini")
    no_file = play.http.post(f"/coba/chat/{chat}/berkas", data={"jenis": "foto", "nonce": "a" * 9})
    assert no_file.status_code == 400
    broken = play.http.post(f"/coba/chat/{chat}/berkas", content=b"--x\r\n",
                            headers={"Content-Type": "multipart/form-data"})  # fmt: skip
    assert broken.status_code == 400 and broken.json()["error"].startswith("Berkas ini")
    big_photo = play.upload(chat, "foto", "besar.jpg", (FACES / "obama_1.jpg").read_bytes()
                            + b"0" * (10 * 1024 * 1024))  # fmt: skip
    assert big_photo.status_code == 413 and "paling besar 10 MB" in big_photo.json()["error"]
    huge = play.upload(chat, "dokumen", "besar.pdf", PDF + b"0" * (20 * 1024 * 1024))
    assert huge.status_code == 413 and "paling besar 20 MB" in huge.json()["error"]
    english = play.http.post(f"/coba/chat/{chat}/kirim", json={"nonce": "a" * 12, "text": ""},
                             headers={"Cookie": "coba_bahasa=en"})  # fmt: skip
    assert english.json()["error"].startswith("This message cannot be sent")

    assert play.messages(chat) == []  # nothing was stored, shown or answered
    assert play.someone("Pegawai", registered=False).chat == chat


def test_a_message_sent_twice_is_answered_once(play):
    staff = play.someone("Pegawai", registered=False)
    first = play.send(staff.chat, nonce="same-nonce-1", text="/start")
    again = play.send(staff.chat, nonce="same-nonce-1", text="/start")
    assert first.status_code == again.status_code == 202
    texts = [m["text"] for m in play.messages(staff.chat)]
    assert texts == ["/start", "Selamat datang di presensi. Kirim NIP (18 digit) atau NIK "
                               "(16 digit) Anda."]  # fmt: skip


def test_someone_registering_in_anothers_chat_leaves_them_a_chat_of_their_own(play):
    first, second = [r for r in play.people() if r.state.startswith("Kode aktivasi")][:2]
    play.says(first.chat, text="/start")
    play.says(first.chat, text=second.identifier)
    linked = play.says(first.chat, text=second.code)  # on a colleague's phone, as happens
    assert linked[0].startswith(f"Akun terhubung: {second.name}")
    rows = {r.employee_id: r for r in play.people()}
    assert rows[second.employee_id].chat == first.chat
    assert rows[second.employee_id].state == "Terdaftar"
    assert rows[first.employee_id].chat == f"{first.chat}-2"
    page = play.http.get(f"/coba/chat/{first.chat}-2")
    assert page.status_code == 200 and f"<h1>{first.name}" in page.text
    assert play.register(rows[first.employee_id])[0].startswith(f"Akun terhubung: {first.name}")
