"""A console action as the admin's chat command: stored in the web channel's inbox, run by the
flows exactly as in chat (the same rules, audit and notices), its answer shown on the page."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets

from core.services.console import console_identity
from webhooks.console.pages import Refused, Viewer
from webhooks.parts import ConsoleParts
from webhooks.web.intake import payload, submit

log = logging.getLogger(__name__)
# How long the page waits for the flows' answer before it shows what it has.
WAIT_S = 10.0


async def run_command(
    console: ConsoleParts, viewer: Viewer, nonce: str, command: str, args: list[str], tag: str
) -> str:
    """Send `/command args` as the viewer and wait for its answer (`run_events`)."""
    text = " ".join([f"/{command}", *args])
    return await run_events(console, viewer, nonce, tag, [{"text": text, "command": command,
                                                           "args": args}])  # fmt: skip


async def run_events(
    console: ConsoleParts, viewer: Viewer, nonce: str, tag: str, events: list[dict]
) -> str:
    """Send the events (a command, a button's data, a text) as the viewer, in order, and wait
    for their answers; the id of the web chat's last message before them (the page shows what
    came after). The form's nonce and the tag key them: the same form sent twice runs once."""
    me = console_identity(viewer.user.employee.id)
    before = await console.sender.last_id(me)
    seed = f"{viewer.session_id}|{nonce or secrets.token_hex(8)}|{tag}".encode()
    key = f"web:{hashlib.sha256(seed).hexdigest()[:16]}"
    now = console.clock.now()
    rows = [(f"{key}:{n}", payload(me, me, now, **fields)) for n, fields in enumerate(events)]
    try:
        tasks = await submit(console.web, rows)
    except console.web.outages as error:
        log.error("console action not stored: %s", type(error).__name__)
        raise Refused(503, "unavailable", viewer.language) from None
    if tasks:
        await asyncio.wait(tasks, timeout=WAIT_S)
    return before


async def answers(console: ConsoleParts, viewer: Viewer, after: str) -> list[dict]:
    """What the flows answered the viewer's console actions since message `after` (the page's
    `?sejak=`); nothing without one."""
    if not after:
        return []
    chat = console_identity(viewer.user.employee.id)
    found = await console.sender.since(chat, after)
    return [reply for _, reply in found if not reply.get("mine")]
