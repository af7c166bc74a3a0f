"""The FastAPI application: health, the Telegram webhook and the WhatsApp webhook.

It composes nothing: the composition root (`presensi.server`) builds the runner, the senders, the
intakes and the background work once and hands them in as `AppParts`; the app starts and stops
them with its lifespan, and the routes reach them through dependencies (`webhooks.deps`).
"""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.inbox.sql_store import SqlInbox
from webhooks.console import approvals, audit, auth, month, review, sites, staff, today
from webhooks.console.pages import Refused, plain_text, refusal_page
from webhooks.parts import AppParts, ConsoleParts, PlaygroundParts, TelegramParts
from webhooks.playground import routes as playground
from webhooks.routes import health, telegram, verify, whatsapp
from webhooks.web import intake as web

__all__ = ["AppParts", "ConsoleParts", "PlaygroundParts", "TelegramParts", "create_app"]
STATIC = Path(__file__).parent / "console" / "static"
PLAYGROUND_STATIC = Path(__file__).parent / "playground" / "static"


def create_app(parts: AppParts) -> FastAPI:
    """One app per process; routers per resource, the parts on `app.state`."""

    if parts.inbox is None:
        parts.inbox = SqlInbox(parts.units)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if parts.whatsapp is not None:
            app.state.whatsapp = await whatsapp.start(parts.whatsapp)
        if parts.telegram is not None:
            app.state.telegram = await telegram.start(
                parts.telegram.application, parts.units, parts.telegram.secret,
                parts.telegram.language, parts.inbox,
            )  # fmt: skip
        if parts.console is not None:
            await web.start(parts.console.web)
        tasks = [asyncio.create_task(work()) for work in parts.background]
        yield
        for task in tasks:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        if parts.console is not None:
            await web.stop(parts.console.web)
        if app.state.whatsapp is not None:
            await whatsapp.stop(app.state.whatsapp)
        if app.state.telegram is not None:
            await telegram.stop(app.state.telegram)
        for close in parts.closers:
            await close()
        await parts.redis.aclose()

    docs = parts.api_docs  # the schema lists every route: only when asked for (API_DOCS)
    app = FastAPI(
        title="presensi",
        version="0.1.0",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.parts = parts
    app.state.telegram = None
    app.state.whatsapp = None
    app.include_router(health.router)
    app.include_router(telegram.router)
    app.include_router(whatsapp.router)
    app.include_router(verify.router)
    if parts.console is not None:
        routers = (auth, today, review, approvals, month, staff, sites, audit)
        for router in (module.router for module in routers):
            app.include_router(router, dependencies=[Depends(plain_text)])
        app.mount("/admin/static", StaticFiles(directory=STATIC), name="console-static")

        @app.exception_handler(Refused)
        async def refused(request: Request, error: Refused):
            return refusal_page(request, error)

        @app.exception_handler(RequestValidationError)
        async def invalid(request: Request, error: RequestValidationError):
            """A console address with a malformed part is a page that is not there; elsewhere
            (the webhooks, the API) FastAPI's JSON answer."""
            if request.url.path.startswith("/admin"):
                language = parts.console.language if parts.console else "id"
                return refusal_page(request, Refused(404, "not_found", language))
            return await request_validation_exception_handler(request, error)

    if parts.playground is not None and parts.console is not None:
        _serve_playground(app)
    return app


def _serve_playground(app: FastAPI) -> None:
    """The playground's web chat at /coba, answering in its own JSON; only this machine's
    names are taken as Host: the playground acts as anyone, so no site may rebind a name of
    its own to it (DNS rebinding)."""
    app.include_router(playground.router)
    app.mount("/coba/static", StaticFiles(directory=PLAYGROUND_STATIC), name="coba-static")
    app.add_exception_handler(playground.Bad, playground.bad_answer)  # type: ignore[arg-type]

    @app.middleware("http")
    async def this_machine_only(request: Request, call_next):
        if not playground.local_host(request):
            return playground.bad_answer(request, playground.Bad(400, "bad_host"))
        return await call_next(request)

    @app.exception_handler(StarletteHTTPException)
    async def missing(request: Request, error: StarletteHTTPException):
        if request.url.path.startswith("/coba"):
            return playground.http_answer(request, error)
        return await http_exception_handler(request, error)
