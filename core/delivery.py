"""The way out: one `Sender` per channel behind a `Dispatcher`, and delivering what a turn
produced message by message, resumable after a crash."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any, Protocol

from core.flows.messages import Answer, Inbound, Reply
from core.sent_messages import SentMessages

log = logging.getLogger(__name__)

# What an adapter hands each inbound event to: the flows (`FlowRunner.handle`).
Handle = Callable[[Inbound], Awaitable[Answer]]
Step = Callable[[], Awaitable[Any]]
Sent = Callable[[int], Awaitable[None]]


async def send_in_order(steps: Sequence[Step], start: int = 0, sent: Sent | None = None) -> None:
    """Run the sends after the first `start` (those went out before a crash), in order.

    `sent(n)` records that n went out, so that a recovery resumes after them; not after the
    last, whose end the caller records anyway (the row's delivery): one write less per reply.
    """
    for number, step in enumerate(steps, start=1):
        if number <= start:
            continue
        await step()
        if sent is not None and number < len(steps):
            await sent(number)


class Purpose(StrEnum):
    """Why a message goes out: a channel may send each differently (WhatsApp's templates)."""

    REPLY = "reply"
    NOTICE = "notice"
    REMINDER = "reminder"


class Sender(Protocol):
    """The one way out of a channel: show a reply in one of its chats."""

    async def send(self, chat: str, reply: Reply, purpose: str = Purpose.REPLY) -> object: ...


class Editor(Protocol):
    """A sender that can change a message it sent (Telegram). `send_kept` sends like `send` and
    returns its own reference to the message (None: not sent); `edit` shows another reply in
    that message's place (False: it could not, e.g. the message is gone)."""

    async def send_kept(
        self, chat: str, reply: Reply, purpose: str = Purpose.REPLY
    ) -> str | None: ...

    async def edit(self, chat: str, ref: str, reply: Reply) -> bool: ...


# Where an employee can be reached: (channel, chat) for each linked chat account.
Chats = Callable[[int], Awaitable[Iterable[tuple[str, str]]]]


class Dispatcher:
    """Channel -> Sender, built once by the composition root; a new channel is one `register`.

    With `sent` (core.sent_messages), a tagged reply (`Reply.tag`) is remembered where it went
    on channels that can edit, and a reply that `replaces` it is shown in its place there; on
    other channels, or when the message is not known, it goes as a new message.
    """

    def __init__(
        self,
        chats: Chats,
        senders: Mapping[str, Sender] | None = None,
        sent: SentMessages | None = None,
    ) -> None:
        self._chats = chats
        self._senders: dict[str, Sender] = dict(senders or {})
        self._sent = sent

    def register(self, channel: str, sender: Sender) -> None:
        self._senders[str(channel)] = sender

    def sender(self, channel: str) -> Sender | None:
        return self._senders.get(str(channel))

    async def send(
        self, channel: str, chat: str, reply: Reply, purpose: str = Purpose.REPLY
    ) -> object:
        """One reply to one chat; False (and a log line) when no sender serves its channel."""
        sender = self.sender(channel)
        if sender is None:
            log.warning("no sender for %s messages; one message not delivered", channel)
            return False
        editor = sender if self._sent is not None and _edits(sender) else None
        if editor is None or not (reply.tag or reply.replaces):
            return await sender.send(chat, reply, purpose)
        return await self._send_editable(str(channel), chat, editor, reply, purpose)

    async def _send_editable(
        self, channel: str, chat: str, editor: Any, reply: Reply, purpose: str
    ) -> object:
        assert self._sent is not None
        if reply.replaces:
            ref = await self._sent.find(reply.replaces, channel, chat)
            if ref is not None and await editor.edit(chat, ref, reply):
                return True
        sent = await editor.send_kept(chat, reply, purpose)
        if sent and reply.tag:
            await self._sent.keep(reply.tag, channel, chat, sent)
        return sent is not None

    async def notify(self, employee_id: int, reply: Reply, purpose: str = Purpose.NOTICE) -> int:
        """A notice to each chat the employee is linked on; how many went to a sender.

        A sender's failure (a network down) raises: the caller keeps the notice to try again.
        """
        sent = 0
        for channel, chat in await self._chats(employee_id):
            if self.sender(channel) is None:
                log.warning("no sender for %s notices; one notice not delivered", channel)
                continue
            await self.send(channel, chat, reply, purpose)
            sent += 1
        if not sent:
            log.info("notice for an employee with no reachable chat: not delivered")
        return sent


def _edits(sender: object) -> bool:
    """Whether a sender can change what it sent (`Editor`)."""
    return callable(getattr(sender, "edit", None)) and callable(getattr(sender, "send_kept", None))
