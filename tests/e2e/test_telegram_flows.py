"""The real chat flows through the real Telegram adapter: recorded update JSON in, the Bot API
calls a person would see out (through the offline FakeTelegram). Photos and documents travel
through getFile and the file download, as they do with Telegram.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from telegram import Update

from bot.offline import updates as tg
from bot.offline.api import Call
from bot.offline.api import OfflineBotApi as FakeTelegram
from core.flows.messages import Channel
from presensi.server import build_app, telegram_bot
from presensi.settings import Settings
from tests.flows_harness import ADMIN, HEAD, OFFICE, ORG, STAFF, TUESDAY, Harness, build

SETTINGS = Settings(_env_file=None, telegram_bot_token="123456:TEST-TOKEN")
DEWI = tg.user(111222333, "Dewi")  # STAFF
RINA = tg.user(600600600, "Rina")  # ADMIN, Dewi's supervisor
HENDRA = tg.user(700700700, "Hendra")  # HEAD, a manager


class Conversation:
    """People talking to the bot: each update goes through `process_update`, as from the webhook."""

    def __init__(self, h: Harness, fake: FakeTelegram, application) -> None:
        self.h, self.fake, self.application = h, fake, application

    async def send(self, data: dict) -> list[Call]:
        """Deliver one update; return the Bot API calls it caused."""
        before = len(self.fake.calls)
        await self.application.process_update(Update.de_json(data, self.application.bot))
        return self.fake.calls[before:]

    async def says(self, person: dict, words: str) -> str:
        """`person` types `words` (a command when it starts with "/"); the bot's texts back."""
        make = tg.command if words.startswith("/") else tg.text
        return texts(await self.send(make(words, sender=person, at=self.h.clock.now())))

    async def link(self, person: dict, identifier: str) -> list[Call]:
        """Register `person` with the activation code their admin gave them."""
        await self.says(person, "/start")
        await self.says(person, identifier)
        return await self.send(tg.text(self.h.code_for(identifier), sender=person,
                                       at=self.h.clock.now()))  # fmt: skip

    async def selfie(self, person: dict, content: bytes, forwarded: bool = False) -> list[Call]:
        """`person` takes a selfie (Telegram stores it; the bot downloads it to check the face)."""
        file_id = f"AgAC{len(self.fake.calls)}"
        self.fake.add_file(file_id, content)
        build_update = tg.forwarded_photo if forwarded else tg.photo
        return await self.send(build_update(file_id, sender=person, at=self.h.clock.now()))


def texts(calls: list[Call]) -> str:
    return "\n".join(c.params.get("text") or c.params.get("caption") or "" for c in calls)


@asynccontextmanager
async def telegram_chat(
    h: Harness, *people: tuple[dict, str], talk=None, **wiring
) -> AsyncIterator[Any]:
    """The real python-telegram-bot Application on the harness's runner over the fake Bot API,
    with `people` (a Telegram user, the NIP or NIK they link to) linked; `talk` is the
    Conversation class to drive it with, `wiring` what else `telegram_bot` takes (push=False)."""
    fake = FakeTelegram()

    def runner_factory(settings, fetchers):
        h.runner.deps.fetchers.update(fetchers)  # files come from Telegram, not the harness
        return h.runner

    application = telegram_bot(SETTINGS, runner_factory, request=fake, clock=h.clock, **wiring)
    async with application:
        chat = (talk or Conversation)(h, fake, application)
        for person, identifier in people:
            await chat.link(person, identifier)
        yield chat


@pytest.fixture
async def chat(tmp_path):
    async with telegram_chat(build(tmp_path)) as conversation:
        yield conversation


@pytest.fixture
async def dewi(chat):
    """Dewi has linked her account."""
    await chat.link(DEWI, STAFF)
    return chat


