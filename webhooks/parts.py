"""What the app is handed by the composition root: built objects and plain values."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram.ext import Application

from core.clock import Clock
from core.console_auth import Sessions, SingleUse
from core.storage.uow import UnitOfWork
from webhooks.body import DEFAULT_MAX_BYTES
from webhooks.web.intake import WebIntake
from webhooks.web.sender import WebSender
from webhooks.web.uploads import WebUploads
from webhooks.whatsapp.process import WhatsAppIntake

Work = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class TelegramParts:
    """The bot, bound to the flows, and what its webhook checks."""

    application: Application
    secret: str
    language: str = "id"


@dataclass(kw_only=True)
class ConsoleParts:
    """The web console: its channel's inbox (not started yet), where its answers are kept, and
    how it signs people in."""

    web: WebIntake
    sender: WebSender
    link_key: bytes
    sessions: Sessions
    once: SingleUse
    clock: Clock
    media: Any  # core.media.MediaStore: the evidence shown on the approvals page
    secure_cookies: bool = False  # served over HTTPS: the cookie is sent only there
    public_url: str = ""  # PUBLIC_URL: a form from there is the console's own, behind a proxy too
    language: str = "id"
    map_tiles: str | None = None  # MAP_TILES: the maps' tile server; None: no base map
    map_attribution: str = ""
    telegram_token: str | None = None  # the bot's: it signs the Mini App's initData
    audit_key: bytes | None = None  # AUDIT_KEY: the audit page checks the entries' MACs
    audit_checkpoints: Path | None = None  # AUDIT_CHECKPOINT_FILE: the signed chain heads
    uploads: WebUploads | None = None  # files sent in a web chat (the playground's page)


@dataclass(frozen=True)
class PlaygroundParts:
    """The playground's web chat (`presensi demo --web`): whose organisation, the activation
    codes the demo issued (shown next to each person not linked yet), and the demo's admin,
    whom the console link signs in."""

    org_code: str
    codes: dict[int, str]
    admin_id: int | None = None
    zone: str = "Asia/Jakarta"  # the organisation's: the pages show the demo's time in it


@dataclass(kw_only=True)
class AppParts:
    """Everything the app serves with, already built; the channel configs as plain values."""

    units: Callable[[], UnitOfWork]
    redis: Any
    inbox: Any = None  # core.inbox.InboxStore; None: the database's table, through `units`
    database_ok: Callable[[], bool]  # the health probe, run in a thread
    redis_embedded: bool = False
    telegram: TelegramParts | None = None
    whatsapp: WhatsAppIntake | None = None  # not started yet: the lifespan starts it
    whatsapp_verify_token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BYTES
    api_docs: bool = False
    receipt_key: bytes | None = None  # checks receipt codes (GET /verify/CODE); None: 404s
    console: ConsoleParts | None = None  # the web console (/admin); None: not served
    playground: PlaygroundParts | None = None  # the web chat (/coba); only `presensi demo --web`
    background: Sequence[Work] = ()  # long-running work (the push loop), cancelled at shutdown
    closers: Sequence[Work] = ()  # after both channels have drained
