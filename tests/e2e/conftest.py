"""Fixtures of the end-to-end tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presensi.cli import app
from presensi.settings import get_settings


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
    """Migrate, then load the Sungai Penuh example organisation and its staff, through the CLI."""
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
