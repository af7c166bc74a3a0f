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
    """Send `/command args` as the viewer and wait for its answer; the id of the web chat's
    last message before it (the page shows what came after). The form's nonce keys it: the
    same form sent twice runs once."""
    me = console_identity(viewer.user.employee.id)
    before = await console.sender.last_id(me)
    seed = f"{viewer.session_id}|{nonce or secrets.token_hex(8)}".encode()
    key = f"web:{hashlib.sha256(seed).hexdigest()[:16]}:{tag}"
    text = " ".join([f"/{command}", *args])
    event = payload(me, me, console.clock.now(), text=text, command=command, args=args)
    try:
        tasks = await submit(console.web, [(key, event)])
    except console.web.outages as error:
        log.error("console %s not stored: %s", command, type(error).__name__)
        raise Refused(503, "unavailable", viewer.language) from None
    if tasks:
        await asyncio.wait(tasks, timeout=WAIT_S)
    return before
