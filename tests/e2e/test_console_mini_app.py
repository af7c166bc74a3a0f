"""The console inside Telegram: the menu button of heads and admins opens it as a Mini App,
and the initData Telegram hands the page signs them in, once, while fresh; anything else is
refused. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from tests.console_harness import (
    DEWI,
    HENDRA,
    RINA,
    LiveConsole,
    browser,
    mini_app_data,
    texts,
)
from tests.flows_harness import OFFICE

APP = "https://presensi.example.go.id/admin/tg"


def open_app(live, person, **change) -> httpx.Response:
    data = mini_app_data(person, live.h.clock.now(), **change)
    return browser(live).post("/admin/tg/masuk", data={"init_data": data})


def test_the_page_telegram_opens_sends_its_init_data_back(live):
    page = browser(live).get("/admin/tg")
    assert page.status_code == 200 and '<script src="/admin/static/mini_app.js">' in page.text
    assert 'action="/admin/tg/masuk"' in page.text
    script = browser(live).get("/admin/static/mini_app.js").text
    assert "tgWebAppData" in script and "telegram.org" not in script


def test_an_admin_opening_the_mini_app_is_signed_in(live):
    signed = open_app(live, RINA)
    assert signed.status_code == 303 and signed.headers["location"] == "/admin"
    assert "HttpOnly" in signed.headers["set-cookie"]
    web = browser(live)
    web.cookies.update(signed.cookies)
    assert "Kehadiran hari ini" in web.get("/admin").text


def test_the_same_init_data_signs_in_once(live):
    data = mini_app_data(HENDRA, live.h.clock.now())
    first = browser(live).post("/admin/tg/masuk", data={"init_data": data})
    again = browser(live).post("/admin/tg/masuk", data={"init_data": data})
    assert first.status_code == 303
    assert again.status_code == 401 and "sudah dipakai" in again.text


@pytest.mark.parametrize(
    ("how", "status", "words"),
    [
        ("other_bot", 401, "tidak sah"),
        ("stale", 401, "sudah lama dibuka"),
        ("staff", 403, "tidak (lagi) punya akses"),
        ("stranger", 403, "tidak (lagi) punya akses"),
        ("cross_site", 403, "situs lain"),
        ("nothing", 401, "tidak sah"),
    ],
)
def test_what_does_not_sign_in(live, how, status, words):
    now = live.h.clock.now()
    if how == "other_bot":
        data = mini_app_data(RINA, now, token="654321:ANOTHER-BOT")
    elif how == "stale":
        data = mini_app_data(RINA, now - timedelta(minutes=11))
    elif how == "staff":
        data = mini_app_data(DEWI, now)
    elif how == "stranger":
        data = mini_app_data({"id": 424242, "first_name": "X"}, now)
    else:
        data = "" if how == "nothing" else mini_app_data(RINA, now)
    headers = {"Origin": "https://evil.example"} if how == "cross_site" else {}
    answer = browser(live).post("/admin/tg/masuk", data={"init_data": data}, headers=headers)
    assert answer.status_code == status and words in answer.text
    assert "set-cookie" not in answer.headers


def test_heads_and_admins_get_the_console_in_their_menu_button(live):
    live.h.runner.deps.console_app = APP  # served over HTTPS, as PUBLIC_URL would be
    before = len(live.fake.calls)
    live.says(RINA, "/bantuan")
    [button] = [c for c in live.fake.calls[before:] if c.method == "setChatMenuButton"]
    assert button.params["chat_id"] == RINA["id"]
    assert button.params["menu_button"] == {"type": "web_app", "text": "Konsol",
                                            "web_app": {"url": APP}}  # fmt: skip
    before = len(live.fake.calls)
    assert "/masuk" in live.says(DEWI, "/bantuan")
    [staff] = [c for c in live.fake.calls[before:] if c.method == "setChatMenuButton"]
    assert staff.params["menu_button"] == {"type": "commands"}
    assert "Masuk tercatat" in live.clock_in(OFFICE)  # the chat goes on as before
    assert texts(live.fake.calls[before:], DEWI)


@pytest.mark.parametrize(("public_url", "app"), [
    ("https://presensi.example.go.id", APP),
    ("http://10.0.0.5:8000", None),  # Telegram opens a Mini App only over HTTPS
])  # fmt: skip
def test_the_menu_button_is_offered_only_over_https(tmp_path, public_url, app):
    served = LiveConsole(tmp_path, public_url=public_url)  # built, not started
    assert served.h.runner.deps.console_app == app
    assert served.h.runner.deps.console_link is not None
