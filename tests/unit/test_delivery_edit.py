"""A reply that replaces an earlier one (`Reply.tag` / `Reply.replaces`, core.delivery): edited
where the channel can and the message is known, sent anew otherwise. Hand-written senders; the
remembered messages in the in-process Redis stand-in."""

from __future__ import annotations

import pytest
from fakeredis import FakeAsyncRedis

from core.delivery import Dispatcher
from core.flows.messages import Answer, Button, Reply, answer_from_json, answer_to_json
from core.sent_messages import RedisSentMessages

REQUEST = Reply("Pengajuan Sakit", buttons=((Button("✅ Setujui", "ap:1"),),), tag="absence:1")
CANCELLED = Reply("🚫 DIBATALKAN", replaces="absence:1")


class Editing:
    """A channel that can edit what it sent (as Telegram)."""

    def __init__(self, refuse: bool = False) -> None:
        self.log: list[tuple[str, str, str]] = []
        self.refuse = refuse
        self.ids = iter(range(100, 200))

    async def send(self, chat, reply, purpose="reply"):
        return await self.send_kept(chat, reply, purpose) is not None

    async def send_kept(self, chat, reply, purpose="reply"):
        ref = f"text:{next(self.ids)}"
        self.log.append(("send", chat, reply.text))
        return ref

    async def edit(self, chat, ref, reply):
        if self.refuse:
            return False
        self.log.append((f"edit {ref}", chat, reply.text))
        return True


class Plain:
    """A channel that cannot edit (as WhatsApp)."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str, str]] = []

    async def send(self, chat, reply, purpose="reply"):
        self.log.append(("send", chat, reply.text))
        return True


def dispatcher(senders, sent=True):
    async def chats(employee_id):
        return [("telegram", "600"), ("whatsapp", "62811")]

    store = RedisSentMessages(FakeAsyncRedis()) if sent else None
    return Dispatcher(chats, senders, sent=store)


async def test_the_tagged_message_is_edited_where_it_can_be_and_resent_elsewhere():
    telegram, whatsapp = Editing(), Plain()
    out = dispatcher({"telegram": telegram, "whatsapp": whatsapp})
    assert await out.notify(9, REQUEST) == 2
    assert await out.notify(9, CANCELLED) == 2
    assert telegram.log == [
        ("send", "600", "Pengajuan Sakit"),
        ("edit text:100", "600", "🚫 DIBATALKAN"),
    ]
    assert whatsapp.log == [
        ("send", "62811", "Pengajuan Sakit"),
        ("send", "62811", "🚫 DIBATALKAN"),
    ]


@pytest.mark.parametrize("case", ["unknown", "refused", "no store"])
async def test_without_a_known_message_or_an_edit_it_goes_as_a_new_message(case):
    telegram = Editing(refuse=case == "refused")
    out = dispatcher({"telegram": telegram}, sent=case != "no store")
    if case != "unknown":
        await out.notify(9, REQUEST)
    await out.notify(9, CANCELLED)
    assert telegram.log[-1] == ("send", "600", "🚫 DIBATALKAN")


async def test_messages_are_remembered_per_chat():
    store = RedisSentMessages(FakeAsyncRedis(), prefix="t")
    await store.keep("absence:1", "telegram", "600", "caption:9001")
    assert await store.find("absence:1", "telegram", "600") == "caption:9001"
    assert await store.find("absence:1", "telegram", "601") is None
    assert await store.find("absence:2", "telegram", "600") is None


def test_tag_and_replaces_survive_the_outbox():
    answer = Answer(notices=[(9, REQUEST), (9, CANCELLED)])
    again = answer_from_json(answer_to_json(answer))
    assert again.notices == answer.notices
