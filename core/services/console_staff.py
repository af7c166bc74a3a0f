"""The console's employees: search within the user's scope, one employee's file, and the
changes an admin makes there (details, a transfer, a departure).

Scope is the chat's (`core.access`): a unit admin reads and changes their unit's staff, a
super admin the organisation's, a head of unit reads their unit's. An employee outside the
scope is "not found", never "not allowed", so a URL tells nobody who exists (UU 27/2022). A
transfer needs both units in the admin's scope: a unit admin cannot move staff out of their
unit into one they do not run, nor take staff from another. The details, transfer and departure
of a head of unit or an admin are a super admin's to change, not a fellow admin's; and their
day lies within a year of today (a typo of 2062 for 2026 is refused, not recorded).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select

from core.access import roles_of
from core.employee_file import mobile_number
from core.org import Role
from core.services import accounts, staff
from core.services.console import ConsoleUser, NotAllowed
from core.services.context import NotFound
from core.storage.tables import EmployeeRow
from core.storage.uow import UnitOfWork

# A search shows at most this many; more asks for a narrower search.
SHOWN = 50
# How far from today a transfer or a departure may be dated.
FURTHEST = timedelta(days=366)
OFFICERS = frozenset({Role.MANAGER, Role.ADMIN, Role.SUPER_ADMIN})
NAME_MAX = 200
POSITION_MAX = 200


@dataclass(frozen=True)
class StaffLine:
    """One employee as the search lists them."""

    employee_id: int
    name: str
    identifier: str
    unit: str
    position: str | None
    state: str  # active, blocked, left


@dataclass(frozen=True)
class StaffFile:
    """One employee's file: who, where, how they reach the bot, and their face."""

    employee: EmployeeRow
    unit_code: str
    unit: str
    supervisor: str | None
    state: str
    chats: list[tuple[str, str]]  # (channel, language); the chat ids stay out of the page
    face_enrolled: bool
    units: list[tuple[str, str]]  # where the user may transfer them: (code, name)
    changeable: bool  # the user may edit, transfer and deactivate them


