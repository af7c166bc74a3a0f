"""The chat platforms presensi speaks on. A rule may differ per channel (`location_trust`), so
the names live below both the policy and the flows."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"
    # The browser: the admins' console acting in their name, and the playground's web chat.
    WEB = "web"
