"""Employees: search, one employee's file (their month as /riwayat tells it, requests, chats,
face), and the admin's changes: details, a transfer from a day, a departure, and the chat
account's actions (/kode, /reset, /blokir, /buka) sent through the flows as in chat."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from core.day_status import DayCode
from core.flows.history import day_line, requests_text
from core.recap import NoData
from core.services import staff as staff_changes
from core.services.console import NotAllowed, is_head
from core.services.console_staff import (
    ChangeRefused,
    deactivate,
    edit_details,
    find_staff,
    staff_file,
    transfer,
)
from core.services.context import NotFound, employee_today
from core.services.my_month import MonthRefused, my_month
from webhooks.console.chat import answers, run_command
from webhooks.console.pages import (
    Console,
    Refused,
    RowId,
    SignedIn,
    Viewer,
    check_form,
    in_thread,
    render,
)
from webhooks.deps import Parts

router = APIRouter(prefix="/admin", tags=["console"])
# The chat commands the file's account buttons send, as an admin types them.
ACCOUNT_COMMANDS = ("kode", "reset", "blokir", "buka")
# What a change redirects with (`?selesai=`), to say it was saved.
DONE = ("edit", "transfer", "leave")


@router.get("/pegawai")
async def search(
    request: Request, viewer: SignedIn, parts: Parts, console: Console, q: str = ""
) -> Response:
    """The staff in the user's scope whose name or NIP matches `q`."""
    user, now = viewer.user, console.clock.now()

    def read(uow):
        return find_staff(uow, user, q, employee_today(uow, user.employee, now))

    lines, more = await in_thread(parts, read)
    return render(request, "staff_list.html", viewer.language, viewer=viewer, page="staff",
                  lines=lines, more=more, q=q)  # fmt: skip


@router.get("/pegawai/{employee_id}")
async def one(
    request: Request, employee_id: RowId, viewer: SignedIn, parts: Parts, console: Console,
    sejak: str = "", selesai: str = "",
) -> Response:  # fmt: skip
    """An employee's file: who, their chats and face, this month's days and requests."""
    user, language, now = viewer.user, viewer.language, console.clock.now()

    def read(uow):
        today = employee_today(uow, user.employee, now)
        found = staff_file(uow, user, employee_id, today)
        try:
            month = my_month(uow, found.employee, today.year, today.month, now=now)
        except (MonthRefused, NoData):
            month = None
        return found, month, today

    try:
        found, month, today = await in_thread(parts, read)
    except NotFound:
        raise Refused(404, "not_found", language) from None
    days = [] if month is None else [
        day_line(language, entry, month)
        for entry in month.days
        if entry.status.code not in (DayCode.OFF, DayCode.HOLIDAY)
    ]  # fmt: skip
    requests = requests_text(language, month).splitlines() if month else []
    results = await answers(console, viewer, sejak)
    return render(
        request, "staff_file.html", language, viewer=viewer, page="staff", file=found,
        days=days, requests=requests, head=is_head(user), results=results,
        done=selesai if selesai in DONE else "",
        nonce=secrets.token_urlsafe(12), reasons=staff_changes.LEAVE_REASONS,
        today=today.isoformat(),
    )  # fmt: skip


@router.post("/pegawai/{employee_id}/ubah")
async def edit(
    request: Request, employee_id: RowId, viewer: SignedIn, parts: Parts,
    csrf: Annotated[str, Form()] = "", name: Annotated[str, Form()] = "",
    phone: Annotated[str, Form()] = "", position: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Save the employee's name, phone and position."""
    check_form(request, viewer, csrf)

    def work(uow):
        return edit_details(uow, viewer.user, employee_id, name, phone, position)

    await _change(parts, viewer, employee_id, work)
    return _done(employee_id, "edit")


@router.post("/pegawai/{employee_id}/mutasi")
async def move(
    request: Request, employee_id: RowId, viewer: SignedIn, parts: Parts, console: Console,
    csrf: Annotated[str, Form()] = "", unit: Annotated[str, Form()] = "",
    effective: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Transfer the employee to another unit from a day."""
    check_form(request, viewer, csrf)
    day = _day(effective, viewer, employee_id)
    now = console.clock.now()

    def work(uow):
        today = employee_today(uow, viewer.user.employee, now)
        return transfer(uow, viewer.user, employee_id, unit, day, today)

    await _change(parts, viewer, employee_id, work)
    return _done(employee_id, "transfer")


@router.post("/pegawai/{employee_id}/berhenti")
async def leave(
    request: Request, employee_id: RowId, viewer: SignedIn, parts: Parts, console: Console,
    csrf: Annotated[str, Form()] = "", on: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """Record that the employee leaves the organisation from a day."""
    check_form(request, viewer, csrf)
    day = _day(on, viewer, employee_id)
    now = console.clock.now()

    def work(uow):
        today = employee_today(uow, viewer.user.employee, now)
        return deactivate(uow, viewer.user, employee_id, day, reason, today)

    await _change(parts, viewer, employee_id, work)
    return _done(employee_id, "leave")


@router.post("/pegawai/{employee_id}/akun")
async def account(
    request: Request, employee_id: RowId, viewer: SignedIn, parts: Parts, console: Console,
    csrf: Annotated[str, Form()] = "", nonce: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """/kode, /reset, /blokir or /buka for the employee, through the flows as in chat; the
    answer (the activation code, "reset") is shown on the file."""
    check_form(request, viewer, csrf)
    user, language = viewer.user, viewer.language
    if action not in ACCOUNT_COMMANDS:
        raise _bad(viewer, employee_id, "pick_action")
    if is_head(user):
        raise Refused(403, "head_read_only", language)

    def read(uow):
        today = employee_today(uow, user.employee, console.clock.now())
        return staff_file(uow, user, employee_id, today).employee.identifier

    try:
        identifier = await in_thread(parts, read)
    except NotFound:
        raise Refused(404, "not_found", language) from None
    tag = f"acct:{action}:{employee_id}"  # the page has one nonce for its four buttons
    before = await run_command(console, viewer, nonce, action, [identifier], tag)
    return RedirectResponse(f"/admin/pegawai/{employee_id}?sejak={before}", status_code=303)


async def _change(parts, viewer: Viewer, employee_id: int, work) -> None:
    """Run one change; a refusal is a page that says why, with a link back to the file."""
    try:
        await in_thread(parts, work)
    except NotFound:
        raise Refused(404, "not_found", viewer.language) from None
    except NotAllowed:
        raise Refused(403, "head_read_only", viewer.language) from None
    except ChangeRefused as refused:
        raise _bad(viewer, employee_id, f"change_{refused.key}") from None


def _day(text: str, viewer: Viewer, employee_id: int) -> date:
    """A date input's value (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _bad(viewer, employee_id, "change_day_bad") from None


def _bad(viewer: Viewer, employee_id: int, key: str) -> Refused:
    return Refused(400, key, viewer.language, back=f"/admin/pegawai/{employee_id}")


def _done(employee_id: int, what: str) -> Response:
    return RedirectResponse(f"/admin/pegawai/{employee_id}?selesai={what}", status_code=303)
