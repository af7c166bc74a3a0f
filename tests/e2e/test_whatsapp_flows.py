"""The real chat flows through the WhatsApp webhook: signed bodies in, Graph API calls out.

The same conversations as on Telegram (tests/e2e/test_telegram_flows.py): registration, clocking
in with a location request then a selfie, a sick note approved with one tap, the recap, face
enrollment, and every refusal WhatsApp makes possible. Photos and documents travel through the
fake Graph API's two-step media download.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from bot.offline import updates as tg
from bot.offline.api import OfflineBotApi
from core.flows.messages import Channel
from core.storage.chat_tables import InboxRow
from core.storage.tables import AbsenceRow, AttendanceRow, UnitRow
from presensi.server import build_app
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph, choices, shown
from tests.e2e.whatsapp_chat import WhatsAppChat, drain, settings
from tests.flows_harness import ADMIN, HEAD, OFFICE, STAFF, Harness, build

DEWI, RINA, HENDRA = wa.DEWI, wa.RINA, wa.HENDRA  # STAFF, ADMIN (her supervisor), HEAD
PDF = b"%PDF-1.4 surat dokter"


class People:
    """People writing to the bot on WhatsApp, at the harness's clock."""

    def __init__(self, h: Harness, chat: WhatsAppChat, fake: FakeGraph) -> None:
        self.h, self.chat, self.fake = h, chat, fake
        self.media_ids = itertools.count(9001)

    @property
    def now(self):
        return self.h.clock.now()

    def says(self, who: str, words: str) -> str:
        return self.chat.says(wa.text(words, sender=who, at=self.now))

    def send(self, message: dict) -> list[dict]:
        return self.chat.send(message)

    def link(self, who: str, identifier: str) -> list[dict]:
        """Register with the activation code the unit admin gave."""
        self.says(who, "/start")
        self.says(who, identifier)
        return self.send(wa.text(self.h.code_for(identifier), sender=who, at=self.now))

    def media(self, content: bytes, mime: str = "image/jpeg", **setup) -> str:
        """A file the person's phone uploaded to WhatsApp; its media id."""
        media_id = str(next(self.media_ids))
        self.fake.add_media(media_id, content, mime, **setup)
        return media_id

    def selfie(self, who: str, content: bytes, mime: str = "image/jpeg", forwarded=False,
               **setup) -> str:  # fmt: skip
        """Take a selfie; `setup` tells the fake Graph API how to serve it."""
        media_id = self.media(content, mime, **setup)
        message = wa.image(media_id, sender=who, at=self.now, forwarded=forwarded)
        return self.chat.says(message)

    def at_office(self, who: str, **extra) -> str:
        return self.chat.says(wa.location(*OFFICE, sender=who, at=self.now, **extra))

    def tap(self, who: str, message: dict, title: str) -> list[dict]:
        """Tap the button or list row titled `title` of a message the bot sent."""
        [choice_id] = [i for i, t in choices(message) if t == title]
        kind = "button" if message["interactive"]["type"] == "button" else "list"
        reply = wa.button_reply if kind == "button" else wa.list_reply
        return self.send(reply(choice_id, title, sender=who, at=self.now))

    def rows(self, table=AttendanceRow) -> list:
        with self.h.uow() as uow:
            return list(uow.session.query(table).order_by(table.id))


def text_of(messages: list[dict]) -> str:
    return "\n".join(shown(m) for m in messages)


@pytest.fixture
def people(tmp_path):
    h = build(tmp_path)
    fake = FakeGraph()

    def runner_factory(config, fetchers):
        h.runner.deps.fetchers.update(fetchers)  # media come from the Graph API, not the harness
        return h.runner

    config = settings(f"sqlite:///{tmp_path / 'flows.db'}")  # the harness's database
    app = build_app(config, runner_factory, whatsapp_transport=fake.transport, clock=h.clock)
    with TestClient(app) as http:
        yield People(h, WhatsAppChat(http, fake), fake)


