"""The WhatsApp webhook's logic: check, store, answer 200, then run each message through the flows.

Plain functions over a `WhatsAppIntake`; the FastAPI route only adapts them. Each message of a
body is committed to the inbox (keyed by its message id) before the 200 goes back, so Meta's
redeliveries and a crash both end with every message handled exactly once; the replies are kept
with the row's completion and delivered after it (the inbox's outbox), so a crash in between
neither loses nor repeats them. Statuses are logged and never stored: they report on what we sent.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import httpx

from core.clock import Clock
from core.delivery import Dispatcher, Handle, send_in_order
from core.flows.messages import (
    Answer,
    Channel,
    Inbound,
    Reply,
    answer_from_json,
    answer_to_json,
)
from core.flows.texts import t
from core.message_age import MAX_MESSAGE_AGE, too_old
from webhooks.intake import RECOVER_AFTER, Intake
from webhooks.whatsapp.parse import Malformed, Status, message_event, parse, read_body
from webhooks.whatsapp.sender import OPEN_HELD, WhatsAppSender, masked
from webhooks.whatsapp.verify import signature_ok

log = logging.getLogger(__name__)

CHANNEL = Channel.WHATSAPP.value
SIGNATURE_HEADER = "X-Hub-Signature-256"


@dataclass(kw_only=True)
class WhatsAppIntake(Intake):
    """The shared inbox worker, with the flows, the sender and the app secret."""

    channel: str = CHANNEL
    handle: Handle
    sender: WhatsAppSender
    dispatcher: Dispatcher
    app_secret: str
    clock: Clock
    phone_number_id: str | None = None
    max_age: timedelta = MAX_MESSAGE_AGE
    language: str = "id"


async def receive(
    intake: WhatsAppIntake | None, body: bytes, signature: str | None
) -> tuple[int, str]:
    """One delivery from Meta -> (HTTP status, body). 200 only once every message is stored."""
    if intake is None:
        return 503, "whatsapp not configured"
    if not signature_ok(body, signature, intake.app_secret):
        return 401, "bad signature"
    try:
        batch = parse(read_body(body), intake.phone_number_id)
    except Malformed as error:
        return 400, f"not a WhatsApp webhook body: {error}"
    for item_id, problem in batch.invalid:
        # Answered 200 all the same: Meta would redeliver a refused body for days.
        log.warning("whatsapp webhook item %s skipped: %s", item_id, problem)
    arrived = intake.clock.now().isoformat()
    rows = [(key, {"message": batch.raw[key], "arrived_at": arrived}) for key, _ in batch.messages]
    # Stored in the order they were sent: the inbox hands one person's messages out in the
    # order of their rows (a location before its selfie), whichever worker takes them.
    rows.sort(key=lambda row: _sent_at(row[1]))
    try:
        new = await intake.store(rows) if rows else set()
    except intake.outages as error:  # not stored, so not acknowledged: Meta sends it again
        log.warning("whatsapp messages not stored: %s", type(error).__name__)
        return 503, "storage unavailable, deliver again later"
    for key, payload in rows:
        if key in new:
            intake.spawn(process(intake, key, payload))
    for status in batch.statuses:
        intake.spawn(_status(intake, status))
    return 200, "ok"


async def process(intake: WhatsAppIntake, key: str, payload: dict[str, Any]) -> None:
    """Claim the stored message, run it through the flows, keep and deliver what they answer."""
    _, event = message_event(payload["message"])

    async def work(received_at: datetime) -> dict[str, Any]:
        arrived = datetime.fromisoformat(payload["arrived_at"])
        answer = await handle(intake, replace(event, arrived_at=arrived), arrived)
        return {"chat": event.chat, "outcome": answer_to_json(answer)}

    await intake.run_claimed(key, payload, work)


async def handle(intake: WhatsAppIntake, event: Inbound, arrived: datetime) -> Answer:
    """One message: refused as stale, the messages held for the sender when it is the tap on
    the template that opened the conversation, else what the flows answer (delivered by the
    caller)."""
    await intake.sender.note_inbound(event.sender, event.received_at)
    if too_old(event.received_at, arrived, intake.max_age):  # the rule: core.message_age
        log.info("whatsapp message from %s arrived late: refused", masked(event.sender))
        return Answer(replies=[Reply(t(intake.language, "late_message"))])
    if event.button == OPEN_HELD:
        return await _release_held(intake, event)
    return await intake.handle(event)


async def _release_held(intake: WhatsAppIntake, event: Inbound) -> Answer:
    """The tap on "Lihat" / "Open": the window is open again, so what was held goes now, in
    order; a second tap (or one on an older template) finds nothing left."""
    held = await intake.sender.release(event.chat, event.key)
    if held:
        log.info("whatsapp: %d held message(s) released to %s", len(held), masked(event.chat))
        return Answer(replies=[replace(reply, chat=None) for reply in held])
    language = await intake.sender.language(event.chat) or intake.language
    return Answer(replies=[Reply(t(language, "held_none"))])


async def deliver_entry(
    intake: WhatsAppIntake,
    entry: dict[str, Any],
    start: int = 0,
    sent: Callable[[int], Awaitable[None]] | None = None,
) -> None:
    """An outbox entry's messages from number `start` on: replies to the sender, notices to the
    employees concerned, the toast as a short text (`core.delivery.send_in_order`)."""
    answer, chat = answer_from_json(entry["outcome"]), entry["chat"]
    steps: list[Callable[[], Awaitable[Any]]] = [
        *(
            _bound(intake.dispatcher.send, Channel.WHATSAPP, reply.chat or chat, reply)
            for reply in answer.replies
        ),
        *(
            _bound(intake.dispatcher.notify, employee_id, reply)
            for employee_id, reply in answer.notices
        ),
    ]
    # WhatsApp has no button toast: send it, unless a reply already says the same.
    if answer.toast and answer.toast not in {reply.text for reply in answer.replies}:
        steps.append(_bound(intake.sender.send_text, chat, answer.toast))
    await send_in_order(steps, start, sent)


def _bound(function: Callable[..., Awaitable[Any]], *args: Any) -> Callable[[], Awaitable[Any]]:
    return lambda: function(*args)


async def recover(intake: WhatsAppIntake, older_than: timedelta = RECOVER_AFTER) -> int:
    """Process messages stored but never processed (their worker died); return how many."""
    return await intake.recover(partial(process, intake), older_than, order=_sent_at)


async def start(intake: WhatsAppIntake) -> WhatsAppIntake:
    """Recover what a previous process left, and sweep from then on."""
    intake.deliver = partial(deliver_entry, intake)
    intake.sender_of = _sender_of
    intake.tell = partial(_tell, intake)
    # The Graph API out of reach (a timeout, a refused connection) is an outage.
    intake.outages = (*intake.outages, httpx.TransportError)
    intake.start_sweeping(partial(process, intake), order=_sent_at)
    return intake


async def stop(intake: WhatsAppIntake) -> None:
    """Finish the messages in flight."""
    await intake.drain()


async def _status(intake: WhatsAppIntake, status: Status) -> None:
    try:
        await intake.sender.on_status(status)
    except Exception as exc:  # a status is only information: never let it fail loudly
        log.error("whatsapp status could not be handled: %s", type(exc).__name__)


async def _tell(intake: WhatsAppIntake, payload: dict[str, Any], what: str) -> None:
    """Tell the sender of a stored message what became of it ("wait" or "given_up")."""
    sender = _sender_of(payload)
    if sender:
        await intake.sender.send_text(sender, t(intake.language, f"inbox_{what}"))


def _sent_at(payload: dict[str, Any]) -> int:
    try:
        return int(payload["message"]["timestamp"])
    except (KeyError, TypeError, ValueError):
        return 0


def _sender_of(payload: dict[str, Any]) -> str:
    message = payload.get("message")
    return str(message.get("from", "")) if isinstance(message, dict) else ""
