"""Flagged records decided from today's page, as /tinjau's buttons decide them in chat: confirm
at once, or reject with the reason (the employee is told; core.flows.review)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from core.flows.review import BUTTON
from core.services.console import is_head
from webhooks.console.chat import run_events
from webhooks.console.pages import Console, Refused, SignedIn, check_form

router = APIRouter(prefix="/admin", tags=["console"])
REASON_MAX = 500


@router.post("/tinjau")
async def decide(
    request: Request, viewer: SignedIn, console: Console,
    csrf: Annotated[str, Form()] = "", nonce: Annotated[str, Form()] = "",
    record: Annotated[str, Form()] = "", action: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Confirm or reject one flagged record through the flows; back to today's page."""
    check_form(request, viewer, csrf)
    if is_head(viewer.user):
        raise Refused(403, "head_read_only", viewer.language)
    if not record.isdigit() or len(record) > 10 or action not in ("ok", "no"):
        raise Refused(400, "pick_action", viewer.language, back="/admin")
    events: list[dict] = [{"button": f"{BUTTON}:{action}:{record}"}]
    if action == "no":
        said = " ".join(reason.split())[:REASON_MAX]
        if not said:
            raise Refused(400, "need_reason", viewer.language, back="/admin")
        events.append({"text": said})
    before = await run_events(console, viewer, nonce, f"review:{record}:{action}", events)
    return RedirectResponse(f"/admin?sejak={before}", status_code=303)
