"""Signing in by the link /web sent (GET shows a button, POST spends the link: a chat app's
link preview fetches the GET and must not use it up) or from the Telegram Mini App (its
initData), signing out, the language."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from core.channels import Channel
from core.console_auth import LinkRefused, read_link
from core.mini_app import read_init_data
from core.services import accounts
from core.services.console import console_identity, console_user
from core.services.context import employee_today
from webhooks.console.pages import (
    COOKIE,
    Console,
    Refused,
    SignedIn,
    check_form,
    in_thread,
    render,
    same_origin,
)
from webhooks.deps import Parts

router = APIRouter(prefix="/admin", tags=["console"])
log = logging.getLogger(__name__)


@router.get("/masuk")
async def sign_in_page(request: Request, console: Console, t: str = "") -> Response:
    """The page of the link: a button that signs in (the link is not spent by opening it)."""
    return render(request, "sign_in.html", console.language, token=t, viewer=None)


@router.post("/masuk")
async def sign_in(
    request: Request, parts: Parts, console: Console, t: Annotated[str, Form()] = ""
) -> Response:
    """Spend the link, bind the console's web identity, start the session."""
    language = console.language
    if not same_origin(request):
        raise Refused(403, "csrf", language)
    now = console.clock.now()
    try:
        claim = read_link(console.link_key, t, now)
        await console.once.spend(claim, now)
    except LinkRefused as refused:
        log.info("console sign-in refused: %s link", refused.reason)
        raise Refused(401, f"link_{refused.reason}", language) from None

    return await _start(parts, console, lambda uow: uow.employee(claim.employee_id))


@router.get("/tg")
async def mini_app_page(request: Request, console: Console) -> Response:
    """The page Telegram opens from the bot's menu button: it sends its initData back."""
    return render(request, "mini_app.html", console.language, viewer=None)


@router.post("/tg/masuk")
async def mini_app_sign_in(
    request: Request, parts: Parts, console: Console, init_data: Annotated[str, Form()] = ""
) -> Response:
    """Sign in the Telegram user who opened the Mini App (core.mini_app), once."""
    language = console.language
    if not same_origin(request):
        raise Refused(403, "csrf", language)
    if console.telegram_token is None:
        raise Refused(404, "not_found", language)
    now = console.clock.now()
    try:
        claim = read_init_data(console.telegram_token, init_data, now)
        await console.once.spend(claim, now)
    except LinkRefused as refused:
        log.info("console mini app sign-in refused: %s", refused.reason)
        raise Refused(401, f"app_{refused.reason}", language) from None

    def employee_of(uow):
        found = accounts.linked(uow, Channel.TELEGRAM.value, str(claim.user_id))
        return None if found is None else found[1]

    return await _start(parts, console, employee_of)


async def _start(parts, console, find) -> Response:
    """Bind the console's web identity of the employee `find(uow)` names (a console user
    still), start their session, set its cookie; a page that says no otherwise."""
    language, now = console.language, console.clock.now()

    def bind(uow) -> tuple[int, str] | None:
        employee = find(uow)
        if (
            employee is None
            or console_user(uow, employee, employee_today(uow, employee, now)) is None
        ):
            return None
        spoken = accounts.language_of(uow, employee.id, language)
        identity = console_identity(employee.id)
        accounts.bind(uow, Channel.WEB.value, identity, identity, employee, spoken)
        return employee.id, spoken

    found = await in_thread(parts, bind)
    if found is None:
        raise Refused(403, "link_nobody", language)
    employee_id, spoken = found
    session_id = await console.sessions.start(employee_id, spoken, now)
    response = RedirectResponse("/admin", status_code=303)
    response.set_cookie(
        COOKIE,
        session_id,
        max_age=int(console.sessions.longest.total_seconds()),
        path="/admin",
        httponly=True,
        secure=console.secure_cookies,
        samesite="lax",
    )
    log.info("console sign-in: employee %s", employee_id)
    return response


@router.post("/keluar")
async def sign_out(
    request: Request, viewer: SignedIn, console: Console, csrf: Annotated[str, Form()] = ""
) -> Response:
    check_form(request, viewer, csrf)
    await console.sessions.end(viewer.session_id)
    response = RedirectResponse("/admin/masuk", status_code=303)
    response.delete_cookie(COOKIE, path="/admin")
    return response


@router.post("/bahasa")
async def switch_language(
    request: Request,
    viewer: SignedIn,
    console: Console,
    csrf: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "/admin",
) -> Response:
    """Switch the console between Bahasa Indonesia and English (this session), back to the
    page it was switched on (only ever a console page: never an address from elsewhere)."""
    check_form(request, viewer, csrf)
    other = "id" if viewer.language == "en" else "en"
    await console.sessions.change_language(viewer.session_id, viewer.session, other)
    local = back.startswith("/admin") and "//" not in back and "\\" not in back
    return RedirectResponse(back if local else "/admin", status_code=303)