@pytest.fixture
def dewi(people):
    """Dewi has linked her WhatsApp account."""
    people.link(DEWI, STAFF)
    return people


# --- registration ------------------------------------------------------------------------------


def test_registration_with_an_activation_code(people):
    assert "NIP" in people.says(DEWI, "/start")
    [asked] = people.send(wa.text(STAFF, sender=DEWI, at=people.now))
    assert asked["type"] == "text"  # WhatsApp has no contact button: the text says the card
    assert shown(asked) == (
        "Kirim kode aktivasi dari admin unit Anda, atau kirim kartu kontak Anda sendiri "
        "(📎 > Kontak) dengan nomor HP yang terdaftar. Belum terdaftar? Hubungi admin unit Anda."
    )
    [linked] = people.send(wa.text(people.h.code_for(STAFF), sender=DEWI, at=people.now))
    assert "Akun terhubung: Dewi Lestari" in shown(linked)
    assert linked["interactive"]["type"] == "list"  # the menu: four labels, a list
    assert [t for _, t in choices(linked)] == ["Masuk", "Pulang", "Izin/Cuti", "Status saya"]


def test_registration_with_the_own_contact_card(people):
    people.says(DEWI, "/start")
    people.says(DEWI, STAFF)
    other = people.send(wa.contact("0813-6600-2104", "6281100000001", sender=DEWI))
    assert text_of(other) == (
        "Kirim kartu kontak Anda sendiri (📎 > Kontak), bukan kontak orang lain."
    )
    own = people.send(wa.contact("+62 813-6600-2104", DEWI, sender=DEWI))
    assert "Akun terhubung" in text_of(own)


def test_an_unknown_user_is_sent_to_start(people):
    assert "/start" in people.says("6289999999999", "Masuk")


# --- clocking in -------------------------------------------------------------------------------


def test_clock_in_with_a_location_request_then_a_selfie(dewi):
    [menu] = dewi.send(wa.text("halo", sender=DEWI, at=dewi.now))
    [asked] = dewi.tap(DEWI, menu, "Masuk")  # the list row stands for the typed label
    assert asked["interactive"]["type"] == "location_request_message"
    assert "swafoto" in dewi.at_office(DEWI)
    before = len(dewi.fake.calls)
    answer = dewi.selfie(DEWI, b"face:" + STAFF.encode())
    assert "Masuk tercatat 07:20 WIB: tepat waktu" in answer
    media_id = str(next(dewi.media_ids) - 1)
    fetched = [(c.method, c.path) for c in dewi.fake.calls[before:] if c.method == "GET"]
    assert fetched == [("GET", f"/v21.0/{media_id}"), ("GET", f"media:{media_id}")]
    [row] = dewi.rows()
    assert (row.source, row.outcome, row.accepted, row.accuracy_m) == (
        "whatsapp", "on_time", True, None)  # fmt: skip


def test_a_location_of_zero_zero_is_recorded_as_refused(dewi):
    dewi.says(DEWI, "Masuk")
    answer = dewi.chat.says(wa.location(0.0, 0.0, sender=DEWI, at=dewi.now))
    assert "di luar area" in answer
    [row] = dewi.rows()
    assert (row.outcome, row.accepted, row.lat, row.lon) == ("outside_area", False, 0.0, 0.0)


@pytest.mark.parametrize(
    ("extra", "words"),
    [({"forwarded": True}, "terusan"), ({"name": "Kantor Walikota"}, "dipilih dari daftar")],
    ids=["forwarded", "picked_place"],
)
def test_a_location_that_is_not_the_users_own_position_is_refused(dewi, extra, words):
    dewi.says(DEWI, "Masuk")
    assert words in dewi.at_office(DEWI, **extra)
    assert dewi.rows() == []


