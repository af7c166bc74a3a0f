"""GET /healthz: is the database reachable, does Redis answer."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from presensi.wiring import database_ok

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
    return JSONResponse(body, status_code=200 if database and redis else 503)
