"""Engines and sessions. The URL comes from the caller (settings live outside core)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import CursorResult, Engine, Result, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL and a busy timeout.

    Statement parameters stay out of error messages and logs: they hold positions and NIPs.
    """
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        if ":///" in url and not url.endswith(":memory:"):
            Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # One connection per thread that runs database work: the flows' `asyncio.to_thread` uses
    # the default executor, min(32, cores + 4) threads; the few more cover the minute's work.
    # SQLAlchemy's 5 + 10 overflow made threads wait for, or open and close, connections.
    # At most 16 + 4 a process: `serve --workers 4` on a big host stays under PostgreSQL's
    # default 100 connections.
    kwargs.setdefault("pool_size", min(16, (os.cpu_count() or 1) + 4))
    kwargs.setdefault("max_overflow", 4)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE run through a session changed.

    `Session.execute` is typed to answer a `Result`; for those statements it is a
    `CursorResult`, the one that knows its row count.
    """
    assert isinstance(result, CursorResult)
    return result.rowcount


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the Alembic migrations to the database behind `engine`."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