async def test_registration_with_an_activation_code(chat):
    assert "NIP" in await chat.says(DEWI, "/start")
    [asked] = await chat.send(tg.text(STAFF, sender=DEWI, at=chat.h.clock.now()))
    assert "kode aktivasi" in asked.params["text"]
    [contact_button] = asked.params["reply_markup"]["keyboard"][0]
    assert contact_button["request_contact"] is True
    calls = await chat.send(tg.text(chat.h.code_for(STAFF), sender=DEWI, at=chat.h.clock.now()))
    assert [c.method for c in calls] == ["setMyCommands", "sendMessage"]
    menu = calls[0].params
    assert str(menu["scope"]["chat_id"]) == str(DEWI["id"])
    assert {"command": "masuk", "description": "Absen masuk"} in menu["commands"]
    linked = calls[1].params
    assert "Akun terhubung: Dewi Lestari" in linked["text"]
    assert linked["reply_markup"]["keyboard"][0] == [{"text": "Masuk"}, {"text": "Pulang"}]


async def test_registration_with_the_own_phone_number_button(chat):
    await chat.says(DEWI, "/start")
    await chat.says(DEWI, STAFF)
    other = await chat.send(tg.contact("081366002104", own=False, sender=DEWI))
    assert "nomor Anda sendiri" in texts(other)
    own = await chat.send(tg.contact("+62 813-6600-2104", own=True, sender=DEWI))
    assert "Akun terhubung" in texts(own)


async def test_an_unknown_user_is_sent_to_start(chat):
    assert "/start" in await chat.says(tg.user(999, "Asing"), "Masuk")


async def test_clock_in_with_a_live_location_then_a_selfie(dewi):
    asked = await dewi.says(DEWI, "Masuk")  # the reply-keyboard button
    assert "LOKASI TERKINI" in asked
    near = tg.live_location(*OFFICE, accuracy=12, sender=DEWI, at=dewi.h.clock.now())
    assert "swafoto" in texts(await dewi.send(near))
    calls = await dewi.selfie(DEWI, b"face:" + STAFF.encode())
    assert calls[0].method == "getFile"
    assert {c.method for c in calls[1:]} == {"sendMessage"}
    assert "Masuk tercatat 07:20 WIB: tepat waktu" in texts(calls)
    assert dewi.fake.downloads == [calls[0].params["file_id"]]


async def test_live_location_moves_are_read_without_an_answer(dewi):
    await dewi.says(DEWI, "/masuk")
    first = tg.live_location(*OFFICE, sender=DEWI, at=dewi.h.clock.now(), message_id=41)
    await dewi.send(first)
    moved = tg.edited_live_location(*OFFICE, edited_at=dewi.h.clock.now() + timedelta(seconds=20),
                                    message_id=41, at=dewi.h.clock.now(), sender=DEWI)  # fmt: skip
    assert await dewi.send(moved) == []
    assert "tepat waktu" in texts(await dewi.selfie(DEWI, b"face:me"))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda at: tg.static_location(*OFFICE, sender=DEWI, at=at), "bukan lokasi terkini"),
        (lambda at: tg.forwarded_location(*OFFICE, sender=DEWI, at=at), "terusan"),
        (lambda at: tg.venue(*OFFICE, sender=DEWI, at=at), "dipilih di peta"),
        (lambda at: tg.live_location(*OFFICE, accuracy=1500, sender=DEWI, at=at),
         "Akurasi GPS 1500 m terlalu lemah"),
        (lambda at: tg.live_location(*OFFICE, sender=DEWI, at=at - timedelta(hours=1)),
         "60 menit yang lalu"),
        (lambda at: tg.live_location(40.7128, -74.0060, sender=DEWI, at=at), "di luar area"),
        (lambda at: tg.sticker(sender=DEWI, at=at), "bukan stiker"),
        (lambda at: tg.voice(sender=DEWI, at=at), "bukan pesan suara"),
        (lambda at: tg.text("saya di kantor", sender=DEWI, at=at), "bukan teks"),
    ],
    ids=["pin", "forwarded", "venue", "weak_gps", "hour_old", "new_york", "sticker", "voice",
         "text"],
)  # fmt: skip
async def test_what_is_not_a_trustworthy_live_location_is_refused(dewi, make, message):
    await dewi.says(DEWI, "/masuk")
    assert message in texts(await dewi.send(make(dewi.h.clock.now())))


