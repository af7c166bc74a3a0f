"""An offline Graph API over `httpx.MockTransport`: records every call, serves media, fails on cue.

It answers the calls the WhatsApp sender makes: POST /{phone-number-id}/messages and /media,
GET /{media-id} (the media's URL) and GET of that URL on Meta's media host (the bytes). Errors
come in Meta's shape (`{"error": {"code", "title", ...}}`) with the HTTP status Meta uses.

With `enforce_window`, it keeps WhatsApp's 24-hour customer-service window as the Graph API
does: a message other than a template to a user who has not written in the last 24 hours (or
never) is refused with 131047 "Re-engagement message". It learns when each user wrote from the
webhook bodies the test delivers (`hear`).
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.e2e.whatsapp_payloads import ACCESS_TOKEN, PHONE_NUMBER_ID

GRAPH_HOST = "graph.facebook.com"
MEDIA_HOST = "lookaside.fbsbx.com"
TITLES = {
    131047: "Re-engagement message",
    130429: "Rate limit hit",
    131056: "(Business Account, Consumer Account) pair rate limit hit",
    131026: "Message undeliverable",
    100: "Invalid parameter",
    190: "Access token has expired",
    132001: "Template name does not exist in the translation",
}
REENGAGEMENT = 131047
WINDOW = timedelta(hours=24)


@dataclass
class Call:
    method: str
    path: str
    json: dict[str, Any] | None = None
    form: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # field -> (name, bytes)
    accepted: bool = True  # False: answered with an error


@dataclass
class StoredMedia:
    content: bytes
    mime: str
    announced_size: int | None
    lookup_fails: bool = False
    download_status: int = 200


class FakeGraph:
    def __init__(self, phone_number_id: str = PHONE_NUMBER_ID, token: str = ACCESS_TOKEN) -> None:
        self.phone_number_id, self.token = phone_number_id, token
        self.calls: list[Call] = []
        self.media: dict[str, StoredMedia] = {}
        self.failures: list[tuple[int, int | None]] = []  # for the next message sends, in order
        self._ids = itertools.count(1)
        self.transport = httpx.MockTransport(self.handle)
        self.now: Callable[[], datetime] | None = None  # set: the window is kept
        self.last_heard: dict[str, datetime] = {}  # wa_id -> when they last wrote
        self.languages: dict[str, set[str]] | None = None  # template -> registered languages

    # --- test controls -----------------------------------------------------------------------

    def add_media(self, media_id: str, content: bytes, mime: str = "image/jpeg", *,
                  announced_size: int | None = None, lookup_fails: bool = False,
                  download_status: int = 200) -> None:  # fmt: skip
        """A file a user sent; `announced_size` is what the lookup says (default: the real one)."""
        size = len(content) if announced_size is None else announced_size
        self.media[media_id] = StoredMedia(content, mime, size, lookup_fails, download_status)

    def fail_next(self, status: int, code: int | None = None, times: int = 1) -> None:
        """Answer the next `times` message sends with this HTTP status and Meta error code."""
        self.failures.extend([(status, code)] * times)

    def enforce_window(self, now: Callable[[], datetime]) -> None:
        """Refuse free-form messages outside the 24-hour window, as Graph does, at `now()`."""
        self.now = now

    def hear(self, payload: dict[str, Any]) -> None:
        """Note when each sender of a webhook body's messages wrote (their timestamp)."""
        try:
            for entry in payload.get("entry") or []:
                for change in entry.get("changes") or []:
                    for message in (change.get("value") or {}).get("messages") or []:
                        at = datetime.fromtimestamp(int(message["timestamp"]), UTC)
                        self.last_heard[message["from"]] = at
        except (AttributeError, KeyError, TypeError, ValueError):
            pass  # a malformed body a test sends on purpose: the app refuses it anyway

    def window_open(self, wa_id: str) -> bool:
        heard = self.last_heard.get(wa_id)
        return self.now is None or (heard is not None and self.now() - heard < WINDOW)

    def sent(self, to: str | None = None) -> list[dict[str, Any]]:
        """The message payloads accepted for `to` (or everyone), in order."""
        return [c.json for c in self.calls if c.path.endswith("/messages") and c.accepted
                and (to is None or c.json["to"] == to)]  # fmt: skip

    def texts(self, to: str | None = None) -> list[str]:
        """What each sent message shows as text: the body, caption, or template parameter."""
        return [shown(message) for message in self.sent(to)]

    def uploads(self) -> list[Call]:
        return [c for c in self.calls if c.path.endswith("/media")]

    # --- the transport -----------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return _error(401, 190)
        url = urlsplit(str(request.url))
        if url.hostname == MEDIA_HOST:
            return self._download(request, parse_qs(url.query).get("mid", [""])[0])
        parts = url.path.strip("/").split("/")[1:]  # drop the version
        if request.method == "POST" and parts == [self.phone_number_id, "messages"]:
            return self._message(request)
        if request.method == "POST" and parts == [self.phone_number_id, "media"]:
            return self._upload(request)
        if request.method == "GET" and len(parts) == 1:
            return self._lookup(request, parts[0])
        return _error(400, 100)

    def _message(self, request: httpx.Request) -> httpx.Response:
        call = Call("POST", request.url.path, json=json.loads(request.content))
        self.calls.append(call)
        if self.failures:
            status, code = self.failures.pop(0)
            call.accepted = False
            return _error(status, code)
        to = call.json["to"]
        refused = self._refusal(call.json)
        if refused is not None:
            call.accepted = False
            return _error(400, refused)
        return httpx.Response(200, json={
            "messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": f"wamid.out.{next(self._ids)}"}]})  # fmt: skip

    def _refusal(self, message: dict[str, Any]) -> int | None:
        """Meta's error code for a message it would not deliver now, if any."""
        if message["type"] == "template":
            template = message["template"]
            known = (self.languages or {}).get(template["name"])
            if self.languages is not None and template["language"]["code"] not in (known or ()):
                return 132001
            return None
        return None if self.window_open(message["to"]) else REENGAGEMENT

    def _upload(self, request: httpx.Request) -> httpx.Response:
        form, files = _multipart(request)
        self.calls.append(Call("POST", request.url.path, form=form, files=files))
        media_id = f"up-{next(self._ids)}"
        return httpx.Response(200, json={"id": media_id})

    def _lookup(self, request: httpx.Request, media_id: str) -> httpx.Response:
        self.calls.append(Call("GET", request.url.path))
        stored = self.media.get(media_id)
        if stored is None or stored.lookup_fails:
            return _error(400, 100)
        url = f"https://{MEDIA_HOST}/whatsapp_business/attachments/?mid={media_id}&ext=1"
        answer = {"messaging_product": "whatsapp", "id": media_id, "mime_type": stored.mime,
                  "sha256": f"sha-{media_id}", "file_size": str(stored.announced_size),
                  "url": url}  # fmt: skip
        return httpx.Response(200, json=answer)

    def _download(self, request: httpx.Request, media_id: str) -> httpx.Response:
        self.calls.append(Call("GET", f"media:{media_id}"))
        stored = self.media.get(media_id)
        if stored is None:
            return httpx.Response(404)
        if stored.download_status != 200:
            return httpx.Response(stored.download_status)
        return httpx.Response(200, content=stored.content,
                              headers={"Content-Type": stored.mime})  # fmt: skip


