"""Import a month's shift rota into `ShiftRow`s, which the check-in and the recap then follow.

Perbup Balangan 32/2020 Pasal 5: shift staff clock in and out "berdasarkan jam kerja yang di atur
oleh RSUD". The table is read and checked whole first (core.rota); only a table without problems
is written, in the caller's transaction, each row through the audit chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.policy import Policy
from core.policy.config import apply_overrides
from core.rota import Rota, parse_rota, read_table, stored
from core.services.context import NotFound, org_view
from core.storage.tables import EmployeeRow, ShiftRow
from core.storage.uow import UnitOfWork


@dataclass(frozen=True)
class RotaSummary:
    org: str
    first: date
    last: date
    employees: int
    written: int  # days that had no rota entry before
    replaced: int  # days whose entry changed
    removed: int  # days of the month the new table leaves to the weekday's schedule
    unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.written or self.replaced or self.removed)


def import_rota(
    uow: UnitOfWork,
    org_code: str,
    year: int,
    month: int,
    data: bytes,
    name: str = "rota",
    actor: str = "cli",
) -> RotaSummary:
    """Check the table against the organisation, then make the listed employees' rota entries
    of the month exactly the table's; InvalidRota (nothing written) lists every problem."""
    org = uow.organisation(org_code)
    if org is None:
        raise NotFound(f"no organisation {org_code!r}")
    lines = read_table(data, name)
    staff = _staff(uow, org.id)
    rota = parse_rota(lines, year, month, {nip: policy for nip, (_, policy) in staff.items()}, name)
    counts = {"written": 0, "replaced": 0, "removed": 0, "unchanged": 0}
    for nip, days in rota.days.items():
        employee = staff[nip][0]
        for key, value in _write(uow, employee, rota, days, actor).items():
            counts[key] += value
    return RotaSummary(org.code, rota.first, rota.last, len(rota.days), **counts)


def _staff(uow: UnitOfWork, org_id: int) -> dict[str, tuple[EmployeeRow, Policy]]:
    """Every employee by NIP/NIK, with the policy whose shift codes their rota may use: their
    unit's, with their own overrides (an employee file's `policy` may add codes)."""
    view = org_view(uow, org_id)
    staff = {}
    for employee in uow.employees(org_id):
        policy = view.policy(employee.unit_id)
        if employee.policy:
            policy = apply_overrides(policy, employee.policy, where=f"employee {employee.id}")
        staff[employee.identifier] = (employee, policy)
    return staff


def _write(
    uow: UnitOfWork, employee: EmployeeRow, rota: Rota, days: dict, actor: str
) -> dict[str, int]:
    """Make one employee's entries of the month the table's; counts of what happened."""
    counts = {"written": 0, "replaced": 0, "removed": 0, "unchanged": 0}
    existing = {row.work_date: row for row in uow.shifts(employee.id, rota.first, rota.last)}
    for day, (code, schedule) in sorted(days.items()):
        wanted: Any = stored(code, schedule)
        row = existing.pop(day, None)
        if row is None:
            uow.add(
                ShiftRow(employee_id=employee.id, work_date=day, schedule=wanted),
                actor,
                "shift.add",
            )
            counts["written"] += 1
        elif row.schedule != wanted:
            row.schedule = wanted
            uow.touch(row, actor, "shift.update")
            counts["replaced"] += 1
        else:
            counts["unchanged"] += 1
    stale = sorted(existing.values(), key=lambda row: row.work_date)
    counts["removed"] = uow.remove(stale, actor, "shift.remove") if stale else 0
    return counts
