"""The Telegram adapter end to end: recorded update JSON into a real Application, flow replies out
as the Bot API calls Telegram would receive (through the offline FakeTelegram)."""

from __future__ import annotations

import logging

import pytest
from telegram import Update

from bot.application import failure_of
from bot.offline import updates as tg
from bot.offline.api import OfflineBotApi as FakeTelegram
from core.flows.messages import Answer, Button, Channel, OutFile, Reply
from presensi.server import telegram_bot
from presensi.settings import Settings
from tests.e2e.scripted_runner import ScriptedRunner

SETTINGS = Settings(_env_file=None, telegram_bot_token="123456:TEST-TOKEN")
SITI = tg.SITI["id"]
BUDI = tg.BUDI["id"]


@pytest.fixture
def fake() -> FakeTelegram:
    return FakeTelegram()


async def play(fake: FakeTelegram, runner: ScriptedRunner, *updates: dict, senders=None):
    """Feed updates to a fresh Application as the webhook does; return it after shutdown."""
    application = telegram_bot(SETTINGS, runner.factory, request=fake, senders=senders)
    async with application:
        for data in updates:
            await application.process_update(Update.de_json(data, application.bot))
    return application


def answering(*replies: Reply, **answer) -> ScriptedRunner:
    return ScriptedRunner(lambda event: Answer(replies=list(replies), **answer))


async def test_a_text_reply_goes_to_the_chat_the_event_came_from(fake):
    runner = answering(Reply("Selamat datang. Ketik NIP atau NIK Anda."))
    await play(fake, runner, tg.command("/start"))
    [call] = fake.sent()
    assert call.method == "sendMessage"
    assert call.params == {"chat_id": str(SITI), "text": "Selamat datang. Ketik NIP atau NIK Anda."}
    assert runner.events[0].command == "start"


async def test_a_menu_keyboard_stays_and_fits(fake):
    menu = (("Masuk", "Pulang"), ("Izin", "Status"))
    await play(fake, answering(Reply("Pilih:", keyboard=menu)), tg.text("halo"))
    markup = fake.sent("sendMessage")[0].params["reply_markup"]
    assert markup["keyboard"] == [
        [{"text": "Masuk"}, {"text": "Pulang"}],
        [{"text": "Izin"}, {"text": "Status"}],
    ]
    assert markup["resize_keyboard"] is True
    assert markup["one_time_keyboard"] is False


async def test_asking_for_a_location_offers_the_share_button_once(fake):
    reply = Reply("Bagikan lokasi terkini.", ask_location="📍 Kirim lokasi", keyboard=(("Batal",),))
    await play(fake, answering(reply), tg.text("Masuk"))
    markup = fake.sent("sendMessage")[0].params["reply_markup"]
    assert markup["keyboard"] == [
        [{"text": "📍 Kirim lokasi", "request_location": True}],
        [{"text": "Batal"}],
    ]
    assert markup["one_time_keyboard"] is True


async def test_asking_for_the_phone_number_offers_the_contact_button(fake):
    await play(fake, answering(Reply("Bagikan nomor:", ask_contact="📱 Nomor saya")), tg.text("x"))
    markup = fake.sent("sendMessage")[0].params["reply_markup"]
    assert markup["keyboard"] == [[{"text": "📱 Nomor saya", "request_contact": True}]]


async def test_inline_buttons_carry_their_data(fake):
    buttons = ((Button("Setujui", "ap:17"), Button("Tolak", "rj:17")),)
    await play(fake, answering(Reply("Izin sakit Siti", buttons=buttons)), tg.text("x"))
    markup = fake.sent("sendMessage")[0].params["reply_markup"]
    assert markup == {
        "inline_keyboard": [
            [
                {"text": "Setujui", "callback_data": "ap:17"},
                {"text": "Tolak", "callback_data": "rj:17"},
            ]
        ]
    }


async def test_removing_the_keyboard(fake):
    await play(fake, answering(Reply("Dibatalkan.", remove_keyboard=True)), tg.command("/batal"))
    assert fake.sent("sendMessage")[0].params["reply_markup"] == {"remove_keyboard": True}


async def test_a_document_is_uploaded_with_its_name_and_caption(fake):
    recap = OutFile("rekap-2026-11.xlsx", b"PK\x03\x04recap", "application/vnd.ms-excel")
    await play(fake, answering(Reply("Rekap November", document=recap)), tg.command("/rekap"))
    [call] = fake.sent()
    assert call.method == "sendDocument"
    assert call.params["caption"] == "Rekap November"
    assert list(call.files.values()) == [("rekap-2026-11.xlsx", b"PK\x03\x04recap")]


