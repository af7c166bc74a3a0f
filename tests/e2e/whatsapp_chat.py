"""Drive the app's WhatsApp webhook as Meta would, and read what the fake Graph API was sent."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.testclient import TestClient

from presensi.settings import Settings
from tests.e2e import whatsapp_payloads as wa
from tests.e2e.fake_graph import FakeGraph, shown

PATH = "/webhooks/whatsapp"


def settings(database_url: str, **extra: Any) -> Settings:
    """Settings with WhatsApp configured against the fake Graph API's number and token."""
    values = {
        "database_url": database_url,
        "redis_url": None,
        "whatsapp_access_token": wa.ACCESS_TOKEN,
        "whatsapp_app_secret": wa.APP_SECRET,
        "whatsapp_verify_token": wa.VERIFY_TOKEN,
        "whatsapp_phone_number_id": wa.PHONE_NUMBER_ID,
        **extra,
    }
    return Settings(_env_file=None, **values)


class WhatsAppChat:
    """Signed deliveries in, the Graph API calls they caused out; each post waits until handled."""

    def __init__(self, http: TestClient, fake: FakeGraph) -> None:
        self.http, self.fake = http, fake

    def post(self, *messages: dict, statuses: tuple[dict, ...] = ()) -> int:
        """Deliver one body holding the messages and statuses; its HTTP status."""
        return self.post_body(wa.body(*messages, statuses=statuses))

    def post_body(self, payload: dict | bytes, headers: dict | None = None) -> int:
        if isinstance(payload, dict):
            self.fake.hear(payload)  # the users who wrote, for the fake's 24-hour window
        raw, signed = wa.signed(payload)
        response = self.http.post(PATH, content=raw, headers=headers or signed)
        self.settle()
        return response.status_code

    def send(self, message: dict) -> list[dict]:
        """Deliver one message; the messages the app sent because of it."""
        before = len(self.fake.sent())
        assert self.post(message) == 200
        return self.fake.sent()[before:]

    def says(self, message: dict) -> str:
        """Deliver one message; the texts of what the app sent, joined."""
        return "\n".join(shown(m) for m in self.send(message))

    def settle(self) -> None:
        """Wait until the app has handled everything it accepted (no sleeping, no timing)."""
        intake = self.http.app.state.whatsapp
        if intake is not None:
            self.http.portal.call(drain, intake.tasks)


async def drain(tasks: set) -> None:
    """Wait for a set of background tasks, including those they start meanwhile."""
    while tasks:
        await asyncio.gather(*list(tasks), return_exceptions=True)
