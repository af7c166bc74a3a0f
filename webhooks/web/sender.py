"""The web channel's sender: a chat's messages kept in a Redis stream its pages read.

A stream, not a list: its entry ids stay the same as old entries are trimmed, so a page asks
for what came after the last id it showed. Messages hold names and decisions (personal data):
a chat's stream lives `KEEP_S` after its last message and holds at most `KEEP_MESSAGES`.
"""

from __future__ import annotations

import json
from typing import Any

from core.flows.messages import Reply, reply_to_json

KEEP_S = 24 * 3600
KEEP_MESSAGES = 200
PREFIX = "presensi:web:chat"


class WebSender:
    """`send` appends to the chat's stream, `echo` what its person sent; `since` reads what
    came after an id."""

    def __init__(self, redis: Any, prefix: str = PREFIX) -> None:
        self.redis = redis
        self.prefix = prefix

    async def send(self, chat: str, reply: Reply, purpose: str = "reply") -> str:
        key = f"{self.prefix}:{chat}"
        body = json.dumps(reply_to_json(reply))
        entry = await self.redis.xadd(key, {"reply": body}, maxlen=KEEP_MESSAGES, approximate=True)
        await self.redis.expire(key, KEEP_S)
        return _text(entry)

    async def echo(self, chat: str, text: str) -> str:
        """Keep what the person sent in the chat too (the playground's page shows both sides,
        also after a reload); `since` gives it as {"mine": true, "text": ...}."""
        key = f"{self.prefix}:{chat}"
        entry = await self.redis.xadd(key, {"mine": text}, maxlen=KEEP_MESSAGES, approximate=True)
        await self.redis.expire(key, KEEP_S)
        return _text(entry)

    async def last_id(self, chat: str) -> str:
        """The id of the chat's newest message ("0-0": none yet)."""
        newest = await self.redis.xrevrange(f"{self.prefix}:{chat}", count=1)
        return _text(newest[0][0]) if newest else "0-0"

    async def since(self, chat: str, after: str = "0-0") -> list[tuple[str, dict]]:
        """(id, reply as JSON) of the chat's messages after `after`, oldest first."""
        try:
            found = await self.redis.xrange(f"{self.prefix}:{chat}", min=f"({after}", max="+")
        except Exception as error:  # an id that is no stream id: nothing after it
            if "Invalid stream ID" in str(error) or "ID" in str(error):
                return []
            raise
        return [(_text(i), _entry(fields)) for i, fields in found]


def _entry(fields: dict) -> dict:
    plain = {_text(name): _text(value) for name, value in fields.items()}
    if "mine" in plain:
        return {"mine": True, "text": plain["mine"]}
    return json.loads(plain["reply"])


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
