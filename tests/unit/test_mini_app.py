"""A Telegram Mini App's initData, checked as the Bot API documents: the hash over the other
fields' sorted "key=value" lines, keyed with HMAC-SHA256("WebAppData", bot token); and fresh."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest

from core.console_auth import LinkRefused
from core.mini_app import MINI_APP_TTL, read_init_data

TOKEN = "123456:MINI-APP-TOKEN"
NOW = datetime(2026, 11, 24, 0, 20, tzinfo=UTC)
RINA = {"id": 600600600, "first_name": "Rina", "language_code": "id"}


def init_data(token: str = TOKEN, opened: datetime = NOW, **fields: str) -> str:
    """initData as Telegram writes it: the fields, then their hash (the documented recipe)."""
    values = {"auth_date": str(int(opened.timestamp())), "query_id": "AAE1",
              "user": json.dumps(RINA, separators=(",", ":")), **fields}  # fmt: skip
    check = "\n".join(f"{k}={values[k]}" for k in sorted(values))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    values["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(values)


def test_genuine_fresh_init_data_names_the_telegram_user():
    claim = read_init_data(TOKEN, init_data(), NOW + timedelta(seconds=3))
    assert claim.user_id == 600600600
    assert claim.expires == NOW + MINI_APP_TTL and len(claim.nonce) == 64


def test_a_phone_clock_a_little_ahead_is_accepted():
    assert read_init_data(TOKEN, init_data(opened=NOW + timedelta(seconds=50)), NOW).user_id


@pytest.mark.parametrize(
    "data",
    [
        "",
        "user=%7B%22id%22%3A1%7D&auth_date=1",
        init_data(token="654321:ANOTHER-BOT"),
        init_data().replace("600600600", "700700700"),
        init_data().replace("hash=", "hash=0"),
        init_data(user="not json"),
        init_data(user='{"name":"no id"}'),
        init_data(auth_date="yesterday"),
        init_data() + "&" + "x" * 5000,
    ],
    ids=["empty", "no_hash", "other_bot", "user_changed", "hash_changed", "user_not_json",
         "user_without_id", "date_not_a_number", "too_long"],
)  # fmt: skip
def test_what_telegram_did_not_sign_is_forged(data):
    with pytest.raises(LinkRefused) as refused:
        read_init_data(TOKEN, data, NOW)
    assert refused.value.reason == "forged"


@pytest.mark.parametrize("opened", [NOW - MINI_APP_TTL - timedelta(seconds=1),
                                    NOW + timedelta(minutes=5)], ids=["old", "future"])  # fmt: skip
def test_init_data_opened_too_long_ago_or_ahead_is_expired(opened):
    with pytest.raises(LinkRefused) as refused:
        read_init_data(TOKEN, init_data(opened=opened), NOW)
    assert refused.value.reason == "expired"


def test_a_hash_computed_elsewhere_is_accepted():
    """A known answer, computed with openssl rather than this code's recipe:
    secret = HMAC-SHA256(key "WebAppData", token); hash = HMAC-SHA256(secret, the lines)."""
    data = urlencode({
        "auth_date": "1795990800",  # 29-11-2026 22:20 UTC
        "query_id": "AAE1",
        "user": '{"id":600600600,"first_name":"Rina"}',
        "hash": "d0c50333f1ce1c7404adf9477ed3e37b140610b547cba8f2cc70dd7944d592ca",
    })  # fmt: skip
    opened = datetime(2026, 11, 29, 22, 20, tzinfo=UTC)
    assert read_init_data(TOKEN, data, opened + timedelta(minutes=1)).user_id == 600600600
