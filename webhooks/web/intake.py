"""The web channel's inbox: an action from the console (or a message from the playground's chat)
is stored, processed by the flows and answered like a chat message: exactly once, in order per
sender, what it answers kept with its completion and delivered after it (webhooks.intake).

Plain functions over a `WebIntake`, as the WhatsApp webhook's: the routes only adapt them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from core.channels import Channel
from core.clock import Clock
from core.delivery import Dispatcher, Handle, send_in_order
from core.flows.messages import (
    Inbound,
    Location,
    Media,
    Reply,
    answer_from_json,
    answer_to_json,
    number,
)
from webhooks.intake import Intake

CHANNEL = Channel.WEB.value
log = logging.getLogger(__name__)


@dataclass(kw_only=True)
class WebIntake(Intake):
    """The shared inbox worker with the flows and the dispatcher."""

    channel: str = CHANNEL
    handle: Handle
    dispatcher: Dispatcher
    clock: Clock


MEDIA_FIELDS = ("photo", "document")


def payload(sender: str, chat: str, arrived: datetime, **event: Any) -> dict[str, Any]:
    """What is stored of one web message: who, where, when, and the event's fields as JSON:
    `text`, `command`, `args`, `button`; `location` as {lat, lon, accuracy_m, live, edited};
    `photo` or `document` as {file_id, mime, size, name} (an upload, `webhooks.web.uploads`)."""
    return {"sender": sender, "chat": chat, "arrived_at": arrived.isoformat(), "event": event}


def event_of(key: str, stored: dict[str, Any]) -> Inbound:
    arrived = datetime.fromisoformat(stored["arrived_at"])
    fields = dict(stored["event"])
    fields["args"] = tuple(fields.get("args", ()))
    if fields.get("location") is not None:
        fields["location"] = _location(fields["location"], arrived)
    for kind in MEDIA_FIELDS:
        if fields.get(kind) is not None:
            fields[kind] = Media(**fields[kind])
    return Inbound(
        Channel.WEB, stored["sender"], stored["chat"], key, arrived, arrived_at=arrived, **fields
    )


def _location(raw: dict[str, Any], arrived: datetime) -> Location:
    """A browser's position, taken when it arrived (the page sends it as soon as it is read);
    a number it could not read stays NaN, so that the flows answer it as an invalid place."""
    accuracy = raw.get("accuracy_m")
    return Location(
        number(raw.get("lat")),
        number(raw.get("lon")),
        None if accuracy is None else number(accuracy),
        live=bool(raw.get("live")),
        sent_at=arrived,
        edited=bool(raw.get("edited")),
    )


async def submit(
    intake: WebIntake,
    rows: list[tuple[str, dict[str, Any]]],
    first: Callable[[], Awaitable[Any]] | None = None,
) -> list[asyncio.Task]:
    """Store the messages (in order), start each new one; the tasks end once it is answered.
    `first` runs before they start when any is new (the chat shows what was sent before its
    answer). Raises one of `intake.outages` when they could not be stored: nothing was."""
    new = await intake.store(rows)
    if new and first is not None:
        try:
            await first()
        except Exception as error:  # stored already: the answer must come all the same
            log.warning("web chat: what was sent not shown: %s", type(error).__name__)
    return [intake.spawn(process(intake, key, data)) for key, data in rows if key in new]


async def process(intake: WebIntake, key: str, stored: dict[str, Any]) -> None:
    """Claim the stored message, run it through the flows, keep and deliver what they answer."""
    event = event_of(key, stored)

    async def work(received_at: datetime) -> dict[str, Any]:
        answer = await intake.handle(event)
        return {"chat": event.chat, "outcome": answer_to_json(answer)}

    await intake.run_claimed(key, stored, work)


async def deliver_entry(
    intake: WebIntake,
    entry: dict[str, Any],
    start: int = 0,
    sent: Callable[[int], Awaitable[None]] | None = None,
) -> None:
    """Replies to the web chat, notices to the employees concerned (on their chats), the toast
    as a message unless a reply says the same."""
    answer, chat = answer_from_json(entry["outcome"]), entry["chat"]
    send, notify = intake.dispatcher.send, intake.dispatcher.notify
    steps: list[Callable[[], Awaitable[Any]]] = [
        partial(send, CHANNEL, reply.chat or chat, reply) for reply in answer.replies
    ]
    steps += [partial(notify, employee_id, reply) for employee_id, reply in answer.notices]
    if answer.toast and answer.toast not in {reply.text for reply in answer.replies}:
        steps.append(partial(send, CHANNEL, chat, Reply(answer.toast)))
    await send_in_order(steps, start, sent)


async def start(intake: WebIntake) -> WebIntake:
    """Recover what a previous process left, and sweep from then on."""
    intake.deliver = partial(deliver_entry, intake)
    intake.sender_of = lambda stored: stored.get("sender", "")
    intake.start_sweeping(partial(process, intake), order=lambda stored: stored["arrived_at"])
    return intake


async def stop(intake: WebIntake) -> None:
    await intake.drain()
