"""Who approves a request: one rule for every kind (an absence, a missed record), when it is
filed and for as long as it waits.

1. The kind's approver (`Policy.approver_of`): the direct supervisor where the regulation says
   so (Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (4): "Ijin ... dapat diberikan atau
   disetujui oleh atasan langsung ASN"), else an admin of the employee's unit, the operator who
   verifies absence notes (Perwal Sungai Penuh 12/2023 Pasal 7 ayat (3) huruf a; Konawe
   Kepulauan Pasal 11 ayat (1), cuti among them), the supervisor first if they are one. A unit
   without an admin falls back on the supervisor, a missing supervisor on the unit's admin.
   Only staff still on staff and not blocked count.
2. Delegation (`/wakil`, `core.services.delegations`): while an approver's substitute is named,
   the request goes to the substitute (and their own substitute, if they are away too), never
   to the employee who asks.
3. Nobody: the filing is refused (`NoApprover`) naming who can fix it, the super admins who add
   unit admins, else the head of the unit.

A request still waiting goes up one level (`next_level`): the supervisor's own supervisor, and
for a unit admin (or a supervisor without one) the organisation's super admins (Keputusan
Kadinkes Musi Banyuasin B-800/18/KPTS-KES/2023 Pasal 3 ayat (2) huruf a: they manage the unit
admins; an organisation without one: the admin's own supervisor), each through their own
substitute. `asked` says who may decide a request now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from core.approval_hours import office_deadline
from core.citations import Citation, default
from core.org import Role
from core.policy import MISSED_RECORD
from core.services.context import (
    employee_today,
    employee_zone,
    existing_employee,
    load_context,
    org_view,
)
from core.storage.approval_tables import DelegationRow
from core.storage.tables import AbsenceRow, EmployeeRow
from core.storage.uow import UnitOfWork

SUPERVISOR, ADMIN = "supervisor", "admin"
NO_ADMIN = default("a unit without an admin: its requests go to the direct supervisor")
NO_SUPERVISOR = default("no direct supervisor on record: the request goes to the unit admin")
# How many substitutes of substitutes are followed (a cycle is refused when it is named).
MAX_HOPS = 5


class NoApprover(ValueError):
    """Nobody may approve the employee's request; `ask` names who can fix it (may be empty)."""

    def __init__(self, ask: list[str]) -> None:
        super().__init__("no approver")
        self.ask = ask


@dataclass(frozen=True)
class Designated:
    """The approver the rule names, before any substitute, in which capacity and why."""

    employee_id: int
    capacity: str  # SUPERVISOR or ADMIN
    rule: Citation


def kind_of(request: object) -> str:
    """An absence's code, or MISSED_RECORD for a missed check-in or check-out."""
    return request.code if isinstance(request, AbsenceRow) else MISSED_RECORD


def on_staff(person: EmployeeRow | None, day: date) -> bool:
    return person is not None and not person.blocked and not person.gone_on(day)


def designated(uow: UnitOfWork, employee: EmployeeRow, kind: str, day: date) -> Designated | None:
    """The approver the policy names for the employee's request of `kind` on `day`."""
    who = load_context(uow, employee, day).policy.approver_of(kind)
    boss = _supervisor(uow, employee, day)
    if who.value == SUPERVISOR and boss is not None:
        return Designated(boss.id, SUPERVISOR, who.rule)
    admins = unit_admins(uow, employee, day)
    rule = NO_SUPERVISOR if who.value == SUPERVISOR else who.rule
    if boss is not None and boss in admins:
        return Designated(boss.id, ADMIN, rule)
    if admins:
        return Designated(admins[0].id, ADMIN, rule)
    return Designated(boss.id, SUPERVISOR, NO_ADMIN) if boss is not None else None


def unit_admins(uow: UnitOfWork, employee: EmployeeRow, day: date) -> list[EmployeeRow]:
    """The admins on staff of the employee's unit on `day`, but the employee."""
    admins = uow.holding(employee.org_id, Role.ADMIN, employee.unit_id)
    return [e for e in admins if e.id != employee.id and on_staff(e, day)]


def supervisor_else_admin(uow: UnitOfWork, employee: EmployeeRow, day: date) -> int | None:
    """The direct supervisor on staff, else an admin of the employee's unit, whatever the
    policy says of requests (the LKH's verifier, `core.services.lkh`); None: nobody."""
    boss = _supervisor(uow, employee, day)
    if boss is not None:
        return boss.id
    admins = unit_admins(uow, employee, day)
    return admins[0].id if admins else None


def _supervisor(uow: UnitOfWork, employee: EmployeeRow, day: date) -> EmployeeRow | None:
    found = uow.employee(employee.supervisor_id) if employee.supervisor_id else None
    if found is None or found.id == employee.id or found.org_id != employee.org_id:
        return None
    return found if on_staff(found, day) else None


