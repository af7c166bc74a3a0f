"""Replies, templates, uploads and media downloads over the WhatsApp Cloud API.

Outside the 24-hour customer-service window WhatsApp only delivers template messages. The sender
knows the window from the last message each user sent (kept in Redis); when it does not know,
it sends normally and falls back to the template on error 131047, whether Meta answers it at
once or later in a "failed" status.

A template carries text, not the message's own buttons. So a message with buttons (an approval
request) is held (`core.held_messages`) and the `held` template goes instead: it quotes the
message and has one quick-reply button, "Lihat" / "Open", whose tap opens the window again and
releases what was held, in order, once (`release`, called by process.py). Other messages go as
the template of their purpose with their text. Templates go in the recipient's language (their
chat account's), or in WHATSAPP_TEMPLATE_LANGUAGE where that translation is not registered.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from core.clock import Clock, SystemClock
from core.flows.messages import Channel, Media, OutFile, Reply, reply_from_json, reply_to_json
from core.flows.turn import Fetcher, MediaUnavailable
from core.held_messages import HeldMessages
from core.ids import mask as masked
from webhooks.whatsapp import outbound
from webhooks.whatsapp.graph import REENGAGEMENT, Graph, GraphError, Pace
from webhooks.whatsapp.parse import Status

log = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)
# The last-inbound time outlives the window by far, so "older than 24 h" is known, not guessed.
REMEMBER_INBOUND_S = 7 * 24 * 3600
# What was sent, for the template fallback when a "failed 131047" status comes back; such a
# status arrives within seconds, and the text is personal, so it is kept only briefly.
REMEMBER_SENT_S = 3600
# The held message's text quoted in the template: the template's body, fixed words included, may
# hold 1024 characters.
HELD_QUOTE_MAX = 800
MEDIA_TYPES = ("image/", "application/pdf")
CHANNEL = Channel.WHATSAPP.value
# The purpose whose template opens the conversation for held messages, and the payload of its
# quick-reply button: an inbound "button" message with it releases them (process.py).
HELD = "held"
OPEN_HELD = "held:open"
# The template exists, but not in the language asked for: sent again in the default one.
NO_TRANSLATION = 132001


class WhatsAppSender:
    """Everything the app sends to WhatsApp users, for one business phone number."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        token: str,
        phone_number_id: str,
        base_url: str = "https://graph.facebook.com/v21.0",
        redis: Any = None,
        templates: dict[str, str] | None = None,
        template_language: str = "id",
        messages_per_second: float = 20.0,
        clock: Clock | None = None,
        graph: Graph | None = None,
        prefix: str = "presensi",
        held: HeldMessages | None = None,
        pace: Any = None,
    ) -> None:
        # `pace`: one shared by every worker (core.pace.SharedPace); else this process's own.
        self.graph = graph or Graph(client, token, pace=pace or Pace(messages_per_second))
        self.base_url = base_url.rstrip("/")
        self.phone_number_id = phone_number_id
        self.redis = redis
        self.templates = dict(templates or {})
        self.template_language = template_language
        self.clock = clock or SystemClock()
        self.prefix = prefix
        self.held = held

    @classmethod
    def from_settings(cls, settings: Any, client: httpx.AsyncClient, **kwargs: Any):
        """A sender for the configured number, token and templates."""
        return cls(
            client,
            token=settings.whatsapp_access_token.get_secret_value(),
            phone_number_id=settings.whatsapp_phone_number_id or "",
            base_url=settings.whatsapp_api_base_url,
            templates=settings.whatsapp_templates,
            template_language=settings.whatsapp_template_language,
            messages_per_second=settings.whatsapp_messages_per_second,
            **kwargs,
        )

    # --- sending ---------------------------------------------------------------------------

    async def send(self, to: str, reply: Reply, purpose: str = "notice") -> bool:
        """Show one reply to `to`; False (and a log line) when WhatsApp will not take it."""
        if reply.replaces and await self._replace_held(to, reply):
            return True
        if not await self.window_open(to):
            return await self.outside_window(to, reply, purpose)
        media_id = await self._upload_attachment(reply)
        for index, message in enumerate(outbound.messages(reply, media_id)):
            try:
                message_id = await self._post(to, message)
            except GraphError as error:
                if error.code == REENGAGEMENT:
                    return await self.outside_window(to, reply, purpose)
                _log_refusal(to, error)
                return False
            if index == 0:
                await self._remember_sent(message_id, to, reply, purpose)
        return True

    async def send_text(self, to: str, text: str) -> bool:
        """A plain text (a toast, a stale-message notice)."""
        return await self.send(to, Reply(text))

    async def send_template(
        self,
        to: str,
        name: str,
        language: str,
        params: list[str],
        button: str | None = None,
    ) -> bool:
        """An approved template message, the only kind delivered outside the 24-hour window;
        `button` is the payload of its quick-reply button."""
        message = outbound.template_message(name, language, params, button)
        try:
            await self._post(to, message)
            return True
        except GraphError as error:
            if error.code == NO_TRANSLATION and language != self.template_language:
                return await self.send_template(to, name, self.template_language, params, button)
            _log_refusal(to, error)
            return False

    async def outside_window(self, to: str, reply: Reply, purpose: str) -> bool:
        """Only templates reach `to`: hold a message with buttons and open the conversation;
        anything else goes as the template of its purpose, carrying its text."""
        if reply.buttons and self.held is not None and self.templates.get(HELD):
            return await self.hold(to, reply, purpose)
        return await self.send_fallback(to, reply.text, purpose)

    async def send_fallback(self, to: str, text: str, purpose: str) -> bool:
        """The template configured for `purpose` (else for notices), carrying the text."""
        name = self.templates.get(purpose) or self.templates.get("notice")
        if not name:
            log.warning("whatsapp: no template for %r; message to %s lost", purpose, masked(to))
            return False
        log.info("whatsapp: %s is outside the 24-hour window: template %s", masked(to), name)
        return await self.send_template(to, name, await self._language(to), [text])

    async def hold(self, to: str, reply: Reply, purpose: str) -> bool:
        """Keep the message until `to` opens the conversation; announce it with the `held`
        template unless one went out for the messages already waiting."""
        assert self.held is not None
        kept = await self.held.hold(CHANNEL, to, reply, purpose, self.clock.now())
        if not kept.announce:
            log.info("whatsapp: a message for %s joins those waiting", masked(to))
            return True
        name = self.templates[HELD]
        language = kept.language or self.template_language
        log.info("whatsapp: %s is outside the 24-hour window: held, template %s", masked(to), name)
        quoted = [outbound.fit(outbound.template_param(reply.text), HELD_QUOTE_MAX)]
        if await self.send_template(to, name, language, quoted, button=OPEN_HELD):
            await self.held.announced(kept.row_id, self.clock.now())
        # Held either way: a failed template is tried again with the next message held.
        return True

    async def release(self, to: str, key: str) -> list[Reply]:
        """What is held for `to`, released by the delivery `key` (its tap on the template's
        button); the same again for a replay of that delivery, nothing for another."""
        if self.held is None:
            return []
        return await self.held.release(CHANNEL, to, key, self.clock.now())

    async def language(self, to: str) -> str | None:
        """The language of the chat account on this number, if any."""
        return await self.held.language(CHANNEL, to) if self.held is not None else None

    async def upload(self, file: OutFile) -> str:
        """Upload a file for this number; the media id to send it by."""
        answer = await self.graph.call(
            "POST",
            f"{self.base_url}/{self.phone_number_id}/media",
            data={"messaging_product": "whatsapp", "type": file.mime},
            files={"file": (file.name, file.data, file.mime)},
        )
        media_id = answer.get("id") if isinstance(answer, dict) else None
        if not media_id:
            raise GraphError(200, 0, "upload answered without an id")
        return str(media_id)

    # --- receiving -------------------------------------------------------------------------

    async def fetch(self, media: Media, max_bytes: int) -> bytes:
        """A user's photo or PDF: media id -> URL -> bytes; MediaUnavailable when it cannot be."""
        try:
            info = await self.graph.call("GET", f"{self.base_url}/{media.file_id}")
        except GraphError as error:
            log.warning("whatsapp media lookup failed: %s", error)
            raise MediaUnavailable("failed") from None
        info = info if isinstance(info, dict) else {}
        mime = str(info.get("mime_type") or media.mime or "")
        if not info.get("url"):
            raise MediaUnavailable("failed")
        if not mime.startswith(MEDIA_TYPES):
            raise MediaUnavailable("wrong_type")
        if _size(info.get("file_size")) > max_bytes:
            raise MediaUnavailable("too_large")  # refused before a byte is downloaded
        try:
            data = await self.graph.download(str(info["url"]), max_bytes)
        except GraphError as error:
            log.warning("whatsapp media download failed: %s", error)
            raise MediaUnavailable("failed") from None
        if data is None:
            raise MediaUnavailable("too_large")
        return data

    def fetcher(self, max_bytes: int) -> Fetcher:
        """What the flows call to read a photo or document sent on WhatsApp."""

        async def fetch(media: Media) -> bytes:
            return await self.fetch(media, max_bytes)

        return fetch

    # --- the 24-hour window and delivery statuses -------------------------------------------

    async def note_inbound(self, wa_id: str, at: datetime) -> None:
        """A user wrote at `at`: the window is open for 24 hours from then."""
        if self.redis is not None:
            key = self._key("inbound", wa_id)
            await self.redis.set(key, int(at.timestamp()), ex=REMEMBER_INBOUND_S)

    async def window_open(self, wa_id: str) -> bool:
        """False only when the user's last message is known to be older than 24 hours."""
        if self.redis is None:
            return True
        raw = await self.redis.get(self._key("inbound", wa_id))
        if raw is None:
            return True  # unknown (a new user, a flushed Redis): try, 131047 falls back
        last = datetime.fromtimestamp(int(raw), UTC)
        return self.clock.now() - last < WINDOW

    async def on_status(self, status: Status) -> None:
        """Log a delivery status (ids and codes only); resend a 131047 failure as a template."""
        if status.status != "failed":
            log.debug("whatsapp message %s: %s", status.message_id[-8:], status.status)
            return
        log.warning(
            "whatsapp message %s to %s failed: codes %s",
            status.message_id[-8:],
            masked(status.recipient),
            ",".join(map(str, status.errors)) or "-",
        )
        if REENGAGEMENT in status.errors and self.redis is not None:
            # GETDEL: a redelivered status must not send the template twice.
            raw = await self.redis.getdel(self._key("sent", status.message_id))
            if raw is not None:
                sent = json.loads(raw)
                if sent.get("reply"):
                    reply = reply_from_json(sent["reply"])
                    await self.outside_window(sent["to"], reply, sent["purpose"])
                else:
                    await self.send_fallback(sent["to"], sent["text"], sent["purpose"])

    # --- internals -------------------------------------------------------------------------

    async def _post(self, to: str, message: dict[str, Any]) -> str:
        """Send one message; its WhatsApp message id."""
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
        url = f"{self.base_url}/{self.phone_number_id}/messages"
        answer = await self.graph.call("POST", url, json={**body, **message}, paced=True)
        try:
            return str(answer["messages"][0]["id"])
        except (KeyError, IndexError, TypeError):
            return ""

    async def _upload_attachment(self, reply: Reply) -> str | None:
        attachment = reply.document or reply.photo
        if attachment is None:
            return None
        try:
            return await self.upload(attachment)
        except GraphError as error:
            log.warning("whatsapp upload failed, the text goes without the file: %s", error)
            return None

    async def _remember_sent(self, message_id: str, to: str, reply: Reply, purpose: str) -> None:
        """What a "failed 131047" status needs to send it again: the text, and a message with
        buttons whole (it is then held)."""
        if self.redis is not None and message_id:
            sent: dict[str, Any] = {"to": to, "text": reply.text, "purpose": purpose}
            if reply.buttons:
                sent["reply"] = reply_to_json(reply)
            body = json.dumps(sent)
            await self.redis.set(self._key("sent", message_id), body, ex=REMEMBER_SENT_S)

    async def _replace_held(self, to: str, reply: Reply) -> bool:
        """A reply taking the place of a message still held (a request cancelled before its
        approver opened it) replaces it there, and is not sent now."""
        if self.held is None or not reply.replaces:
            return False
        return await self.held.replace(CHANNEL, to, reply.replaces, reply)

    async def _language(self, to: str) -> str:
        return await self.language(to) or self.template_language

    def _key(self, kind: str, name: str) -> str:
        return f"{self.prefix}:wa:{kind}:{name}"


def _log_refusal(to: str, error: GraphError) -> None:
    log.warning("whatsapp refused a message to %s: %s", masked(to), error)


def _size(value: Any) -> int:
    """Meta gives the file size as a string; unknown counts as 0 (the download is capped)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
