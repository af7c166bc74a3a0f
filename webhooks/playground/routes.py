"""The playground (`presensi demo --web`): pick someone of the demo organisation and talk to the
flows in a web chat, the `web` channel: what the page sends goes through the web channel's inbox
(`webhooks.web.intake`) exactly as a Telegram update goes through the webhook's, and what the
flows answer comes back through the delivery port into the chat's stream (`WebSender`).

The routes only translate (`webhooks.playground.reading`): a page's JSON or upload into a
stored event, the stream into JSON. Bad input is a JSON answer with a status and a message in
the page's language. The paths are Indonesian, as the console's: `kirim` (send), `berkas`
(file), `pesan` (messages) `?sejak=` (since), `bahasa` (language).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

from core.console_auth import issue_link
from core.flows.turn import FlowConfig
from core.services import web_chats
from core.storage.uow import committed
from webhooks.body import TooLarge, read_bounded
from webhooks.console.pages import same_origin
from webhooks.deps import Parts
from webhooks.parts import AppParts, ConsoleParts, PlaygroundParts
from webhooks.playground.reading import KINDS, Bad, event_of, file_name, file_type, nonce_of
from webhooks.playground.texts import word
from webhooks.web.intake import payload, submit
from webhooks.web.uploads import WebUploads

log = logging.getLogger(__name__)
router = APIRouter(prefix="/coba", tags=["playground"])
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
LANGUAGE_COOKIE = "coba_bahasa"
CHAT = re.compile(r"(coba|console)-[0-9]{1,10}(-[0-9]{1,4})?")
STREAM_ID = re.compile(r"[0-9]{1,20}-[0-9]{1,20}")
BACK = re.compile(r"/coba(/[A-Za-z0-9_-]+)*")
MAX_JSON = 64 * 1024  # a text of 4,096 characters is at most 16 KB in JSON
# How long a send waits for the flows' answer before the page polls for it.
WAIT_S = 10.0
# The flows' own limits (their defaults): a larger file would only be refused by them.
LIMITS = FlowConfig()
FILE_LIMITS = {"foto": LIMITS.max_photo_bytes, "dokumen": LIMITS.max_document_bytes,
               "video": LIMITS.max_document_bytes}  # fmt: skip


def language_of(request: Request) -> str:
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in ("id", "en"):
        return chosen
    console = request.app.state.parts.console
    return console.language if console else "id"


Language = Annotated[str, Depends(language_of)]


@dataclass(frozen=True)
class Play:
    """What the routes use: the app's parts, the console's (the web channel's inbox, stream
    and uploads) and the demo's (`PlaygroundParts`)."""

    parts: AppParts
    console: ConsoleParts
    demo: PlaygroundParts
    uploads: WebUploads


def play_of(parts: Parts) -> Play:
    console, demo = parts.console, parts.playground
    if console is None or demo is None or console.uploads is None:
        raise Bad(404, "not_found")  # the router is mounted only with all three
    return Play(parts, console, demo, console.uploads)


Playground = Annotated[Play, Depends(play_of)]


def _page(request: Request, name: str, language: str, **values: Any) -> Response:
    def w(key: str, **more: object) -> str:
        return word(language, key, **more)

    context = {"w": w, "language": language, **values}
    response = TEMPLATES.TemplateResponse(request, name, context)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


async def _people(play: Play) -> list[web_chats.Person]:
    org, today = play.demo.org_code, _local(play).date()
    return await committed(play.parts.units, lambda uow: web_chats.people(uow, org, today))


def _local(play: Play) -> datetime:
    """The demo's time on its organisation's wall clock."""
    return play.console.clock.now().astimezone(ZoneInfo(play.demo.zone))


async def _chat(play: Play, chat: str) -> tuple[web_chats.Person, list[web_chats.Person]]:
    """The person of a chat the pick page offers (and everyone, as read for it); any other
    chat is not there."""
    if not CHAT.fullmatch(chat):
        raise Bad(404, "no_chat")
    people = await _people(play)
    person = web_chats.person_in(people, chat)
    if person is None:
        raise Bad(404, "no_chat")
    return person, people


@router.get("")
async def pick(request: Request, play: Playground, language: Language) -> Response:
    """Everyone of the demo organisation, with their chat and, if not linked, their code."""
    people = await _people(play)
    admin = next((p for p in people if p.employee_id == play.demo.admin_id), None)
    return _page(request, "pick.html", language, people=people, codes=play.demo.codes,
                 admin=admin, now=_local(play))  # fmt: skip


@router.get("/chat/{chat}")
async def chat_page(request: Request, chat: str, play: Playground, language: Language) -> Response:
    """The web chat of one person."""
    person, people = await _chat(play, chat)
    office = person.office or next((p.office for p in people if p.office), None)
    return _page(request, "chat.html", language, chat=chat, person=person, office=office,
                 now=_local(play), tiles=play.console.map_tiles,
                 attribution=play.console.map_attribution)  # fmt: skip


@router.get("/chat/{chat}/pesan")
async def messages(chat: str, play: Playground, sejak: str = "0-0") -> Response:
    """The chat's messages after `sejak` (both sides), oldest first, with the newest id."""
    if not STREAM_ID.fullmatch(sejak):
        raise Bad(400, "bad_since")
    await _chat(play, chat)
    found = await play.console.sender.since(chat, sejak)
    last = found[-1][0] if found else sejak
    body = {"messages": [{"id": i, **entry} for i, entry in found], "last": last}
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


