"""GET /healthz: is the database reachable, does Redis answer, does the inbox hold messages
given up (for an operator: `presensi inbox status`)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from core.services import inbox
from presensi.wiring import database_ok, unit_of_work

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(request: Request) -> JSONResponse:
    """200 when the database and Redis both answer, 503 naming what is down otherwise."""
    settings = request.app.state.settings
    database = await asyncio.to_thread(database_ok, settings)
    try:
        redis = bool(await asyncio.wait_for(request.app.state.redis.ping(), timeout=2))
    except Exception:
        redis = False
    body = {
        "status": "ok" if database and redis else "degraded",
        "database": "up" if database else "down",
        "redis": ("up" if redis else "down") + ("" if settings.redis_url else " (embedded)"),
    }
    if database:
        body["inbox_given_up"] = await asyncio.to_thread(_given_up, settings)
    return JSONResponse(body, status_code=200 if database and redis else 503)


def _given_up(settings) -> int | None:
    """How many messages the inbox gave up on; None when it cannot say (no schema yet)."""
    try:
        with unit_of_work(settings) as uow:
            return sum(channel["given_up"] for channel in inbox.counts(uow).values())
    except Exception:
        return None
