"""Calls to the Graph API with bounded retries, and a pace below the account's send rate.

Meta answers an error as `{"error": {"code", "title"/"message", ...}}`, often with HTTP 400 even
for a rate limit; so whether to retry is decided by the HTTP status and the error code together.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import httpx

log = logging.getLogger(__name__)

REENGAGEMENT = 131047  # more than 24 hours since the user last wrote: only a template may go
THROUGHPUT = 130429  # the account's messages-per-second exceeded
PAIR_RATE = 131056  # too many messages to one user in a short time
# Also worth another try: Meta's "something went wrong" and "service unavailable", and the
# generic API errors 1 and 2 that mean a transient failure on Meta's side.
TRANSIENT = {THROUGHPUT, PAIR_RATE, 131000, 131016, 1, 2}

Sleep = Callable[[float], Awaitable[Any]]


class GraphError(Exception):
    """The Graph API refused a call; `code` is Meta's error code (0 when it gave none)."""

    def __init__(self, status: int, code: int = 0, title: str = "") -> None:
        super().__init__(f"HTTP {status}, code {code}: {title}")
        self.status, self.code, self.title = status, code, title

    @property
    def transient(self) -> bool:
        return self.status == 429 or self.status >= 500 or self.code in TRANSIENT


class Pacer(Protocol):
    """What spaces the calls: this process's `Pace`, or one shared by every worker
    (core.pace.SharedPace)."""

    async def wait(self) -> None: ...


class Pace:
    """Spaces calls to at most `rate` per second in this process: each call takes the next slot."""

    def __init__(
        self,
        rate: float,
        sleep: Sleep = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = 1.0 / rate
        self.sleep, self.monotonic = sleep, monotonic
        self.next_slot = 0.0
        self.lock = asyncio.Lock()

    async def wait(self) -> None:
        """Return when this call's slot has come (slots are handed out in arrival order)."""
        async with self.lock:
            now = self.monotonic()
            delay = self.next_slot - now
            self.next_slot = max(now, self.next_slot) + self.interval
        if delay > 0:
            await self.sleep(delay)


class Graph:
    """A thin client: the token, the retry policy and the pace; nothing WhatsApp-specific."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        token: str,
        *,
        pace: Pacer | None = None,
        max_tries: int = 4,
        backoff_s: float = 1.0,
        max_backoff_s: float = 30.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.client, self.pace = client, pace
        self.headers = {"Authorization": f"Bearer {token}"}
        self.max_tries, self.backoff_s, self.max_backoff_s = max_tries, backoff_s, max_backoff_s
        self.sleep = sleep

    async def call(self, method: str, url: str, *, paced: bool = False, **kwargs: Any) -> Any:
        """The JSON answer of a call; retried on 429, 5xx, transient codes and network errors."""
        for attempt in range(self.max_tries):
            if paced and self.pace is not None:
                await self.pace.wait()
            try:
                response = await self.client.request(method, url, headers=self.headers, **kwargs)
            except httpx.TransportError as error:
                failure, wait_s = GraphError(0, 0, type(error).__name__), None
            else:
                if response.is_success:
                    return _json(response)
                failure, wait_s = error_of(response), _retry_after(response)
            if not failure.transient or attempt == self.max_tries - 1:
                raise failure
            delay = self.delay(attempt, wait_s)
            log.info("graph %s answered %s; try %d in %.1f s", method, failure, attempt + 2, delay)
            await self.sleep(delay)
        raise AssertionError("unreachable")  # the loop returns or raises

    async def download(self, url: str, max_bytes: int) -> bytes | None:
        """The bytes at a media URL, or None when there are more than `max_bytes`."""
        for attempt in range(self.max_tries):
            try:
                async with self.client.stream("GET", url, headers=self.headers) as response:
                    if response.is_success:
                        return await _read_capped(response, max_bytes)
                    failure = GraphError(response.status_code)
            except httpx.TransportError as error:
                failure = GraphError(0, 0, type(error).__name__)
            if not failure.transient or attempt == self.max_tries - 1:
                raise failure
            await self.sleep(self.delay(attempt, None))
        raise AssertionError("unreachable")

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff (1, 2, 4... seconds), or Meta's Retry-After, never above the cap."""
        wanted = retry_after if retry_after is not None else self.backoff_s * 2**attempt
        return min(max(wanted, 0.0), self.max_backoff_s)


def error_of(response: httpx.Response) -> GraphError:
    """Meta's error code and title from an error answer (its message may quote the request)."""
    try:
        error = response.json().get("error") or {}
    except ValueError:
        error = {}
    code = error.get("code") if isinstance(error.get("code"), int) else 0
    title = error.get("error_user_title") or error.get("title") or error.get("type") or ""
    return GraphError(response.status_code, code, str(title)[:200])


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes | None:
    """Read a body, stopping as soon as it passes `max_bytes` (a 100 MB file is not fetched)."""
    chunks, total = [], 0
    async for chunk in response.aiter_bytes():
        total += len(chunk)
        if total > max_bytes:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise GraphError(response.status_code, 0, "answer is not JSON") from None


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers["Retry-After"])
    except (KeyError, ValueError):
        return None
