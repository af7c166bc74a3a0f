"""Requests still waiting, pushed with the other notices (`core.flows.push.due_notices`).

Once a request has waited `approval_remind_hours` of office time, it is sent again to whoever
holds it now (its approver, or their substitute); once it has waited `approval_escalate_hours`
more, it goes to the next level (`core.services.approvers.next_level`), who may then decide it.
Each goes with the request's Approve / Reject buttons (`core.flows.approval_card`), in the
recipient's language. What is due is `core.services.approval_queue.due`: never a request
already decided or cancelled. Each notice's key names the step, the request and the recipient,
so that the push (which claims a key once, across workers) sends each step once per person.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from core.flows.approval_card import card, kind_key, shown_at
from core.flows.messages import Reply
from core.flows.ports import Work
from core.flows.texts import t
from core.services import accounts, approval_queue
from core.services.approval_queue import ESCALATE, Due
from core.services.context import employee_zone

# A reminder due: (its key, the employee, the message); `core.flows.push` makes it a Notice.
Notice = tuple[str, int, Reply]


def approval_reminders(uow: Work, now, language: str) -> list[Notice]:
    """The reminders and escalations due at `now`; `language` where a recipient has none."""
    notices: list[Notice] = []
    for due in approval_queue.due(uow, now):
        for to in due.to:
            notices.append(_notice(uow, due, to, accounts.language_of(uow, to, language)))
    return notices


def _notice(uow: Work, due: Due, to: int, language: str) -> Notice:
    item = due.item
    since = shown_at(due.since, ZoneInfo(employee_zone(uow, item.employee)))
    if due.step == ESCALATE:
        holder = uow.employee(item.row.approver_id) if item.row.approver_id else None
        name = holder.name if holder is not None else "admin"
        lead = t(language, "queue_escalate", approver=name, since=since)
    else:
        lead = t(language, "queue_remind", since=since)
    kind = kind_key(item) or "absence"
    key = f"approval:{due.step}:{kind}:{item.row.id}:{to}"
    return key, to, card(uow, item, language, to, lead)