async def test_a_photo_is_uploaded(fake):
    picture = OutFile("wajah.jpg", b"\xff\xd8\xffjpeg", "image/jpeg")
    await play(fake, answering(Reply("Foto referensi", photo=picture)), tg.text("x"))
    [call] = fake.sent()
    assert call.method == "sendPhoto"
    assert list(call.files.values()) == [("wajah.jpg", b"\xff\xd8\xffjpeg")]


async def test_a_caption_too_long_for_a_file_goes_as_a_message_first(fake):
    text = "Rekap\n" + "nama terlambat\n" * 100
    recap = OutFile("rekap.csv", b"a,b\n", "text/csv")
    await play(fake, answering(Reply(text, document=recap)), tg.text("x"))
    assert fake.methods() == ["sendMessage", "sendDocument"]
    assert "caption" not in fake.sent("sendDocument")[0].params


async def test_a_long_text_is_split_at_line_ends_with_the_keyboard_on_the_last_part(fake):
    lines = [f"{n:04d} Pegawai dengan nama yang cukup panjang sekali" for n in range(200)]
    reply = Reply("\n".join(lines), keyboard=(("Masuk",),))
    await play(fake, answering(reply), tg.text("x"))
    sent = fake.sent("sendMessage")
    assert len(sent) > 1
    assert all(len(call.params["text"]) <= 4096 for call in sent)
    assert "\n".join(call.params["text"] for call in sent) == reply.text
    assert ["reply_markup" in call.params for call in sent] == [False] * (len(sent) - 1) + [True]


async def test_the_command_menu_is_set_for_this_chat_only(fake):
    reply = Reply("Akun terhubung.", commands=(("masuk", "Absen masuk"), ("izin", "Ajukan izin")))
    await play(fake, answering(reply), tg.text("123456"))
    assert fake.methods() == ["setMyCommands", "sendMessage"]
    params = fake.sent("setMyCommands")[0].params
    assert (params["scope"]["type"], str(params["scope"]["chat_id"])) == ("chat", str(SITI))
    assert params["commands"] == [
        {"command": "masuk", "description": "Absen masuk"},
        {"command": "izin", "description": "Ajukan izin"},
    ]


async def test_a_reply_can_go_to_another_chat(fake):
    await play(fake, answering(Reply("Untuk admin", chat=str(BUDI))), tg.text("x"))
    assert fake.sent("sendMessage")[0].params["chat_id"] == str(BUDI)


async def test_a_button_press_is_answered_with_the_toast(fake):
    runner = answering(Reply("Disetujui."), toast="Izin disetujui")
    await play(fake, runner, tg.callback("ap:17", sender=tg.BUDI))
    assert runner.events[0].button == "ap:17"
    assert fake.methods() == ["sendMessage", "answerCallbackQuery"]
    answer = fake.sent("answerCallbackQuery")[0].params
    assert answer["text"] == "Izin disetujui"
    assert answer["callback_query_id"].startswith("cbq-")


async def test_a_button_press_without_a_toast_still_stops_the_spinner(fake):
    await play(fake, answering(), tg.callback("ap:17"))
    [call] = fake.sent()
    assert call.method == "answerCallbackQuery" and "text" not in call.params


async def test_notices_go_to_every_telegram_chat_and_other_channels_to_the_forwarder(fake):
    forwarded = []

    class WhatsApp:  # the other channel's sender, as the dispatcher sees it
        async def send(self, chat, reply, purpose="reply"):
            forwarded.append((Channel.WHATSAPP, chat, reply.text))

    notice = Reply("Izin Anda disetujui.", remove_keyboard=True)
    runner = ScriptedRunner(
        lambda event: Answer(replies=[Reply("Disetujui.")], notices=[(7, notice), (8, notice)]),
        chats={7: [(Channel.TELEGRAM, str(SITI)), (Channel.WHATSAPP, "6281234567890")]},
    )
    await play(fake, runner, tg.callback("ap:17", sender=tg.BUDI),
               senders={Channel.WHATSAPP: WhatsApp()})  # fmt: skip
    assert [(c.method, c.params.get("chat_id")) for c in fake.sent()] == [
        ("sendMessage", str(BUDI)),
        ("sendMessage", str(SITI)),
        ("answerCallbackQuery", None),
    ]
    assert fake.texts(SITI) == ["Izin Anda disetujui."]
    assert forwarded == [(Channel.WHATSAPP, "6281234567890", "Izin Anda disetujui.")]


