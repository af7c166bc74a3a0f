"""Where a tagged message went (`Reply.tag`): channel, chat and the platform's reference to it,
so that a later reply (`Reply.replaces`) can be shown in its place (an approver's request with
its buttons, edited once the employee cancels it).

Kept in Redis, shared by every worker: the approval request goes out from one worker and the
cancellation may come through another. Without a Redis server the in-process stand-in forgets
them at a restart; the later reply is then sent as a new message, which is what a channel that
cannot edit gets anyway.
"""

from __future__ import annotations

from typing import Any, Protocol

# A request may wait for its approver as long as it may be filed ahead (cuti: a year).
KEEP_S = 400 * 24 * 3600


class SentMessages(Protocol):
    async def keep(self, tag: str, channel: str, chat: str, ref: str) -> None: ...

    async def find(self, tag: str, channel: str, chat: str) -> str | None: ...


class RedisSentMessages:
    """One hash per tag: "channel:chat" -> the sender's reference to the message."""

    def __init__(self, redis: Any, prefix: str = "presensi", keep_s: int = KEEP_S) -> None:
        self.redis, self.prefix, self.keep_s = redis, prefix, keep_s

    async def keep(self, tag: str, channel: str, chat: str, ref: str) -> None:
        key = self._key(tag)
        await self.redis.hset(key, f"{channel}:{chat}", ref)
        await self.redis.expire(key, self.keep_s)

    async def find(self, tag: str, channel: str, chat: str) -> str | None:
        found = await self.redis.hget(self._key(tag), f"{channel}:{chat}")
        if found is None:
            return None
        return found.decode() if isinstance(found, bytes) else str(found)

    def _key(self, tag: str) -> str:
        return f"{self.prefix}:sent:{tag}"
