"""Import employees from a validated file: all rows or none; a unit change is a transfer.

Roles: a file with a `peran` column sets every listed employee's roles as it says, also where a
super admin changed them since (`/admin`, `presensi employees admin`); each role it changes on
an existing employee is reported (`ImportSummary.role_changes`), and so is a unit it leaves
without an admin, so that the file and the chat edits never undo each other unnoticed. A file
without the column keeps the stored roles.

Own policy: the `shift` and `kebijakan` columns (core.employee_overrides) set the employee's
stored overrides (`EmployeeRow.policy`); a file without them keeps what is stored, an empty
cell clears it. The parser has checked them against the unit's policy (`policy_context`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.employee_file import EmployeeRow as FileRow
from core.employee_file import Stored
from core.employee_overrides import merged
from core.org import Role
from core.services.context import NotFound, org_view
from core.storage.tables import Assignment, EmployeeRow
from core.storage.uow import UnitOfWork


@dataclass(frozen=True)
class RoleChange:
    line: int
    name: str
    before: str  # as stored, "admin,employee"
    after: str


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    transferred: int
    unchanged: int
    role_changes: tuple[RoleChange, ...] = ()
    units_without_admin: tuple[str, ...] = ()  # unit codes that had an admin before the file


def import_employees(
    uow: UnitOfWork, org_code: str, rows: list[FileRow], today: date, actor: str = "cli"
) -> ImportSummary:
    """Add or update every row in the caller's transaction; supervisors link after all exist."""
    org = uow.organisation(org_code)
    if org is None:
        raise NotFound(f"no organisation {org_code!r}; load it first with `presensi org load`")
    units = {u.code: u for u in uow.units(org.id)}
    counts = {"added": 0, "updated": 0, "transferred": 0, "unchanged": 0}
    stored: dict[str, EmployeeRow] = {}
    had_admin = _units_with_admin(uow, org.id, today)
    changes: list[RoleChange] = []
    for row in rows:
        unit = units.get(row.unit)
        if unit is None:
            raise NotFound(f"line {row.line}: no unit {row.unit!r} in {org_code}")
        employee = uow.employee_by_identifier(org.id, row.identifier)
        before = employee.roles if employee is not None else None
        employee = _upsert(uow, org.id, unit.id, row, employee, today, actor, counts)
        if before is not None and before != employee.roles:
            changes.append(RoleChange(row.line, employee.name, before, employee.roles))
        stored[row.identifier] = employee
    for row in rows:
        employee = stored[row.identifier]
        supervisor = None
        if row.supervisor:
            boss = stored.get(row.supervisor) or uow.employee_by_identifier(org.id, row.supervisor)
            if boss is None:
                raise NotFound(f"line {row.line}: no supervisor {row.supervisor}")
            supervisor = boss.id
        if employee.supervisor_id != supervisor:
            employee.supervisor_id = supervisor
            uow.touch(employee, actor, "employee.supervisor")
    lost = had_admin - _units_with_admin(uow, org.id, today)
    codes = tuple(sorted(u.code for u in units.values() if u.id in lost))
    return ImportSummary(**counts, role_changes=tuple(changes), units_without_admin=codes)


def policy_context(uow: UnitOfWork, org_id: int) -> Stored:
    """The units' policies and the employees' stored overrides, which a file's `shift` and
    `kebijakan` cells are checked against before anything is written."""
    view = org_view(uow, org_id)
    return Stored(
        {unit.code: view.policy(unit.id) for unit in view.units.values()},
        {e.identifier: e.policy for e in uow.employees(org_id) if e.policy},
    )


def _units_with_admin(uow: UnitOfWork, org_id: int, today: date) -> set[int]:
    return {
        e.unit_id
        for e in uow.employees(org_id)
        if Role.ADMIN in e.role_set and not e.gone_on(today)
    }


def _upsert(uow, org_id, unit_id, row: FileRow, employee, today, actor, counts) -> EmployeeRow:
    """Add the row's employee, or bring the stored one (`employee`) in line with it."""
    fields: dict[str, Any] = {"name": row.name, "kind": str(row.kind), "phone": row.phone}
    if row.roles is not None:  # a file without the peran column leaves the roles as they are
        fields["roles"] = ",".join(sorted(str(r) for r in row.roles)) or "employee"
    elif employee is None:
        fields["roles"] = "employee"
    if row.position is not None:  # a file without the jabatan column leaves it as it is
        fields["position"] = row.position or None
    if row.shift is not None or row.policy is not None:
        fields["policy"] = merged(employee.policy if employee else None, row.shift, row.policy)
    if employee is None:
        employee = EmployeeRow(org_id=org_id, unit_id=unit_id, identifier=row.identifier, **fields)
        uow.add(employee, actor, "employee.add")
        start = row.active_from.date() if row.active_from else today
        uow.add(
            Assignment(employee_id=employee.id, unit_id=unit_id, valid_from=start),
            actor,
            "employee.assign",
        )
        counts["added"] += 1
        return employee
    transferred = employee.unit_id != unit_id
    if transferred:
        employee.unit_id = unit_id
        uow.add(
            Assignment(employee_id=employee.id, unit_id=unit_id, valid_from=today),
            actor,
            "employee.transfer",
        )
        counts["transferred"] += 1
    # Only differing fields are set: assigning an equal value still marks the row dirty, and an
    # unchanged row must leave no audit entry behind.
    changes = {k: v for k, v in fields.items() if getattr(employee, k) != v}
    for key, value in changes.items():
        setattr(employee, key, value)
    if changes or transferred:
        uow.touch(employee, actor, "employee.update")
    if changes:
        counts["updated"] += 1
    elif not transferred:
        counts["unchanged"] += 1
    return employee