async def test_a_forwarded_selfie_is_refused(dewi):
    await dewi.says(DEWI, "/masuk")
    await dewi.send(tg.live_location(*OFFICE, sender=DEWI, at=dewi.h.clock.now()))
    calls = await dewi.selfie(DEWI, b"face:me", forwarded=True)
    assert "Foto terusan" in texts(calls)


async def test_a_sick_note_is_approved_with_one_tap(dewi):
    await dewi.link(RINA, ADMIN)
    await dewi.says(DEWI, "/izin")
    types = await dewi.send(tg.callback("lt:S", sender=DEWI))
    assert types[-1].method == "answerCallbackQuery"
    await dewi.says(DEWI, "24-11-2026")
    await dewi.says(DEWI, "Demam tinggi")
    dewi.fake.add_file("BQACnote1", b"%PDF-1.4 surat dokter")
    sent = await dewi.send(tg.document("BQACnote1", sender=DEWI, at=dewi.h.clock.now()))
    assert "terkirim ke Rina Marlina" in texts([c for c in sent if c.method == "sendMessage"])
    [to_admin] = [c for c in sent if c.method == "sendDocument"]
    assert str(to_admin.params["chat_id"]) == str(RINA["id"])
    assert "Sakit dari Dewi Lestari" in to_admin.params["caption"]
    approve = to_admin.params["reply_markup"]["inline_keyboard"][0][0]
    assert approve["text"] == "✅ Setujui"

    pressed = await dewi.send(tg.callback(approve["callback_data"], sender=RINA))
    told = [c for c in pressed if c.method == "sendMessage"
            and str(c.params["chat_id"]) == str(DEWI["id"])]  # fmt: skip
    assert "DISETUJUI oleh Rina Marlina" in texts(told)
    [toast] = [c for c in pressed if c.method == "answerCallbackQuery"]
    assert toast.params["text"] == "Tercatat: disetujui."

    again = await dewi.send(tg.callback(approve["callback_data"], sender=RINA))
    assert [c.params.get("text") for c in again if c.method == "answerCallbackQuery"] == [
        "Pengajuan ini sudah disetujui."
    ]
    assert not any(str(c.params.get("chat_id")) == str(DEWI["id"]) for c in again)


async def test_only_the_approver_can_approve(dewi):
    await dewi.link(RINA, ADMIN)
    await dewi.link(HENDRA, HEAD)
    await dewi.says(DEWI, "/izin")
    await dewi.send(tg.callback("lt:S", sender=DEWI))
    await dewi.says(DEWI, "24-11-2026")
    await dewi.says(DEWI, "Demam")
    dewi.fake.add_file("BQACnote2", b"%PDF-1.4 surat")
    sent = await dewi.send(tg.document("BQACnote2", sender=DEWI, at=dewi.h.clock.now()))
    [to_admin] = [c for c in sent if c.method == "sendDocument"]
    approve = to_admin.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert "tidak berwenang" in texts(await dewi.send(tg.callback(approve, sender=HENDRA)))


@pytest.mark.parametrize("data", ["ap:999999", "ap:abc", "zz:1"])
async def test_a_forged_button_is_refused(dewi, data):
    calls = await dewi.send(tg.callback(data, sender=DEWI))
    *messages, answer = calls
    assert answer.method == "answerCallbackQuery"
    assert "tidak dikenal" in answer.params["text"]  # the toast over the pressed button
    assert all("tidak dikenal" in c.params["text"] for c in messages)


async def test_staff_cannot_ask_for_the_recap(dewi):
    assert "tidak berwenang" in await dewi.says(DEWI, "/rekap")