@pytest.mark.parametrize(
    "spot",
    [{"latitude": 91, "longitude": 101.39}, {"latitude": "kantor", "longitude": 101.39},
     {"latitude": float("nan"), "longitude": 101.39}],
    ids=["lat_91", "text", "nan"],
)  # fmt: skip
def test_a_location_off_the_map_is_answered_and_the_step_stays(dewi, spot):
    dewi.says(DEWI, "Masuk")
    message = wa.location(0.0, 0.0, sender=DEWI, at=dewi.now)
    message["location"] = spot
    assert "Lokasi itu tidak sah: koordinatnya tidak ada di peta" in dewi.chat.says(message)
    assert dewi.rows() == []
    assert "swafoto" in dewi.at_office(DEWI)


# What only Telegram offers: a live location, its attachment-menu path, a contact button.
TELEGRAM_ONLY = ("Lokasi Terkini", "LOKASI TERKINI", "live", "📎 > Lokasi", "ketuk tombol untuk "
                 "mengirim nomor", "tombol di bawah untuk mengirim nomor")  # fmt: skip


def describes_only_whatsapp(message: dict) -> str:
    """The text of a message that promises nothing WhatsApp lacks; fails otherwise."""
    text = shown(message)
    assert not [words for words in TELEGRAM_ONLY if words in text], text
    if "tombol di bawah" in text:  # "the button below" must be there
        assert message["interactive"]["type"] == "location_request_message", text
    return text


@pytest.mark.parametrize(
    ("make", "words"),
    [(lambda at: wa.sticker(DEWI, at), "Yang diminta lokasi, bukan stiker. Masuk: ketuk tombol "
      "di bawah untuk mengirim lokasi Anda sekarang."),
     (lambda at: wa.location(*OFFICE, sender=DEWI, at=at, name="Kantor Walikota"),
      "Tempat yang dipilih dari daftar tidak diterima. Ketuk tombol di bawah untuk mengirim "
      "lokasi Anda saat ini."),
     (lambda at: wa.location(*OFFICE, sender=DEWI, at=at, forwarded=True),
      "Lokasi terusan tidak diterima. Bagikan lokasi Anda sendiri saat ini."),
     (lambda at: wa.location(91.0, 101.39, sender=DEWI, at=at),
      "Lokasi itu tidak sah: koordinatnya tidak ada di peta. Kirim lagi lokasi Anda saat ini.")],
    ids=["sticker", "picked_place", "forwarded", "off_the_map"],
)  # fmt: skip
def test_a_refused_location_comes_with_the_location_request_again(dewi, make, words):
    dewi.says(DEWI, "Masuk")
    [again] = dewi.send(make(dewi.now))
    assert again["interactive"]["type"] == "location_request_message"
    assert describes_only_whatsapp(again) == words
    assert "swafoto" in dewi.at_office(DEWI)  # the step stayed open


def test_the_whole_whatsapp_transcript_describes_only_what_whatsapp_offers(people):
    people.says(DEWI, "/start")
    people.says(DEWI, STAFF)
    people.send(wa.contact("0813-6600-2104", "6281100000001", sender=DEWI))
    people.send(wa.text(people.h.code_for(STAFF), sender=DEWI, at=people.now))
    people.send(wa.sticker(DEWI, people.now))
    people.says(DEWI, "Masuk")
    people.send(wa.location(*OFFICE, sender=DEWI, at=people.now, name="Kantor Walikota"))
    people.at_office(DEWI)
    people.selfie(DEWI, b"face:me")
    sent = people.fake.sent(DEWI)
    assert len(sent) >= 8
    for message in sent:
        describes_only_whatsapp(message)


def test_an_unreadable_message_shows_the_menu_it_names(dewi):
    [answer] = dewi.send(wa.sticker(DEWI, dewi.now))
    assert shown(answer) == ("Bot tidak dapat membaca stiker. Pilih Masuk atau "
                             "Pulang, atau ketik /bantuan.")  # fmt: skip
    assert [t for _, t in choices(answer)][:2] == ["Masuk", "Pulang"]


