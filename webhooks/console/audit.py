"""Audit: look up a receipt code (the same answer as /cek in chat), and, for a super admin,
check the tamper-evident log as `presensi audit verify` does."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from core.storage import audit
from webhooks.console.chat import answers, run_command
from webhooks.console.pages import Console, Refused, SignedIn, check_form, in_thread, render
from webhooks.deps import Parts

router = APIRouter(prefix="/admin", tags=["console"])
# A receipt code as people type it (core.receipts reads the rest): letters, digits, dashes.
CODE_MAX = 40


@router.get("/audit")
async def page(
    request: Request, viewer: SignedIn, parts: Parts, console: Console, sejak: str = "",
    periksa: str = "",
) -> Response:  # fmt: skip
    """The receipt form, its answer, and the log's check when a super admin asks for it."""
    user = viewer.user
    results = await answers(console, viewer, sejak)
    check = None
    if periksa and user.whole_org:
        check = await in_thread(parts, lambda uow: _check(uow, console, user.employee.org_id))
    return render(
        request, "audit.html", viewer.language, viewer=viewer, page="audit", results=results,
        check=check, may_check=user.whole_org, nonce=secrets.token_urlsafe(12),
    )  # fmt: skip


@router.post("/audit/cek")
async def receipt(
    request: Request, viewer: SignedIn, console: Console,
    csrf: Annotated[str, Form()] = "", nonce: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Check a receipt code through the flows (/cek CODE), as the admin would in chat."""
    check_form(request, viewer, csrf)
    typed = " ".join(code.split())[:CODE_MAX]
    if not typed:
        raise Refused(400, "code_missing", viewer.language, back="/admin/audit")
    before = await run_command(console, viewer, nonce, "cek", typed.split(), "cek")
    return RedirectResponse(f"/admin/audit?sejak={before}", status_code=303)


def _check(uow, console, org_id: int) -> dict:
    """The log's check: entries, the problems in the user's organisation, what is unprotected."""
    key, path = console.audit_key, console.audit_checkpoints
    points, problems = audit.read_checkpoints(path, key) if path else ([], [])
    count, found = audit.verify(uow.session, key, points)
    mine = [p for p in [*problems, *found] if p.org_id in (None, org_id)]
    return {
        "entries": count,
        "problems": [audit.describe(p) for p in mine],
        "checkpoints": len(points),
        "notes": audit.limits(key, path, points),
    }
