"""POST /webhooks/telegram through the FastAPI app: the secret, the inbox, exactly-once processing.

Leaving the TestClient runs the app's shutdown, which waits for the updates in flight, so the
assertions after the `with` block see every update fully processed.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.offline import updates as tg
from bot.offline.api import OfflineBotApi as FakeTelegram
from core.clock import FixedClock
from core.faces.port import FaceCheckUnavailable
from core.flows.messages import Answer, Reply
from core.flows.texts import t
from core.services import inbox
from core.storage.chat_tables import InboxRow
from core.storage.database import session_factory
from core.storage.uow import UnitOfWork
from presensi.server import build_app
from presensi.settings import Settings
from tests.e2e.scripted_runner import ScriptedRunner
from webhooks.routes import telegram

SECRET = "k9-webhook-secret"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


@pytest.fixture
def settings(engine) -> Settings:
    return Settings(
        _env_file=None,
        database_url=engine.url.render_as_string(hide_password=False),
        redis_url=None,
        telegram_bot_token="123456:TEST-TOKEN",
        telegram_webhook_secret=SECRET,
    )


@pytest.fixture
def fake() -> FakeTelegram:
    return FakeTelegram()


@pytest.fixture
def runner() -> ScriptedRunner:
    return ScriptedRunner(lambda event: Answer(replies=[Reply(f"diterima: {event.text}")]))


def client(settings, runner, fake) -> TestClient:
    return TestClient(build_app(settings, runner.factory, telegram_request=fake))


def rows(engine) -> list[InboxRow]:
    with UnitOfWork(session_factory(engine)) as uow:
        return list(uow.session.scalars(select(InboxRow).order_by(InboxRow.id)))


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {"X-Telegram-Bot-Api-Secret-Token": ""}],
    ids=["missing", "wrong", "empty"],
)
def test_without_the_secret_nothing_is_stored(settings, runner, fake, engine, headers):
    with client(settings, runner, fake) as http:
        response = http.post("/webhooks/telegram", json=tg.text("halo"), headers=headers)
    assert response.status_code == 403
    assert rows(engine) == [] and runner.events == [] and fake.sent() == []


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[]", b'{"message": {}}', b'{"update_id": "12"}', b'"text"'],
    ids=["broken", "list", "no_update_id", "text_update_id", "string"],
)
def test_what_is_not_an_update_is_refused(settings, runner, fake, engine, body):
    with client(settings, runner, fake) as http:
        response = http.post("/webhooks/telegram", content=body, headers=HEADERS)
    assert response.status_code == 400
    assert rows(engine) == []


def test_without_a_bot_token_the_webhook_is_unavailable(settings, runner, fake, engine):
    settings = settings.model_copy(update={"telegram_bot_token": None})
    with client(settings, runner, fake) as http:
        response = http.post("/webhooks/telegram", json=tg.text("halo"), headers=HEADERS)
    assert response.status_code == 503
    assert fake.calls == []  # the bot was never started


def test_without_a_webhook_secret_the_webhook_stays_closed(settings, runner, fake, engine):
    settings = settings.model_copy(update={"telegram_webhook_secret": None})
    with client(settings, runner, fake) as http:
        response = http.post("/webhooks/telegram", json=tg.text("halo"), headers=HEADERS)
    assert response.status_code == 503
    assert rows(engine) == []


def test_an_update_is_stored_before_the_answer_and_processed_once(settings, runner, fake, engine):
    with client(settings, runner, fake) as http:
        response = http.post(
            "/webhooks/telegram", json=tg.text("halo", update_id=8101), headers=HEADERS
        )
        assert response.status_code == 200
        [row] = rows(engine)  # committed by the time Telegram hears 200
        assert (row.channel, row.key) == ("telegram", "8101")
        # Kept until processed (which may be done already: the payload then goes).
        assert row.processed_at is not None or row.payload == tg.text("halo", update_id=8101)
    assert [event.key for event in runner.events] == ["tg:8101"]
    assert fake.texts(tg.SITI["id"]) == ["diterima: halo"]
    [row] = rows(engine)
    assert row.processed_at is not None and row.attempts == 1 and row.error is None


def test_a_redelivered_update_is_processed_once(settings, runner, fake, engine):
    update = tg.text("halo", update_id=8102)
    with client(settings, runner, fake) as http:
        first = http.post("/webhooks/telegram", json=update, headers=HEADERS)
        again = http.post("/webhooks/telegram", json=update, headers=HEADERS)
    assert (first.status_code, again.status_code) == (200, 200)
    assert len(runner.events) == 1
    assert fake.texts() == ["diterima: halo"]
    assert len(rows(engine)) == 1


def test_a_redelivery_after_a_restart_is_processed_once(settings, runner, fake, engine):
    update = tg.text("halo", update_id=8103)
    for _ in range(2):
        with client(settings, runner, fake) as http:
            assert http.post("/webhooks/telegram", json=update, headers=HEADERS).status_code == 200
    assert len(runner.events) == 1 and fake.texts() == ["diterima: halo"]


def test_updates_stored_before_a_crash_are_processed_at_startup(settings, runner, fake, engine):
    # The previous process stored two updates and died before processing them.
    before_the_crash = FixedClock(datetime.now(UTC) - timedelta(hours=1))
    with UnitOfWork(session_factory(engine), before_the_crash) as uow:
        inbox.store(uow, "telegram", "8104", tg.text("satu", update_id=8104))
        inbox.store(uow, "telegram", "8105", tg.command("/status", update_id=8105))
        uow.commit()
    with client(settings, runner, fake):
        pass
    assert sorted(event.key for event in runner.events) == ["tg:8104", "tg:8105"]
    assert sorted(fake.texts()) == ["diterima: /status", "diterima: satu"]
    assert all(row.processed_at is not None for row in rows(engine))


def test_a_done_update_is_not_recovered_again(settings, runner, fake, engine):
    with client(settings, runner, fake) as http:
        http.post("/webhooks/telegram", json=tg.text("halo", update_id=8106), headers=HEADERS)
    with client(settings, runner, fake):
        pass
    assert len(runner.events) == 1


def test_a_failing_update_is_kept_with_its_error_type_and_answered_200(settings, fake, engine):
    def explode(event):
        raise RuntimeError(f"coordinates {event.text}")

    runner = ScriptedRunner(explode)
    with client(settings, runner, fake) as http:
        response = http.post(
            "/webhooks/telegram", json=tg.text("-2.06,101.39", update_id=8107), headers=HEADERS
        )
    assert response.status_code == 200
    [row] = rows(engine)
    assert (row.processed_at, row.attempts, row.error) == (None, 1, "RuntimeError")


def test_an_update_python_telegram_bot_cannot_read_is_marked_failed(settings, fake, engine):
    runner = ScriptedRunner()
    poll = tg.message({"poll": {"id": "p", "question": "?"}}, update_id=8108)  # fields missing
    with client(settings, runner, fake) as http:
        assert http.post("/webhooks/telegram", json=poll, headers=HEADERS).status_code == 200
    [row] = rows(engine)
    assert row.processed_at is None and row.error == "TypeError"
    assert runner.events == []


def test_the_body_is_read_as_telegram_sends_it(settings, runner, fake, engine):
    raw = json.dumps(tg.venue(-2.0637, 101.3925, update_id=8109)).encode()
    headers = {**HEADERS, "Content-Type": "application/json"}
    with client(settings, runner, fake) as http:
        assert http.post("/webhooks/telegram", content=raw, headers=headers).status_code == 200
    assert runner.events[0].unsupported == "venue"


def test_shutdown_closes_the_runner(settings, fake):
    class ClosingRunner(ScriptedRunner):
        closed = False

        async def aclose(self) -> None:
            self.closed = True

    runner = ClosingRunner()
    with client(settings, runner, fake):
        assert not runner.closed
    assert runner.closed


def release_all(intake) -> None:
    """End every row's wait: these tests run on the real clock and do not sit out back-offs."""
    with intake.units() as uow:
        for row in uow.session.scalars(select(InboxRow)):
            inbox.release(uow, row.id)
        uow.commit()


