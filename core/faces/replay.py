"""Replay defence: refuse a selfie that an employee already used, even re-encoded.

Each accepted selfie leaves its perceptual hash (imagehash's 64-bit pHash) and, for Telegram,
its `file_unique_id`. A new selfie within `max_distance` bits of a remembered hash is a replay.
Measured on the shared photos: re-encoding (JPEG quality 40, half size, PNG), a brightness
change or a 2% crop move the hash by 0-6 bits; distinct photos differ by 26 bits or more.

Usage in a flow::

    seen = await guard.check(employee_id, selfie, file_unique_id)
    if seen.reason: ...reply seen.reason...
    result = await matcher.verify(selfie, references)
    if result.match: await guard.remember(employee_id, seen)
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from types import ModuleType
from typing import Protocol

from redis.asyncio import Redis

from core.faces import imaging
from core.faces.imaging import ImageRejected
from core.faces.port import FaceSettings, Reason

# pHash looks at a 32x32 thumbnail: a small decode is plenty, and libjpeg does it at 1/8 cost.
_HASH_SIDE = 256
DEFAULT_MAX_DISTANCE = 8
DEFAULT_KEEP_FOR = timedelta(days=90)
_SETTINGS = FaceSettings()
log = logging.getLogger(__name__)


class ReplayStore(Protocol):
    """Remembers, per employee, the hashes and Telegram file ids of accepted selfies."""

    async def hashes(self, employee_id: str) -> list[str]:
        """Hex pHashes remembered for the employee and not yet expired."""
        ...

    async def add_hash(self, employee_id: str, phash: str) -> None: ...

    async def has_file_id(self, employee_id: str, file_unique_id: str) -> bool: ...

    async def add_file_id(self, employee_id: str, file_unique_id: str) -> None: ...


class RedisReplayStore:
    """`ReplayStore` on Redis: one sorted set per employee and kind, scored by time."""

    def __init__(
        self,
        redis: Redis,
        *,
        keep_for: timedelta = DEFAULT_KEEP_FOR,
        prefix: str = "presensi:faces:replay",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._redis = redis
        self._keep_s = keep_for.total_seconds()
        self._prefix = prefix
        self._clock = clock

    async def hashes(self, employee_id: str) -> list[str]:
        members = await self._redis.zrangebyscore(self._key("phash", employee_id), *self._live())
        return [_text(member) for member in members]

    async def add_hash(self, employee_id: str, phash: str) -> None:
        await self._add(self._key("phash", employee_id), phash)

    async def has_file_id(self, employee_id: str, file_unique_id: str) -> bool:
        score = await self._redis.zscore(self._key("file", employee_id), file_unique_id)
        return score is not None and score >= self._live()[0]

    async def add_file_id(self, employee_id: str, file_unique_id: str) -> None:
        await self._add(self._key("file", employee_id), file_unique_id)

    async def _add(self, key: str, member: str) -> None:
        now = self._clock()
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {member: now})
            pipe.zremrangebyscore(key, "-inf", now - self._keep_s)
            pipe.expire(key, int(self._keep_s) + 1)
            await pipe.execute()

    def _live(self) -> tuple[float, str]:
        return self._clock() - self._keep_s, "+inf"

    def _key(self, kind: str, employee_id: str) -> str:
        return f"{self._prefix}:{kind}:{employee_id}"


@dataclass(frozen=True, slots=True)
class ReplayCheck:
    """The outcome of `ReplayGuard.check`; pass it to `remember` once the selfie is accepted."""

    reason: Reason | None
    phash: str | None
    file_unique_id: str | None


class ReplayGuard:
    """Checks selfies against those an employee already used, and remembers accepted ones."""

    def __init__(
        self,
        store: ReplayStore,
        *,
        max_distance: int = DEFAULT_MAX_DISTANCE,
        settings: FaceSettings = _SETTINGS,
    ) -> None:
        self._store = store
        self._max_distance = max_distance
        self._settings = settings

    async def check(
        self, employee_id: str, selfie: bytes, file_unique_id: str | None = None
    ) -> ReplayCheck:
        """Say `replayed_photo` if this picture was used before; undecodable bytes pass here.

        An undecodable photo gets no hash and no verdict from the guard: the face pipeline
        refuses it with the precise reason.
        """
        if file_unique_id and await self._store.has_file_id(employee_id, file_unique_id):
            return ReplayCheck(Reason.REPLAYED_PHOTO, None, file_unique_id)
        phash = await asyncio.to_thread(perceptual_hash, selfie, self._settings)
        if phash and await self._seen(employee_id, phash):
            return ReplayCheck(Reason.REPLAYED_PHOTO, phash, file_unique_id)
        return ReplayCheck(None, phash, file_unique_id)

    async def remember(self, employee_id: str, check: ReplayCheck) -> None:
        """Record an accepted selfie so that it cannot be used again."""
        if check.phash:
            await self._store.add_hash(employee_id, check.phash)
        if check.file_unique_id:
            await self._store.add_file_id(employee_id, check.file_unique_id)

    async def _seen(self, employee_id: str, phash: str) -> bool:
        new = int(phash, 16)
        for old in await self._store.hashes(employee_id):
            # imagehash's distance is the Hamming distance of the 64 bits: popcount of the XOR.
            if (new ^ int(old, 16)).bit_count() <= self._max_distance:
                return True
        return False


def perceptual_hash(photo: bytes, settings: FaceSettings = _SETTINGS) -> str | None:
    """The photo's 64-bit pHash as 16 hex digits, or None when it cannot be decoded."""
    try:
        image = imaging.load_photo(photo, settings, side=_HASH_SIDE)
    except ImageRejected:
        return None
    imagehash = _imagehash()
    return None if imagehash is None else str(imagehash.phash(image))


@cache
def _imagehash() -> ModuleType | None:
    """imagehash, from the face extra; a base install records selfies without this check."""
    try:
        import imagehash
    except ImportError:
        log.warning(
            "imagehash is not installed (the face extra): reused selfies are only "
            "recognised by their Telegram file id"
        )
        return None
    return imagehash


def _text(member: bytes | str) -> str:
    return member.decode() if isinstance(member, bytes) else member