def assign(uow: UnitOfWork, employee: EmployeeRow, kind: str, day: date) -> int:
    """Who gets the employee's new request: the designated approver or their substitute on
    `day`; NoApprover when nobody may approve it."""
    found = designated(uow, employee, kind, day)
    if found is None:
        raise NoApprover(who_to_ask(uow, employee, day))
    return substitute(uow, found.employee_id, day, employee.id)


def who_to_ask(uow: UnitOfWork, employee: EmployeeRow, day: date) -> list[str]:
    """The names of who can give the employee an approver: the super admins (they add unit
    admins), else the head of the unit."""

    def named(people: list[EmployeeRow]) -> list[str]:
        return [e.name for e in people if e.id != employee.id and on_staff(e, day)]

    supers = named(uow.holding(employee.org_id, Role.SUPER_ADMIN))
    return supers or named(uow.holding(employee.org_id, Role.MANAGER, employee.unit_id))


def active_delegation(uow: UnitOfWork, employee_id: int, day: date) -> DelegationRow | None:
    """The employee's substitute on `day`, if one is named and not revoked."""
    query = (
        select(DelegationRow)
        .where(
            DelegationRow.employee_id == employee_id,
            DelegationRow.revoked_at.is_(None),
            DelegationRow.first_day <= day,
            DelegationRow.last_day >= day,
        )
        .order_by(DelegationRow.id.desc())
    )
    return uow.session.scalars(query.limit(1)).first()


def substitute(uow: UnitOfWork, approver_id: int, day: date, requester_id: int) -> int:
    """Who stands in for the approver on `day`: their substitute, and theirs in turn; never the
    employee who asks (the request then stays with the last one who is not)."""
    current, seen = approver_id, {approver_id}
    for _ in range(MAX_HOPS):
        found = active_delegation(uow, current, day)
        if found is None or found.delegate_id in seen or found.delegate_id == requester_id:
            break
        if not on_staff(uow.employee(found.delegate_id), day):
            break
        current = found.delegate_id
        seen.add(current)
    return current


def next_level(uow: UnitOfWork, employee: EmployeeRow, kind: str, day: date) -> list[int]:
    """Who a request still waiting goes to next: the supervisor's supervisor, or the super
    admins for a unit admin (and a supervisor without one; none: the approver's supervisor),
    each through their substitute; never the employee or the approver."""
    found = designated(uow, employee, kind, day)
    if found is None:
        return []
    first = existing_employee(uow, found.employee_id)
    above = _supervisor(uow, first, day) if found.capacity == SUPERVISOR else None
    if above is not None and above.id != employee.id:
        targets = [above.id]
    else:  # the super admins; an organisation without one: the approver's own supervisor
        supers = uow.holding(employee.org_id, Role.SUPER_ADMIN)
        targets = [e.id for e in supers if on_staff(e, day)]
        boss = _supervisor(uow, first, day)
        targets = targets or ([boss.id] if boss is not None else [])
    chosen = [substitute(uow, t, day, employee.id) for t in targets]
    skip = {employee.id, found.employee_id}
    return list(dict.fromkeys(t for t in chosen if t not in skip))


@dataclass(frozen=True)
class Deadlines:
    """When a request waiting since `since` is sent again, and when it goes up (None: never)."""

    since: datetime
    remind: datetime | None
    escalate: datetime | None


def deadlines(uow: UnitOfWork, request: object, employee: EmployeeRow) -> Deadlines:
    """The request's reminder and escalation instants, in office hours of the employee's unit
    (`core.approval_hours`; the unit's weekly hours, not a rota shift of the employee)."""
    since: datetime = request.created_at  # type: ignore[attr-defined]
    today = employee_today(uow, employee, since)
    policy = load_context(uow, employee, today).policy
    calendar = org_view(uow, employee.org_id).calendar
    zone = employee_zone(uow, employee)
    remind = float(policy.approval_remind_hours.value or 0)
    later = float(policy.approval_escalate_hours.value or 0)
    first = office_deadline(since, remind, policy.week.on, calendar, zone)
    second = office_deadline(since, remind + later, policy.week.on, calendar, zone)
    return Deadlines(since, first, second if first is not None and later > 0 else None)


def asked(uow: UnitOfWork, request: object, employee: EmployeeRow, now: datetime) -> set[int]:
    """Who is asked to decide the request now: its approver, the approver the rule names today,
    their substitutes, and once it is escalated the next level. Never the employee."""
    today = employee_today(uow, employee, now)
    kind = kind_of(request)
    first: set[int] = {request.approver_id} if request.approver_id else set()  # type: ignore[attr-defined]
    found = designated(uow, employee, kind, today)
    if found is not None:
        first.add(found.employee_id)
    people = first | {substitute(uow, p, today, employee.id) for p in first}
    escalate = deadlines(uow, request, employee).escalate
    if escalate is not None and now >= escalate:
        people |= set(next_level(uow, employee, kind, today))
    people.discard(employee.id)
    return people


def names(uow: UnitOfWork, ids: Iterable[int]) -> list[str]:
    found = (uow.employee(i) for i in ids)
    return [e.name for e in found if e is not None]
