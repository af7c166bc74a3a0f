"""The FastAPI application: health now; the Telegram and WhatsApp webhooks plug in here."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from presensi.settings import Settings, get_settings
from presensi.wiring import redis_client
from webhooks.routes import health


def create_app(settings: Settings | None = None) -> FastAPI:
    """One app per process; routers per resource, state on `app.state`."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.redis = redis_client(settings)
        yield
        await app.state.redis.aclose()

    app = FastAPI(title="presensi", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.include_router(health.router)
    return app