async def settle(intake) -> None:
    """Wait for the work in flight (recovery spawns more: until none is left)."""
    while intake.tasks:
        await asyncio.gather(*list(intake.tasks), return_exceptions=True)


async def sweep_once(intake) -> None:
    """What the sweeper does every few seconds, now, and wait for the work it started."""
    await intake.recover(lambda key, payload: telegram.process(intake, key, payload), timedelta(0))
    await settle(intake)


def retry_now(http, intake) -> None:
    """Let the first try finish, end the back-off, and sweep."""
    http.portal.call(settle, intake)
    release_all(intake)
    http.portal.call(sweep_once, intake)


WAIT, GIVEN_UP = t("id", "inbox_wait"), t("id", "inbox_given_up")


def test_a_database_outage_is_waited_out_and_the_sender_told_once(settings, fake, engine):
    """OperationalError (the database unreachable mid-turn) five times, then it works."""
    down = {"left": 5}

    def flaky(event):
        if down["left"]:
            down["left"] -= 1
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))
        return Answer(replies=[Reply("Masuk tercatat 07.20")])

    runner = ScriptedRunner(flaky)
    update = tg.text("halo", update_id=8201)
    with client(settings, runner, fake) as http:
        assert http.post("/webhooks/telegram", json=update, headers=HEADERS).status_code == 200
        intake = http.app.state.telegram
        for _ in range(5):
            retry_now(http, intake)
    [row] = rows(engine)
    assert row.processed_at is not None and row.delivered_at is not None
    assert (row.outages, row.failures) == (5, 0)
    assert fake.texts(update["message"]["chat"]["id"]) == [WAIT, "Masuk tercatat 07.20"]
    assert len(runner.events) == 6


