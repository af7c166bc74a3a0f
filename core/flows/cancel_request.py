"""/batal: drop the step in progress, or withdraw one's own request still waiting for a decision.

`/batal` while a step is open closes it, as it always did. Otherwise it lists the sender's
pending requests with a button each (`cx:ID`); `/batal ID` cancels one directly. The rule (only
one's own, only while pending) is the service's (`core.services.cancel_request`). The approver's
message with the Approve / Reject buttons is replaced by a note that it was cancelled: edited
where the channel can (Telegram), sent as a new message elsewhere (WhatsApp).
"""

from __future__ import annotations

from core.flows.commands import cancel as cancel_step
from core.flows.leave import _label as label
from core.flows.leave import _span as span
from core.flows.leave import approval_tag
from core.flows.messages import Button, Reply
from core.flows.ports import Work
from core.flows.turn import Turn
from core.ids import row_id
from core.services.cancel_request import (
    CANCELLED,
    AlreadyDecided,
    cancel_request,
    pending_requests,
)
from core.services.context import NotFound

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
        return rows, names

    rows, names = await turn.db(load)
    if not rows:
        turn.menu("cancel_none")
        return
    lines = [turn.text("cancel_list")]
    for row in rows:
        approver = names.get(row.approver_id) or "admin"
        values = {"code": label(row, turn.language), "dates": span(row), "approver": approver}
        lines.append(turn.text("cancel_line", id=row.id, **values))
    buttons = tuple(
        (Button(turn.text("btn_cancel_request", id=row.id), f"{BUTTON}:{row.id}"),) for row in rows
    )
    turn.reply(Reply("\n".join(lines), buttons=buttons))


async def _cancel(turn: Turn, raw: str) -> None:
    absence_id = row_id(raw)
    if absence_id is None:
        turn.say("cancel_usage")
        return
    me, at = turn.me, turn.now()

    def work(uow: Work):
        row = cancel_request(uow, absence_id, me.id, at)
        approver = uow.employee(row.approver_id) if row.approver_id else None
        return row, approver, uow.unit_name(me.unit_id)

    try:
        row, approver, unit = await turn.db(work)
    except NotFound:
        turn.say("cancel_unknown", id=absence_id)
        return
    except AlreadyDecided as decided:
        _say_decided(turn, decided.row)
        return
    values = {"id": row.id, "code": label(row, turn.language), "dates": span(row)}
    if approver is None:
        turn.menu("cancel_done_alone", **values)
        return
    turn.menu("cancel_done", **values, approver=approver.name)
    note = turn.text("cancel_to_approver", name=me.name, unit=unit, **values)
    turn.notify(approver.id, Reply(note, replaces=approval_tag(row.id)))


def _say_decided(turn: Turn, row) -> None:
    values = {"id": row.id, "code": label(row, turn.language), "dates": span(row)}
    if row.status == CANCELLED:
        turn.say("cancel_again", **values)
    else:
        turn.say("cancel_decided", **values, status=turn.text(f"status_{row.status}"))
