"""The composition root on top: webhooks/ and bot/ never import presensi/, the app is handed what
it serves with (the health probe too), and the polling bot runs the pushes as `serve` does."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

from fakeredis import FakeAsyncRedis
from fastapi.testclient import TestClient

import presensi.server
from bot.offline.api import OfflineBotApi as FakeTelegram
from presensi.server import telegram_bot
from presensi.settings import Settings
from tests.e2e.scripted_runner import ScriptedRunner
from webhooks.app import AppParts, create_app

ROOT = Path(__file__).resolve().parents[2]


def imported(package: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return names


def test_the_adapters_never_import_the_composition_root():
    for package in ("webhooks", "bot"):
        assert not [m for m in imported(package) if m.split(".")[0] == "presensi"], package


def test_health_asks_the_probe_it_was_handed():
    def no_units():
        raise AssertionError("the inbox is not read when the database is down")

    parts = AppParts(units=no_units, redis=FakeAsyncRedis(), database_ok=lambda: False,
                     redis_embedded=True)  # fmt: skip
    with TestClient(create_app(parts)) as http:
        answer = http.get("/healthz")
    assert answer.status_code == 503
    assert answer.json() == {"status": "degraded", "database": "down", "redis": "up (embedded)"}


async def test_the_polling_bot_runs_the_pushes_and_stops_them_with_the_runner(monkeypatch):
    started, stopped = asyncio.Event(), asyncio.Event()

    async def push_forever(units, dispatcher, redis, config, clock):
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            stopped.set()

    class ClosingRunner(ScriptedRunner):
        closed = False

        async def aclose(self) -> None:
            self.closed = True

    monkeypatch.setattr(presensi.server, "push_forever", push_forever)
    settings = Settings(_env_file=None, telegram_bot_token="123456:TEST-TOKEN", redis_url=None)
    runner = ClosingRunner()
    application = telegram_bot(settings, runner.factory, request=FakeTelegram(), polling=True)
    await application.post_init(application)
    await asyncio.wait_for(started.wait(), timeout=5)
    await application.post_shutdown(application)
    assert stopped.is_set() and runner.closed
