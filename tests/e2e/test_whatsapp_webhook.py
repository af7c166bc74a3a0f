"""GET and POST /webhooks/whatsapp through the FastAPI app: handshake, signature, inbox, batches.

The flows here are scripted (ScriptedRunner), except where the bad input is the flows' business
(tests/e2e/test_whatsapp_flows.py has the real conversations). What is asserted is what Meta and
the user see: status codes, the Graph API calls, and the rows stored.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from fastapi.testclient import TestClient
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.offline.api import OfflineBotApi
from core.clock import FixedClock
from core.flows.messages import Answer, Button, Channel, Reply
from core.flows.texts import t
from core.inbox.sql_store import SqlInbox
from core.services import inbox
from core.storage.chat_tables import InboxRow
from core.storage.database import session_factory
from core.storage.uow import UnitOfWork
from presensi.server import build_app
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph, choices
from tests.e2e.scripted_runner import ScriptedRunner
from tests.e2e.whatsapp_chat import PATH, WhatsAppChat, settings
from webhooks.whatsapp import process


@pytest.fixture
def config(engine):
    return settings(engine.url.render_as_string(hide_password=False))


@pytest.fixture
def fake() -> FakeGraph:
    return FakeGraph()


@pytest.fixture
def runner() -> ScriptedRunner:
    return ScriptedRunner(lambda event: Answer(replies=[Reply(f"diterima: {event.text}")]))


def client(config, runner, fake, **extra) -> TestClient:
    app = build_app(config, runner.factory, whatsapp_transport=fake.transport, **extra)
    return TestClient(app)


def rows(engine) -> list[InboxRow]:
    with UnitOfWork(session_factory(engine)) as uow:
        return list(uow.session.scalars(select(InboxRow).order_by(InboxRow.id)))


# --- the handshake -----------------------------------------------------------------------------


def test_the_handshake_echoes_the_challenge(config, runner, fake):
    query = {"hub.mode": "subscribe", "hub.verify_token": wa.VERIFY_TOKEN,
             "hub.challenge": "1158201444"}  # fmt: skip
    with client(config, runner, fake) as http:
        response = http.get(PATH, params=query)
        wrong = http.get(PATH, params={**query, "hub.verify_token": "tebakan"})
    assert (response.status_code, response.text) == (200, "1158201444")
    assert response.headers["content-type"].startswith("text/plain")
    assert wrong.status_code == 403 and "1158201444" not in wrong.text


# --- the signature -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Hub-Signature-256": "sha256="}, {"X-Hub-Signature-256": "md5=abc"},
     {"X-Hub-Signature-256": wa.signed(b"{}", "another-app")[1]["X-Hub-Signature-256"]}],
    ids=["missing", "empty", "malformed", "wrong_secret"],
)  # fmt: skip
def test_without_a_valid_signature_nothing_is_stored(config, runner, fake, engine, headers):
    with client(config, runner, fake) as http:
        response = http.post(PATH, content=json.dumps(wa.body(wa.text("halo"))), headers=headers)
    assert response.status_code == 401
    assert rows(engine) == [] and runner.events == [] and fake.calls == []


def test_a_body_changed_by_one_byte_is_refused(config, runner, fake, engine):
    raw, headers = wa.signed(wa.body(wa.text("masuk")))
    tampered = raw.replace(b"masuk", b"masuK")
    with client(config, runner, fake) as http:
        assert http.post(PATH, content=tampered, headers=headers).status_code == 401
        assert http.post(PATH, content=raw, headers=headers).status_code == 200
    assert len(rows(engine)) == 1


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"[]", b"{}"],
    ids=["broken", "list", "no_entry"],
)
def test_a_signed_body_that_is_not_a_webhook_payload_is_400(config, runner, fake, engine, raw):
    with client(config, runner, fake) as http:
        chat = WhatsAppChat(http, fake)
        assert chat.post_body(raw) == 400
    assert rows(engine) == []


def test_a_message_without_an_id_is_skipped_with_200(config, runner, fake, engine):
    with client(config, runner, fake) as http:
        raw = json.dumps(wa.body({"type": "text", "text": {}})).encode()
        assert WhatsAppChat(http, fake).post_body(raw) == 200  # else Meta redelivers for days
    assert rows(engine) == []


def test_without_an_access_token_the_webhook_is_unavailable(config, runner, fake, engine):
    config = config.model_copy(update={"whatsapp_access_token": None})
    with client(config, runner, fake) as http:
        assert WhatsAppChat(http, fake).post(wa.text("halo")) == 503
    assert rows(engine) == []


def test_without_an_app_secret_the_webhook_stays_closed(config, runner, fake, engine):
    config = config.model_copy(update={"whatsapp_app_secret": None})
    with client(config, runner, fake) as http:
        raw, headers = wa.signed(wa.body(wa.text("halo")), secret="")
        assert http.post(PATH, content=raw, headers=headers).status_code == 503
    assert rows(engine) == []


# --- the inbox: stored once, processed once, nothing lost --------------------------------------


def test_a_message_is_stored_before_the_answer_and_processed_once(config, runner, fake, engine):
    message = wa.text("halo")
    with client(config, runner, fake) as http:
        raw, headers = wa.signed(wa.body(message))
        assert http.post(PATH, content=raw, headers=headers).status_code == 200
        [row] = rows(engine)  # committed by the time Meta hears 200
        assert (row.channel, row.key) == ("whatsapp", f"wa:{message['id']}")
        # Kept until processed (which may be done already: the payload then goes).
        assert row.processed_at is not None or row.payload["message"] == message
    [row] = rows(engine)
    assert row.processed_at is not None and row.attempts == 1 and row.error is None
    assert [event.key for event in runner.events] == [f"wa:{message['id']}"]
    assert fake.texts(wa.DEWI) == ["diterima: halo"]


def test_a_redelivered_body_changes_nothing(config, runner, fake, engine):
    body = wa.body(wa.text("halo"))
    with client(config, runner, fake) as http:
        chat = WhatsAppChat(http, fake)
        assert [chat.post_body(body), chat.post_body(body)] == [200, 200]
    with client(config, runner, fake) as http:  # and again after a restart
        assert WhatsAppChat(http, fake).post_body(body) == 200
    assert len(runner.events) == 1 and len(rows(engine)) == 1
    assert fake.texts() == ["diterima: halo"]


def test_a_message_older_than_the_limit_is_refused_as_stale(config, runner, fake, engine):
    old = wa.text("masuk", at=datetime.now(UTC) - timedelta(minutes=11))
    with client(config, runner, fake) as http:
        assert WhatsAppChat(http, fake).post(old) == 200
    assert runner.events == []
    assert fake.texts(wa.DEWI) == ["Pesan ini terlambat diterima, kirim lagi."]
    [row] = rows(engine)
    assert row.processed_at is not None  # handled: a redelivery will not answer again


def test_a_batch_mixing_statuses_and_messages_from_several_people(config, runner, fake, engine):
    now = datetime.now(UTC)
    first = wa.text("satu", at=now - timedelta(seconds=3))
    second = wa.text("dua", at=now - timedelta(seconds=2))
    rina = wa.text("dari Rina", sender=wa.RINA, at=now)
    payload = {"object": "whatsapp_business_account", "entry": [
        wa.entry(wa.value([second], [wa.status("wamid.out.1", "read")])),
        wa.entry(wa.value([rina, first], [wa.status("wamid.out.2", "delivered")])),
    ]}  # fmt: skip
    with client(config, runner, fake) as http:
        assert WhatsAppChat(http, fake).post_body(payload) == 200
    assert len(rows(engine)) == 3  # statuses are not stored
    assert fake.texts(wa.DEWI) == ["diterima: satu", "diterima: dua"]  # in the order sent
    assert fake.texts(wa.RINA) == ["diterima: dari Rina"]


def test_a_body_of_statuses_only_stores_nothing(config, runner, fake, engine, caplog):
    caplog.set_level(logging.DEBUG)
    statuses = (wa.status("wamid.out.5", "sent"), wa.status("wamid.out.5", "delivered"))
    with client(config, runner, fake) as http:
        assert WhatsAppChat(http, fake).post(statuses=statuses) == 200
    assert rows(engine) == [] and runner.events == [] and fake.sent() == []
    assert wa.DEWI not in caplog.text


def test_messages_for_another_business_number_are_ignored(config, runner, fake, engine):
    with client(config, runner, fake) as http:
        chat = WhatsAppChat(http, fake)
        assert chat.post_body(wa.body(wa.text("halo"), phone_number_id="999000")) == 200
    assert rows(engine) == [] and runner.events == []


def test_messages_stored_before_a_crash_are_processed_at_startup(config, runner, fake, engine):
    before_the_crash = FixedClock(datetime.now(UTC) - timedelta(minutes=5))
    arrived = before_the_crash.now().isoformat()
    pending = [wa.text(words, at=before_the_crash.now()) for words in ("satu", "dua")]
    with UnitOfWork(session_factory(engine), before_the_crash) as uow:
        for message in pending:
            inbox.store(uow, "whatsapp", f"wa:{message['id']}",
                        {"message": message, "arrived_at": arrived})  # fmt: skip
        uow.commit()
    with client(config, runner, fake) as http:
        WhatsAppChat(http, fake).settle()
    assert sorted(event.text for event in runner.events) == ["dua", "satu"]
    assert all(row.processed_at is not None for row in rows(engine))


def test_a_message_the_flows_fail_on_is_kept_for_another_try(config, fake, engine):
    def explode(event):
        raise RuntimeError("boom with what the user said")

    failing = ScriptedRunner(explode)
    with client(config, failing, fake) as http:
        assert WhatsAppChat(http, fake).post(wa.text("NIP 1999...")) == 200
    [row] = rows(engine)
    assert row.processed_at is None and row.attempts == 1 and row.error == "RuntimeError"
    with UnitOfWork(session_factory(engine)) as uow:
        assert inbox.pending(uow, "whatsapp") == []  # waiting out its back-off
    after_the_wait = FixedClock(row.claimed_until + timedelta(seconds=1))
    with UnitOfWork(session_factory(engine), after_the_wait) as uow:
        assert [r.key for r in inbox.pending(uow, "whatsapp")] == [row.key]


# --- what goes back ----------------------------------------------------------------------------


def test_a_toast_goes_as_a_short_text_unless_a_reply_says_it(config, fake):
    def pressed(event):
        if event.button == "same":
            return Answer(replies=[Reply("Tombol kedaluwarsa.")], toast="Tombol kedaluwarsa.")
        return Answer(replies=[Reply("Tercatat: disetujui.")], toast="✅")

    runner = ScriptedRunner(pressed)
    with client(config, runner, fake) as http:
        chat = WhatsAppChat(http, fake)
        chat.post(wa.button_reply("ap:1", "Setujui"))
        chat.post(wa.button_reply("same", "Setujui"))
    assert fake.texts(wa.DEWI) == ["Tercatat: disetujui.", "✅", "Tombol kedaluwarsa."]


def test_notices_go_to_whatsapp_chats_and_through_telegram(config, fake):
    telegram = OfflineBotApi()
    config = settings(config.database_url, telegram_bot_token="123456:TEST-TOKEN",
                      telegram_webhook_secret="tg-secret")  # fmt: skip
    approve = Reply("Pengajuan S dari Dewi", buttons=((Button("Setujui", "ap:9"),),))
    runner = ScriptedRunner(
        lambda event: Answer(replies=[Reply("Terkirim.")], notices=[(7, approve)]),
        chats={7: [(Channel.WHATSAPP, wa.RINA), (Channel.TELEGRAM, "600600600")]},
    )
    app = build_app(config, runner.factory, telegram_request=telegram,
                     whatsapp_transport=fake.transport)  # fmt: skip
    with TestClient(app) as http:
        WhatsAppChat(http, fake).post(wa.text("kirim"))
    assert fake.texts(wa.DEWI) == ["Terkirim."]
    [to_rina] = fake.sent(wa.RINA)
    assert choices(to_rina) == [("ap:9", "Setujui")]
    assert telegram.texts("600600600") == ["Pengajuan S dari Dewi"]


def test_a_failed_delivery_outside_the_window_is_resent_as_a_template(config, runner, fake):
    with client(config, runner, fake) as http:
        chat = WhatsAppChat(http, fake)
        chat.post(wa.text("halo"))
        chat.post(statuses=(wa.status("wamid.out.1", "failed", errors=(131047,)),))
        chat.post(statuses=(wa.status("wamid.out.1", "failed", errors=(131047,)),))
    assert [m["type"] for m in fake.sent(wa.DEWI)] == ["text", "template"]
    assert fake.texts(wa.DEWI) == ["diterima: halo", "diterima: halo"]


def test_redis_down_keeps_the_message_and_tells_the_sender_once(config, fake, engine):
    """A service down is not the message's fault: it waits, and the sender hears why, once."""
    down = {"left": 2}

    def flaky(event):
        if down["left"]:
            down["left"] -= 1
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379")
        return Answer(replies=[Reply(f"diterima: {event.text}")])

    runner = ScriptedRunner(flaky)
    with client(config, runner, fake) as http:
        chat = WhatsAppChat(http, fake)
        assert chat.post(wa.text("Masuk")) == 200
        chat.settle()
        intake = http.app.state.whatsapp
        for _ in range(2):
            with UnitOfWork(session_factory(engine)) as uow:
                [row] = uow.session.scalars(select(InboxRow)).all()
                assert row.processed_at is None and row.failures == 0
                inbox.release(uow, row.id)  # the real clock runs here: skip the back-off
                uow.commit()
            http.portal.call(intake.recover, partial(process.process, intake), timedelta(0))
            chat.settle()
    [row] = rows(engine)
    assert (row.outages, row.failures, row.payload) == (2, 0, None)  # emptied once processed
    assert fake.texts(wa.DEWI) == [t("id", "inbox_wait"), "diterima: Masuk"]


