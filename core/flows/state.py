"""Conversation state with a TTL, so that any worker can take the next message.

Two stores with one interface: Redis (`StateStore`, the production setting) and the database
(`SqlStateStore` in the storage package's `flow_state`, for one process without a Redis
server, where the in-process stand-in would forget every conversation at a restart).

Besides the conversations, each store keeps what every handled event produced (`done`), written
in one step with the conversation's new state (`finish`): an event is either handled (its state
and its answer both kept) or not at all, so that a replay after a crash runs the event again
from the state it found, or hands back what it produced, never skips it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from core.flows.messages import Answer, Channel, answer_from_json, answer_to_json

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

    async def done(self, key: str) -> Answer | None:
        """What the event with this delivery key produced, if it was handled before."""
        raw = await self._redis.get(self._done_key(key))
        return None if raw is None else answer_from_json(json.loads(raw))

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
        """Keep the conversation's new state and the event's answer in one transaction."""
        async with self._redis.pipeline(transaction=True) as pipe:
            if changed and conversation is None:
                pipe.delete(self._key(channel, sender))
            elif changed and conversation is not None:
                pipe.set(self._key(channel, sender), _body(conversation), ex=self._ttl)
            pipe.set(self._done_key(key), json.dumps(answer_to_json(answer)), ex=KEEP_DONE_S)
            await pipe.execute()
