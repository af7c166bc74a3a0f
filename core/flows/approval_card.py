"""A waiting request as its approver sees it again: in `/antrian` (core.flows.queue), in a
reminder or an escalation (core.flows.push_approval). One message per request, with the
Approve / Reject buttons of its first message (`core.flows.approval`: `ap:ID` / `rj:ID` for an
absence, `ap:lm:ID` / `rj:lm:ID` for a missed record), so that a tap decides it the same way.

A request's number is its id, with "L" before a missed record's ("#12", "#L7"): the two kinds
are numbered apart, and `/antrian setujui 12 L7` names them so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.flows import missed
from core.flows.clocking import ZONE_NAMES
from core.flows.leave import _label as label
from core.flows.leave import _span as span
from core.flows.leave import approval_tag
from core.flows.messages import Button, Reply
from core.flows.ports import Work
from core.flows.texts import t
from core.services.approval_queue import Pending
from core.services.context import employee_zone

MISSED_MARK = "L"


def ref(item: Pending) -> str:
    """The request's number as the approver reads and types it."""
    return f"{MISSED_MARK}{item.row.id}" if item.missed else str(item.row.id)


def kind_key(item: Pending) -> str:
    """Its kind in the approval's buttons (`core.flows.approval.KINDS`)."""
    return missed.KIND if item.missed else ""


def card(uow: Work, item: Pending, language: str, viewer: int | None, lead: str = "") -> Reply:
    """The request with its buttons; `lead` goes above it (a reminder's words)."""
    text = card_text(uow, item, language, viewer)
    prefix = f"{kind_key(item)}:" if item.missed else ""
    buttons = (
        (
            Button(t(language, "btn_approve"), f"ap:{prefix}{item.row.id}"),
            Button(t(language, "btn_reject"), f"rj:{prefix}{item.row.id}"),
        ),
    )
    # Tagged like the first message, so that the employee's /batal replaces the latest.
    tag = missed.approval_tag(item.row.id) if item.missed else approval_tag(item.row.id)
    return Reply(f"{lead}\n{text}" if lead else text, buttons=buttons, tag=tag)


def card_text(uow: Work, item: Pending, language: str, viewer: int | None) -> str:
    """What the request asks, who asks it, its evidence and when it was filed."""
    row: Any = item.row  # an absence or a missed record, as `item.missed` says
    employee = item.employee
    zone = ZoneInfo(employee_zone(uow, employee))
    count = len(row.evidence or [])
    values = {
        "ref": ref(item),
        "name": employee.name,
        "unit": uow.unit_name(employee.unit_id),
        "reason": row.reason or "-",
        "evidence": t(language, "queue_files", count=count)
        if count
        else t(language, "queue_no_files"),
        "filed": shown_at(item.filed_at, zone),
        "holder": _holder(uow, row.approver_id, viewer, language),
    }
    if not item.missed:
        return t(language, "queue_absence", **values, code=label(row, language), dates=span(row))
    local = row.at.astimezone(zone)
    return t(
        language,
        "queue_missed",
        **values,
        what=t(language, f"manual_what_{row.direction}"),
        date=row.work_date.strftime("%d-%m-%Y"),
        time=local.strftime("%H:%M"),
        zone=ZONE_NAMES.get(zone.key, zone.key),
    )


def shown_at(at: datetime, zone: ZoneInfo) -> str:
    """An instant on the employee's wall clock, with its zone ("24-11-2026 07:20 WIB")."""
    local = at.astimezone(zone)
    return f"{local:%d-%m-%Y %H:%M} {ZONE_NAMES.get(zone.key, zone.key)}"


def _holder(uow: Work, approver_id: int | None, viewer: int | None, language: str) -> str:
    """Whose request it is when the viewer decides it for someone else (a substitute, the
    next level)."""
    if approver_id is None or approver_id == viewer:
        return ""
    found = uow.employee(approver_id)
    return t(language, "queue_holder", name=found.name) if found is not None else ""
