"""One inbound event being handled: who sent it, their conversation, and what to answer."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from core.clock import Clock
from core.faces.port import FaceMatcher, LivenessChecker
from core.faces.replay import ReplayGuard
from core.flows.messages import Answer, Button, Channel, Inbound, Media, Reply
from core.flows.ports import Account, Employee, Record, Work
from core.flows.state import Conversation, StateStore
from core.flows.texts import TEXTS, t, variant
from core.media import MediaStore
from core.rate_limit import RateLimiter
from core.services import accounts
from core.services.context import employee_today

log = logging.getLogger(__name__)
T = TypeVar("T")
Fetcher = Callable[[Media], Awaitable[bytes]]
# Sends one message now, outside the step's answer: (channel, chat, reply).
SendNow = Callable[[str, str, Reply], Awaitable[object]]


class MediaUnavailable(Exception):
    """A fetcher could not deliver a photo or document: "failed", "too_large" or "wrong_type"."""

    def __init__(self, reason: str = "failed") -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FlowConfig:
    """Technical limits of the flows; the evidence a clock-in needs (accuracy, the age of a
    location, the selfie's window) is the policy's (core.policy.Policy)."""

    max_photo_bytes: int = 10 * 1024 * 1024
    max_document_bytes: int = 20 * 1024 * 1024  # what a Telegram bot may download at all
    code_attempts_per_hour: int = 5
    language: str = "id"
    # A face verdict slower than this is announced first: "diterima 07:28, sedang diperiksa"
    # (core.flows.face_wait). Long enough that an idle server answers at once with the verdict.
    interim_after_s: float = 2.0


@dataclass
class FlowDeps:
    uow: Callable[[], Work]
    clock: Clock
    state: StateStore
    limits: RateLimiter
    media: MediaStore
    faces: FaceMatcher | None = None
    replay: ReplayGuard | None = None
    fetchers: dict[Channel, Fetcher] = field(default_factory=dict)
    config: FlowConfig = field(default_factory=FlowConfig)
    # Secrets from the composition root: the HMAC key of activation codes and the cipher of
    # face encodings at rest (a Fernet, handed to `Store.face_references`).
    code_key: bytes = b""
    face_cipher: Any = None
    # The key of receipt codes (RECEIPT_KEY, core.receipts); None: no receipts are given.
    receipt_key: bytes | None = None
    # The liveness video check on the face workers (core.faces.port.LivenessChecker) where
    # the face extra is installed; None: no check-in asks for a video.
    liveness: LivenessChecker | None = None
    # Sends a message before the step's answer (the channels' dispatcher); None: no such
    # message, the answer alone.
    send_now: SendNow | None = None
    # The web console's sign-in link for an employee at an instant (a URL with a signed,
    # single-use token: core.console_auth); None: no console on this server.
    console_link: Callable[[int, datetime], str] | None = None
    # The console as a Telegram Mini App (PUBLIC_URL/admin/tg, over HTTPS): the menu button of
    # heads and admins opens it. None: the menu button stays the command menu.
    console_app: str | None = None
    # The random draws of the flows (which check-in asks for a video, its challenge).
    rng: random.Random = field(default_factory=random.SystemRandom)


class Speaker(Protocol):
    """What writes a message in one language: the turn (the sender's) or a `Voice`."""

    @property
    def language(self) -> str: ...

    def text(self, key: str, **values: object) -> str: ...

    def button(self, key: str, data: str) -> Button: ...


@dataclass(frozen=True)
class Voice:
    """Texts in a notice's recipient's language (`Turn.speaking_to`), not the sender's."""

    language: str

    def text(self, key: str, **values: object) -> str:
        return t(self.language, key, **values)

    def button(self, key: str, data: str) -> Button:
        return Button(self.text(key), data)


@dataclass
class Turn:
    event: Inbound
    deps: FlowDeps
    language: str
    account: Account | None = None
    employee: Employee | None = None
    conversation: Conversation | None = None
    answer: Answer = field(default_factory=Answer)
    # The conversation changed in this turn: the runner keeps it when the turn ends, together
    # with the answer, so that a crash in the middle leaves the state the event found.
    changed: bool = False
    # What the runner's account query read ahead (the organisation's version, the employee's
    # assignments, whether a face is enrolled): the step's first `db` takes it as read.
    ahead: Any = None

    @property
    def roles(self) -> set[str]:
        return self.employee.role_set if self.employee else set()

    @property
    def me(self) -> Record:
        """The sender's employee record, in a turn the runner let through linked (it answers
        unlinked senders itself). Typed `Record`: the flows read it as `ports.Employee` and
        hand it on to use cases, which take the storage's row."""
        if self.employee is None:
            raise LookupError("this step needs a linked employee")
        return self.employee

    @property
    def data(self) -> dict[str, Any]:
        """The open step's data; the runner calls a step's handler only while it is open."""
        if self.conversation is None:
            raise LookupError("no open step")
        return self.conversation.data

    @property
    def step(self) -> str | None:
        return self.conversation.step if self.conversation else None

    def text(self, key: str, **values: object) -> str:
        return t(self.language, variant(key, self.event.can.wording), **values)

    def say(self, key: str, **values: object) -> Reply:
        return self.reply(Reply(self.text(key, **values)))

    async def say_now(self, key: str, **values: object) -> None:
        """Send a message at once, before the step's answer. Outside the answer's outbox: a
        message processed again after a crash may send it twice, so it only ever says that
        something is under way; a failure to send is logged, never the step's."""
        send = self.deps.send_now
        if send is None:
            return
        reply = Reply(self.text(key, **values))
        try:
            await send(self.event.channel.value, self.event.chat, reply)
        except Exception as error:  # the answer still comes; this one is a courtesy
            log.warning("a message before the answer was not sent: %s", type(error).__name__)

    def got(self) -> str:
        """What the message is, in words, for "a selfie was asked for, not {got}"."""
        event = self.event
        if event.unsupported:
            key = f"kind_{event.unsupported}"
            return self.text(key if key in TEXTS else "kind_unknown")
        if event.location is not None:
            return self.text("got_location")
        return self.text(
            "got_photo" if event.photo else "got_document" if event.document else "got_text"
        )

    def reply(self, reply: Reply) -> Reply:
        self.answer.replies.append(reply)
        return reply

    def notify(self, employee_id: int, reply: Reply) -> None:
        """Send `reply` to another employee: write it with `speaking_to(employee_id)`."""
        self.answer.notices.append((employee_id, reply))

    async def speaking_to(self, employee_id: int) -> Voice:
        """The recipient's language for a notice (`accounts.language_of`): a decision, a
        request or a note is read in the language its reader chose, not the sender's."""
        default = self.deps.config.language

        def read() -> str:
            with self.deps.uow() as uow:
                language = accounts.language_of(uow, employee_id, default)
                uow.end()
                return language

        return Voice(await asyncio.to_thread(read))

    def menu(self, key: str, **values: object) -> Reply:
        """A reply that puts the main keyboard back."""
        return self.menu_text(self.text(key, **values))

    def menu_text(self, text: str, **extra: Any) -> Reply:
        keyboard = (
            (self.text("btn_in"), self.text("btn_out")),
            (self.text("btn_leave"), self.text("btn_status")),
        )
        return self.reply(Reply(text, keyboard=keyboard, **extra))

    def button(self, key: str, data: str) -> Button:
        return Button(self.text(key), data)

    async def remember(self, step: str, **data: Any) -> None:
        """Open (or update) a step; kept when the turn ends (`FlowRunner.handle`)."""
        self.conversation = Conversation(step, data)
        self.changed = True

    async def forget(self) -> None:
        """Close the step; kept when the turn ends."""
        self.conversation = None
        self.changed = True

    def now(self) -> datetime:
        """The time that counts: when the delivery reached the server. A message processed
        late (after a crash, or once a service is back) is judged as it arrived."""
        return self.event.arrived_at or self.deps.clock.now()

    async def today(self) -> date:
        """Today on the wall clock of the employee's unit, never the UTC date: at 06:30 WIB
        (23:30 UTC) "hari ini" is already the new day."""
        now, employee = self.now(), self.me
        return await self.db(lambda uow: employee_today(uow, employee, now))

    async def db(self, work: Callable[[Work], T]) -> T:
        """Run `work` in one transaction, off the event loop, committed if it wrote anything
        (a transaction that only read ends without a COMMIT).

        It takes the sender's employee as read (`UnitOfWork.adopt`) and, in the step's first
        call, what the account query read ahead: neither is read again. No connection is held
        between calls: a turn waits on Redis and the network in between, and a pool held
        across those waits runs dry under a burst (every thread waiting for a connection that
        a turn waiting for a thread holds).
        """
        ahead, self.ahead = self.ahead, None
        employee = self.employee

        def run() -> T:
            with self.deps.uow() as uow:
                if ahead:
                    uow.carry_on(ahead)
                if employee is not None:
                    uow.adopt(employee)
                result = work(uow)
                uow.end()
                return result

        return await asyncio.to_thread(run)

    async def fetch(self, media: Media) -> bytes:
        """The media's bytes; when the channel cannot deliver them, tell the user and stop."""
        try:
            return await self.deps.fetchers[self.event.channel](media)
        except MediaUnavailable as error:
            # The step stays open (nothing was recorded): the runner ends the turn here.
            limit = self.deps.config.max_document_bytes // (1024 * 1024)
            self.say(f"media_{error.reason}", limit=limit)
            raise