async def test_a_user_who_blocked_the_bot_does_not_stop_the_rest(fake, caplog):
    fake.fail("sendMessage", chat_id=SITI)
    runner = ScriptedRunner(
        lambda event: Answer(
            replies=[Reply("Lokasi -2.0637, 101.3925 diterima"), Reply("Ke admin", chat=str(BUDI))]
        )
    )
    with caplog.at_level(logging.WARNING):
        application = await play(fake, runner, tg.text("x", update_id=700))
    assert fake.texts() == ["Lokasi -2.0637, 101.3925 diterima", "Ke admin"]
    assert failure_of(application, 700) is None  # the update itself went through
    assert "Forbidden" in caplog.text
    assert "101.3925" not in caplog.text and str(SITI) not in caplog.text


async def test_a_bad_request_is_logged_and_the_toast_still_answered(fake, caplog):
    fake.fail("sendMessage", code=400, description="Bad Request: chat not found")
    with caplog.at_level(logging.WARNING):
        await play(fake, answering(Reply("x"), toast="ok"), tg.callback("ap:1"))
    assert fake.methods() == ["sendMessage", "answerCallbackQuery"]
    assert "BadRequest" in caplog.text


async def test_a_failing_flow_is_logged_by_type_only_and_remembered_for_the_inbox(fake, caplog):
    def explode(event):
        raise ValueError(f"bad NIP {event.text}")

    with caplog.at_level(logging.ERROR):
        application = await play(
            fake, ScriptedRunner(explode), tg.text("198705122010011002", update_id=701)
        )
    assert fake.sent() == []
    assert "update 701 failed: ValueError" in caplog.text
    assert "198705122010011002" not in caplog.text
    assert type(failure_of(application, 701)).__name__ == "ValueError"
    assert failure_of(application, 701) is None  # read once


async def test_updates_for_no_flow_reach_no_runner(fake):
    runner = answering(Reply("x"))
    await play(fake, runner, tg.group_text("/rekap"), tg.my_chat_member())
    assert runner.events == [] and fake.sent() == []


async def test_the_runner_reads_a_sent_photo_through_the_fetcher(fake):
    fake.add_file("AgACselfie1", b"\xff\xd8\xffselfie")
    seen = []

    async def read_photo(event):
        seen.append(await runner.fetchers[Channel.TELEGRAM](event.photo))
        return Answer(replies=[Reply("Foto diterima.")])

    runner = ScriptedRunner(read_photo)
    await play(fake, runner, tg.photo("AgACselfie1"))
    assert seen == [b"\xff\xd8\xffselfie"]
    assert fake.methods() == ["getFile", "sendMessage"]
    assert fake.downloads == ["AgACselfie1"]


async def test_a_self_hosted_bot_api_server_is_used_for_calls_and_files(fake):
    settings = SETTINGS.model_copy(
        update={
            "telegram_api_base_url": "http://botapi.local:8081/bot",
            "telegram_file_base_url": "http://botapi.local:8081/file/bot",
        }
    )
    application = telegram_bot(settings, ScriptedRunner().factory, request=fake)
    assert application.bot.base_url == "http://botapi.local:8081/bot123456:TEST-TOKEN"
    assert application.bot.base_file_url == "http://botapi.local:8081/file/bot123456:TEST-TOKEN"
    assert application.updater is None  # webhook mode: updates come from the FastAPI app


async def test_polling_mode_has_an_updater_on_its_own_request(fake):
    polls = FakeTelegram()
    application = telegram_bot(
        SETTINGS, ScriptedRunner().factory, request=fake, get_updates_request=polls, polling=True
    )
    assert application.updater is not None
    async with application:
        await application.bot.get_updates()
    assert [c.method for c in polls.calls] == ["getUpdates"]


async def test_the_runner_is_closed_with_the_application(fake):
    class ClosingRunner(ScriptedRunner):
        closed = False

        async def aclose(self) -> None:
            self.closed = True

    runner = ClosingRunner()
    application = telegram_bot(SETTINGS, runner.factory, request=fake)
    await application.post_shutdown(application)
    assert runner.closed
