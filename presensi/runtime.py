"""Build the flow runner and its collaborators from settings (the composition root)."""

from __future__ import annotations

from datetime import timedelta

from core.clock import Clock, SystemClock
from core.faces.port import FaceMatcher
from core.faces.replay import RedisReplayStore, ReplayGuard
from core.flows.messages import Channel
from core.flows.runner import FlowRunner
from core.flows.state import StateStore
from core.flows.turn import Fetcher, FlowConfig, FlowDeps
from core.media import LocalMediaStore
from core.storage.uow import UnitOfWork
from presensi.settings import Settings
from presensi.wiring import redis_client, sessions


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
    factory = sessions(settings)
    deps = FlowDeps(
        uow=lambda: UnitOfWork(factory, clock),
        clock=clock,
        state=StateStore(redis),
        redis=redis,
        media=LocalMediaStore(settings.media_dir),
        faces=faces,
        # A photo is remembered for as long as selfies are kept, at least a day.
        replay=ReplayGuard(
            RedisReplayStore(redis, keep_for=timedelta(days=max(settings.selfie_retention_days, 1)))
        ),
        fetchers=dict(fetchers or {}),
        config=FlowConfig(language=settings.language),
    )
    return FlowRunner(deps)
