"""GET /healthz: is the database reachable, does Redis answer, does the inbox hold messages
given up (for an operator: `presensi inbox status`)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from core.inbox import InboxStore
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
        body["inbox_given_up"] = await _given_up(parts.inbox)
    return JSONResponse(body, status_code=200 if database and redis else 503)


async def _given_up(inbox: InboxStore) -> int | None:
    """How many messages the inbox gave up on; None when it cannot say (no schema yet)."""
    try:
        return sum(channel["given_up"] for channel in (await inbox.counts()).values())
    except Exception:
        return None
