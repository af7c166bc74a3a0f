"""What every console page shares: the templates, who is signed in, the CSRF check, refusals
as pages with their status."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request
from fastapi import Path as InPath
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from core.channels import Channel
from core.console_auth import Session, csrf_ok
from core.services import accounts
from core.services.console import ConsoleUser, console_identity, console_user
from core.services.context import employee_today
from core.storage.uow import committed
from webhooks.console.texts import WORDS, word
from webhooks.deps import Parts
from webhooks.intake import OUTAGES
from webhooks.parts import AppParts, ConsoleParts

log = logging.getLogger(__name__)
COOKIE = "presensi_console"
# A row id in a console address: what the databases' integer keys hold.
RowId = Annotated[int, InPath(ge=1, le=2**31 - 1)]
TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


class Refused(HTTPException):
    """A page that says why not, in the reader's language, with its status code."""

    def __init__(
        self,
        status: int,
        key: str,
        language: str = "id",
        back: str | None = None,
        values: dict[str, object] | None = None,
    ) -> None:
        super().__init__(status, key)
        self.key = key
        self.language = language
        self.back = back  # the page to go back to, for a form that was refused
        self.values = values or {}  # what the message names ({low}, {high})


@dataclass(frozen=True)
class Viewer:
    """The signed-in console user of one request."""

    session_id: str
    session: Session
    user: ConsoleUser

    @property
    def language(self) -> str:
        return self.session.language


def console_of(parts: Parts) -> ConsoleParts:
    if parts.console is None:
        raise HTTPException(404)
    return parts.console


async def signed_in(request: Request, parts: Parts) -> Viewer:
    """The signed-in user, or a page telling them how to sign in (401). The session must be
    live, its web account not released (/reset signs out), and the employee still a console
    user (not blocked, not gone, the role kept)."""
    console = console_of(parts)
    session_id = request.cookies.get(COOKIE)
    now = console.clock.now()
    session = await console.sessions.get(session_id, now)
    if session is None or session_id is None:
        raise Refused(401, "signed_out", console.language)
    user = await committed(parts.units, lambda uow: _user(uow, session.employee_id, now))
    if user is None:
        await console.sessions.end(session_id)
        raise Refused(401, "signed_out", session.language)
    return Viewer(session_id, session, user)


def _user(uow: Any, employee_id: int, now: Any) -> ConsoleUser | None:
    found = accounts.linked(uow, Channel.WEB.value, console_identity(employee_id))
    if found is None:
        return None
    _, employee = found
    return console_user(uow, employee, employee_today(uow, employee, now))


SignedIn = Annotated[Viewer, Depends(signed_in)]


async def plain_text(request: Request) -> None:
    """Refuse a NUL character in an address or a form (a 400 page): PostgreSQL stores no NUL
    in text, and no person types one."""
    values = list(request.query_params.values())
    if request.method == "POST":
        values += [v for v in (await request.form()).values() if isinstance(v, str)]
    if any("\x00" in value for value in values):
        raise Refused(400, "bad_characters", _language(request))


def _language(request: Request) -> str:
    console = getattr(request.app.state.parts, "console", None)
    return console.language if console else "id"


Console = Annotated[ConsoleParts, Depends(console_of)]


def check_form(request: Request, viewer: Viewer, token: str | None) -> None:
    """Refuse a POST without its session's CSRF token, or sent from another site's page."""
    if not csrf_ok(viewer.session, token) or not same_origin(request):
        raise Refused(403, "csrf", viewer.language)


def same_origin(request: Request) -> bool:
    """Whether the browser says the form came from this site (Origin, else Referer): the host
    it asked for, or PUBLIC_URL's (a proxy in front may rewrite Host). A request that says
    neither (an old browser) is judged by its CSRF token alone."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source or source == "null":
        return source is None
    console = getattr(request.app.state.parts, "console", None)
    ours = {request.headers.get("host", ""), urlsplit(console.public_url).netloc if console else ""}
    return urlsplit(source).netloc in ours - {""}


def render(
    request: Request, name: str, language: str, status: int = 200, **values: Any
) -> HTMLResponse:
    """A page in `language`; `w(key)` writes the console's words in it."""

    def w(key: str, **more: object) -> str:
        return word(language, key, **more)

    def w_or(key: str, fallback: str) -> str:
        """A stored value's word (a reason), or the value itself where there is none."""
        return word(language, key) if key in WORDS else fallback

    context = {"w": w, "w_or": w_or, "language": language, **values}
    response = TEMPLATES.TemplateResponse(request, name, context, status_code=status)
    # Never cached, never framed by another site; no other site is sent the address (a sign-in
    # link's token). Not "no-referrer": the browser would then send the forms' Origin as "null".
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def refusal_page(request: Request, refused: Refused) -> HTMLResponse:
    return render(request, "message.html", refused.language, refused.status_code,
                  title=_title(refused), message_key=refused.key, viewer=None,
                  back=refused.back, values=refused.values)  # fmt: skip


TITLES = {400: "bad_input_title", 404: "not_found_title", 410: "not_found_title",
          503: "unavailable_title"}  # fmt: skip


def _title(refused: Refused) -> str:
    if refused.key.startswith(("link_", "app_")) or refused.key == "signed_out":
        return "signed_out_title"
    return TITLES.get(refused.status_code, "forbidden_title")


async def in_thread(parts: AppParts, work: Any) -> Any:
    """`work(uow)` in one transaction off the event loop; a database down is a 503 page."""
    try:
        return await committed(parts.units, work)
    except OUTAGES as error:
        log.error("console page failed: %s", type(error).__name__)
        raise Refused(503, "unavailable") from None
