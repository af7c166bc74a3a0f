"""What the web console reads: who is signed in and what they may see, today's board, the
approvals queue. Role scope is the chat's (core.access): a unit admin their unit, a super admin
the organisation, a head of unit their unit, read only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.access import ADMINISTRATORS, Scope, admin_scope, recap_scope, roles_of
from core.org import Role
from core.recap import DaySummary
from core.services import approvers
from core.services.absences import Decidable
from core.services.approval_queue import Pending, pending
from core.services.context import NotFound, employee_today, employee_zone
from core.services.recap import day_summary
from core.services.review import FlaggedRecord, flagged_records
from core.storage.tables import EmployeeRow
from core.storage.uow import UnitOfWork

# The chat identity a console session acts under (a `web` chat account bound at sign-in):
# released with the employee's other chats by /reset, which ends their sessions too.
CONSOLE_PREFIX = "console-"
# The attempts staff made themselves (a fallback or an import is never "refused").
CHAT_SOURCES = frozenset({"telegram", "whatsapp", "web"})


def console_identity(employee_id: int) -> str:
    return f"{CONSOLE_PREFIX}{employee_id}"


class NotAllowed(Exception):
    """A console user asking for what their role does not cover."""


@dataclass(frozen=True)
class ConsoleUser:
    employee: EmployeeRow
    org_code: str
    org_name: str
    unit_code: str
    scope: Scope
    administers: bool  # False: a head of unit, who reads only

    @property
    def whole_org(self) -> bool:
        return self.scope.whole_org


def console_user(uow: UnitOfWork, employee: EmployeeRow, today: date) -> ConsoleUser | None:
    """The console view of an employee still on staff, or None: no console role (any more),
    blocked, or gone."""
    if employee.blocked or employee.gone_on(today):
        return None
    roles = employee.role_set
    seen = recap_scope(roles, employee.org_id, employee.unit_id)
    if seen is None:
        return None
    acts = admin_scope(roles, employee.org_id, employee.unit_id)
    org = uow.organisation_by_id(employee.org_id)
    unit = uow.unit_by_id(employee.unit_id)
    if org is None or unit is None:  # a stored employee's references always exist
        raise NotFound(f"employee {employee.id}'s organisation or unit")
    administers = bool(roles_of(roles) & ADMINISTRATORS)
    return ConsoleUser(employee, org.code, org.name, unit.code, acts or seen, administers)


def units_seen(uow: UnitOfWork, user: ConsoleUser) -> list[tuple[str, str]]:
    """(code, name) of the units the user may open, in name order."""
    units = uow.units(user.employee.org_id)
    return sorted(
        ((u.code, u.name) for u in units if user.scope.covers(u.org_id, [u.id])),
        key=lambda pair: pair[1],
    )


def today_board(
    uow: UnitOfWork, user: ConsoleUser, now: datetime, unit_code: str | None
) -> DaySummary:
    """Everyone's status today in `unit_code` (None: the user's whole scope: the organisation
    for a super admin, their unit otherwise); NotAllowed for a unit outside their scope."""
    unit_code = unit_in_scope(uow, user, unit_code)
    today = employee_today(uow, user.employee, now)
    return day_summary(uow, user.org_code, today, unit_code, now=now)


@dataclass(frozen=True)
class RefusedAttempt:
    """A clock-in or clock-out the rules refused today, as an admin reads it."""

    name: str
    unit: str
    direction: str
    local_time: datetime
    outcome: str  # outside_area, outside_window, too_early...
    distance_m: int | None


def refused_today(
    uow: UnitOfWork, user: ConsoleUser, day: date, unit_code: str | None
) -> list[RefusedAttempt]:
    """The refused attempts of `day` in the units the board shows, the latest first."""
    staff = staff_shown(uow, user, unit_code)
    rows = uow.attendance(list(staff), day, day) if staff else []
    found = []
    for row in rows:
        if row.accepted or row.source not in CHAT_SOURCES:
            continue
        employee = staff[row.employee_id]
        zone = ZoneInfo(employee_zone(uow, employee))
        found.append(
            RefusedAttempt(
                employee.name,
                uow.unit_name(employee.unit_id),
                row.direction,
                row.at.astimezone(zone),
                row.outcome,
                row.distance_m,
            )
        )
    return sorted(found, key=lambda attempt: attempt.local_time, reverse=True)


def flagged_today(
    uow: UnitOfWork, user: ConsoleUser, day: date, unit_code: str | None
) -> list[FlaggedRecord]:
    """The accepted records of `day` with a flag to review (/tinjau), for an admin; a head of
    unit reviews none."""
    if not user.administers:
        return []
    shown = set(staff_shown(uow, user, unit_code))
    found = flagged_records(uow, user.employee, day)
    return [record for record in found if record.employee_id in shown]


def staff_shown(
    uow: UnitOfWork, user: ConsoleUser, unit_code: str | None
) -> dict[int, EmployeeRow]:
    """The staff of the unit shown (`unit_code`, else the user's scope), by id."""
    ids = staff_units(uow, user, unit_code)
    return {e.id: e for e in uow.employees(user.employee.org_id, ids)}


def staff_units(uow: UnitOfWork, user: ConsoleUser, unit_code: str | None) -> list[int]:
    """The ids of the units shown: `unit_code`'s, else those of the user's scope."""
    org_id = user.employee.org_id
    if unit_code is not None:
        unit = uow.unit(org_id, unit_code)
        return [unit.id] if unit is not None else []
    if user.whole_org:
        return [u.id for u in uow.units(org_id)]
    return sorted(user.scope.unit_ids or ())


def approvals(uow: UnitOfWork, user: ConsoleUser, now: datetime) -> list[Pending]:
    """The requests waiting that the user may decide, the oldest first: those of the units
    they administer and those they are asked to decide (as approver, substitute, next level);
    a head of unit sees their unit's, to read."""
    return [
        item
        for item in pending(uow, user.employee.org_id)
        if may_see(uow, user, item.row, item.employee, now)
    ]


def may_see(
    uow: UnitOfWork, user: ConsoleUser, row: Decidable, employee: EmployeeRow, now: datetime
) -> bool:
    """Whether the user may see a request and its evidence: one of the units in their scope,
    or one they are asked to decide (approver, substitute, next level); never their own."""
    me = user.employee
    if employee.id == me.id or employee.org_id != me.org_id:
        return False
    if user.scope.covers(employee.org_id, [employee.unit_id]):
        return True
    return me.id == row.approver_id or me.id in approvers.asked(uow, row, employee, now)


def is_head(user: ConsoleUser) -> bool:
    return Role.MANAGER in user.employee.role_set and not user.administers


def unit_in_scope(uow: UnitOfWork, user: ConsoleUser, unit_code: str | None) -> str | None:
    """The unit a page shows: `unit_code` when in scope (NotFound, NotAllowed otherwise), else
    the user's unit; None (the whole organisation) only for a super admin who picks none."""
    if unit_code is None and not user.whole_org:
        unit_code = user.unit_code
    if unit_code is not None:
        unit = uow.unit(user.employee.org_id, unit_code)
        if unit is None:
            raise NotFound(f"no unit {unit_code!r}")
        if not user.scope.covers(unit.org_id, [unit.id]):
            raise NotAllowed(unit_code)
    return unit_code
