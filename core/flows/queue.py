"""/antrian: the requests waiting for the sender's decision, the oldest first, each with its
Approve / Reject buttons (`core.flows.approval_card`), and approving several at once.

Who is asked to decide what is the service's rule (`core.services.approval_queue.queue`): the
approver, their substitute while one is named, the next level once escalated. Approving
several at once works alike on every channel: a button under the list, "Setujui semua yang
tampil" (`aq:` and the numbers shown, so it approves exactly what was shown, never a request
that arrived since), or typed numbers, `/antrian setujui 12 15 L7`. Each request is decided in
its own transaction by the approval's own rule (`core.flows.approval.KINDS`): one refused
(decided meanwhile from another chat, one's own, not one's to decide, no longer recordable)
leaves the others approved, and each is answered on its own line.
"""

from __future__ import annotations

import re
from typing import Any

from core.flows import approval, missed
from core.flows.approval_card import MISSED_MARK, card, ref
from core.flows.messages import Button, Reply
from core.flows.missed import _why as why_missed
from core.flows.ports import Work
from core.flows.turn import Turn
from core.ids import MAX_ROW_ID
from core.services import approval_queue
from core.services.absences import AbsenceRefused, MonthLocked, may_decide
from core.services.context import NotFound
from core.services.missed import MissedRefused

BUTTON = "aq"
PAGE = 10  # requests shown at a time: ten messages with buttons is a screenful
DATA_MAX = 64  # bytes of a Telegram button's data; WhatsApp allows 256
MAX_REFS = 20  # numbers typed at once
APPROVE_WORDS = {"setujui", "approve", "ok"}
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

Ref = tuple[bool, int]  # (a missed record, its id)


async def antrian(turn: Turn) -> None:
    """/antrian, or /antrian setujui 12 15 L7."""
    args = turn.event.args
    if not args:
        await _show(turn)
        return
    refs = _typed(args[1:]) if args[0].lower() in APPROVE_WORDS else None
    if not refs:
        turn.say("queue_usage")
        return
    await _approve(turn, refs)


async def pick(turn: Turn) -> None:
    """The "approve all shown" button (aq:...)."""
    refs = decode((turn.event.button or "").partition(":")[2])
    if not refs:
        turn.answer.toast = turn.text("unknown_button")
        turn.say("unknown_button")
        return
    await _approve(turn, refs)


async def _show(turn: Turn) -> None:
    me, now, language = turn.me, turn.now(), turn.language

    def load(uow: Work):
        items = approval_queue.queue(uow, me, now)
        shown = _fitting(items[:PAGE])
        return len(items), shown, [card(uow, item, language, me.id) for item in shown]

    total, shown, cards = await turn.db(load)
    if not total:
        turn.menu("queue_empty")
        return
    turn.say("queue_header", count=total)
    for reply in cards:
        turn.reply(reply)
    if total > len(shown):
        turn.say("queue_more", shown=len(shown), more=total - len(shown))
    example = " ".join(ref(item) for item in shown[:3])
    everything = Button(turn.text("btn_queue_all", count=len(shown)), _data(shown))
    turn.reply(Reply(turn.text("queue_bulk", example=example), buttons=((everything,),)))


def _fitting(items: list) -> list:
    """The first requests whose numbers fit in one button's data."""
    while len(_data(items).encode()) > DATA_MAX:
        items = items[:-1]
    return items


def _data(items: list) -> str:
    return f"{BUTTON}:" + encode([(item.missed, item.row.id) for item in items])


def encode(refs: list[Ref]) -> str:
    """Numbers in base 36, a missed record's after "-", joined by dots: "c.-7.f"."""
    return ".".join(("-" if is_missed else "") + _base36(number) for is_missed, number in refs)


def decode(data: str) -> list[Ref]:
    """What `encode` wrote; [] for anything else."""
    refs: list[Ref] = []
    for token in data.split("."):
        match = re.fullmatch(r"(-?)([0-9a-z]{1,6})", token)
        if match is None:
            return []
        number = int(match[2], 36)
        if not 0 < number <= MAX_ROW_ID:
            return []
        refs.append((bool(match[1]), number))
    return list(dict.fromkeys(refs)) if len(refs) <= MAX_REFS else []


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = DIGITS[rest] + digits
        if not number:
            return digits


def _typed(words: tuple[str, ...] | list[str]) -> list[Ref]:
    """Typed numbers ("12", "#15", "L7", "12,15"); [] when one is unreadable or too many."""
    refs: list[Ref] = []
    for word in " ".join(words).replace(",", " ").split():
        match = re.fullmatch(rf"#?({MISSED_MARK}?)(\d{{1,9}})", word.upper())
        if match is None or not 0 < int(match[2]) <= MAX_ROW_ID:
            return []
        refs.append((bool(match[1]), int(match[2])))
    return list(dict.fromkeys(refs)) if len(refs) <= MAX_REFS else []


async def _approve(turn: Turn, refs: list[Ref]) -> None:
    """Approve each in its own transaction; one line per request, a notice to each employee
    whose request was approved."""
    lines = [turn.text("queue_done")]
    for is_missed, number in refs:
        line, done = await _approve_one(turn, is_missed, number)
        lines.append(line)
        if done is not None:
            kind = approval.KINDS[missed.KIND if is_missed else ""]
            decided, code = done
            turn.notify(*await kind.notice(turn, decided, True, "", code))
    # No toast: the lines say it, and WhatsApp would show a toast as one more message.
    turn.reply(Reply("\n".join(lines)))


async def _approve_one(turn: Turn, is_missed: bool, number: int):
    """(the request's line, what the approval decided or None)."""
    kind = approval.KINDS[missed.KIND if is_missed else ""]
    shown = f"{MISSED_MARK}{number}" if is_missed else str(number)
    me = turn.me

    def work(uow: Work) -> tuple[str, str, Any]:
        row = kind.load(uow, number)
        if row is None or (row.employee_id != me.id and not may_decide(uow, row, me)):
            return "unknown", "", None  # another's request: neither its name nor its state
        name = uow.employee(row.employee_id).name
        if row.employee_id == me.id:
            return "own", name, None
        try:
            return "approved", name, kind.decide_with_receipt(turn, uow, number, me.id, True, "")
        except MissedRefused as refused:  # the record can no longer be written
            uow.rollback()
            return "unrecordable", name, refused.refusal
        except MonthLocked as locked:  # its month locked since it was filed: still waiting
            uow.rollback()
            return "locked", name, locked.day
        except AbsenceRefused:  # decided meanwhile (another chat), or not the sender's
            uow.rollback()
            status = kind.load(uow, number).status
            return ("not_allowed", name, None) if status == "pending" else ("decided", name, status)

    try:
        outcome, name, found = await turn.db(work)
    except NotFound:
        outcome, name, found = "unknown", "", None
    values = {"ref": shown, "name": name}
    if outcome == "approved":
        return turn.text("queue_done_approved", **values), found
    if outcome == "decided":
        status = turn.text(f"status_{found}")
        return turn.text("queue_done_decided", **values, status=status), None
    if outcome == "locked":
        return turn.text("queue_done_locked", **values, month=found.strftime("%m-%Y")), None
    if outcome == "unrecordable":
        return turn.text("queue_done_unrecordable", **values, why=why_missed(turn, found)), None
    return turn.text(f"queue_done_{outcome}", **values), None
