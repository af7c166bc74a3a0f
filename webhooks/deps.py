"""What the routes depend on, as FastAPI dependency aliases over what the app was handed."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from webhooks.parts import AppParts
from webhooks.whatsapp.process import WhatsAppIntake


def get_parts(request: Request) -> AppParts:
    return request.app.state.parts


def get_whatsapp(request: Request) -> WhatsAppIntake | None:
    """The WhatsApp intake once started (None: not configured, or the app not started)."""
    return request.app.state.whatsapp


Parts = Annotated[AppParts, Depends(get_parts)]
WhatsApp = Annotated[WhatsAppIntake | None, Depends(get_whatsapp)]
