"""The two checks Meta's webhook needs: the subscription handshake and the body's signature.

Pure functions over the request's parameters, raw body and header; the route only adapts them.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

SIGNATURE_PREFIX = "sha256="


def handshake(params: Mapping[str, str], verify_token: str | None) -> tuple[int, str]:
    """GET /webhooks/whatsapp -> (status, body): the challenge when the token matches, else 403."""
    mode = params.get("hub.mode")
    token = params.get("hub.verify_token")
    challenge = params.get("hub.challenge")
    if not verify_token or mode != "subscribe" or token is None or challenge is None:
        return 403, "forbidden"
    if not hmac.compare_digest(token.encode(), verify_token.encode()):
        return 403, "forbidden"
    return 200, challenge


def signature_ok(body: bytes, header: str | None, app_secret: str) -> bool:
    """True when `X-Hub-Signature-256` is "sha256=" + the HMAC-SHA256 of the raw body."""
    if not header or not app_secret or not header.startswith(SIGNATURE_PREFIX):
        return False
    given = header[len(SIGNATURE_PREFIX) :].strip().lower()
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    # compare_digest on ASCII bytes: a non-hex header fails the same constant-time way.
    return hmac.compare_digest(given.encode("ascii", "replace"), expected.encode())


def sign(body: bytes, app_secret: str) -> str:
    """The header value Meta would send for `body` (tests and local tools)."""
    return SIGNATURE_PREFIX + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
