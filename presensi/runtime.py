"""Build the flow runner and its collaborators from settings (the composition root)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from importlib.util import find_spec
from typing import Any

from core.clock import Clock, SystemClock
from core.faces.port import FaceMatcher, FaceSettings, LivenessChecker
from core.faces.replay import RedisReplayStore, ReplayGuard
from core.flows.messages import Channel
from core.flows.runner import FlowRunner
from core.flows.state import StateStore
from core.flows.turn import Fetcher, FlowConfig, FlowDeps
from core.policy.resolver import OrgCache
from core.rate_limit import RedisRateLimiter
from core.storage.flow_state import SqlStateStore
from core.storage.replay import SqlReplayStore
from core.storage.uow import UnitOfWork
from presensi.keys import code_key, face_cipher, receipt_key
from presensi.settings import Settings
from presensi.wiring import media_store, redis_client, sessions


def build_runner(
    settings: Settings,
    fetchers: dict[Channel, Fetcher] | None = None,
    *,
    faces: FaceMatcher | None = None,
    clock: Clock | None = None,
    redis=None,
) -> FlowRunner:
    """A runner on the configured database, Redis, media directory and face matcher."""
    clock = clock or SystemClock()
    redis = redis if redis is not None else redis_client(settings)
    faces = faces if faces is not None else face_matcher(settings)
    factory = sessions(settings)
    orgs = OrgCache()  # resolved organisations, shared by every unit of work of the runner
    units = lambda: UnitOfWork(factory, clock, settings.audit_key_bytes, orgs)  # noqa: E731
    # Without a Redis server the stand-in lives in this process: conversations and handled
    # events would die with it, so the database keeps them.
    state = StateStore(redis) if settings.redis_url else SqlStateStore(units)
    # A photo is remembered for as long as selfies are kept, at least a day.
    keep_photos = timedelta(days=max(settings.selfie_retention_days, 1))
    seen = (
        RedisReplayStore(redis, keep_for=keep_photos)
        if settings.redis_url
        else SqlReplayStore(units, keep_photos)
    )
    deps = FlowDeps(
        uow=units,
        clock=clock,
        state=state,
        limits=RedisRateLimiter(redis),
        media=media_store(settings),
        faces=faces,
        replay=ReplayGuard(seen),
        fetchers=dict(fetchers or {}),
        config=FlowConfig(language=settings.language),
        code_key=code_key(settings),
        face_cipher=face_cipher(settings),
        receipt_key=receipt_key(settings),
        liveness=liveness_checker(faces),
    )
    return FlowRunner(deps)


def liveness_checker(faces: FaceMatcher | None) -> LivenessChecker | None:
    """The face workers' liveness video check where the face extra (dlib, PyAV) is installed,
    else None: no check-in then asks for a video, whatever the policy says."""
    if faces is None or find_spec("av") is None or find_spec("face_recognition") is None:
        return None
    return getattr(faces, "check_liveness", None)


class StartOnFirstUse:
    """Starts the face matcher (its workers or its Redis pool) when first needed, once."""

    def __init__(self, start: Callable[[], Awaitable[FaceMatcher]]) -> None:
        self._start = start
        self._matcher: FaceMatcher | None = None
        self._lock = asyncio.Lock()

    async def _ready(self) -> FaceMatcher:
        async with self._lock:
            if self._matcher is None:
                self._matcher = await self._start()
            return self._matcher

    async def verify(self, selfie: bytes, references, *, threshold: float | None = None):
        return await (await self._ready()).verify(selfie, references, threshold=threshold)

    async def encode(self, photo: bytes):
        return await (await self._ready()).encode(photo)

    async def check_liveness(self, video: bytes, challenge: str, references, **limits: Any):
        matcher: Any = await self._ready()  # the pool and the queue both check videos
        return await matcher.check_liveness(video, challenge, references, **limits)

    async def aclose(self) -> None:
        if self._matcher is not None and hasattr(self._matcher, "aclose"):
            await self._matcher.aclose()


def face_matcher(settings: Settings) -> FaceMatcher | None:
    """The face matcher FACE_QUEUE asks for: an in-process pool, arq workers, or none."""
    face_settings = FaceSettings().with_threshold(settings.face_threshold)
    if settings.face_queue == "off":
        return None
    if settings.face_queue == "arq":
        if not settings.redis_url:
            raise ValueError("FACE_QUEUE=arq needs REDIS_URL: the face workers read jobs there")

        async def start_arq() -> FaceMatcher:
            from arq import create_pool
            from arq.connections import RedisSettings

            from core.faces.queue import ArqFaceMatcher

            pool = await create_pool(RedisSettings.from_dsn(settings.redis_url))
            return ArqFaceMatcher(pool)

        return StartOnFirstUse(start_arq)

    async def start_pool() -> FaceMatcher:
        from core.faces.pool import ProcessPoolMatcher

        matcher = ProcessPoolMatcher(face_settings, workers=settings.face_workers)
        await matcher.start()
        return matcher

    return StartOnFirstUse(start_pool)