async def test_through_the_webhook_a_redelivered_start_is_answered_once(tmp_path):
    h = build(tmp_path)
    fake = FakeTelegram()

    def runner_factory(settings, fetchers):
        h.runner.deps.fetchers.update(fetchers)
        return h.runner

    settings = Settings(
        _env_file=None,
        database_url=f"sqlite:///{tmp_path / 'flows.db'}",  # the harness's database
        redis_url=None,
        telegram_bot_token="123456:TEST-TOKEN",
        telegram_webhook_secret="s3cret",
    )
    start = tg.command("/start", sender=DEWI, at=h.clock.now())
    headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
    with TestClient(build_app(settings, runner_factory, telegram_request=fake)) as http:
        for _ in range(2):
            assert http.post("/webhooks/telegram", json=start, headers=headers).status_code == 200
    assert len(fake.texts(DEWI["id"])) == 1 and "NIP" in fake.texts(DEWI["id"])[0]
    assert h.runner.deps.fetchers[Channel.TELEGRAM] is not None


@pytest.mark.parametrize(
    ("lat", "lon", "accuracy", "message"),
    [
        (91.0, OFFICE[1], 12.0, "Lokasi itu tidak sah: koordinatnya tidak ada di peta"),
        (OFFICE[0], 180.5, 12.0, "Lokasi itu tidak sah"),
        (float("nan"), OFFICE[1], 12.0, "Lokasi itu tidak sah"),
        ("kantor", OFFICE[1], 12.0, "Lokasi itu tidak sah"),
        (OFFICE[0], None, 12.0, "Lokasi itu tidak sah"),
        (*OFFICE, float("nan"), "tidak melaporkan akurasi GPS yang sah"),
        (*OFFICE, -5.0, "tidak melaporkan akurasi GPS yang sah"),
        (*OFFICE, "12", "swafoto"),  # a number sent as text is still a number
    ],
    ids=["lat_91", "lon_180.5", "nan", "string", "null", "nan_accuracy", "negative_accuracy",
         "accuracy_as_text"],
)  # fmt: skip
async def test_a_location_that_is_not_on_the_map_gets_an_answer(dewi, lat, lon, accuracy, message):
    await dewi.says(DEWI, "/masuk")
    update = tg.live_location(lat, lon, accuracy=accuracy, sender=DEWI, at=dewi.h.clock.now())
    assert message in texts(await dewi.send(update))


async def test_an_invalid_location_is_explained_in_english_too(chat):
    ana = tg.user(111222444, "Ana", language="en")
    await chat.link(ana, STAFF)
    await chat.says(ana, "/masuk")
    update = tg.live_location(91.0, 101.4, sender=ana, at=chat.h.clock.now())
    assert "That location is invalid" in texts(await chat.send(update))


async def test_a_broken_move_of_a_live_location_is_ignored(dewi):
    await dewi.says(DEWI, "/masuk")
    await dewi.send(tg.live_location(*OFFICE, sender=DEWI, at=dewi.h.clock.now(), message_id=42))
    moved = tg.edited_live_location(float("nan"), OFFICE[1], message_id=42, sender=DEWI,
                                    edited_at=dewi.h.clock.now() + timedelta(seconds=20),
                                    at=dewi.h.clock.now())  # fmt: skip
    assert await dewi.send(moved) == []
    assert "tepat waktu" in texts(await dewi.selfie(DEWI, b"face:me"))
    with dewi.h.uow() as uow:
        employee = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)
        [record] = uow.attendance([employee.id], TUESDAY, TUESDAY)
    assert record.evidence["track_points"] == 0  # the broken position was not kept


# --- an employee's own month: /riwayat, /rekapsaya, /bahasa ----------------------------------


async def clocked(chat, day, check_in, check_out) -> None:
    """Dewi clocks in and out on a past day, as on any day: live location, then a selfie."""
    for (hour, minute), command in ((check_in, "/masuk"), (check_out, "/pulang")):
        chat.h.at(hour, minute, day)
        await chat.says(DEWI, command)
        await chat.send(tg.live_location(*OFFICE, sender=DEWI, at=chat.h.clock.now()))
        done = await chat.selfie(DEWI, f"face:{STAFF}|{chat.h.clock.now()}".encode())
        assert "tercatat" in texts(done)