def test_a_location_sent_too_long_after_the_request_is_refused(dewi):
    dewi.says(DEWI, "Masuk")
    dewi.h.clock.set(dewi.now + timedelta(minutes=5))
    assert "5 menit yang lalu" in dewi.at_office(DEWI)


def test_a_forwarded_selfie_is_refused(dewi):
    dewi.says(DEWI, "Masuk")
    dewi.at_office(DEWI)
    assert "Foto terusan" in dewi.selfie(DEWI, b"face:me", forwarded=True)
    assert dewi.rows() == []


def test_a_selfie_whose_download_fails_is_asked_again_and_recorded_once(dewi):
    dewi.says(DEWI, "Masuk")
    dewi.at_office(DEWI)
    failed = dewi.selfie(DEWI, b"face:me", download_status=404)  # the media URL expired
    assert failed == "Foto/berkas tidak dapat diunduh. Kirim sekali lagi."
    assert dewi.rows() == []
    assert "tepat waktu" in dewi.selfie(DEWI, b"face:me|again")
    assert len(dewi.rows()) == 1


def test_an_image_that_is_not_an_image_is_refused_and_the_step_stays(dewi):
    dewi.says(DEWI, "Masuk")
    dewi.at_office(DEWI)
    # The message says image/jpeg; the Graph API knows the file for what it is.
    wrong = dewi.selfie(DEWI, b"MZ\x90\x00", mime="application/x-msdownload")
    assert "bukan foto atau PDF" in wrong and dewi.rows() == []
    assert "tepat waktu" in dewi.selfie(DEWI, b"face:me")


def test_a_redelivered_selfie_records_nothing_twice(dewi):
    dewi.says(DEWI, "Masuk")
    dewi.at_office(DEWI)
    selfie = wa.image(dewi.media(b"face:me"), sender=DEWI, at=dewi.now)
    assert "tepat waktu" in dewi.chat.says(selfie)
    assert dewi.send(selfie) == []  # Meta delivers it again: no answer, no record
    assert len(dewi.rows()) == 1
    assert len(dewi.rows(InboxRow)) == 6  # three to link, Masuk, the location, the selfie


def test_a_unit_refusing_whatsapp_sends_staff_to_telegram(dewi):
    with dewi.h.uow() as uow:
        for unit in uow.session.query(UnitRow):
            unit.policy = {**(unit.policy or {}), "whatsapp_clock_in": "refuse"}
        uow.commit()
    assert "Gunakan bot Telegram" in dewi.says(DEWI, "Masuk")
    assert dewi.rows() == []


@pytest.mark.parametrize(
    ("message", "kind"),
    [(wa.sticker, "stiker"), (wa.audio, "audio"), (wa.unsupported, "pesan jenis lain")],
    ids=["sticker", "voice_note", "unknown"],
)
def test_kinds_the_bot_cannot_read_get_a_clear_answer(dewi, message, kind):
    assert f"Bot tidak dapat membaca {kind}." in dewi.chat.says(message(DEWI, dewi.now))


# --- leave with evidence and one-tap approval --------------------------------------------------


def file_sick_note(people: People, evidence_id: str) -> list[dict]:
    [types] = people.send(wa.text("/izin", sender=DEWI, at=people.now))
    assert types["interactive"]["type"] == "list"  # six kinds of absence
    people.tap(DEWI, types, "Sakit")
    people.says(DEWI, "24-11-2026")
    people.says(DEWI, "Demam tinggi")
    return people.send(wa.document(evidence_id, sender=DEWI, at=people.now))


