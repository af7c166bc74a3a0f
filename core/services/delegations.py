"""An approver away names a substitute for a period (`/wakil NIP tanggal s/d tanggal`).

While it lasts, new requests that would go to the approver go to the substitute, who also sees
the approver's pending ones in `/antrian` and may decide them (`core.services.approvers`). No
regulation sets this out; it is what a head of unit does in writing before going on leave (a
Plh or Plt), kept here with who named whom and when, in the audit chain.

Refused, and nothing written: someone who approves nobody, a substitute who is themself, not of
the organisation (the same answer as an unknown NIP: nobody learns who works elsewhere), no
longer on staff or blocked; a period already begun or past, longer than `MAX_DAYS`, or
overlapping a substitution the approver named before; and a cycle (the substitute, or their
substitute in turn, names the approver for an overlapping day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from core.org import Role
from core.services import approval_queue, approvers
from core.services.context import existing_employee
from core.storage.approval_tables import DelegationRow
from core.storage.tables import EmployeeRow
from core.storage.uow import UnitOfWork

# Cuti besar and maternity leave last three months: a longer absence has an acting official.
MAX_DAYS = 100
APPROVER_ROLES = {Role.ADMIN, Role.SUPER_ADMIN, Role.MANAGER}


@dataclass(frozen=True)
class Refusal:
    """Why no substitute was named: a key (not_approver, unknown, self, unavailable, past,
    too_long, overlap, cycle, none) and the values its message names."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


class DelegationRefused(ValueError):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.key)
        self.refusal = refusal


@dataclass(frozen=True)
class Named:
    row: DelegationRow
    delegate: EmployeeRow
    waiting: int  # the approver's requests waiting now, which the substitute may decide


def is_approver(uow: UnitOfWork, employee: EmployeeRow) -> bool:
    """Whether anyone's requests may come to the employee: an admin, head or super admin, or a
    direct supervisor."""
    if APPROVER_ROLES & employee.role_set:
        return True
    query = select(EmployeeRow.id).where(EmployeeRow.supervisor_id == employee.id).limit(1)
    return uow.session.scalars(query).first() is not None


def name_substitute(
    uow: UnitOfWork,
    principal: EmployeeRow,
    identifier: str,
    period: tuple[date, date],
    today: date,
    dedup_key: str | None = None,
) -> Named:
    """Record `identifier` as the principal's substitute for `period` (DelegationRefused)."""
    if dedup_key and (old := _by_key(uow, dedup_key)) is not None:  # a redelivery
        return Named(old, existing_employee(uow, old.delegate_id), _waiting(uow, principal))
    delegate = _check(uow, principal, identifier, period, today)
    first, last = period
    row = DelegationRow(
        org_id=principal.org_id,
        employee_id=principal.id,
        delegate_id=delegate.id,
        first_day=first,
        last_day=last,
        created_by=principal.id,
        dedup_key=dedup_key,
        created_at=uow.now(),
    )
    uow.add(row, f"employee:{principal.id}", "delegation.create")
    return Named(row, delegate, _waiting(uow, principal))


def _check(
    uow: UnitOfWork, principal: EmployeeRow, identifier: str, period: tuple[date, date], today
) -> EmployeeRow:
    first, last = period
    if not is_approver(uow, principal):
        raise DelegationRefused(Refusal("not_approver"))
    delegate = uow.employee_by_identifier(principal.org_id, identifier)
    if delegate is None:
        raise DelegationRefused(Refusal("unknown"))
    if delegate.id == principal.id:
        raise DelegationRefused(Refusal("self"))
    if not approvers.on_staff(delegate, first):
        raise DelegationRefused(Refusal("unavailable", {"name": delegate.name}))
    if first < today:
        raise DelegationRefused(Refusal("past", {"today": today}))
    if (last - first).days + 1 > MAX_DAYS:
        raise DelegationRefused(Refusal("too_long", {"days": MAX_DAYS}))
    for other in _overlapping(uow, [principal.id], first, last):
        values = {"name": _name(uow, other.delegate_id), "first": other.first_day}
        raise DelegationRefused(Refusal("overlap", values | {"last": other.last_day}))
    _refuse_cycle(uow, principal, delegate, first, last)
    return delegate


def _refuse_cycle(
    uow: UnitOfWork, principal: EmployeeRow, delegate: EmployeeRow, first: date, last: date
) -> None:
    """Follow the substitute's own substitutes on each day of the period: back at the
    principal is a cycle, and requests would go round it."""
    found = _overlapping(uow, None, first, last, principal.org_id)
    day = first
    while day <= last:
        current, seen = delegate.id, {principal.id}
        while current not in seen:
            seen.add(current)
            step = [
                r for r in found if r.employee_id == current and r.first_day <= day <= r.last_day
            ]
            if not step:
                break
            if step[0].delegate_id == principal.id:
                values = {"name": _name(uow, current), "first": step[0].first_day}
                raise DelegationRefused(Refusal("cycle", values | {"last": step[0].last_day}))
            current = step[0].delegate_id
        day += timedelta(days=1)


def current(uow: UnitOfWork, employee: EmployeeRow, today: date) -> tuple[list, list]:
    """The substitutions the employee named that have not ended, and those naming them."""
    mine = _overlapping(uow, [employee.id], today, date.max)
    query = select(DelegationRow).where(
        DelegationRow.delegate_id == employee.id,
        DelegationRow.revoked_at.is_(None),
        DelegationRow.last_day >= today,
    )
    theirs = list(uow.session.scalars(query.order_by(DelegationRow.first_day)))
    return mine, theirs


def revoke(uow: UnitOfWork, employee: EmployeeRow, today: date, at: datetime) -> list:
    """End every substitution the employee named that has not ended (DelegationRefused
    "none" when there is none); their requests come back to them."""
    rows = _overlapping(uow, [employee.id], today, date.max)
    if not rows:
        # The same message again (a replay after a crash): what it ended, answered the same.
        again = select(DelegationRow).where(
            DelegationRow.employee_id == employee.id,
            DelegationRow.revoked_by == employee.id,
            DelegationRow.revoked_at == at,
        )
        done = list(uow.session.scalars(again.order_by(DelegationRow.first_day)))
        if done:
            return done
        raise DelegationRefused(Refusal("none"))
    for row in rows:
        row.revoked_at, row.revoked_by = at, employee.id
    uow.touch_many(rows, f"employee:{employee.id}", "delegation.revoke")
    return rows


def _overlapping(
    uow: UnitOfWork, ids: list[int] | None, first: date, last: date, org_id: int | None = None
) -> list[DelegationRow]:
    query = select(DelegationRow).where(
        DelegationRow.revoked_at.is_(None),
        DelegationRow.first_day <= last,
        DelegationRow.last_day >= first,
    )
    if ids is not None:
        query = query.where(DelegationRow.employee_id.in_(ids))
    if org_id is not None:
        query = query.where(DelegationRow.org_id == org_id)
    return list(uow.session.scalars(query.order_by(DelegationRow.first_day, DelegationRow.id)))


def _waiting(uow: UnitOfWork, principal: EmployeeRow) -> int:
    return len(approval_queue.queue(uow, principal, uow.now()))


def _by_key(uow: UnitOfWork, key: str) -> DelegationRow | None:
    query = select(DelegationRow).where(DelegationRow.dedup_key == key)
    return uow.session.scalars(query).first()


def _name(uow: UnitOfWork, employee_id: int) -> str:
    found = uow.employee(employee_id)
    return found.name if found is not None else "-"
