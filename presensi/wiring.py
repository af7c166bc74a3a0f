"""Composition root: build engines, sessions, Redis and units of work from settings."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from core.clock import Clock, SystemClock
from core.media import LocalMediaStore, MediaStore
from core.media_s3 import S3MediaStore
from core.storage.database import make_engine, session_factory
from core.storage.uow import UnitOfWork
from presensi.settings import Settings

UPGRADE_HINT = "create it with `presensi db upgrade`"
# Hosting providers and libpq hand out postgres:// and postgresql:// URLs; SQLAlchemy would pick
# psycopg2 (not installed) or refuse `postgres` outright, so both mean psycopg 3 here.
_POSTGRES_SCHEMES = {"postgres", "postgresql", "postgres+psycopg"}
_SUPPORTED = "sqlite:///FILE or postgresql://USER@HOST/DATABASE"


class DatabaseNotReady(RuntimeError):
    """The configured database cannot be used yet: bad URL, unreachable, or without a schema."""


def database_url(url: str) -> str:
    """DATABASE_URL as SQLAlchemy reads it: PostgreSQL through psycopg; other schemes refused."""
    scheme, sep, rest = url.strip().partition("://")
    if not sep:
        raise DatabaseNotReady(f"DATABASE_URL {url!r} is not a URL; use {_SUPPORTED}")
    name = scheme.lower()
    if name in _POSTGRES_SCHEMES:
        return f"postgresql+psycopg://{rest}"
    if name.split("+", 1)[0] not in {"sqlite", "postgresql"}:
        raise DatabaseNotReady(f"DATABASE_URL: unsupported database {scheme!r}; use {_SUPPORTED}")
    return f"{scheme}://{rest}"


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "DATABASE_URL"


def engine_for(url: str) -> Engine:
    return _engine(database_url(url))


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    try:
        return make_engine(url)
    except (ArgumentError, ValueError) as error:  # ValueError: e.g. a port that is no number
        raise DatabaseNotReady(f"DATABASE_URL is not valid: {error}; use {_SUPPORTED}") from None
    except ImportError as error:  # a driver this install does not have (asyncpg, pg8000, ...)
        raise DatabaseNotReady(
            f"DATABASE_URL {shown(url)} needs the driver {error.name!r}, which is not installed; "
            f"use {_SUPPORTED}"
        ) from None


def sessions(settings: Settings) -> sessionmaker[Session]:
    return session_factory(engine_for(settings.database_url))


def unit_of_work(settings: Settings, clock: Clock | None = None) -> UnitOfWork:
    """A unit of work on a database that has its schema (DatabaseNotReady names what is wrong)."""
    return UnitOfWork(
        session_factory(ready_engine(settings.database_url)),
        clock or SystemClock(),
        settings.audit_key_bytes,
    )


_READY: set[str] = set()


def ready_engine(url: str) -> Engine:
    """The engine, once the database is known to answer and to have the schema.

    A missing SQLite file is reported before an engine exists: opening it would create the file
    (and its directory) as a side effect of a command that only meant to read.
    """
    url = database_url(url)
    if url in _READY:
        return engine_for(url)
    _refuse_missing_sqlite_file(url)
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            has_schema = inspect(connection).has_table("alembic_version")
    except DBAPIError as error:
        raise DatabaseNotReady(unreachable(url, error)) from None
    if not has_schema:
        raise DatabaseNotReady(f"the database {shown(url)} has no schema; {UPGRADE_HINT}")
    _READY.add(url)  # only success is remembered: a fixed database works without a restart
    return engine


def unreachable(url: str, error: DBAPIError) -> str:
    """One line: which database, and the driver's reason (its first line, without SQL)."""
    lines = str(error.orig or error).strip().splitlines()
    return f"cannot use the database {shown(url)}: {lines[0] if lines else type(error).__name__}"


def _refuse_missing_sqlite_file(url: str) -> None:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return  # engine_for names what is wrong with the URL
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return
    if not Path(parsed.database).is_file():
        raise DatabaseNotReady(
            f"the database {shown(url)} has no schema (no file {Path(parsed.database).absolute()})"
            f"; {UPGRADE_HINT}"
        )


def media_store(settings: Settings) -> MediaStore:
    """Where selfies and documents go: MEDIA_DIR, or the S3 bucket of MEDIA_STORE=s3."""
    if settings.media_store == "local":
        return LocalMediaStore(settings.media_dir)
    if not settings.s3_bucket:
        raise ValueError("MEDIA_STORE=s3 needs S3_BUCKET")
    try:
        import boto3
    except ImportError:
        raise ValueError("MEDIA_STORE=s3 needs boto3: pip install 'presensi[s3]'") from None
    secret = settings.s3_secret_access_key
    client = boto3.client(
        "s3",
        endpoint_url=settings.s3_endpoint_url,
        region_name=settings.s3_region,
        aws_access_key_id=settings.s3_access_key_id,
        aws_secret_access_key=secret.get_secret_value() if secret else None,
    )
    return S3MediaStore(client, settings.s3_bucket, settings.s3_prefix)


def redis_client(settings: Settings):
    """A redis.asyncio client; without REDIS_URL, fakeredis's in-process server stands in."""
    if settings.redis_url:
        from redis.asyncio import Redis

        return Redis.from_url(settings.redis_url)
    from fakeredis import FakeAsyncRedis

    return FakeAsyncRedis()


def inbox_store(
    settings: Settings, redis, units: Callable[[], UnitOfWork], clock: Clock | None = None
):
    """Where the webhooks keep deliveries (core.inbox): with a Redis server, Redis, and the
    database while Redis is down; without one, the database (the embedded stand-in dies with
    the process, and acknowledged deliveries must survive it)."""
    from core.inbox.sql_store import SqlInbox

    table = SqlInbox(units)
    if not settings.redis_url:
        return table
    from core.inbox.fallback import FallbackInbox
    from core.inbox.redis_store import RedisInbox

    return FallbackInbox(RedisInbox(redis, (clock or SystemClock()).now), table)


def database_ok(settings: Settings) -> bool:
    try:
        with engine_for(settings.database_url).connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
