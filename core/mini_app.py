"""Signing in to the console from inside Telegram: a Mini App's `initData`.

Telegram opens the console as a Mini App from the bot's menu button and hands the page its
initData: the user, when the app was opened (`auth_date`) and a `hash`, HMAC-SHA256 over the
other fields as sorted "key=value" lines, keyed with HMAC-SHA256 of the bot token under the key
"WebAppData" (the Bot API's "Validating data received via the Mini App"). Only Telegram and
this server know the token, so a genuine hash proves which Telegram user opened the page.

Checked by hand over `hmac`: python-telegram-bot does not validate initData, and the age is
judged on the injected clock. An initData signs in once (`core.console_auth.SingleUse`, keyed
by its hash) and only within `MINI_APP_TTL` of its opening.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl

from core.console_auth import LinkRefused

MINI_APP_TTL = timedelta(minutes=10)
# A phone's clock may run ahead of the server's: an auth_date this far ahead is accepted.
SKEW = timedelta(minutes=1)
MAX_LENGTH = 4096  # Telegram's initData is well under this; more is not from Telegram


@dataclass(frozen=True)
class MiniAppClaim:
    """Who opened the Mini App (their Telegram user id), proven by the hash."""

    user_id: int
    nonce: str  # the hash: what makes the initData single-use
    expires: datetime


def read_init_data(
    bot_token: str, init_data: str, now: datetime, ttl: timedelta = MINI_APP_TTL
) -> MiniAppClaim:
    """The claim of genuine, fresh initData; LinkRefused("forged" or "expired") otherwise."""
    if not init_data or len(init_data) > MAX_LENGTH:
        raise LinkRefused("forged")
    fields = dict(parse_qsl(init_data, keep_blank_values=True))
    given = fields.pop("hash", "")
    if not given or not hmac.compare_digest(given.encode(), sign(bot_token, fields).encode()):
        raise LinkRefused("forged")
    try:
        opened = datetime.fromtimestamp(int(fields["auth_date"]), now.tzinfo)
        user_id = int(json.loads(fields["user"])["id"])
    except (KeyError, ValueError, TypeError, OverflowError):
        raise LinkRefused("forged") from None
    if opened > now + SKEW or now - opened > ttl:
        raise LinkRefused("expired")
    return MiniAppClaim(user_id, given, opened + ttl)


def sign(bot_token: str, fields: dict[str, str]) -> str:
    """The hash Telegram puts on these fields (hex)."""
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    lines = "\n".join(f"{key}={fields[key]}" for key in sorted(fields))
    return hmac.new(secret, lines.encode(), hashlib.sha256).hexdigest()
