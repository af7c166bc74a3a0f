"""The approver's one-tap decision on a pending request, whatever it asks for.

Each request reaches its approver with Approve / Reject buttons: `ap:ID` / `rj:ID` for an
absence (/izin), `ap:lm:ID` / `rj:lm:ID` for a missed check-in or check-out (/lupaabsen).
Approve decides at once; Reject asks for the reason first. Who may decide, that it is decided
once, and that a rejection gives its reason are one rule for both
(`core.services.absences.decision_refusal`); each kind says what the employee is told.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from core.flows import leave, missed, receipt
from core.flows.messages import Reply
from core.flows.ports import Work
from core.flows.turn import Turn
from core.ids import row_id
from core.services import absences
from core.services.context import NotFound

# The step that waits for a rejection's reason; its name is kept from before requests had
# kinds, so that conversations open at an upgrade still finish.
REJECT_STEP = "leave.reject_reason"


@dataclass(frozen=True)
class Kind:
    """One kind of request, as its approval needs it."""

    key: str  # the request's id in the reject step's data
    load: Callable[[Work, int], Any]  # the request, or None
    decide: Callable[[Work, int, int, bool, str], Any]  # AbsenceRefused, NotFound
    # What the employee is told of the decision, in their language: (their id, the message),
    # with the decision's receipt code when there is one.
    notice: Callable[[Turn, Any, bool, str, str | None], Awaitable[tuple[int, Reply]]]
    # Says a refusal of the kind's own (a missed record no longer possible) and returns True.
    refused: Callable[[Turn, absences.AbsenceRefused], bool]
    # The decided request's row in what `decide` returns: its receipt names the decision.
    decided_row: Callable[[Any], Any]

    def decide_with_receipt(
        self, turn: Turn, uow: Work, request_id: int, actor_id: int, approve: bool, reason: str
    ) -> tuple[Any, str | None]:
        """`decide`, and the receipt code of the decision (in the same transaction)."""
        done = self.decide(uow, request_id, actor_id, approve, reason)
        return done, receipt.issue(turn, uow, self.decided_row(done))


def _locked(turn: Turn, error: absences.AbsenceRefused) -> bool:
    """An absence whose month locked since it was filed: it stays pending."""
    if not isinstance(error, absences.MonthLocked):
        return False
    leave.say_locked(turn, error, "approval_locked")
    turn.answer.toast = turn.text(
        f"approval_locked_{error.key}", **leave.dates_shown(dict(error.values))
    )
    return True


KINDS: dict[str, Kind] = {
    "": Kind(
        "absence_id",
        lambda uow, absence_id: uow.absence(absence_id),
        leave.decide,  # with the TPP deduction an approval saved, for the notice
        leave.decision_notice,
        _locked,
        lambda decided: getattr(decided, "row", decided),
    ),
    missed.KIND: Kind(
        "missed_id",
        missed.load,
        missed.decide,
        missed.decision_notice,
        missed.refused,
        lambda decided: decided.request,
    ),
}


async def decide_button(turn: Turn) -> None:
    """Approve (ap:[KIND:]ID) at once; reject (rj:[KIND:]ID) asks for the reason first."""
    verb, _, rest = (turn.event.button or "").partition(":")
    name, _, raw_id = rest.rpartition(":")
    kind, request_id = KINDS.get(name), row_id(raw_id)
    if kind is None or request_id is None:
        _unknown(turn)
        return
    if verb == "rj":
        row = await turn.db(lambda uow: kind.load(uow, request_id))
        if row is None or row.status != "pending":
            _report_refusal(turn, row)
            return
        await turn.remember(REJECT_STEP, **{kind.key: request_id})
        turn.say("ask_reject_reason")
        return
    await _decide(turn, kind, request_id, approve=True, reason="")


async def reject_reason(turn: Turn) -> None:
    """The approver's reason for rejecting."""
    text = (turn.event.text or "").strip()
    if not text:
        turn.say("ask_reject_reason")
        return
    kind = next(k for k in KINDS.values() if k.key in turn.data)
    request_id = turn.data[kind.key]
    await turn.forget()
    await _decide(turn, kind, request_id, approve=False, reason=text[:500])


async def _decide(turn: Turn, kind: Kind, request_id: int, approve: bool, reason: str) -> None:
    me = turn.me.id
    try:
        row, code = await turn.db(
            lambda uow: kind.decide_with_receipt(turn, uow, request_id, me, approve, reason)
        )
    except NotFound:
        _unknown(turn)
        return
    except absences.AbsenceRefused as error:
        if not kind.refused(turn, error):
            found = await turn.db(lambda uow: kind.load(uow, request_id))
            _report_refusal(turn, found, str(error))
        return
    status = turn.text("status_approved" if approve else "status_rejected")
    turn.answer.toast = turn.text("decided", status=status)
    turn.say("decided", status=status)
    turn.notify(*await kind.notice(turn, row, approve, reason, code))


def _report_refusal(turn: Turn, row: Any, error: str = "") -> None:
    if row is None:
        _unknown(turn)
    elif row.status != "pending" and "may not" not in error:
        status = turn.text(f"status_{row.status}")
        turn.answer.toast = turn.text("already_decided", status=status)
        turn.say("already_decided", status=status)
    else:
        turn.answer.toast = turn.text("not_allowed")
        turn.say("not_allowed")


def _unknown(turn: Turn) -> None:
    turn.answer.toast = turn.text("unknown_button")
    turn.say("unknown_button")
