"""The WhatsApp webhook's logic: check, store, answer 200, then run each message through the flows.

Plain functions over a `WhatsAppIntake`; the FastAPI route only adapts them. Each message of a
body is committed to the inbox (keyed by its message id) before the 200 goes back, so Meta's
redeliveries and a crash both end with every message handled exactly once. Statuses are logged
and never stored: they report on what we sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from core.clock import Clock
from core.flows.messages import Channel, Inbound, Outcome, Reply
from core.flows.texts import t
from core.services import inbox
from core.storage.uow import UnitOfWork
from webhooks.whatsapp.parse import Malformed, Status, message_event, parse, read_body
from webhooks.whatsapp.sender import WhatsAppSender, masked
from webhooks.whatsapp.verify import signature_ok

log = logging.getLogger(__name__)

CHANNEL = Channel.WHATSAPP.value
SIGNATURE_HEADER = "X-Hub-Signature-256"
# A row unprocessed for this long lost its worker; younger rows may be in another worker's hands.
RECOVER_AFTER = timedelta(minutes=2)
SWEEP_EVERY_S = 60.0
# Raw messages hold positions and identity numbers: keep them only while redelivery matters. A
# redelivery later than this (Meta retries for days) is refused as stale, never judged again.
KEEP_FOR = timedelta(days=2)
DRAIN_TIMEOUT_S = 30.0
RECOVER_BATCH = 1000

Forward = Callable[[Channel, str, Reply], Awaitable[Any]]


class Runner(Protocol):
    async def handle(self, event: Inbound) -> Outcome: ...

    async def chat_of(self, employee_id: int) -> list[tuple[Channel, str]]: ...


@dataclass
class WhatsAppIntake:
    """What the webhook needs: the flows, the sender, the inbox, the secret, the work in flight."""

    runner: Runner
    sender: WhatsAppSender
    units: Callable[[], UnitOfWork]
    app_secret: str
    clock: Clock
    phone_number_id: str | None = None
    max_age: timedelta = timedelta(minutes=10)
    language: str = "id"
    forward: Forward | None = None  # notices for chats on other channels (Telegram)
    shared: bool = False  # the runner also serves another channel, which closes it
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    holders: Counter[str] = field(default_factory=Counter)
    sweeper: asyncio.Task[None] | None = None


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
    arrived = intake.clock.now().isoformat()
    rows = [(key, {"message": batch.raw[key], "arrived_at": arrived}) for key, _ in batch.messages]
    new = await asyncio.to_thread(_store, intake, rows) if rows else set()
    # Spawned in the body's order; each takes its sender's lock before any await, so one
    # person's messages are handled in the order they were sent (a location before its selfie).
    for key, payload in sorted(rows, key=lambda row: _sent_at(row[1])):
        if key in new:
            spawn(intake, process(intake, key, payload))
    for status in batch.statuses:
        spawn(intake, _status(intake, status))
    return 200, "ok"


def spawn(intake: WhatsAppIntake, work: Any) -> asyncio.Task[Any]:
    """Run work in the background, owned by the intake so that shutdown can wait for it."""
    task = asyncio.create_task(work)
    intake.tasks.add(task)
    task.add_done_callback(intake.tasks.discard)
    return task


async def process(intake: WhatsAppIntake, key: str, payload: dict[str, Any]) -> None:
    """Claim the stored message, run it through the flows, mark the row done or failed."""
    _, event = message_event(payload["message"])
    async with _in_order(intake, event.sender):
        row_id = await asyncio.to_thread(_claim, intake, key)
        if row_id is None:
            return  # processed already, given up, or another worker has it
        try:
            await handle(intake, event, datetime.fromisoformat(payload["arrived_at"]))
            error = None
        except Exception as exc:  # keep the row for another try; name the failure, not the text
            error = type(exc).__name__
            log.error("whatsapp message %s could not be processed: %s", key[-8:], error)
        await asyncio.to_thread(_finish, intake, row_id, error)


async def handle(intake: WhatsAppIntake, event: Inbound, arrived: datetime) -> None:
    """One message: refuse it as stale, or run the flows and deliver what they answer."""
    await intake.sender.note_inbound(event.sender, event.received_at)
    if (arrived - event.received_at).total_seconds() > intake.max_age.total_seconds():
        # Evidence must be fresh: a message Meta delivers late is not judged, the user resends.
        log.info("whatsapp message from %s arrived late: refused", masked(event.sender))
        await intake.sender.send_text(event.chat, t(intake.language, "late_message"))
        return
    outcome = await intake.runner.handle(event)
    await deliver(intake, event, outcome)


async def deliver(intake: WhatsAppIntake, event: Inbound, outcome: Outcome) -> None:
    """Replies to the sender, notices to the employees concerned, the toast as a short text."""
    for reply in outcome.replies:
        await intake.sender.send(reply.chat or event.chat, reply)
    for employee_id, reply in outcome.notices:
        await notify(intake, employee_id, reply)
    # WhatsApp has no button toast: send it, unless a reply already says the same.
    if outcome.toast and outcome.toast not in {reply.text for reply in outcome.replies}:
        await intake.sender.send_text(event.chat, outcome.toast)


async def notify(intake: WhatsAppIntake, employee_id: int, reply: Reply) -> None:
    """A notice to every chat the employee is reachable on; other channels through `forward`."""
    chats = await intake.runner.chat_of(employee_id)
    for channel, chat in chats:
        if channel == Channel.WHATSAPP:
            await intake.sender.send(chat, reply, purpose="notice")
        elif intake.forward is not None:
            await intake.forward(channel, chat, reply)
        else:
            log.warning("no sender for %s notices; one notice not delivered", channel.value)
    if not chats:
        log.info("notice for an employee with no chat account: not delivered")


def forward_hook(intake: WhatsAppIntake) -> Forward:
    """What another channel's adapter calls to deliver a notice to a WhatsApp chat."""

    async def forward(channel: Channel, chat: str, reply: Reply) -> Any:
        if channel == Channel.WHATSAPP:
            return await intake.sender.send(chat, reply, purpose="notice")
        log.warning("no sender for %s notices; one notice not delivered", channel.value)
        return False

    return forward


