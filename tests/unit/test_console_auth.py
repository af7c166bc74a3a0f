"""The console's sign-in links and CSRF tokens: genuine, expiring, unforgeable; on a given
clock, never the machine's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.console_auth import (
    LINK_TTL,
    LinkRefused,
    Session,
    console_key,
    csrf_ok,
    issue_link,
    read_link,
)

KEY = console_key(b"server-secret")
NOW = datetime(2026, 11, 24, 0, 20, tzinfo=UTC)


def refusal(token: str, now: datetime = NOW, key: bytes = KEY) -> str:
    with pytest.raises(LinkRefused) as refused:
        read_link(key, token, now)
    return refused.value.reason


def test_a_link_names_its_employee_until_it_expires():
    token = issue_link(KEY, 42, NOW)
    claim = read_link(KEY, token, NOW + LINK_TTL - timedelta(seconds=1))
    assert claim.employee_id == 42 and claim.expires == NOW + LINK_TTL
    assert refusal(token, NOW + LINK_TTL) == "expired"


def test_each_link_is_its_own():
    first, second = issue_link(KEY, 42, NOW), issue_link(KEY, 42, NOW)
    assert first != second
    assert read_link(KEY, first, NOW).nonce != read_link(KEY, second, NOW).nonce


def test_the_key_is_not_the_server_secret_and_another_key_reads_nothing():
    assert KEY != b"server-secret" and len(KEY) == 32
    assert refusal(issue_link(console_key(b"other"), 42, NOW)) == "forged"


@pytest.mark.parametrize(
    "token",
    ["", ".", "abc", "abc.def", "e30.", "<script>", "a" * 5000, "é.é", "eyJlIjoxfQ.AAAA"],
)
def test_what_is_not_a_link_is_refused(token):
    assert refusal(token) == "forged"


def test_a_link_for_someone_else_cannot_be_made_from_a_real_one():
    payload, mac = issue_link(KEY, 42, NOW).split(".")
    import base64
    import json

    body = json.loads(base64.urlsafe_b64decode(payload + "=="))
    body["e"] = 1
    other = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    assert refusal(f"{other}.{mac}") == "forged"


def test_a_form_needs_its_own_sessions_token():
    session = Session(1, "the-token", NOW.isoformat(), "id")
    assert csrf_ok(session, "the-token")
    assert (
        not csrf_ok(session, "the-tokeN")
        and not csrf_ok(session, "")
        and not csrf_ok(session, None)
    )
