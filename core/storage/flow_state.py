"""The conversation store of `core.flows.state` on the database (`flow_state`, `flow_done`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import delete, select

from core.flows.messages import Answer, Channel, answer_from_json, answer_to_json
from core.flows.state import KEEP_DONE_S, Conversation
from core.storage.chat_tables import FlowDoneRow, FlowStateRow
from core.storage.uow import UnitOfWork, committed


class SqlStateStore:
    """The same on the database (`flow_state`, `flow_done`): it survives a restart of the one
    process that runs without a Redis server. Expired rows are dropped as others are written."""

    def __init__(self, units: Callable[[], UnitOfWork], ttl_seconds: int = 900) -> None:
        self._units = units  # () -> UnitOfWork (its clock decides what has expired)
        self._ttl = timedelta(seconds=ttl_seconds)

    async def get(self, channel: Channel, sender: str) -> Conversation | None:
        def read(uow: UnitOfWork) -> Conversation | None:
            row = uow.session.get(FlowStateRow, (channel.value, sender))
            if row is None or row.expires_at <= uow.now():
                return None
            return Conversation(row.step, row.data or {})

        return await committed(self._units, read)

    async def put(self, channel: Channel, sender: str, conversation: Conversation) -> None:
        await committed(self._units, lambda uow: self._write(uow, channel, sender, conversation))

    async def clear(self, channel: Channel, sender: str) -> None:
        await committed(self._units, lambda uow: self._write(uow, channel, sender, None))

    async def done(self, key: str) -> Answer | None:
        def read(uow: UnitOfWork) -> Answer | None:
            row = uow.session.get(FlowDoneRow, key)
            return None if row is None else answer_from_json(row.outcome)

        return await committed(self._units, read)

    async def finish(
        self,
        key: str,
        channel: Channel,
        sender: str,
        conversation: Conversation | None,
        answer: Answer,
        *,
        changed: bool = True,
    ) -> None:
        def write(uow: UnitOfWork) -> None:
            if changed:
                self._write(uow, channel, sender, conversation)
            now = uow.now()
            kept_from = now - timedelta(seconds=KEEP_DONE_S)
            uow.session.execute(delete(FlowDoneRow).where(FlowDoneRow.done_at < kept_from))
            uow.session.merge(FlowDoneRow(key=key, outcome=answer_to_json(answer), done_at=now))

        await committed(self._units, write)

    def _write(
        self, uow: UnitOfWork, channel: Channel, sender: str, conversation: Conversation | None
    ) -> None:
        session, now = uow.session, uow.now()
        session.execute(delete(FlowStateRow).where(FlowStateRow.expires_at <= now))
        row = session.scalars(
            select(FlowStateRow).where(
                FlowStateRow.channel == channel.value, FlowStateRow.sender == sender
            )
        ).first()
        if conversation is None:
            if row is not None:
                session.delete(row)
            return
        if row is None:
            row = FlowStateRow(channel=channel.value, sender=sender)
            session.add(row)
        row.step, row.data, row.expires_at = conversation.step, conversation.data, now + self._ttl
