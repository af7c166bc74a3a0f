"""Messages held for a chat that cannot take them now, until its user opens the conversation.

WhatsApp delivers only approved templates to someone who has not written for 24 hours, and a
template carries text, not a message's own buttons: an approver's request sent as one loses its
Approve / Reject. So the WhatsApp sender holds such a message here and sends a template with a
quick-reply button instead; the tap on it (which opens the window again) releases everything
held for that chat, in the order it was held, once. Kept in the database: any worker may take
the tap, and a restart must not lose a request.

Releasing is idempotent by the tap's delivery key, like the flows: a replay of the same
delivery (after a crash) gets the same messages back, another tap gets none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import delete, exists, or_, select, tuple_, update

from core.flows.messages import Reply, reply_from_json, reply_to_json
from core.storage.chat_tables import ChatAccount, HeldMessageRow
from core.storage.uow import UnitOfWork, committed

# A message held while an earlier one's template went out less than this ago joins it quietly;
# after it, a new template reminds the user that something waits.
ANNOUNCE_AGAIN = timedelta(hours=24)
# A released message is kept this long for a replay of the tap, then deleted.
KEEP_RELEASED = timedelta(days=2)
# A message never opened is deleted after this: what it says is personal, and a request still
# waiting is in the approver's reach by other ways after a month.
KEEP_HELD = timedelta(days=30)


@dataclass(frozen=True)
class Hold:
    """A message just held: its row, whether to send the template that opens the conversation
    (no template for this chat's waiting messages went out in the last day), and the language
    of the chat's account (None: no account, e.g. an unlinked number)."""

    row_id: int
    announce: bool
    language: str | None


class HeldMessages(Protocol):
    async def hold(
        self, channel: str, chat: str, reply: Reply, purpose: str, now: datetime
    ) -> Hold: ...

    async def announced(self, row_id: int, now: datetime) -> None: ...

    async def replace(self, channel: str, chat: str, tag: str, reply: Reply) -> bool: ...

    async def release(self, channel: str, chat: str, key: str, now: datetime) -> list[Reply]: ...

    async def language(self, channel: str, chat: str) -> str | None: ...


class SqlHeldMessages:
    """`HeldMessages` on the `held_messages` table; each call one committed transaction."""

    def __init__(self, units: Callable[[], UnitOfWork]) -> None:
        self._units = units

    async def _run(self, work: Callable[[UnitOfWork], Any]) -> Any:
        return await committed(self._units, work)

    async def hold(
        self, channel: str, chat: str, reply: Reply, purpose: str, now: datetime
    ) -> Hold:
        return await self._run(lambda uow: hold(uow, channel, chat, reply, purpose, now))

    async def announced(self, row_id: int, now: datetime) -> None:
        table = HeldMessageRow
        change = update(table).where(table.id == row_id).values(announced_at=now)
        await self._run(lambda uow: uow.session.execute(change))

    async def replace(self, channel: str, chat: str, tag: str, reply: Reply) -> bool:
        return await self._run(lambda uow: replace(uow, channel, chat, tag, reply))

    async def release(self, channel: str, chat: str, key: str, now: datetime) -> list[Reply]:
        return await self._run(lambda uow: release(uow, channel, chat, key, now))

    async def language(self, channel: str, chat: str) -> str | None:
        return await self._run(lambda uow: language(uow, channel, chat))


def _waiting(channel: str, chat: str) -> Any:
    table = HeldMessageRow
    return (table.channel == channel) & (table.chat == chat) & table.released_key.is_(None)


def hold(
    uow: UnitOfWork, channel: str, chat: str, reply: Reply, purpose: str, now: datetime
) -> Hold:
    """Keep `reply` for `chat`, after those already waiting."""
    purge(uow, now)
    table = HeldMessageRow
    recent = select(table.id).where(
        _waiting(channel, chat), table.announced_at >= now - ANNOUNCE_AGAIN
    )
    announced = uow.session.scalar(select(exists(recent)))
    row = HeldMessageRow(
        channel=channel,
        chat=chat,
        reply=reply_to_json(reply),
        purpose=purpose,
        tag=reply.tag,
        held_at=now,
    )
    uow.session.add(row)
    uow.session.flush()
    return Hold(row.id, not announced, language(uow, channel, chat))


def replace(uow: UnitOfWork, channel: str, chat: str, tag: str, reply: Reply) -> bool:
    """Show `reply` instead of the waiting message tagged `tag` (a request cancelled before its
    approver opened it); False when no such message waits."""
    table = HeldMessageRow
    change = (
        update(table)
        .where(_waiting(channel, chat), table.tag == tag)
        .values(reply=reply_to_json(reply))
    )
    return bool(uow.session.execute(change).rowcount)  # type: ignore[attr-defined]


def release(uow: UnitOfWork, channel: str, chat: str, key: str, now: datetime) -> list[Reply]:
    """The messages the delivery `key` releases, in the order they were held.

    One conditional UPDATE takes the waiting ones: a concurrent release (another tap) blocks on
    the rows and then finds them taken, so each message is released once.
    """
    table = HeldMessageRow
    uow.session.execute(
        update(table).where(_waiting(channel, chat)).values(released_key=key, released_at=now)
    )
    rows = uow.session.scalars(
        select(table).where(table.channel == channel, table.released_key == key).order_by(table.id)
    )
    return [reply_from_json(row.reply) for row in rows]


def language(uow: UnitOfWork, channel: str, chat: str) -> str | None:
    """The language of the chat's active account (the one its replies are written in)."""
    return uow.session.scalar(
        select(ChatAccount.language).where(
            ChatAccount.channel == channel, ChatAccount.chat_id == chat, ChatAccount.active
        )
    )


def purge(uow: UnitOfWork, now: datetime) -> int:
    """Delete messages released a while ago and those never opened for too long."""
    table = HeldMessageRow
    result = uow.session.execute(
        delete(table).where(
            or_(table.released_at < now - KEEP_RELEASED, table.held_at < now - KEEP_HELD)
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def erase(uow: UnitOfWork, chats: set[tuple[str, str]]) -> int:
    """Delete what is held for these (channel, chat) chats (a data subject's erasure)."""
    if not chats:
        return 0
    table = HeldMessageRow
    result = uow.session.execute(
        delete(table).where(tuple_(table.channel, table.chat).in_(sorted(chats)))
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