async def test_my_history_recap_and_language_in_the_middle_of_the_month(dewi):
    await clocked(dewi, date(2026, 11, 3), (7, 20), (16, 5))
    await clocked(dewi, date(2026, 11, 4), (7, 42), (16, 2))
    dewi.h.at(10, 0, date(2026, 11, 18))  # a Wednesday
    history = await dewi.send(tg.command("/riwayat", sender=DEWI, at=dewi.h.clock.now()))
    assert [c.method for c in history] == ["sendMessage", "sendMessage"]  # days, then requests
    assert all(str(c.params["chat_id"]) == str(DEWI["id"]) for c in history)
    days = history[0].params["text"].splitlines()
    assert days[0] == (
        "Riwayat presensi Dewi Lestari A.Md, November 2026 (1-18 November, bulan berjalan; "
        "jam WIB):"
    )
    assert "Sel 03-11 H: masuk 07:20, pulang 16:05, tepat waktu" in days
    assert "Rab 04-11 TL1: masuk 07:42 (terlambat 12 mnt), pulang 16:02" in days
    assert "Rab 18-11: belum absen" in days
    assert (
        history[1].params["text"]
        == "Tidak ada pengajuan sakit/izin/cuti atau lupa absen untuk November 2026."
    )

    recap = await dewi.says(DEWI, "/rekapsaya 2026-11")
    assert "Hari kerja 13 (12 sudah dinilai), hadir 2 (16,67%)" in recap
    assert "Potongan TPP: 30,5%" in recap and "- 10x tanpa keterangan (TK) = 30%" in recap
    assert "- 1x terlambat (TL1) = 0,5%" in recap

    assert "Bulan" in await dewi.says(DEWI, "/riwayat 2026-13")
    switched = await dewi.send(tg.command("/bahasa en", sender=DEWI, at=dewi.h.clock.now()))
    assert [c.method for c in switched] == ["setMyCommands", "sendMessage"]
    menu = switched[0].params
    assert str(menu["scope"]["chat_id"]) == str(DEWI["id"])
    assert {"command": "masuk", "description": "Clock in"} in menu["commands"]
    assert {"command": "bahasa", "description": "Switch language: /bahasa id|en"} in menu[
        "commands"
    ]
    reply = switched[1].params
    assert reply["text"].startswith("This chat's language is now English.")
    assert reply["reply_markup"]["keyboard"][0] == [{"text": "Clock in"}, {"text": "Clock out"}]
    english = await dewi.says(DEWI, "/riwayat")  # Telegram still says "id": the choice stays
    assert "Wed 04-11 TL1: in 07:42 (late 12 min), out 16:02" in english
    assert 'Language "fr" is not available' in await dewi.says(DEWI, "/bahasa fr")


async def test_my_history_at_the_turn_of_the_month(dewi):
    await clocked(dewi, date(2026, 11, 27), (7, 20), (16, 35))  # a Friday: work ends 16:30
    dewi.h.at(6, 30, date(2026, 12, 1))  # 30 November 23:30 in UTC: December already in WIB
    assert await dewi.says(DEWI, "/riwayat") == (
        "Belum ada presensi yang tercatat untuk Desember 2026. Bulan sebelumnya: /riwayat 2026-11"
    )
    november = await dewi.says(DEWI, "/riwayat bulan lalu")
    assert "November 2026 (1-30 November; jam WIB)" in november
    assert "Jum 27-11 H: masuk 07:20, pulang 16:35, tepat waktu" in november
    assert "Sen 30-11 TK: tanpa keterangan" in november
    assert "Januari 2027 belum dimulai" in await dewi.says(DEWI, "/rekapsaya 2027-01")