def test_a_sick_note_is_approved_with_one_tap_on_whatsapp(dewi):
    dewi.link(RINA, ADMIN)
    sent = file_sick_note(dewi, dewi.media(PDF, "application/pdf"))
    assert "terkirim ke Rina Marlina" in text_of(m for m in sent if m["to"] == DEWI)
    document, request = [m for m in sent if m["to"] == RINA]
    assert document["type"] == "document" and document["document"]["filename"].endswith(".pdf")
    [upload] = dewi.fake.uploads()
    assert upload.files["file"][1] == PDF  # the note itself, as Dewi sent it
    assert "Sakit dari Dewi Lestari" in shown(request)
    assert [t for _, t in choices(request)] == ["✅ Setujui", "❌ Tolak"]

    approved = dewi.tap(RINA, request, "✅ Setujui")
    assert "DISETUJUI oleh Rina Marlina" in text_of(m for m in approved if m["to"] == DEWI)
    assert text_of(m for m in approved if m["to"] == RINA) == "Tercatat: disetujui."
    again = dewi.tap(RINA, request, "✅ Setujui")  # a double tap
    assert text_of(again) == "Pengajuan ini sudah disetujui."
    [absence] = dewi.rows(AbsenceRow)
    assert absence.status == "approved"


def test_a_document_of_100_mb_is_refused_before_it_is_downloaded(dewi):
    dewi.link(RINA, ADMIN)
    huge = dewi.media(b"%PDF-1.4 ...", "application/pdf", announced_size=100 * 1024 * 1024)
    sent = file_sick_note(dewi, huge)
    assert "terlalu besar (paling besar 20 MB)" in text_of(sent)
    assert [c.path for c in dewi.fake.calls if c.path == f"media:{huge}"] == []
    assert dewi.rows(AbsenceRow) == []
    small = dewi.media(PDF, "application/pdf")  # the step is still open
    assert "terkirim ke Rina Marlina" in text_of(dewi.send(wa.document(small, at=dewi.now)))


def test_a_button_that_has_expired_or_was_forged_gets_a_clear_answer(dewi):
    for choice in ("ap:999999", "zz:1"):
        answer = dewi.send(wa.button_reply(choice, "✅ Setujui", sender=DEWI, at=dewi.now))
        assert text_of(answer) == "Tombol ini tidak dikenal atau sudah kedaluwarsa."
    assert dewi.rows(AbsenceRow) == []


def test_an_old_button_tap_delivered_late_is_refused_as_stale(dewi):
    late = wa.button_reply("ap:1", "✅ Setujui", sender=DEWI, at=dewi.now - timedelta(hours=2))
    assert dewi.chat.says(late) == "Pesan ini terlambat diterima, kirim lagi."


# --- summaries and enrollment ------------------------------------------------------------------


def test_the_head_asks_for_todays_recap(dewi):
    dewi.link(HENDRA, HEAD)
    dewi.says(DEWI, "Masuk")
    dewi.at_office(DEWI)
    dewi.selfie(DEWI, b"face:me")
    dewi.h.at(9, 0)
    recap = dewi.says(HENDRA, "/rekap")
    assert "Rekap Sekretariat Daerah Kota Sungai Penuh" in recap and "Belum absen" in recap
    assert "tidak berwenang" in dewi.says(DEWI, "/rekap")


def test_face_enrollment_through_whatsapp_approved_by_the_admin(dewi):
    dewi.link(RINA, ADMIN)
    [start] = dewi.send(wa.text("/wajah", sender=DEWI, at=dewi.now))
    assert [t for _, t in choices(start)] == ["Selesai"]
    [got] = dewi.send(wa.image(dewi.media(f"face:{STAFF}|1".encode()), sender=DEWI, at=dewi.now))
    sent = dewi.tap(DEWI, got, "Selesai")
    assert "terkirim ke admin" in text_of(m for m in sent if m["to"] == DEWI)
    [request] = [m for m in sent if m["to"] == RINA]
    approved = dewi.tap(RINA, request, "✅ Setujui")
    assert "Pendaftaran wajah Anda disetujui" in text_of(m for m in approved if m["to"] == DEWI)
    dewi.says(DEWI, "Masuk")
    dewi.at_office(DEWI)
    assert "wajah tidak cocok" in dewi.selfie(DEWI, b"face:someone-else")


# --- both channels in one process --------------------------------------------------------------


