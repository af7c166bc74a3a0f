"""Fixtures of the end-to-end tests."""

from __future__ import annotations

import fcntl
import re
import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presensi.cli import app
from presensi.settings import get_settings
from tests.console_harness import DEWI, HENDRA, RINA, LiveConsole
from tests.flows_harness import ADMIN, ENGINES, HEAD, STAFF, migrated_template


def _cli_on(url: str, monkeypatch):
    """`presensi ...` in process with DATABASE_URL set; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("REDIS_URL", raising=False)
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(app, list(args))
        return result.exit_code, result.stdout, result.stderr

    return run


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run `presensi ...` against a fresh SQLite file."""
    database = tmp_path / "presensi.db"
    run = _cli_on(f"sqlite:///{database}", monkeypatch)
    run.database = database
    yield run
    get_settings.cache_clear()


@pytest.fixture
def pg_cli(pg_engine, pg_url, monkeypatch):
    """Run `presensi ...` against the run's PostgreSQL database, emptied for this test."""
    run = _cli_on(pg_url, monkeypatch)
    run.engine = pg_engine
    yield run
    get_settings.cache_clear()


EXAMPLES = Path(__file__).parents[2] / "examples"


def load_example(run) -> None:
    """Migrate, then load the Sungai Penuh example organisation and its staff, through the CLI.

    A SQLite file not yet there is a copy of one migrated once for the run instead: what
    `db upgrade` does is tested on its own (test_cli.py, test_cli_errors.py), and here it cost
    a third of a second on each of a few hundred tests."""
    database = getattr(run, "database", None)
    if database is not None and not database.exists():
        shutil.copyfile(migrated_template(), database)
    else:
        assert run("db", "upgrade")[0] == 0
    assert run("org", "load", str(EXAMPLES / "org-sungai-penuh.yaml"))[0] == 0
    code, _, err = run(
        "employees",
        "import",
        str(EXAMPLES / "employees-sungai-penuh.csv"),
        "--org",
        "pemkot-sungai-penuh",
    )
    assert code == 0, err


def count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# A Redis database of its own for `presensi serve` started by a test (the kill -9 chaos rounds,
# the scheduled pushes of several workers): the server's keys carry a deployment's fixed prefix.
SERVE_REDIS_DB = 13


@pytest.fixture
def serve_redis_url(redis_url):
    """A database of the real Redis for the servers alone, emptied before and after. Two runs on
    one machine (a developer's and CI's) take turns: an exclusive lock on a file held meanwhile."""
    import redis

    base = re.sub(r"/\d+$", "", redis_url)
    url = f"{base}/{SERVE_REDIS_DB}"
    # In /tmp itself, not TMPDIR: dev.py gives every run a temporary folder of its own.
    with exclusive(Path("/tmp") / f"presensi-redis-{SERVE_REDIS_DB}.lock"):
        client = redis.Redis.from_url(url)
        client.flushdb()
        yield url
        client.flushdb()
        client.close()


@contextmanager
def exclusive(path: Path):
    """Hold an exclusive lock on `path` (fcntl.flock: released by the kernel if we die)."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(params=ENGINES)
def live(request, tmp_path):
    """The console served on a real port, Dewi (staff), Rina (her admin) and Hendra (the head
    of her unit) linked in Telegram; on SQLite and on PostgreSQL."""
    if request.param == "postgresql":
        engine, url = request.getfixturevalue("pg_engine"), request.getfixturevalue("pg_url")
        server = LiveConsole(tmp_path, engine=engine, database_url=url)
    else:
        server = LiveConsole(tmp_path)
    with server:
        server.link(DEWI, STAFF)
        server.link(RINA, ADMIN)
        server.link(HENDRA, HEAD)
        yield server
