"""`presensi serve` with Telegram out of reach: WhatsApp and /healthz work, Telegram catches up.

Telegram is unreachable the way it is in production: a closed localhost port, or (to let it
come back within the test) a Bot API stand-in that refuses connections until it is switched on.
"""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from telegram.error import NetworkError

from bot.offline import updates as tg
from bot.offline.api import OfflineBotApi
from core.flows.messages import Answer, Reply
from core.storage.chat_tables import InboxRow
from core.storage.database import session_factory
from core.storage.uow import UnitOfWork
from presensi.server import build_app
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph
from tests.e2e.scripted_runner import ScriptedRunner
from tests.e2e.whatsapp_chat import WhatsAppChat, settings

SECRET = "k9-webhook-secret"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
CLOSED_PORT = "http://127.0.0.1:1/bot"  # nothing listens on port 1


class Unreachable(OfflineBotApi):
    """The offline Bot API behind a connection that fails until `come_back()`."""

    def __init__(self) -> None:
        super().__init__()
        self.down = True

    def come_back(self) -> None:
        self.down = False

    async def do_request(self, url, method, request_data=None, **timeouts):
        if self.down:
            raise NetworkError("httpx.ConnectError: All connection attempts failed")
        return await super().do_request(url, method, request_data, **timeouts)


@pytest.fixture
def config(engine):
    return settings(
        engine.url.render_as_string(hide_password=False),
        telegram_bot_token="123456:TEST-TOKEN",
        telegram_webhook_secret=SECRET,
        telegram_api_base_url=CLOSED_PORT,
    )


@pytest.fixture
def runner() -> ScriptedRunner:
    return ScriptedRunner(lambda event: Answer(replies=[Reply(f"diterima: {event.text}")]))


def inbox(engine) -> list[InboxRow]:
    with UnitOfWork(session_factory(engine)) as uow:
        return list(uow.session.scalars(select(InboxRow).order_by(InboxRow.id)))


def test_a_closed_telegram_port_leaves_whatsapp_health_and_the_inbox_working(
    config, runner, engine
):
    graph = FakeGraph()
    app = build_app(config, runner.factory, whatsapp_transport=graph.transport)
    with TestClient(app) as http:
        assert http.get("/healthz").status_code == 200
        assert WhatsAppChat(http, graph).post(wa.text("halo")) == 200
        telegram = http.post(
            "/webhooks/telegram", json=tg.text("masuk", update_id=7001), headers=HEADERS
        )
        assert telegram.status_code == 200
    assert graph.texts(wa.DEWI) == ["diterima: halo"]
    waiting = [row for row in inbox(engine) if row.channel == "telegram"]
    assert [(row.key, row.processed_at, row.attempts) for row in waiting] == [("7001", None, 0)]


def test_telegram_catches_up_on_the_stored_updates_when_it_comes_back(config, runner, engine):
    api = Unreachable()
    app = build_app(config, runner.factory, telegram_request=api)
    with TestClient(app) as http:
        for update_id, words in ((7101, "masuk"), (7102, "pulang")):
            response = http.post(
                "/webhooks/telegram", json=tg.text(words, update_id=update_id), headers=HEADERS
            )
            assert response.status_code == 200
        assert api.texts() == [] and runner.events == []
        api.come_back()
        deadline = time.monotonic() + 10
        while len(api.texts()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert api.texts(tg.SITI["id"]) == ["diterima: masuk", "diterima: pulang"]
    assert [row.processed_at is not None for row in inbox(engine)] == [True, True]
