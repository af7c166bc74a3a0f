"""Conversation state in Redis with a TTL, so that any worker can take the next message."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from core.flows.messages import Channel


@dataclass
class Conversation:
    step: str
    data: dict[str, Any] = field(default_factory=dict)


class StateStore:
    """Keys `presensi:flow:<channel>:<sender>`; a step not finished within `ttl` is forgotten."""

    def __init__(self, redis: Any, ttl_seconds: int = 900, prefix: str = "presensi") -> None:
        self._redis = redis
        self._ttl = ttl_seconds
        self._prefix = prefix

    def _key(self, channel: Channel, sender: str) -> str:
        return f"{self._prefix}:flow:{channel.value}:{sender}"

    async def get(self, channel: Channel, sender: str) -> Conversation | None:
        raw = await self._redis.get(self._key(channel, sender))
        if raw is None:
            return None
        data = json.loads(raw)
        return Conversation(data["step"], data.get("data", {}))

    async def put(self, channel: Channel, sender: str, conversation: Conversation) -> None:
        body = json.dumps({"step": conversation.step, "data": conversation.data})
        await self._redis.set(self._key(channel, sender), body, ex=self._ttl)

    async def clear(self, channel: Channel, sender: str) -> None:
        await self._redis.delete(self._key(channel, sender))

    async def first_time(self, key: str, keep_seconds: int = 3 * 24 * 3600) -> bool:
        """True the first time a delivery key is seen; platforms redeliver for days."""
        return bool(
            await self._redis.set(f"{self._prefix}:seen:{key}", 1, nx=True, ex=keep_seconds)
        )

    async def unsee(self, key: str) -> None:
        """Forget a delivery key after a failure, so that its redelivery is handled."""
        await self._redis.delete(f"{self._prefix}:seen:{key}")
