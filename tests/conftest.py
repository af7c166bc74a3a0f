"""Shared fixtures: real PostgreSQL and Redis when reachable, SQLite files otherwise.

On CI (`PRESENSI_REQUIRE_SERVICES=1`, set by .ci/run) an unreachable server fails the test
instead of skipping it, so that the integration tests cannot silently stop running.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from core.clock import FixedClock
from core.storage.database import make_engine, session_factory, upgrade
from core.storage.uow import UnitOfWork

PG_ADMIN_URL = os.environ.get(
    "PRESENSI_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("PRESENSI_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REQUIRED = os.environ.get("PRESENSI_REQUIRE_SERVICES") == "1"


def pytest_configure(config) -> None:
    """`dev.py anyday` sets PRESENSI_TEST_NOW: the whole run then believes it is that instant
    (the clock keeps ticking from there), which shows any test that reads the wall clock."""
    instant = os.environ.get("PRESENSI_TEST_NOW")
    if instant:
        import time_machine

        time_machine.travel(datetime.fromisoformat(instant), tick=True).start()


def unavailable(what: str, error: Exception) -> None:
    """Skip (on a developer's machine) or fail (on CI) when a server cannot be reached."""
    message = f"{what} is not reachable ({type(error).__name__}: {error})"
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, migrated to head, dropped afterwards."""
    name = f"presensi_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
            # The run's own database, dropped at its end: its commits need not wait for the
            # disk (a server crash is not what any test is about).
            connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    except Exception as error:
        unavailable("PostgreSQL", error)
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_emptying(pg_url: str) -> str:
    """One batch of SQL that empties every table and restarts every sequence, for each test."""
    from tests.flows_harness import emptying_sql

    engine = make_engine(pg_url)
    with engine.connect() as connection:
        sql = emptying_sql(connection)
    engine.dispose()
    return sql


@pytest.fixture
def pg_engine(pg_url: str, pg_emptying: str):
    """The run's PostgreSQL database, emptied before each test."""
    engine = make_engine(pg_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(pg_emptying)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    """A migrated SQLite file database, as `presensi` uses by default: a copy of one migrated
    once for the run (tests/flows_harness.py), which takes a hundredth of migrating it."""
    from tests.flows_harness import migrated_template

    database = tmp_path / "presensi.db"
    shutil.copyfile(migrated_template(), database)
    engine = make_engine(f"sqlite:///{database}")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_engine(request, tmp_path):
    """An empty database with no schema, on each database the product supports: for tests that
    migrate step by step over data written by an older revision."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'blank.db'}")
        yield engine
        engine.dispose()
        return
    name = f"presensi_blank_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        unavailable("PostgreSQL", error)
    engine = make_engine(PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}")
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request):
    """Run a storage test on both databases the product supports."""
    return request.getfixturevalue(
        f"{request.param}_engine" if request.param == "sqlite" else "pg_engine"
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 0, 0, tzinfo=UTC))


@pytest.fixture
def uow_factory(engine, clock):
    """Make units of work on the test database with the test clock."""
    sessions = session_factory(engine)
    return lambda: UnitOfWork(sessions, clock)


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A real Redis, flushed of this test's keys afterwards (tests use a unique prefix)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except Exception as error:
        unavailable("Redis", error)
    yield REDIS_URL
    client.close()
