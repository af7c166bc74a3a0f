"""Composition root: build engines, sessions, Redis and units of work from settings."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from core.clock import Clock, SystemClock
from core.storage.database import make_engine, session_factory
from core.storage.uow import UnitOfWork
from presensi.settings import Settings


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    return make_engine(url)


def sessions(settings: Settings) -> sessionmaker[Session]:
    return session_factory(engine_for(settings.database_url))


def unit_of_work(settings: Settings, clock: Clock | None = None) -> UnitOfWork:
    return UnitOfWork(sessions(settings), clock or SystemClock())


def redis_client(settings: Settings):
    """A redis.asyncio client; without REDIS_URL, fakeredis's in-process server stands in."""
    if settings.redis_url:
        from redis.asyncio import Redis

        return Redis.from_url(settings.redis_url)
    from fakeredis import FakeAsyncRedis

    return FakeAsyncRedis()


def database_ok(settings: Settings) -> bool:
    try:
        with engine_for(settings.database_url).connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
