"""Import employees from a validated file: all rows or none; a unit change is a transfer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.employee_file import EmployeeRow as FileRow
from core.services.context import NotFound
from core.storage.tables import Assignment, EmployeeRow
from core.storage.uow import UnitOfWork


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    transferred: int
    unchanged: int


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
    for row in rows:
        unit = units.get(row.unit)
        if unit is None:
            raise NotFound(f"line {row.line}: no unit {row.unit!r} in {org_code}")
        stored[row.identifier] = _upsert(uow, org.id, unit.id, row, today, actor, counts)
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
    return ImportSummary(**counts)


def _upsert(uow, org_id, unit_id, row: FileRow, today, actor, counts) -> EmployeeRow:
    employee = uow.employee_by_identifier(org_id, row.identifier)
    fields = {
        "name": row.name,
        "kind": str(row.kind),
        "phone": row.phone,
        "roles": ",".join(sorted(str(r) for r in row.roles)) or "employee",
    }
    if row.position is not None:  # a file without the jabatan column leaves it as it is
        fields["position"] = row.position or None
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
