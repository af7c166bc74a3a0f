"""The flow runner: one entry point for every channel; routes each event to its step."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress

from core.flows import (
    acara,
    admin,
    admins,
    approval,
    cancel_request,
    clocking,
    console_link,
    correct,
    delegate,
    enroll,
    fault,
    history,
    izin_offer,
    language,
    leave,
    leave_travel,
    live_track,
    lkh,
    manual,
    missed,
    my_recap,
    outage,
    queue,
    recap_chat,
    receipt,
    register,
    review,
    submit,
    summary,
)
from core.flows.commands import allowed, help_command
from core.flows.messages import Answer, Inbound, Reply
from core.flows.texts import TEXTS
from core.flows.turn import FlowDeps, MediaUnavailable, SendNow, Turn
from core.services import accounts

log = logging.getLogger(__name__)
Handler = Callable[[Turn], Awaitable[None]]

COMMANDS: dict[str, Handler] = {
    "masuk": clocking.begin_in,
    "pulang": clocking.begin_out,
    "izin": leave.begin,
    "status": summary.status,
    "rekap": summary.daily,
    "rekapbulan": recap_chat.month,
    "wajah": enroll.begin,
    "kode": admin.run,
    "reset": admin.run,
    "blokir": admin.run,
    "buka": admin.run,
    "tinjau": review.flagged,
    "manual": manual.record,
    "koreksi": correct.correct,
    "servermati": outage.declare_outage,
    "riwayat": history.history,
    "rekapsaya": my_recap.my_recap,
    "bahasa": language.language,
    "admin": admins.admin,
    "lupaabsen": missed.begin,
    "kirimrekap": submit.submit,
    "gangguan": fault.report,
    "lkh": lkh.begin,
    "antrian": queue.antrian,
    "wakil": delegate.wakil,
    "acara": acara.acara,
    "cek": receipt.check,
    "web": console_link.web,
}
KEYBOARD: dict[str, Handler] = {
    "btn_in": clocking.begin_in,
    "btn_out": clocking.begin_out,
    "btn_leave": leave.begin,
    "btn_status": summary.status,
}
BUTTONS: dict[str, Handler] = {
    "lt": leave.pick,
    "ap": approval.decide_button,
    "rj": approval.decide_button,
    "lm": missed.button,
    "ad": leave_travel.approve_button,  # approve an official travel with another destination
    "fa": enroll.decide_button,
    "fr": enroll.decide_button,
    "fe": enroll.done,
    cancel_request.BUTTON: cancel_request.pick,
    fault.BUTTON: fault.declare_button,
    "lk": lkh.pick,
    "lv": lkh.decide_button,
    "lr": lkh.decide_button,
    review.BUTTON: review.button,
    izin_offer.BUTTON: izin_offer.press,
    queue.BUTTON: queue.pick,
    acara.UNITS_BUTTON: acara.units_button,
    acara.SAVE_BUTTON: acara.confirm_button,
}
STEPS: dict[str, Handler] = {
    "register.identity": register.identity,
    "register.proof": register.proof,
    "clock.location": clocking.location,
    "clock.selfie": clocking.selfie,
    "clock.video": clocking.video,
    "leave.dates": leave.dates,
    "leave.reason": leave.reason,
    "leave.destination": leave.destination,
    "leave.evidence": leave.evidence,
    approval.REJECT_STEP: approval.reject_reason,
    missed.DAY: missed.day,
    missed.DIRECTION: missed.typed_direction,
    missed.TIME: missed.clock,
    missed.REASON: missed.reason,
    missed.EVIDENCE: missed.evidence,
    missed.CONFIRM: missed.confirm,
    "leave.approve_destination": leave_travel.approve_destination,
    "enroll.photos": enroll.photo,
    "lkh.lines": lkh.lines,
    "lkh.evidence": lkh.evidence,
    "lkh.confirm": lkh.evidence,  # one more file, or the summary again
    "lkh.return_note": lkh.return_note,
    review.REJECT_STEP: review.reject_reason,
    acara.NAME: acara.name,
    acara.WINDOW: acara.window,
    acara.RADIUS: acara.radius,
    acara.UNITS: acara.units_typed,
    acara.WHERE: acara.location,
    acara.CONFIRM: acara.confirm_typed,
}


class FlowRunner:
    """`await runner.handle(event)` -> what to answer; state lives in Redis, not here."""

    def __init__(self, deps: FlowDeps) -> None:
        self.deps = deps

    async def handle(self, event: Inbound) -> Answer:
        """Answer one event, idempotently by its delivery key.

        The work comes first; the conversation's new state and the answer are then kept in one
        step (`StateStore.finish`). A crash before that leaves no trace but records deduplicated
        by the same key (attendance, absences), so the replay does the same work and gives the
        same answer. An error propagates and keeps nothing. An event handled before gets its
        answer back with `repeated` set: the caller delivers it only if it never did (the
        inbox's outbox knows).
        """
        state = self.deps.state
        done = await state.done(event.key)
        if done is not None:
            done.repeated = True
            return done
        turn = await self._turn(event)
        # MediaUnavailable: Turn.fetch said what to do, nothing was recorded. Any other error
        # (the database or Redis down, a bug) keeps nothing and goes to the caller: the inbox
        # tries the event again, as its cause deserves.
        with suppress(MediaUnavailable):
            await route(turn)
        await state.finish(
            event.key,
            event.channel,
            event.sender,
            turn.conversation,
            turn.answer,
            changed=turn.changed,
        )
        return turn.answer

    def send_early_with(self, send: SendNow) -> None:
        """The channels' way to send a message before a step's answer (the dispatcher's
        `send`), known only once the composition root has built the senders."""
        self.deps.send_now = send

    async def aclose(self) -> None:
        """Release the face workers, if any were started."""
        close = getattr(self.deps.faces, "aclose", None)
        if close is not None:
            await close()

    async def chat_of(self, employee_id: int) -> list[tuple[str, str]]:
        """Where notices for an employee go: each linked chat."""

        def find():
            with self.deps.uow() as uow:
                return accounts.chats_of(uow, employee_id)

        return [(c, chat) for c, chat, _ in await asyncio.to_thread(find)]  # any channel

    async def _turn(self, event: Inbound) -> Turn:
        if _is_live_update(event):
            # A live location's later position only extends the open step's track (`route`):
            # no account is read for it, every few seconds while a location is shared.
            conversation = await self.deps.state.get(event.channel, event.sender)
            return Turn(event, self.deps, self.deps.config.language, conversation=conversation)

        conversation = await self.deps.state.get(event.channel, event.sender)

        def load():
            with self.deps.uow() as uow:
                found = accounts.linked(uow, event.channel.value, event.sender)
                # What the account query read ahead goes on to the step's first `Turn.db`.
                return uow.carried(), found

        ahead, found = await asyncio.to_thread(load)
        account, employee = found if found else (None, None)
        language = account.language if account else _language(event, self.deps.config.language)
        return Turn(event, self.deps, language, account, employee, conversation, ahead=ahead)


def _is_live_update(event: Inbound) -> bool:
    return event.location is not None and event.location.edited


def _language(event: Inbound, default: str) -> str:
    return "en" if (event.language or "").startswith("en") else default


async def route(turn: Turn) -> None:
    """Pick the handler: live-location updates, commands, buttons, keyboard, the open step."""
    event = turn.event
    if _is_live_update(event):
        # Kept from the request for a location to the selfie: a live location shared before
        # the clock-in's own one shows where the phone came from (core.track: a teleport).
        if turn.step in ("clock.location", "clock.selfie", "clock.video"):
            await live_track.keep(turn)
        return  # a live location keeps updating for its period: no answer each time
    if event.command == "start":
        await register.start(turn)
        return
    if event.command in ("bantuan", "help"):
        await help_command(turn)
        return
    if turn.employee is None:
        if turn.step in ("register.identity", "register.proof"):
            return await STEPS[turn.step](turn)
        turn.say("not_linked")
        return
    if turn.employee.blocked:
        return await register.refuse_blocked(turn)
    if turn.employee.left_on is not None and turn.employee.left_on <= await turn.today():
        return register.refuse_left(turn)
    handler = _handler(turn)
    if handler is not None:
        return await handler(turn)
    if event.unsupported:
        text = turn.text("unsupported", kind=turn.got(), hint=turn.text("menu_hint"))
        # The hint names the menu's choices: show them where no keyboard stays on screen.
        if event.can.lasting_keyboard:
            turn.reply(Reply(text))
        else:
            turn.menu_text(text)
        return
    turn.menu("menu_hint")


def _handler(turn: Turn) -> Handler | None:
    event = turn.event
    if event.command == "batal":  # a step in progress, or a pending request
        return cancel_request.cancel
    if event.command:
        if event.command in COMMANDS and allowed(event.command, turn.roles):
            return COMMANDS[event.command]
        return _not_allowed if event.command in COMMANDS else None
    if event.button:
        return BUTTONS.get(event.button.split(":", 1)[0], _unknown_button)
    typed = (event.text or "").strip().lower()
    for key, handler in KEYBOARD.items():
        if typed in (label.lower() for label in TEXTS[key]):
            return handler
    return STEPS.get(turn.step or "")


async def _not_allowed(turn: Turn) -> None:
    # A command may say who may use it and under which rule (`not_allowed_<command>`).
    specific = f"not_allowed_{turn.event.command}"
    turn.say(specific if specific in TEXTS else "not_allowed")


async def _unknown_button(turn: Turn) -> None:
    turn.answer.toast = turn.text("unknown_button")
    turn.say("unknown_button")
