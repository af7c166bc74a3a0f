"""The demo's chat: the real Telegram adapter over an offline Bot API, with a transcript."""

from __future__ import annotations

import io
import itertools
import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from fakeredis import FakeAsyncRedis
from PIL import Image, ImageDraw
from pydantic import SecretStr
from telegram import Update
from telegram.ext import Application

from bot.offline import updates as tg
from bot.offline.api import OfflineBotApi
from core.clock import FixedClock
from presensi.runtime import build_runner
from presensi.server import telegram_bot
from presensi.settings import Settings

ZONE = ZoneInfo("Asia/Jakarta")


@dataclass
class Chat:
    """Drives one Telegram Application offline and writes what people and the bot say."""

    application: Application
    api: OfflineBotApi
    clock: FixedClock
    out: TextIO
    names: dict[int, str] = field(default_factory=dict)
    quiet: set[int] = field(default_factory=set)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1_000))

    async def send(self, user: dict, what: str, update: dict) -> list[str]:
        """Deliver `update` from `user`; print both sides unless the user is quiet."""
        seen = len(self.api.calls)
        await self.application.process_update(Update.de_json(update, self.application.bot))
        answers = [
            c
            for c in self.api.calls[seen:]
            if c.method in ("sendMessage", "sendDocument", "sendPhoto")
        ]
        if user["id"] not in self.quiet:
            self._line(self.names.get(user["id"], user["first_name"]), "▶", what)
            for call in answers:
                chat = int(call.params["chat_id"])
                to = "" if chat == user["id"] else f" → {self.names.get(chat, chat)}"
                text = call.params.get("text") or call.params.get("caption") or ""
                if call.files:
                    text += f" [{next(iter(call.files.values()))[0]}]"
                self._line("presensi" + to, "◀", text + _buttons(call.params))
        return [c.params.get("text", "") for c in answers]

    def _line(self, who: str, arrow: str, text: str) -> None:
        stamp = self.clock.now().astimezone(ZONE).strftime("%H:%M")
        first, *rest = text.splitlines() or [""]
        self.out.write(f"[{stamp}] {who} {arrow} {first}\n")
        for line in rest:
            self.out.write(f"{' ' * 8}{' ' * len(who)}   {line}\n")

    def at(self) -> dict:
        return {"at": self.clock.now(), "update_id": next(self._ids)}


def _buttons(params: dict) -> str:
    markup = params.get("reply_markup") or {}
    if "inline_keyboard" in markup:
        labels = [b["text"] for row in markup["inline_keyboard"] for b in row]
        return "  " + " ".join(f"[{label}]" for label in labels)
    return ""


async def open_chat(settings: Settings, clock: FixedClock, out: TextIO) -> Chat:
    """An Application with the real flows behind it and no network in front of it."""
    offline = settings.model_copy(
        update={"telegram_bot_token": SecretStr("1000000001:offline-demo"), "face_queue": "off"}
    )
    redis = FakeAsyncRedis()
    api = OfflineBotApi()

    def runner(settings_: Settings, fetchers):
        return build_runner(settings_, fetchers, clock=clock, redis=redis)

    application = telegram_bot(
        offline, runner, request=api, clock=clock, rate_limit=False, push=False
    )
    await application.initialize()
    return Chat(application, api, clock, out)


def selfie(seed: int) -> bytes:
    """A small JPEG standing in for a camera selfie (the demo ships no faces); each one
    differs, or the replay defence would rightly refuse it as a photo sent before."""
    rng = random.Random(seed)
    image = Image.new("RGB", (480, 640), (rng.randint(90, 200), rng.randint(90, 200), 160))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(480), rng.randrange(640)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randint(40, 200), y + rng.randint(40, 200)), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def local(clock: FixedClock) -> datetime:
    return clock.now().astimezone(ZONE)


__all__ = ["Chat", "open_chat", "selfie", "tg"]
