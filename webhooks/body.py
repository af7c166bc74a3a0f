"""Webhook bodies read within a size limit, while they stream in.

A body is never read whole before it is known to fit: a declared Content-Length over the limit
is refused at once, and a body streamed without one (chunked) is refused as soon as the bytes
counted pass the limit, so a 50 MB POST costs at most the limit in memory.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

# Telegram's and WhatsApp's updates are JSON of a few kilobytes (media come by id, not inline).
DEFAULT_MAX_BYTES = 1024 * 1024


class TooLarge(Exception):
    """The body is larger than the limit."""


async def read_bounded(request: Request, limit: int) -> bytes:
    """The whole body, or TooLarge as soon as it (or its declared length) exceeds `limit`."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit:
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int) -> JSONResponse:
    """413 with a JSON body naming the limit."""
    return JSONResponse(
        {"error": "body too large", "max_bytes": limit},
        status_code=413,
        headers={"Connection": "close"},
    )
