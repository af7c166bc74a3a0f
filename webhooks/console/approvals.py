"""Approvals: the requests waiting, approved or rejected one or many at once.

Each decision is the chat's own (core.flows.approval): the console sends the same button
presses (and a rejection's reason) through the web channel's inbox, under the admin's console
identity; who may decide, the receipt, and the employee's notice in their chat all follow from
there. The page then shows what the flows answered.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from core.flows import missed
from core.flows.approval_card import MISSED_MARK, card_text, ref
from core.flows.queue import MAX_REFS
from core.media import evidence_type
from core.services import missed as missed_requests
from core.services.console import approvals, console_identity, is_head, may_see
from webhooks.console.chat import WAIT_S, answers
from webhooks.console.pages import Console, Refused, SignedIn, check_form, in_thread, render
from webhooks.deps import Parts
from webhooks.intake import OUTAGES
from webhooks.web.intake import payload, submit

router = APIRouter(prefix="/admin", tags=["console"])
log = logging.getLogger(__name__)
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}


@router.get("/persetujuan")
async def queue(
    request: Request, viewer: SignedIn, parts: Parts, console: Console, sejak: str = ""
) -> Response:
    user, language = viewer.user, viewer.language
    now = console.clock.now()

    def read(uow):
        me = user.employee.id
        return [
            (i, ref(i), card_text(uow, i, language, me), _files(i))
            for i in approvals(uow, user, now)
        ]

    items = await in_thread(parts, read)
    results = await answers(console, viewer, sejak)
    return render(
        request, "approvals.html", language, viewer=viewer, page="approvals", items=items,
        head=is_head(user), results=results, nonce=secrets.token_urlsafe(12),
        waiting=request.query_params.get("proses") == "1",
    )  # fmt: skip


@router.post("/persetujuan")
async def decide(
    request: Request,
    viewer: SignedIn,
    console: Console,
    csrf: Annotated[str, Form()] = "",
    nonce: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    pick: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Send each picked request's decision through the flows, wait for their answers, and show
    them (post, redirect, get: a reload does not decide again)."""
    check_form(request, viewer, csrf)
    language, user = viewer.language, viewer.user
    if is_head(user):
        raise Refused(403, "head_read_only", language)
    picked = [p for p in (pick or []) if _valid_pick(p)]
    if action not in ("approve", "reject") or not picked:
        return _back(request, viewer, "pick_some")
    if action == "reject" and not reason.strip():
        return _back(request, viewer, "need_reason")
    me = console_identity(user.employee.id)
    before = await console.sender.last_id(me)
    rows = _events(viewer, me, nonce or secrets.token_urlsafe(12), action, reason, picked, console)
    try:
        tasks = await submit(console.web, rows)
    except console.web.outages as error:
        log.error("console decisions not stored: %s", type(error).__name__)
        raise Refused(503, "unavailable", language) from None
    done = True
    if tasks:
        _, pending = await asyncio.wait(tasks, timeout=WAIT_S)
        done = not pending
    suffix = "" if done else "&proses=1"
    return RedirectResponse(f"/admin/persetujuan?sejak={before}{suffix}", status_code=303)


@router.get("/berkas/{number}/{index}")
async def evidence(
    number: str,
    index: Annotated[int, Path(ge=0, le=99)],
    viewer: SignedIn,
    parts: Parts,
    console: Console,
) -> Response:
    """One file of a request's evidence, shown in the page (an image, a PDF), to whoever may
    see the request; 404 for anything else, whether or not it exists."""
    user, now = viewer.user, console.clock.now()
    if not _valid_pick(number) or index < 0:
        raise Refused(404, "not_found", viewer.language)

    def read(uow):
        row = _request(uow, number)
        if row is None or not may_see(uow, user, row, uow.employee(row.employee_id), now):
            return None
        files = row.evidence or []
        return files[index]["media"] if index < len(files) else None

    media = await in_thread(parts, read)
    if media is None:
        raise Refused(404, "not_found", viewer.language)
    try:
        data = await asyncio.to_thread(console.media.get, media)
    except (FileNotFoundError, KeyError):  # past its retention period
        raise Refused(410, "file_gone", viewer.language) from None
    except OUTAGES as error:
        log.error("evidence not read: %s", type(error).__name__)
        raise Refused(503, "unavailable", viewer.language) from None
    kind = evidence_type(data)
    if kind is None:
        raise Refused(404, "not_found", viewer.language)
    name = f"lampiran-{number}-{index + 1}.{EXTENSIONS.get(kind, 'bin')}"
    headers = {
        "Content-Disposition": f'inline; filename="{name}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
    return Response(data, media_type=kind, headers=headers)


def _request(uow, number: str):
    """The absence ("12") or missed record ("L7") a number names, or None."""
    if number.startswith(MISSED_MARK):
        return missed_requests.request_by_id(uow, int(number[1:]))
    return uow.absence(int(number))


def _files(item) -> list[tuple[str, str]]:
    """(address, kind) of each file of a request's evidence: "image" or "pdf"."""
    number = ref(item)
    return [
        (f"/admin/berkas/{number}/{n}", "pdf" if "pdf" in str(f.get("mime", "")) else "image")
        for n, f in enumerate(item.row.evidence or [])
    ]


def _valid_pick(value: str) -> bool:
    """A request's number as the page's checkboxes send it: "12" (an absence) or "L7" (a
    missed record), as /antrian reads them (core.flows.approval_card.ref)."""
    return re.fullmatch(rf"{MISSED_MARK}?[1-9][0-9]{{0,8}}", value) is not None


def _events(viewer, me: str, nonce: str, action: str, reason: str, picked, console):
    """The decisions as chat messages, keyed by the form's nonce (the same form sent twice, a
    double click, stores them once): approvals as `/antrian setujui 12 L7` (one line per
    request in the answer), at most MAX_REFS at a time; a rejection as the card's Reject
    button and its reason."""
    now = console.clock.now()
    tag = hashlib.sha256(f"{viewer.session_id}|{nonce}".encode()).hexdigest()[:16]
    rows = []
    if action == "approve":
        for n in range(0, len(picked), MAX_REFS):
            numbers = picked[n : n + MAX_REFS]
            line = f"/antrian setujui {' '.join(numbers)}"
            fields = {"text": line, "command": "antrian", "args": ["setujui", *numbers]}
            rows.append((f"web:{tag}:{n}", payload(me, me, now, **fields)))
        return rows
    for n, number in enumerate(picked):
        button = (
            f"rj:{missed.KIND}:{number[1:]}" if number.startswith(MISSED_MARK) else f"rj:{number}"
        )
        rows.append((f"web:{tag}:{n}:r", payload(me, me, now, button=button)))
        rows.append((f"web:{tag}:{n}:t", payload(me, me, now, text=reason.strip()[:500])))
    return rows


def _back(request: Request, viewer, key: str) -> Response:
    return render(request, "message.html", viewer.language, 400, title="approvals_title",
                  message_key=key, viewer=viewer, back="/admin/persetujuan")  # fmt: skip