class ChangeRefused(ValueError):
    """A change the console refuses; `key` names the reason in the console's words."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def state_of(employee: EmployeeRow, today: date) -> str:
    if employee.gone_on(today):
        return "left"
    return "blocked" if employee.blocked else "active"


def find_staff(
    uow: UnitOfWork, user: ConsoleUser, words: str, today: date
) -> tuple[list[StaffLine], bool]:
    """The staff in scope whose name holds `words` or whose NIP/NIK starts with its digits,
    by name (not the user: their own record is another admin's to change); and whether there
    were more than SHOWN."""
    me = user.employee
    query = select(EmployeeRow).where(EmployeeRow.org_id == me.org_id, EmployeeRow.id != me.id)
    if not user.whole_org:
        query = query.where(EmployeeRow.unit_id.in_(sorted(user.scope.unit_ids or ())))
    words = " ".join(words.split())[:NAME_MAX]
    if words:
        digits = words.replace(" ", "")
        match = func.lower(EmployeeRow.name).contains(words.lower(), autoescape=True)
        if digits.isdigit():
            match = or_(match, EmployeeRow.identifier.startswith(digits, autoescape=True))
        query = query.where(match)
    rows = list(uow.session.scalars(query.order_by(EmployeeRow.name).limit(SHOWN + 1)))
    units = {u.id: u.name for u in uow.units(user.employee.org_id)}
    lines = [
        StaffLine(e.id, e.name, e.identifier, units.get(e.unit_id, ""), e.position,
                  state_of(e, today))
        for e in rows[:SHOWN]
    ]  # fmt: skip
    return lines, len(rows) > SHOWN


def staff_file(uow: UnitOfWork, user: ConsoleUser, employee_id: int, today: date) -> StaffFile:
    """The file of an employee in scope; NotFound otherwise (and for the user themself: their
    own changes go through another admin)."""
    employee = _in_scope(uow, user, employee_id)
    unit = uow.unit_by_id(employee.unit_id)
    if unit is None:  # a stored employee's unit always exists
        raise NotFound(f"unit of employee {employee.id}")
    boss = uow.employee(employee.supervisor_id) if employee.supervisor_id else None
    chats = [(channel, language) for channel, _chat, language in
             accounts.chats_of(uow, employee.id)]  # fmt: skip
    targets = [
        (u.code, u.name)
        for u in uow.units(employee.org_id)
        if u.id != employee.unit_id and user.scope.covers(u.org_id, [u.id])
    ]
    return StaffFile(
        employee, unit.code, unit.name, boss.name if boss else None, state_of(employee, today),
        chats, uow.enrolled(employee.id), sorted(targets, key=lambda pair: pair[1]),
        may_change(user, employee),
    )  # fmt: skip


def edit_details(
    uow: UnitOfWork, user: ConsoleUser, employee_id: int, name: str, phone: str, position: str
) -> EmployeeRow:
    """Change an employee's name, phone number and position (jabatan), audited."""
    employee = _changeable(uow, user, employee_id)
    name, position = " ".join(name.split()), " ".join(position.split())
    if not name:
        raise ChangeRefused("name_missing")
    if len(name) > NAME_MAX or len(position) > POSITION_MAX:
        raise ChangeRefused("too_long", limit=NAME_MAX)
    try:
        number = mobile_number(phone)
    except ValueError:
        raise ChangeRefused("phone_bad") from None
    employee.name, employee.phone, employee.position = name, number, position or None
    uow.touch(employee, _actor(user), "employee.edit")
    return employee


def transfer(
    uow: UnitOfWork, user: ConsoleUser, employee_id: int, unit_code: str, effective: date,
    today: date,
) -> staff.Transferred:  # fmt: skip
    """Transfer an employee in scope to a unit in scope from `effective` (core.services.staff)."""
    employee = _changeable(uow, user, employee_id)
    _near(effective, today)
    unit = uow.unit(employee.org_id, unit_code)
    if unit is None or not user.scope.covers(unit.org_id, [unit.id]):
        raise ChangeRefused("unit_unknown")
    try:
        return staff.transfer(uow, employee, unit_code, effective, today, _actor(user))
    except staff.StaffChangeRefused as refused:
        raise ChangeRefused(refused.key) from None


def deactivate(
    uow: UnitOfWork, user: ConsoleUser, employee_id: int, on: date, reason: str, today: date
) -> EmployeeRow:
    """Record that an employee in scope leaves the organisation from `on` (core.services.staff)."""
    employee = _changeable(uow, user, employee_id)
    _near(on, today)
    try:
        return staff.deactivate(uow, employee, on, reason, _actor(user))
    except staff.StaffChangeRefused as refused:
        raise ChangeRefused(refused.key) from None


def _in_scope(uow: UnitOfWork, user: ConsoleUser, employee_id: int) -> EmployeeRow:
    employee = uow.employee(employee_id)
    me = user.employee
    if employee is None or employee.org_id != me.org_id or employee.id == me.id:
        raise NotFound(f"employee {employee_id}")
    if not user.scope.covers(employee.org_id, [employee.unit_id]):
        raise NotFound(f"employee {employee_id}")
    return employee


def may_change(user: ConsoleUser, employee: EmployeeRow) -> bool:
    """Whether the user may edit, transfer or deactivate the employee: an admin, and a super
    admin for a head of unit or an admin."""
    officer = bool(roles_of(employee.role_set) & OFFICERS)
    return user.administers and (user.whole_org or not officer)


def _changeable(uow: UnitOfWork, user: ConsoleUser, employee_id: int) -> EmployeeRow:
    employee = _in_scope(uow, user, employee_id)
    if not user.administers:
        raise NotAllowed("a head of unit reads only")
    if not may_change(user, employee):
        raise ChangeRefused("officer")
    return employee


def _near(day: date, today: date) -> None:
    if abs(day - today) > FURTHEST:
        raise ChangeRefused("day_far")


def _actor(user: ConsoleUser) -> str:
    return f"employee:{user.employee.id}"
