"""GET /healthz: is the database reachable, does Redis answer, does the inbox hold messages
given up (for an operator: `presensi inbox status`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from core.services import inbox
from core.storage.uow import UnitOfWork
from webhooks.deps import Parts

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(parts: Parts) -> JSONResponse:
    """200 when the database and Redis both answer, 503 naming what is down otherwise."""
    database = await asyncio.to_thread(parts.database_ok)
    try:
        redis = bool(await asyncio.wait_for(parts.redis.ping(), timeout=2))
    except Exception:
        redis = False
    body = {
        "status": "ok" if database and redis else "degraded",
        "database": "up" if database else "down",
        "redis": ("up" if redis else "down") + (" (embedded)" if parts.redis_embedded else ""),
    }
    if database:
        body["inbox_given_up"] = await asyncio.to_thread(_given_up, parts.units)
    return JSONResponse(body, status_code=200 if database and redis else 503)


def _given_up(units: Callable[[], UnitOfWork]) -> int | None:
    """How many messages the inbox gave up on; None when it cannot say (no schema yet)."""
    try:
        with units() as uow:
            return sum(channel["given_up"] for channel in inbox.counts(uow).values())
    except Exception:
        return None
