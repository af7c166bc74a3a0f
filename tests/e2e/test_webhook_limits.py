"""Webhook bodies are bounded: the secret before the body, and no body read past the limit.

The large bodies are streamed to the app at the ASGI level, so the test sees how many chunks
the app pulled: a refused body must not have been read (that is what keeps a flood of 50 MB
POSTs from growing the server's memory).
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from bot.offline import updates as tg
from bot.offline.api import OfflineBotApi
from core.flows.messages import Answer, Reply
from presensi.server import build_app
from presensi.settings import Settings
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph
from tests.e2e.scripted_runner import ScriptedRunner
from tests.e2e.test_whatsapp_webhook import rows
from tests.e2e.whatsapp_chat import PATH, WhatsAppChat, settings

SECRET = "k9-webhook-secret"
CHUNK = 64 * 1024
LIMIT = 64 * 1024


class Stream:
    """An ASGI request body of `chunks` chunks, counting how many the app pulled."""

    def __init__(self, chunks: int, data: bytes = b"x" * CHUNK) -> None:
        self.chunks, self.data, self.pulled = chunks, data, 0

    async def receive(self) -> dict:
        if self.pulled >= self.chunks:
            return {"type": "http.disconnect"}
        self.pulled += 1
        return {"type": "http.request", "body": self.data, "more_body": self.pulled < self.chunks}


def post(http: TestClient, path: str, stream: Stream, headers: dict[str, str]):
    """POST a streamed body straight to the ASGI app; (status, JSON or text body)."""
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 5000), "server": ("testserver", 80),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "app": http.app, "state": {},
    }  # fmt: skip
    http.portal.call(http.app, scope, stream.receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


@pytest.fixture
def telegram(engine):
    config = Settings(
        _env_file=None,
        database_url=engine.url.render_as_string(hide_password=False),
        redis_url=None,
        telegram_bot_token="123456:TEST-TOKEN",
        telegram_webhook_secret=SECRET,
        webhook_max_body_bytes=LIMIT,
    )
    runner = ScriptedRunner(lambda event: Answer(replies=[Reply("ok")]))
    with TestClient(build_app(config, runner.factory, telegram_request=OfflineBotApi())) as http:
        yield http


@pytest.fixture
def whatsapp(engine):
    config = settings(engine.url.render_as_string(hide_password=False),
                      webhook_max_body_bytes=LIMIT)  # fmt: skip
    fake = FakeGraph()
    runner = ScriptedRunner(lambda event: Answer(replies=[Reply(f"diterima: {event.text}")]))
    app = build_app(config, runner.factory, whatsapp_transport=fake.transport)
    with TestClient(app) as http:
        yield http, fake


def test_telegram_refuses_a_wrong_secret_before_reading_the_body(telegram, engine):
    stream = Stream(800)  # 50 MB
    status, _ = post(telegram, "/webhooks/telegram", stream,
                     {"X-Telegram-Bot-Api-Secret-Token": "wrong"})  # fmt: skip
    assert status == 403 and stream.pulled == 0
    assert rows(engine) == []


def test_telegram_stops_reading_a_body_over_the_limit(telegram, engine):
    stream = Stream(800)
    status, body = post(telegram, "/webhooks/telegram", stream,
                        {"X-Telegram-Bot-Api-Secret-Token": SECRET})  # fmt: skip
    assert status == 413
    assert json.loads(body) == {"error": "body too large", "max_bytes": LIMIT}
    assert stream.pulled <= LIMIT // CHUNK + 1
    assert rows(engine) == []


def test_telegram_refuses_a_declared_length_over_the_limit_unread(telegram, engine):
    stream = Stream(800)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Length": str(800 * CHUNK)}
    assert post(telegram, "/webhooks/telegram", stream, headers)[0] == 413
    assert stream.pulled == 0


def test_telegram_still_takes_an_update_under_the_limit(telegram, engine):
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    response = telegram.post("/webhooks/telegram", json=tg.text("halo"), headers=headers)
    assert response.status_code == 200 and len(rows(engine)) == 1


def test_whatsapp_stops_reading_a_body_over_the_limit(whatsapp, engine):
    http, _ = whatsapp
    stream = Stream(800)
    status, body = post(http, PATH, stream, {"X-Hub-Signature-256": "sha256=00"})
    assert status == 413 and json.loads(body)["max_bytes"] == LIMIT
    assert stream.pulled <= LIMIT // CHUNK + 1
    declared = Stream(800)
    headers = {"X-Hub-Signature-256": "sha256=00", "Content-Length": str(800 * CHUNK)}
    assert post(http, PATH, declared, headers)[0] == 413 and declared.pulled == 0
    assert rows(engine) == []


def test_whatsapp_keeps_the_good_message_of_a_body_with_a_bad_one(whatsapp, engine, caplog):
    http, fake = whatsapp
    bad, good = wa.image("media-1"), wa.text("halo")
    del bad["image"]["id"]  # media without an id: unreadable
    caplog.set_level("WARNING", logger="webhooks.whatsapp.process")
    assert WhatsAppChat(http, fake).post(bad, good) == 200
    assert [row.key for row in rows(engine)] == [f"wa:{good['id']}"]
    assert fake.texts(wa.DEWI) == ["diterima: halo"]
    assert bad["id"] in caplog.text and "halo" not in caplog.text
