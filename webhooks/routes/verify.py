"""GET /verify/{code}: whether the record of a receipt code still stands (public).

200 with `status` "stands", "replaced" (and what replaced it) or "changed" (edited outside the
audit log); 404 for a code no record has (or an altered one); 400 for text that is no code.
The facts carry no NIP and no position, and the name as initials only: anyone holding a code
may ask. 429 past CHECKS_PER_MINUTE from one address: a code's MAC is 50 bits or more
(core.receipts), unforgeable as long as guesses stay this slow.
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from core.rate_limit import RedisRateLimiter
from core.receipts import UNKNOWN, MalformedCode
from core.services import receipts
from webhooks.deps import Parts

router = APIRouter(tags=["receipts"])
log = logging.getLogger(__name__)
# An employee or an auditor checks a few codes; a script guessing codes is held to this.
CHECKS_PER_MINUTE = 30


@router.get("/verify/{code}")
async def verify(code: str, request: Request, parts: Parts) -> JSONResponse:
    address = request.client.host if request.client else "unknown"
    try:
        checks = await RedisRateLimiter(parts.redis, "presensi:verify").hit(address, 60)
    except Exception:  # Redis is down: no check without the limit that keeps guessing slow
        log.exception("receipt check rate limit unavailable")
        return JSONResponse({"error": "cannot check receipts now"}, status_code=503)
    if checks > CHECKS_PER_MINUTE:
        return JSONResponse(
            {"error": "too many checks; try again in a minute"},
            status_code=429,
            headers={"Retry-After": "60"},
        )
    key = parts.receipt_key
    if key is None:
        return JSONResponse({"status": UNKNOWN, "error": "unknown code"}, status_code=404)

    def check():
        with parts.units() as uow:
            return receipts.verify(uow, key, code)

    try:
        found = await asyncio.to_thread(check)
    except MalformedCode:
        return JSONResponse({"error": "not a receipt code"}, status_code=400)
    except Exception:  # the database is down or has no schema yet: say so, not a traceback
        log.exception("receipt check failed")
        return JSONResponse({"error": "cannot check receipts now"}, status_code=503)
    if found.status == UNKNOWN:
        return JSONResponse({"status": UNKNOWN, "error": "unknown code"}, status_code=404)
    body: dict = {"status": found.status}
    if found.record is not None:
        body["record"] = receipts.plain(found.record)
    if found.by is not None:
        body["replaced_by"] = receipts.plain(found.by)
    return JSONResponse(body)
