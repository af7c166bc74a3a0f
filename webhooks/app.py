"""The FastAPI application: health, the Telegram webhook and the WhatsApp webhook.

It composes nothing: the composition root (`presensi.server`) builds the runner, the senders, the
intakes and the background work once and hands them in as `AppParts`; the app starts and stops
them with its lifespan, and the routes reach them through dependencies (`webhooks.deps`).
"""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI

from core.inbox.sql_store import SqlInbox
from webhooks.parts import AppParts, TelegramParts
from webhooks.routes import health, telegram, verify, whatsapp

__all__ = ["AppParts", "TelegramParts", "create_app"]


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
        tasks = [asyncio.create_task(work()) for work in parts.background]
        yield
        for task in tasks:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
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
    return app
