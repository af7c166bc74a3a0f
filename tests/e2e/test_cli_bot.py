"""`presensi bot`: refuses clearly without a token, and points webhook users at `serve`."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from presensi.cli_bot import bot
from presensi.settings import get_settings


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Invoke the `bot` command on its own (the main CLI registers it as `presensi bot`)."""
    monkeypatch.chdir(tmp_path)  # no .env from the working copy
    get_settings.cache_clear()
    app = typer.Typer()
    app.command()(bot)
    app.command("other", hidden=True)(lambda: None)  # keep `bot` a named subcommand

    def invoke(*args: str):
        result = CliRunner().invoke(app, ["bot", *args])
        return result.exit_code, result.stderr

    yield invoke
    get_settings.cache_clear()


def test_polling_without_a_token_is_refused_with_the_variable_named(run, monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    code, err = run("--polling")
    assert code == 1
    assert "TELEGRAM_BOT_TOKEN is not set" in err


def test_without_polling_it_points_at_the_webhook(run, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")
    code, err = run()
    assert code == 2
    assert "presensi serve" in err and "--polling" in err


def test_set_webhook_needs_https_and_the_secret(run, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    code, err = run("--set-webhook", "http://presensi.example.go.id/webhooks/telegram")
    assert code == 2 and "https://" in err
    code, err = run("--set-webhook", "https://presensi.example.go.id/webhooks/telegram")
    assert code == 1 and "TELEGRAM_WEBHOOK_SECRET" in err


def test_set_webhook_registers_the_secret_and_the_update_kinds(monkeypatch):
    from pydantic import SecretStr

    from bot.application import ALLOWED_UPDATES
    from bot.offline.api import OfflineBotApi
    from presensi.cli_bot import _register_webhook
    from presensi.settings import Settings

    api = OfflineBotApi()
    settings = Settings(
        telegram_bot_token=SecretStr("123456:TEST-TOKEN"),
        telegram_webhook_secret=SecretStr("s3cret"),
    )
    _register_webhook(settings, "https://presensi.example.go.id/webhooks/telegram", request=api)
    (call,) = api.sent("setWebhook")
    assert call.params["url"] == "https://presensi.example.go.id/webhooks/telegram"
    assert call.params["secret_token"] == "s3cret"
    assert call.params["allowed_updates"] == ALLOWED_UPDATES


def test_set_webhook_with_telegram_unreachable_says_so_in_one_line(run, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "s3cret")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:1/bot")  # nothing listens
    code, err = run("--set-webhook", "https://presensi.example.go.id/webhooks/telegram")
    assert code == 1
    assert err.startswith("error: cannot reach Telegram at http://127.0.0.1:1/bot")
    assert "the webhook is not set" in err and len(err.strip().splitlines()) == 1
