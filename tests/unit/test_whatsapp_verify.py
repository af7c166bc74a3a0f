"""The webhook's handshake and signature check: pure functions over parameters and raw bytes."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from webhooks.whatsapp.verify import handshake, sign, signature_ok

TOKEN = "verify-me"
SECRET = "app-secret"
BODY = b'{"object":"whatsapp_business_account","entry":[]}'


def params(**overrides) -> dict[str, str]:
    values = {"hub.mode": "subscribe", "hub.verify_token": TOKEN, "hub.challenge": "1158201444"}
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def test_the_handshake_answers_the_challenge_as_text():
    assert handshake(params(), TOKEN) == (200, "1158201444")


@pytest.mark.parametrize(
    "wrong",
    [
        {"hub.verify_token": "guess"},
        {"hub.verify_token": ""},
        {"hub.verify_token": None},
        {"hub.mode": "unsubscribe"},
        {"hub.mode": None},
        {"hub.challenge": None},
    ],
    ids=["wrong_token", "empty_token", "no_token", "other_mode", "no_mode", "no_challenge"],
)
def test_anything_else_is_forbidden(wrong):
    assert handshake(params(**wrong), TOKEN) == (403, "forbidden")


def test_without_a_configured_token_no_handshake_succeeds():
    assert handshake(params(**{"hub.verify_token": ""}), None)[0] == 403
    assert handshake(params(), "")[0] == 403


def test_the_signature_is_the_hmac_sha256_of_the_raw_body():
    digest = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert signature_ok(BODY, f"sha256={digest}", SECRET)
    assert sign(BODY, SECRET) == f"sha256={digest}"
    assert signature_ok(BODY, f"sha256={digest.upper()}", SECRET)  # hex case does not matter


def test_a_body_changed_by_one_byte_fails():
    header = sign(BODY, SECRET)
    changed = BODY.replace(b"[]", b"[ ]", 1)
    assert not signature_ok(changed, header, SECRET)
    flipped = bytes([BODY[0] ^ 1]) + BODY[1:]
    assert not signature_ok(flipped, header, SECRET)


@pytest.mark.parametrize(
    "header",
    [None, "", "sha256=", "sha1=abc", "abc", "sha256=zz", "sha256=é" * 3],
    ids=["missing", "empty", "no_digest", "sha1", "no_prefix", "not_hex", "not_ascii"],
)
def test_a_missing_or_malformed_signature_fails(header):
    assert not signature_ok(BODY, header, SECRET)


def test_another_secret_or_none_fails():
    assert not signature_ok(BODY, sign(BODY, "other"), SECRET)
    assert not signature_ok(BODY, sign(BODY, SECRET), "")