def test_a_face_engine_failing_is_tried_again_without_the_sender(settings, fake, engine):
    """The face check failed twice on a selfie (core.flows.face_wait): the update is kept and
    tried again after the inbox's waits; its sender is not asked to send it again."""
    down = {"left": 2}

    def flaky(event):
        if down["left"]:
            down["left"] -= 1
            raise FaceCheckUnavailable("the face engine failed twice on one message")
        return Answer(replies=[Reply("Masuk tercatat 07.20")])

    runner = ScriptedRunner(flaky)
    update = tg.text("halo", update_id=8204)
    with client(settings, runner, fake) as http:
        assert http.post("/webhooks/telegram", json=update, headers=HEADERS).status_code == 200
        intake = http.app.state.telegram
        for _ in range(2):
            retry_now(http, intake)
    [row] = rows(engine)
    assert (row.outages, row.failures) == (0, 2)
    assert row.delivered_at is not None
    assert fake.texts(update["message"]["chat"]["id"]) == ["Masuk tercatat 07.20"]


def test_a_poison_message_is_given_up_after_three_failures_and_its_sender_told(
    settings, fake, engine, caplog
):
    def explode(event):
        raise KeyError("a bug, not an outage")

    runner = ScriptedRunner(explode)
    update = tg.text("halo", update_id=8202)
    with caplog.at_level(logging.ERROR), client(settings, runner, fake) as http:
        assert http.post("/webhooks/telegram", json=update, headers=HEADERS).status_code == 200
        intake = http.app.state.telegram
        for _ in range(3):  # once more than it is tried: a given-up row is left alone
            retry_now(http, intake)
    [row] = rows(engine)
    assert (row.processed_at, row.failures, row.outages, row.error) == (None, 3, 0, "KeyError")
    assert len(runner.events) == 3
    assert fake.texts(update["message"]["chat"]["id"]) == [GIVEN_UP]
    assert "given up after 3 failures (KeyError)" in caplog.text
    assert "a bug, not an outage" not in caplog.text  # the type only, never the message


async def test_an_update_that_cannot_be_stored_is_not_acknowledged():
    """The database down as the update arrives: 503, so that Telegram delivers it again."""

    def unreachable():
        raise OperationalError("connect", {}, ConnectionRefusedError("refused"))

    intake = telegram.TelegramIntake(
        channel="telegram",
        units=unreachable,
        application=None,
        secret=SECRET,
        outages=telegram.OUTAGES,
    )
    body = json.dumps(tg.text("halo", update_id=8203)).encode()
    assert await telegram.receive(intake, body, SECRET) == (
        503,
        "storage unavailable, deliver again later",
    )
    assert intake.tasks == set()