async def recover(intake: WhatsAppIntake, older_than: timedelta = RECOVER_AFTER) -> int:
    """Process messages stored but never processed (their worker died); return how many."""
    rows = await asyncio.to_thread(_orphans, intake, older_than)
    for key, payload in sorted(rows, key=lambda row: _sent_at(row[1])):
        spawn(intake, process(intake, key, payload))
    if rows:
        log.warning("recovering %d stored whatsapp messages", len(rows))
    return len(rows)


async def sweep_forever(intake: WhatsAppIntake, every_s: float = SWEEP_EVERY_S) -> None:
    """Now and then: recover lost messages and drop old ones."""
    while True:
        await asyncio.sleep(every_s)
        try:
            await recover(intake)
            await asyncio.to_thread(_purge, intake)
        except Exception as exc:  # a database hiccup: try again next round
            log.error("whatsapp inbox sweep failed: %s", type(exc).__name__)


async def start(intake: WhatsAppIntake) -> WhatsAppIntake:
    """Recover what a previous process left, and sweep from then on."""
    spawn(intake, recover(intake))
    intake.sweeper = asyncio.create_task(sweep_forever(intake))
    return intake


async def stop(intake: WhatsAppIntake) -> None:
    """Finish the messages in flight."""
    if intake.sweeper is not None:
        intake.sweeper.cancel()
        with suppress(asyncio.CancelledError):
            await intake.sweeper
    while intake.tasks:  # recovery spawns more work: wait until none is left
        _, waiting = await asyncio.wait(set(intake.tasks), timeout=DRAIN_TIMEOUT_S)
        if waiting:
            log.warning("%d whatsapp messages still running at shutdown", len(waiting))
            break


async def _status(intake: WhatsAppIntake, status: Status) -> None:
    try:
        await intake.sender.on_status(status)
    except Exception as exc:  # a status is only information: never let it fail loudly
        log.error("whatsapp status could not be handled: %s", type(exc).__name__)


@asynccontextmanager
async def _in_order(intake: WhatsAppIntake, who: str) -> AsyncIterator[None]:
    """One message at a time per sender, in arrival order."""
    lock = intake.locks.setdefault(who, asyncio.Lock())
    intake.holders[who] += 1
    try:
        async with lock:
            yield
    finally:
        intake.holders[who] -= 1
        if intake.holders[who] == 0:
            del intake.holders[who], intake.locks[who]


def _sent_at(payload: dict[str, Any]) -> int:
    try:
        return int(payload["message"]["timestamp"])
    except (KeyError, TypeError, ValueError):
        return 0


def _store(intake: WhatsAppIntake, rows: list[tuple[str, dict[str, Any]]]) -> set[str]:
    """Store the body's messages in one transaction; the keys that were new."""
    with intake.units() as uow:
        new = {key for key, payload in rows if inbox.store(uow, CHANNEL, key, payload)}
        uow.commit()
    return new


def _claim(intake: WhatsAppIntake, key: str) -> int | None:
    with intake.units() as uow:
        row = inbox.claim(uow, CHANNEL, key)
        uow.commit()
    return row.id if row is not None else None


def _finish(intake: WhatsAppIntake, row_id: int, error: str | None) -> None:
    with intake.units() as uow:
        if error is None:
            inbox.mark_done(uow, row_id)
        else:
            inbox.mark_failed(uow, row_id, error)
        uow.commit()


def _orphans(intake: WhatsAppIntake, older_than: timedelta) -> list[tuple[str, dict[str, Any]]]:
    with intake.units() as uow:
        cutoff = uow.now() - older_than
        rows = inbox.pending(uow, CHANNEL, limit=RECOVER_BATCH, received_before=cutoff)
        return [(row.key, row.payload) for row in rows]


def _purge(intake: WhatsAppIntake) -> None:
    with intake.units() as uow:
        inbox.purge(uow, uow.now() - KEEP_FOR)
        uow.commit()