@router.post("/chat/{chat}/kirim")
async def send(request: Request, chat: str, play: Playground, language: Language) -> Response:
    """A text, a pressed button or a location: {"nonce", "text" | "button" | "location"}."""
    _same_site(request)
    await _chat(play, chat)
    try:
        body = _json(await read_bounded(request, MAX_JSON))
    except TooLarge:
        raise Bad(413, "too_long", limit=MAX_JSON) from None
    nonce = nonce_of(body.get("nonce") if isinstance(body, dict) else None)
    fields, shown = event_of(body, language)
    await _deliver(play, chat, nonce, language, shown, fields)
    return JSONResponse({"ok": True}, status_code=202)


def _json(raw: bytes) -> object:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than anyone writes
        raise Bad(400, "bad_message") from None


@router.post("/chat/{chat}/berkas")
async def upload(request: Request, chat: str, play: Playground, language: Language) -> Response:
    """A selfie (`jenis=foto`), a document (`dokumen`) or a video (`video`), multipart."""
    _same_site(request)
    await _chat(play, chat)
    largest = max(FILE_LIMITS.values())
    if int(request.headers.get("content-length") or 0) > largest + 64 * 1024:
        raise Bad(413, "too_big", limit=largest // (1024 * 1024))
    try:
        form = await request.form(max_files=1, max_fields=4)
    except (MultiPartException, HTTPException):  # not multipart, or too many parts
        raise Bad(400, "bad_file") from None
    kind, file = form.get("jenis"), form.get("berkas")
    nonce = nonce_of(form.get("nonce"), "bad_file")
    if kind not in KINDS or file is None or isinstance(file, str):
        raise Bad(400, "bad_file")
    limit = FILE_LIMITS[kind]
    data = await file.read(limit + 1)
    if not data:
        raise Bad(400, "empty_file")
    if len(data) > limit:
        raise Bad(413, "too_big", limit=limit // (1024 * 1024))
    mime = file_type(data, kind)
    name = file_name(file.filename, mime)
    # Named after the send: the same upload sent again is kept once.
    media, kept = await play.uploads.put(data, mime, name, _upload_key(chat, nonce))
    field = KINDS[kind]
    fields: dict[str, Any] = {field: {"file_id": media.file_id, "mime": mime, "size": len(data),
                                      "name": name}}  # fmt: skip
    if field == "video":
        fields["unsupported"] = "video"  # as the other channels: only the liveness step reads it
    shown = word(language, f"sent_{field}", name=name)
    new = await _deliver(play, chat, nonce, language, shown, fields)
    if kept and not new:  # the nonce was another send's: no stored event names this file
        await play.uploads.forget(media)
    return JSONResponse({"ok": True}, status_code=202)


def _upload_key(chat: str, nonce: str) -> str:
    return hashlib.sha256(f"{chat}|{nonce}".encode()).hexdigest()[:32]


@router.get("/konsol")
async def console_link(play: Playground) -> Response:
    """The console, signed in as the demo's admin: a fresh sign-in link, as /web sends."""
    admin = play.demo.admin_id
    if admin is None:
        raise Bad(404, "no_admin")
    token = issue_link(play.console.link_key, admin, play.console.clock.now())
    return RedirectResponse(f"/admin/masuk?t={quote(token)}", status_code=303)


@router.get("/bahasa")
async def switch_language(ke: str = "", kembali: str = "/coba") -> Response:
    """The playground's words in `ke` (id or en); the bot's follow each chat's own language."""
    if ke not in ("id", "en"):
        raise Bad(400, "bad_language")
    response = RedirectResponse(kembali if BACK.fullmatch(kembali) else "/coba", status_code=303)
    response.set_cookie(LANGUAGE_COOKIE, ke, path="/coba", samesite="lax", httponly=True)
    return response


def bad_answer(request: Request, error: Bad) -> Response:
    """A bad request as JSON: its status and a message in the page's language."""
    message = word(language_of(request), error.key, **error.values)
    return JSONResponse({"error": message}, status_code=error.status)


def http_answer(request: Request, error: HTTPException) -> Response:
    """An address or a method the playground does not have, in the same JSON."""
    key = {404: "not_found", 405: "bad_method"}.get(error.status_code, "bad_request")
    response = bad_answer(request, Bad(error.status_code, key))
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


LOCAL_NAMES = frozenset({"127.0.0.1", "localhost"})


def local_host(request: Request) -> bool:
    """Whether the browser asked for this machine by one of its own names (any port)."""
    host = request.headers.get("host", "")
    return host.rsplit(":", 1)[0] in LOCAL_NAMES if host else False


def _same_site(request: Request) -> None:
    """A send from another site's page is refused: it would talk in someone's name. (The
    app admits only this machine's names as Host, so a site cannot rebind one to it.)"""
    if not same_origin(request):
        raise Bad(403, "cross_site")


async def _deliver(
    play: Play, chat: str, nonce: str, language: str, shown: str, fields: dict[str, Any]
) -> bool:
    """Store the event (once per nonce: a resend after a timeout changes nothing), show it in
    the chat, run it through the flows and wait a moment for their answer; whether it was new."""
    console = play.console
    key = f"web:{chat}:{nonce}"
    rows = [(key, payload(chat, chat, console.clock.now(), language=language, **fields))]
    try:
        tasks = await submit(console.web, rows, first=lambda: console.sender.echo(chat, shown))
    except console.web.outages as error:
        log.error("playground message not stored: %s", type(error).__name__)
        raise Bad(503, "unavailable") from None
    if tasks:
        await asyncio.wait(tasks, timeout=WAIT_S)
    return bool(tasks)


__all__ = ["Bad", "bad_answer", "http_answer", "local_host", "router"]
