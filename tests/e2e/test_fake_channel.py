"""A third channel is one adapter and one line of wiring: a test-only "web" channel whose sender
is registered with the dispatcher receives the notices a flow on Telegram produces."""

from __future__ import annotations

import pytest

from bot.offline import updates as tg
from bot.offline.api import OfflineBotApi as FakeTelegram
from core.delivery import Dispatcher, Purpose
from core.flows.messages import Reply
from core.storage.chat_tables import ChatAccount
from presensi.server import telegram_bot
from tests.e2e.test_telegram_flows import DEWI, RINA, SETTINGS, Conversation, texts
from tests.flows_harness import ADMIN, ORG, STAFF, build

WEB = "web"  # a channel core has never heard of


class WebSender:
    """The whole adapter of the fake channel: it keeps what it was asked to show."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, Reply, str]] = []

    async def send(self, chat: str, reply: Reply, purpose: str = Purpose.REPLY) -> bool:
        self.shown.append((chat, reply, purpose))
        return True


def link_on_the_web(h, identifier: str, chat: str) -> None:
    """The employee's only chat account is on the web channel."""
    with h.uow() as uow:
        employee = uow.employee_by_identifier(uow.organisation(ORG).id, identifier)
        uow.session.add(
            ChatAccount(channel=WEB, external_id=chat, chat_id=chat, employee_id=employee.id)
        )
        uow.commit()


@pytest.fixture
async def chat(tmp_path):
    h = build(tmp_path)
    fake, web = FakeTelegram(), WebSender()

    def runner_factory(settings, fetchers):
        h.runner.deps.fetchers.update(fetchers)
        return h.runner

    application = telegram_bot(
        SETTINGS, runner_factory, request=fake, clock=h.clock,
        senders={WEB: web},  # the one line of wiring
    )  # fmt: skip
    async with application:
        conversation = Conversation(h, fake, application)
        conversation.web = web
        yield conversation


async def test_an_approval_request_reaches_an_approver_whose_only_chat_is_on_the_web(chat):
    await chat.link(DEWI, STAFF)
    link_on_the_web(chat.h, ADMIN, "web-rina")
    await chat.says(DEWI, "/izin")
    await chat.send(tg.callback("lt:S", sender=DEWI))
    await chat.says(DEWI, "24-11-2026")
    await chat.says(DEWI, "Demam tinggi")
    chat.fake.add_file("BQACnote1", b"%PDF-1.4 surat dokter")
    sent = await chat.send(tg.document("BQACnote1", sender=DEWI, at=chat.h.clock.now()))

    assert "terkirim ke Rina Marlina" in texts([c for c in sent if c.method == "sendMessage"])
    [(to, request, purpose)] = chat.web.shown
    assert (to, purpose) == ("web-rina", Purpose.NOTICE)
    assert "Sakit dari Dewi Lestari" in request.text
    assert request.buttons[0][0].label == "✅ Setujui"
    assert not any(str(c.params.get("chat_id")) == str(RINA["id"]) for c in chat.fake.calls)


async def test_a_channel_without_a_sender_is_skipped_and_the_rest_still_served():
    shown: list[str] = []

    class Telegram:
        async def send(self, chat, reply, purpose=Purpose.REPLY):
            shown.append(chat)

    async def chats(employee_id):
        return [("pager", "p-1"), ("telegram", "42")]

    dispatcher = Dispatcher(chats)
    dispatcher.register("telegram", Telegram())
    assert await dispatcher.notify(7, Reply("Izin Anda disetujui.")) == 1
    assert shown == ["42"]
    assert await dispatcher.send("pager", "p-1", Reply("x")) is False
