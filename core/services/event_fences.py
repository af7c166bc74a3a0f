"""Events called from chat (/acara): who may call which units, store, list and cancel them.

The rules of such an event (its bounds, how it joins the day's events) are core.event_fence;
storing one bumps the organisation's version, so every process judges with it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from core.access import Scope, event_scope
from core.clock import local_date
from core.event_fence import AdhocEvent, BadEvent, event_rule, misses_check_in, site_rule
from core.policy.resolver import OrgView, UnitInfo
from core.services.context import org_view
from core.storage.chat_tables import ChatAccount
from core.storage.tables import EmployeeRow, EventFenceRow
from core.storage.uow import UnitOfWork


@dataclass(frozen=True)
class Draft:
    """An event as the head described it, before it is stored."""

    day: date
    name: str
    start: int
    end: int
    lat: float
    lon: float
    radius_m: int
    unit_ids: tuple[int, ...]


def sub_units(view: OrgView, unit_id: int) -> set[int]:
    """The units below `unit_id` in the unit tree, at any depth."""
    below: set[int] = set()
    frontier = {unit_id}
    while frontier:
        frontier = {u.id for u in view.units.values() if u.parent_id in frontier} - below
        frontier.discard(unit_id)
        below |= frontier
    return below


def scope_of(uow: UnitOfWork, me: EmployeeRow) -> tuple[Scope | None, OrgView]:
    """The units `me` may call to an event, and the organisation resolved."""
    view = org_view(uow, me.org_id)
    return event_scope(me.role_set, me.org_id, me.unit_id, sub_units(view, me.unit_id)), view


def units_of(view: OrgView, scope: Scope) -> list[UnitInfo]:
    """The units in `scope`, by code."""
    units = view.units.values()
    chosen = units if scope.unit_ids is None else [u for u in units if u.id in scope.unit_ids]
    return sorted(chosen, key=lambda u: u.code)


def default_units(me: EmployeeRow, scope: Scope, view: OrgView) -> list[int]:
    """The caller's own unit and the units below it (a super admin's too)."""
    return sorted({me.unit_id, *sub_units(view, me.unit_id)})


def today_of(uow: UnitOfWork, me: EmployeeRow, now: datetime) -> date:
    """The caller's local date: the day an event is called for."""
    view = org_view(uow, me.org_id)
    return local_date(now, view.zone_of(me.unit_id))


def check_window(uow: UnitOfWork, me: EmployeeRow, day: date, start: int, end: int) -> int:
    """Refuse a window that misses the caller's unit's check-in window of the day; else the
    minutes check-in opens before the event (the policy's event lead)."""
    view = org_view(uow, me.org_id)
    policy = view.policy(me.unit_id)
    schedule = policy.day_schedule(day)
    probe = AdhocEvent(0, day, "-", start, end, 0.0, 0.0, 1.0, frozenset())
    if schedule is not None and misses_check_in(event_rule(probe, policy), schedule.check_in):
        raise BadEvent("acara_window_misses_day", window=str(schedule.check_in))
    return int(policy.event_lead_min.value or 0)


def cited(uow: UnitOfWork, me: EmployeeRow) -> str:
    """The article that puts a check-in at an event's site, under the caller's unit's policy."""
    return str(site_rule(org_view(uow, me.org_id).policy(me.unit_id)))


def events_on(uow: UnitOfWork, org_id: int, day: date) -> list[EventFenceRow]:
    """The events called for `day` in the organisation, not cancelled, in order of start."""
    return list(
        uow.session.scalars(
            select(EventFenceRow)
            .where(
                EventFenceRow.org_id == org_id,
                EventFenceRow.day == day,
                EventFenceRow.cancelled_at.is_(None),
            )
            .order_by(EventFenceRow.start_min, EventFenceRow.id)
        )
    )


def create(
    uow: UnitOfWork, me: EmployeeRow, draft: Draft, dedup_key: str
) -> tuple[EventFenceRow, bool]:
    """Store the event once: (row, True) when written now, (the stored row, False) when this
    draft, or the same event of the caller (name, day and window), was stored before."""
    same = uow.session.scalars(
        select(EventFenceRow).where(EventFenceRow.dedup_key == dedup_key)
    ).first()
    if same is not None:
        return same, False
    for row in events_on(uow, me.org_id, draft.day):
        if (row.created_by, row.name.lower(), row.start_min, row.end_min) == (
            me.id, draft.name.lower(), draft.start, draft.end
        ):  # fmt: skip
            return row, False
    scope, _ = scope_of(uow, me)
    if scope is None or (scope.unit_ids is not None and not set(draft.unit_ids) <= scope.unit_ids):
        raise BadEvent("acara_units_outside", units="-")
    row = EventFenceRow(
        org_id=me.org_id, day=draft.day, name=draft.name, start_min=draft.start,
        end_min=draft.end, lat=draft.lat, lon=draft.lon, radius_m=float(draft.radius_m),
        unit_ids=list(draft.unit_ids), created_by=me.id, dedup_key=dedup_key,
    )  # fmt: skip
    uow.add(row, f"employee:{me.id}", "event_called")
    return row, True


def cancel(uow: UnitOfWork, me: EmployeeRow, event_id: int, now: datetime) -> EventFenceRow:
    """Cancel one of the caller's own events; BadEvent names why not."""
    row = uow.session.get(EventFenceRow, event_id)
    if row is None or row.org_id != me.org_id:
        raise BadEvent("acara_unknown", id=event_id)
    if row.created_by != me.id:
        raise BadEvent("acara_not_yours", id=event_id)
    if row.cancelled_at is not None:
        raise BadEvent("acara_already_cancelled", id=event_id)
    if row.day < today_of(uow, me, now):
        # Its day was judged and recapped with it: cancelling now would rewrite that day.
        raise BadEvent("acara_cancel_past", id=event_id)
    row.cancelled_at, row.cancelled_by = now, me.id
    uow.touch(row, f"employee:{me.id}", "event_cancelled")
    return row


def staff_told(
    uow: UnitOfWork, org_id: int, unit_ids: list[int], day: date, but: int, default: str
) -> list[tuple[int, str]]:
    """(employee id, language) of the staff of `unit_ids` on staff on `day`, but `but`."""
    staff = [
        e
        for e in uow.employees(org_id, list(unit_ids))
        if e.id != but and not e.blocked and not e.gone_on(day)
    ]
    if not staff:
        return []
    chats = uow.session.execute(
        select(ChatAccount.employee_id, ChatAccount.language)
        .where(ChatAccount.employee_id.in_([e.id for e in staff]), ChatAccount.active.is_(True))
        .order_by(ChatAccount.bound_at.desc(), ChatAccount.id.desc())
    )
    spoken: dict[int, str] = {}
    for employee_id, language in chats:
        spoken.setdefault(employee_id, language)  # the most recently linked chat's
    return [(e.id, spoken.get(e.id, default)) for e in staff]
