"""/batal: drop the step in progress, or withdraw one's own request still waiting for a decision.

`/batal` while a step is open closes it, as it always did. Otherwise it lists the sender's
pending requests, absences and missed records (`/lupaabsen`), with a button each (`cx:12`,
`cx:L7`: a missed record's number has the "L" of `/antrian`, core.flows.approval_card);
`/batal 12` or `/batal L7` cancels one directly. The rule (only
one's own, only while pending) is the service's (`core.services.cancel_request`). The approver's
message with the Approve / Reject buttons is replaced by a note that it was cancelled: edited
where the channel can (Telegram), sent as a new message elsewhere (WhatsApp).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from core.flows import missed
from core.flows.approval_card import MISSED_MARK
from core.flows.commands import cancel as cancel_step
from core.flows.leave import _label as label
from core.flows.leave import _span as span
from core.flows.leave import approval_tag
from core.flows.messages import Button, Reply
from core.flows.ports import Work
from core.flows.texts import t
from core.flows.turn import Turn
from core.ids import row_id
from core.services.cancel_request import (
    CANCELLED,
    AlreadyDecided,
    Request,
    cancel_request,
    pending_requests,
    told_of_cancel,
)
from core.services.context import NotFound, employee_zone
from core.storage.tables import AttendanceRequestRow

BUTTON = "cx"


async def cancel(turn: Turn) -> None:
    """/batal [ID]."""
    args = turn.event.args
    if args:
        await _cancel(turn, args[0] if len(args) == 1 else "")
    elif turn.step is not None:
        await cancel_step(turn)
    else:
        await _offer(turn)


async def pick(turn: Turn) -> None:
    """A request's button from the /batal list (cx:ID)."""
    await _cancel(turn, (turn.event.button or "").partition(":")[2])


async def _offer(turn: Turn) -> None:
    """The sender's pending requests, each with its button."""
    me = turn.me

    def load(uow: Work):
        rows = pending_requests(uow, me.id)
        approvers = {r.approver_id for r in rows if r.approver_id}
        names = {a: uow.employee(a).name for a in approvers if uow.employee(a)}
        return rows, names, _zone(uow, me)

    rows, names, zone = await turn.db(load)
    if not rows:
        turn.menu("cancel_none")
        return
    lines = [turn.text("cancel_list")]
    for row in rows:
        approver = names.get(row.approver_id) or "admin"
        lines.append(
            turn.text("cancel_line", **_values(row, turn.language, zone), approver=approver)
        )
    buttons = tuple(
        (Button(turn.text("btn_cancel_request", id=ref(row)), f"{BUTTON}:{ref(row)}"),)
        for row in rows
    )
    turn.reply(Reply("\n".join(lines), buttons=buttons))


def ref(row: Request) -> str:
    """The request's number as the employee reads and types it: "12", "L7" for a missed record."""
    return f"{MISSED_MARK}{row.id}" if isinstance(row, AttendanceRequestRow) else str(row.id)


def parse_ref(raw: str) -> tuple[int | None, bool]:
    """'12' -> (12, False); 'L7' (or 'l7', '#L7') -> (7, True): the id and whether it is a
    missed record's."""
    text = raw.strip().lstrip("#")
    is_missed = text[:1].upper() == MISSED_MARK
    return row_id(text[1:] if is_missed else text), is_missed


def _values(row: Request, language: str, zone: ZoneInfo) -> dict:
    """The request's number, kind and dates as every /batal text names them."""
    if isinstance(row, AttendanceRequestRow):
        what = t(language, f"manual_what_{row.direction}")
        at = f"{row.work_date:%d-%m-%Y} {row.at.astimezone(zone):%H:%M}"
        return {"id": ref(row), "code": t(language, "cancel_missed_code", what=what), "dates": at}
    return {"id": ref(row), "code": label(row, language), "dates": span(row)}


def _zone(uow: Work, me) -> ZoneInfo:
    return ZoneInfo(employee_zone(uow, me))


def _tag(row: Request) -> str:
    """The tag of the approver's message (`Reply.tag`) that the cancellation replaces."""
    if isinstance(row, AttendanceRequestRow):
        return missed.approval_tag(row.id)
    return approval_tag(row.id)


async def _cancel(turn: Turn, raw: str) -> None:
    request_id, is_missed = parse_ref(raw)
    if request_id is None:
        turn.say("cancel_usage")
        return
    me, at = turn.me, turn.now()

    def work(uow: Work):
        row = cancel_request(uow, request_id, me.id, at, missed=is_missed)
        told = told_of_cancel(uow, row, at)
        names = [uow.employee(person).name for person in told]
        return row, told, names, uow.unit_name(me.unit_id), _zone(uow, me)

    try:
        row, told, names, unit, zone = await turn.db(work)
    except NotFound:
        shown = f"{MISSED_MARK}{request_id}" if is_missed else request_id
        turn.say("cancel_unknown", id=shown)
        return
    except AlreadyDecided as decided:
        zone = await turn.db(lambda uow: _zone(uow, me))
        _say_decided(turn, decided.row, _values(decided.row, turn.language, zone))
        return
    values = _values(row, turn.language, zone)
    if not told:
        turn.menu("cancel_done_alone", **values)
        return
    turn.menu("cancel_done", **values, approver=", ".join(names))
    for person in told:  # each message with its buttons turns into the cancellation
        them = await turn.speaking_to(person)
        note = them.text(
            "cancel_to_approver", name=me.name, unit=unit, **_values(row, them.language, zone)
        )
        turn.notify(person, Reply(note, replaces=_tag(row)))


def _say_decided(turn: Turn, row: Request, values: dict) -> None:
    if row.status == CANCELLED:
        turn.say("cancel_again", **values)
    else:
        turn.say("cancel_decided", **values, status=turn.text(f"status_{row.status}"))