def test_a_sick_note_filed_on_whatsapp_is_approved_on_telegram(tmp_path):
    h = build(tmp_path)
    fake, telegram = FakeGraph(), OfflineBotApi()
    built = []

    def runner_factory(config, fetchers):
        built.append(set(fetchers))
        h.runner.deps.fetchers.update(fetchers)
        return h.runner

    config = settings(f"sqlite:///{tmp_path / 'flows.db'}", telegram_bot_token="123456:TEST",
                      telegram_webhook_secret="tg-secret")  # fmt: skip
    app = build_app(config, runner_factory, telegram_request=telegram,
                     whatsapp_transport=fake.transport, clock=h.clock)  # fmt: skip
    rina = tg.user(600600600, "Rina")
    with TestClient(app) as http:
        people = People(h, WhatsAppChat(http, fake), fake)

        def on_telegram(update: dict) -> None:
            headers = {"X-Telegram-Bot-Api-Secret-Token": "tg-secret"}
            assert http.post("/webhooks/telegram", json=update, headers=headers).status_code == 200
            http.portal.call(drain, app.state.telegram.tasks)
            people.chat.settle()

        for words in ("/start", ADMIN, h.code_for(ADMIN)):
            make = tg.command if words.startswith("/") else tg.text
            on_telegram(make(words, sender=rina, at=h.clock.now()))
        people.link(DEWI, STAFF)
        sent = file_sick_note(people, people.media(PDF, "application/pdf"))
        assert "terkirim ke Rina Marlina" in text_of(sent)
        [request] = telegram.sent("sendDocument")
        assert "Sakit dari Dewi Lestari" in request.params["caption"]
        approve = request.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        before = len(fake.sent(DEWI))
        on_telegram(tg.callback(approve, sender=rina))
        told = fake.sent(DEWI)[before:]
        assert "DISETUJUI oleh Rina Marlina" in text_of(told)
    assert built == [{Channel.WHATSAPP, Channel.TELEGRAM}]  # one runner serves both channels
    assert set(h.runner.deps.fetchers) == {Channel.WHATSAPP, Channel.TELEGRAM}


# --- an employee's own month --------------------------------------------------------------------


def test_my_history_and_recap_then_english_for_good(dewi):
    for (hour, minute), word in (((7, 20), "Masuk"), ((16, 5), "Pulang")):
        dewi.h.at(hour, minute, date(2026, 11, 3))
        dewi.says(DEWI, word)
        dewi.at_office(DEWI)
        assert "tercatat" in dewi.selfie(DEWI, f"face:{STAFF}|{dewi.now}".encode())
    dewi.h.at(10, 0, date(2026, 11, 18))
    days, requests = dewi.send(wa.text("/riwayat", sender=DEWI, at=dewi.now))
    assert days["type"] == "text" and len(shown(days)) <= 4096
    assert shown(days).startswith("Riwayat presensi Dewi Lestari A.Md, November 2026 (1-18 ")
    assert "\nSel 03-11 H: masuk 07:20, pulang 16:05, tepat waktu\n" in shown(days)
    assert "\nRab 04-11 TK: tanpa keterangan\n" in shown(days)
    assert (
        shown(requests)
        == "Tidak ada pengajuan sakit/izin/cuti atau lupa absen untuk November 2026."
    )
    assert "Pilih /bahasa id (Bahasa Indonesia) atau /bahasa en" in dewi.says(DEWI, "/bahasa fr")
    switched = dewi.says(DEWI, "/bahasa en")
    assert switched.startswith("This chat's language is now English.")
    recap = dewi.says(DEWI, "/rekapsaya")
    assert recap.startswith("Recap of Dewi Lestari A.Md, November 2026 (1-18 November, month ")
    assert "- 11x absent without reason (TK) = 33%" in recap
    assert "Basis: the monthly recap is the basis of TPP pay (Perwal Sungai Penuh 12/2023" in recap
    assert "Clock in" in dewi.says(DEWI, "halo")  # the menu, in English from now on