def test_a_poison_message_is_given_up_and_its_sender_told(config, fake, engine):
    runner = ScriptedRunner(lambda event: {}["no such key"])
    with client(config, runner, fake) as http:
        chat = WhatsAppChat(http, fake)
        assert chat.post(wa.text("Masuk")) == 200
        chat.settle()
        intake = http.app.state.whatsapp
        for _ in range(3):
            with UnitOfWork(session_factory(engine)) as uow:
                [row] = uow.session.scalars(select(InboxRow)).all()
                inbox.release(uow, row.id)
                uow.commit()
            http.portal.call(intake.recover, partial(process.process, intake), timedelta(0))
            chat.settle()
    [row] = rows(engine)
    assert (row.processed_at, row.failures, row.error) == (None, 3, "KeyError")
    assert len(runner.events) == 3
    assert fake.texts(wa.DEWI) == [t("id", "inbox_given_up")]


def test_messages_that_cannot_be_stored_are_not_acknowledged(config, runner, fake, engine):
    """The database down as the body arrives: 503, so that Meta delivers it again."""

    def unreachable():
        raise OperationalError("connect", {}, ConnectionRefusedError("refused"))

    with client(config, runner, fake) as http:
        intake = http.app.state.whatsapp
        working, intake.inbox = intake.inbox, SqlInbox(unreachable)
        assert WhatsAppChat(http, fake).post(wa.text("Masuk")) == 503
        intake.inbox = working
    assert rows(engine) == [] and runner.events == [] and fake.texts() == []
