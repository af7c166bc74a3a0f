"""Signing in to the web console without a password, and keeping the signed-in session.

An admin (or a head of unit) sends /web in chat and gets a link that signs them in: the chat
account the link went to is the proof of who they are, as it is for everything they do in chat.
The link carries the employee's id and an expiry, signed with the console key (HMAC-SHA256),
and is good once (`SingleUse`) and for `LINK_TTL`. The tokens are hand-written over `hmac`:
itsdangerous, which does the same, reads the machine's clock, and every expiry here is judged
on the injected clock.

A session lives in Redis under a hash of its id (a copy of Redis holds no usable cookie), with
an idle timeout (Redis's TTL, renewed on use) and an absolute end (`SESSION_MAX`). Each session
has its own CSRF token, which every form sends back (`csrf_ok`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

LINK_TTL = timedelta(minutes=10)
SESSION_IDLE = timedelta(hours=2)
SESSION_MAX = timedelta(hours=12)
_LINK_DOMAIN = b"presensi-console-link|"


class LinkRefused(ValueError):
    """A sign-in link that does not sign anyone in: `reason` is forged, expired or used."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def console_key(secret: bytes) -> bytes:
    """The console's key from the server's secret, separated from its other uses."""
    return hmac.new(secret, b"presensi-console", hashlib.sha256).digest()


@dataclass(frozen=True)
class LinkClaim:
    employee_id: int
    nonce: str  # what makes the link single-use
    expires: datetime


def issue_link(key: bytes, employee_id: int, now: datetime, ttl: timedelta = LINK_TTL) -> str:
    """A token for the sign-in link of `employee_id`, good until `now + ttl`."""
    expires = int((now + ttl).timestamp())
    body = {"e": employee_id, "x": expires, "n": secrets.token_urlsafe(12)}
    payload = _b64(json.dumps(body, separators=(",", ":")).encode())
    return f"{payload}.{_mac(key, payload)}"


def read_link(key: bytes, token: str, now: datetime) -> LinkClaim:
    """The claim of a genuine, unexpired token; LinkRefused otherwise (not yet spent: see
    `SingleUse`)."""
    payload, _, mac = token.strip().partition(".")
    if not payload or not hmac.compare_digest(mac.encode(), _mac(key, payload).encode()):
        raise LinkRefused("forged")
    try:
        body = json.loads(_unb64(payload))
        claim = LinkClaim(
            int(body["e"]), str(body["n"]), datetime.fromtimestamp(int(body["x"]), now.tzinfo)
        )
    except (ValueError, KeyError, TypeError):
        raise LinkRefused("forged") from None
    if now >= claim.expires:
        raise LinkRefused("expired")
    return claim


class Spendable(Protocol):
    """A sign-in proof that is good once: a link's claim, a Mini App's initData."""

    @property
    def nonce(self) -> str: ...

    @property
    def expires(self) -> datetime: ...


class SingleUse:
    """Spends a link's nonce once, across every server process (Redis SET NX)."""

    def __init__(self, redis: Any, prefix: str = "presensi:console:link") -> None:
        self.redis = redis
        self.prefix = prefix

    async def spend(self, claim: Spendable, now: datetime) -> None:
        """LinkRefused("used") when the link signed someone in before."""
        left = max(1, int((claim.expires - now).total_seconds()) + 1)
        if not await self.redis.set(f"{self.prefix}:{claim.nonce}", "1", nx=True, ex=left):
            raise LinkRefused("used")


@dataclass(frozen=True)
class Session:
    employee_id: int
    csrf: str
    started_at: str  # ISO instant: the absolute end counts from here
    language: str


class Sessions:
    """Signed-in console sessions in Redis, by a hash of their id."""

    def __init__(
        self,
        redis: Any,
        prefix: str = "presensi:console:session",
        idle: timedelta = SESSION_IDLE,
        longest: timedelta = SESSION_MAX,
    ) -> None:
        self.redis = redis
        self.prefix = prefix
        self.idle = idle
        self.longest = longest

    async def start(self, employee_id: int, language: str, now: datetime) -> str:
        """A new session's id (the cookie's value)."""
        session_id = secrets.token_urlsafe(32)
        session = Session(employee_id, secrets.token_urlsafe(24), now.isoformat(), language)
        await self.redis.set(self._key(session_id), json.dumps(asdict(session)), ex=self._ttl())
        return session_id

    async def get(self, session_id: str | None, now: datetime) -> Session | None:
        """The live session of a cookie, its idle time renewed; None: none, idle too long, or
        past its absolute end."""
        if not session_id or len(session_id) > 128:
            return None
        key = self._key(session_id)
        raw = await self.redis.get(key)
        if raw is None:
            return None
        session = Session(**json.loads(raw))
        if now - datetime.fromisoformat(session.started_at) >= self.longest:
            await self.redis.delete(key)
            return None
        await self.redis.expire(key, self._ttl())
        return session

    async def change_language(self, session_id: str, session: Session, language: str) -> Session:
        changed = Session(session.employee_id, session.csrf, session.started_at, language)
        await self.redis.set(self._key(session_id), json.dumps(asdict(changed)), ex=self._ttl())
        return changed

    async def end(self, session_id: str | None) -> None:
        if session_id:
            await self.redis.delete(self._key(session_id))

    def _key(self, session_id: str) -> str:
        return f"{self.prefix}:{hashlib.sha256(session_id.encode()).hexdigest()}"

    def _ttl(self) -> int:
        return int(self.idle.total_seconds())


def csrf_ok(session: Session, sent: str | None) -> bool:
    """Whether a form carries its session's CSRF token."""
    return bool(sent) and hmac.compare_digest(session.csrf.encode(), str(sent).encode())


def _mac(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, _LINK_DOMAIN + payload.encode(), hashlib.sha256).digest())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
