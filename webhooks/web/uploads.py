"""The web channel's files: a photo or document the playground's page uploads, kept in Redis
until the flows fetch it, as Telegram keeps a file until the bot downloads it.

A selfie is specific personal data (UU 27/2022): an upload lives `KEEP_S` and no longer; what
the flows keep of it goes to the media store, under its own retention.
"""

from __future__ import annotations

from typing import Any

from core.flows.messages import Media
from core.flows.turn import MediaUnavailable

KEEP_S = 3600
PREFIX = "presensi:web:upload"


class WebUploads:
    """`put` keeps a file under a name; `fetch` (the runner's fetcher for the web) reads it,
    as often as the flows ask within the hour (a message retried after a crash reads it again)."""

    def __init__(self, redis: Any, prefix: str = PREFIX, keep_s: int = KEEP_S) -> None:
        self.redis = redis
        self.prefix = prefix
        self.keep_s = keep_s

    async def put(
        self, data: bytes, mime: str, name: str | None, file_id: str
    ) -> tuple[Media, bool]:
        """Keep `data` as `file_id`, unless a file is kept under that name already (a resend:
        the event stored with the first one names it); whether this one was kept."""
        kept = await self.redis.set(f"{self.prefix}:{file_id}", data, ex=self.keep_s, nx=True)
        media = Media(file_id=file_id, unique_id=None, mime=mime, size=len(data), name=name)
        return media, bool(kept)

    async def forget(self, media: Media) -> None:
        """Drop a file no stored event names (its send was a duplicate)."""
        await self.redis.delete(f"{self.prefix}:{media.file_id}")

    async def fetch(self, media: Media) -> bytes:
        data = await self.redis.get(f"{self.prefix}:{media.file_id}")
        if data is None:  # gone past KEEP_S, or never uploaded
            raise MediaUnavailable("failed")
        return bytes(data)
