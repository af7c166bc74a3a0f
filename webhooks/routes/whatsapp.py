"""GET and POST /webhooks/whatsapp: the handshake and the deliveries, adapted to FastAPI.

The logic is in `webhooks.whatsapp` (verify, parse, process, sender); this module only adapts it
and starts and stops the intake the composition root built.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from webhooks.body import TooLarge, read_bounded, too_large
from webhooks.deps import Parts, WhatsApp
from webhooks.whatsapp import process
from webhooks.whatsapp.process import SIGNATURE_HEADER, WhatsAppIntake
from webhooks.whatsapp.verify import handshake

log = logging.getLogger(__name__)
router = APIRouter(tags=["whatsapp"])


@router.get("/webhooks/whatsapp", include_in_schema=False)
async def whatsapp_handshake(request: Request, parts: Parts) -> PlainTextResponse:
    """Adapt `verify.handshake` to FastAPI."""
    status, text = handshake(request.query_params, parts.whatsapp_verify_token)
    return PlainTextResponse(text, status_code=status)


@router.post("/webhooks/whatsapp", include_in_schema=False)
async def whatsapp_webhook(request: Request, intake: WhatsApp, parts: Parts) -> Response:
    """Adapt `process.receive` to FastAPI; the body is read within the limit, then verified."""
    if intake is None:
        return PlainTextResponse("whatsapp not configured", status_code=503)
    limit = parts.max_body_bytes
    try:
        body = await read_bounded(request, limit)
    except TooLarge:
        log.warning("whatsapp webhook body over %d bytes refused", limit)
        return too_large(limit)
    status, text = await process.receive(intake, body, request.headers.get(SIGNATURE_HEADER))
    return PlainTextResponse(text, status_code=status)


async def start(intake: WhatsAppIntake) -> WhatsAppIntake:
    """Recover what a previous process left, and sweep from then on."""
    return await process.start(intake)


async def stop(intake: WhatsAppIntake) -> None:
    """Finish the work in flight, then close the HTTP client (the runner is not ours)."""
    await process.stop(intake)
    await intake.sender.graph.client.aclose()