def shown(message: dict[str, Any]) -> str:
    """The text a person reads in one sent message."""
    kind = message["type"]
    if kind == "text":
        return message["text"]["body"]
    if kind == "interactive":
        return message["interactive"]["body"]["text"]
    if kind == "template":
        components = message["template"].get("components") or [{"parameters": []}]
        return " ".join(p["text"] for p in components[0]["parameters"])
    return message[kind].get("caption", "")


def template_button(message: dict[str, Any]) -> str | None:
    """The payload of a template message's quick-reply button, if it has one."""
    for component in message["template"].get("components") or []:
        if component["type"] == "button":
            return component["parameters"][0]["payload"]
    return None


def choices(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(id, title) of an interactive message's buttons or list rows."""
    action = message["interactive"]["action"]
    if "buttons" in action:
        return [(b["reply"]["id"], b["reply"]["title"]) for b in action["buttons"]]
    return [(r["id"], r["title"]) for s in action["sections"] for r in s["rows"]]


def _error(status: int, code: int | None) -> httpx.Response:
    if code is None:
        return httpx.Response(status, text="upstream error")
    return httpx.Response(status, json={"error": {
        "message": f"({code}) {TITLES.get(code, 'error')}", "type": "OAuthException",
        "code": code, "title": TITLES.get(code, "error"), "fbtrace_id": "AbCdEf"}})  # fmt: skip


def _multipart(request: httpx.Request) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """The fields and files of a multipart/form-data upload."""
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    parsed = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.read())
    form, files = {}, {}
    for part in parsed.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        payload = part.get_payload(decode=True) or b""
        if filename:
            files[name] = (filename, payload)
        else:
            form[name] = payload.decode()
    return form, files
