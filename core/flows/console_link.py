"""/web: a short-lived, single-use link that signs an admin or a head of unit in to the web
console (core.console_auth). The chat account it is sent to is the proof of who they are."""

from __future__ import annotations

from core.console_auth import LINK_TTL
from core.flows.turn import Turn


async def web(turn: Turn) -> None:
    """Send the sign-in link (the runner offers /web to console users only: core.flows.commands)."""
    make = turn.deps.console_link
    if make is None:
        turn.say("web_off")
        return
    url = make(turn.me.id, turn.now())
    turn.say("web_link", url=url, minutes=int(LINK_TTL.total_seconds() // 60))
