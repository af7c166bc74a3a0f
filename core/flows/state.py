"""Conversation state with a TTL, so that any worker can take the next message.

Two stores with one interface: Redis (`StateStore`, the production setting) and the database
(`SqlStateStore`, for one process without a Redis server, where the in-process stand-in would
forget every conversation at a restart).

Besides the conversations, each store keeps what every handled event produced (`done`), written
in one step with the conversation's new state (`finish`): an event is either handled (its state
and its outcome both kept) or not at all, so that a replay after a crash runs the event again
from the state it found, or hands back what it produced, never skips it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

from core.flows.messages import Channel, Outcome, outcome_from_json, outcome_to_json
from core.storage.chat_tables import FlowDoneRow, FlowStateRow
from core.storage.uow import committed

# Platforms redeliver for days; what an event produced is kept as long.
KEEP_DONE_S = 3 * 24 * 3600


@dataclass
class Conversation:
    step: str
    data: dict[str, Any] = field(default_factory=dict)


def _body(conversation: Conversation) -> str:
    return json.dumps({"step": conversation.step, "data": conversation.data})


def _conversation(raw: str | bytes) -> Conversation:
    data = json.loads(raw)
    return Conversation(data["step"], data.get("data", {}))


class StateStore:
    """Redis keys `presensi:flow:<channel>:<sender>`; a step not finished within `ttl` is
    forgotten. `presensi:done:<event key>` holds what a handled event produced."""

    def __init__(self, redis: Any, ttl_seconds: int = 900, prefix: str = "presensi") -> None:
        self._redis = redis
        self._ttl = ttl_seconds
        self._prefix = prefix

    def _key(self, channel: Channel, sender: str) -> str:
        return f"{self._prefix}:flow:{channel.value}:{sender}"

    def _done_key(self, key: str) -> str:
        return f"{self._prefix}:done:{key}"

    async def get(self, channel: Channel, sender: str) -> Conversation | None:
        raw = await self._redis.get(self._key(channel, sender))
        return None if raw is None else _conversation(raw)

    async def put(self, channel: Channel, sender: str, conversation: Conversation) -> None:
        await self._redis.set(self._key(channel, sender), _body(conversation), ex=self._ttl)

    async def clear(self, channel: Channel, sender: str) -> None:
        await self._redis.delete(self._key(channel, sender))

    async def done(self, key: str) -> Outcome | None:
        """What the event with this delivery key produced, if it was handled before."""
        raw = await self._redis.get(self._done_key(key))
        return None if raw is None else outcome_from_json(json.loads(raw))

    async def finish(
        self,
        key: str,
        channel: Channel,
        sender: str,
        conversation: Conversation | None,
        outcome: Outcome,
        *,
        changed: bool = True,
    ) -> None:
        """Keep the conversation's new state and the event's outcome in one transaction."""
        async with self._redis.pipeline(transaction=True) as pipe:
            if changed and conversation is None:
                pipe.delete(self._key(channel, sender))
            elif changed:
                pipe.set(self._key(channel, sender), _body(conversation), ex=self._ttl)
            pipe.set(self._done_key(key), json.dumps(outcome_to_json(outcome)), ex=KEEP_DONE_S)
            await pipe.execute()


class SqlStateStore:
    """The same on the database (`flow_state`, `flow_done`): it survives a restart of the one
    process that runs without a Redis server. Expired rows are dropped as others are written."""

    def __init__(self, units: Callable[[], Any], ttl_seconds: int = 900) -> None:
        self._units = units  # () -> UnitOfWork (its clock decides what has expired)
        self._ttl = timedelta(seconds=ttl_seconds)

    async def get(self, channel: Channel, sender: str) -> Conversation | None:
        def read(uow) -> Conversation | None:
            row = uow.session.get(FlowStateRow, (channel.value, sender))
            if row is None or row.expires_at <= uow.now():
                return None
            return Conversation(row.step, row.data or {})

        return await committed(self._units, read)

    async def put(self, channel: Channel, sender: str, conversation: Conversation) -> None:
        await committed(self._units, lambda uow: self._write(uow, channel, sender, conversation))

    async def clear(self, channel: Channel, sender: str) -> None:
        await committed(self._units, lambda uow: self._write(uow, channel, sender, None))

    async def done(self, key: str) -> Outcome | None:
        def read(uow) -> Outcome | None:
            row = uow.session.get(FlowDoneRow, key)
            return None if row is None else outcome_from_json(row.outcome)

        return await committed(self._units, read)

    async def finish(
        self,
        key: str,
        channel: Channel,
        sender: str,
        conversation: Conversation | None,
        outcome: Outcome,
        *,
        changed: bool = True,
    ) -> None:
        def write(uow) -> None:
            if changed:
                self._write(uow, channel, sender, conversation)
            now = uow.now()
            kept_from = now - timedelta(seconds=KEEP_DONE_S)
            uow.session.execute(delete(FlowDoneRow).where(FlowDoneRow.done_at < kept_from))
            uow.session.merge(FlowDoneRow(key=key, outcome=outcome_to_json(outcome), done_at=now))

        await committed(self._units, write)

    def _write(self, uow, channel: Channel, sender: str, conversation: Conversation | None) -> None:
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
