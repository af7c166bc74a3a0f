"""Import a month's shift rota into `ShiftRow`s, which the check-in and the recap then follow.

Perbup Balangan 32/2020 Pasal 5: shift staff clock in and out "berdasarkan jam kerja yang di atur
oleh RSUD". The table is read and checked whole first (core.rota); only a table without problems
is written, in the caller's transaction, each row through the audit chain. `month_grid` reads a
month's entries back for `presensi rota show`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from core.policy import Policy
from core.policy.config import apply_overrides
from core.rota import Rota, month_bounds, parse_rota, read_table, stored
from core.rota_grid import OFF, Grid, GridRow
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


# --- showing a month's rota -----------------------------------------------------------------


def month_grid(
    uow: UnitOfWork, org_code: str, year: int, month: int, unit_code: str | None = None
) -> Grid:
    """The month's rota entries of the organisation (or one unit's staff) as a grid: every
    employee with an entry that month, by unit then name. NotFound for an unknown org or unit."""
    org = uow.organisation(org_code)
    if org is None:
        raise NotFound(f"no organisation {org_code!r}")
    unit_ids = None
    if unit_code is not None:
        unit = uow.unit(org.id, unit_code)
        if unit is None:
            raise NotFound(f"no unit {unit_code!r} in {org_code}")
        unit_ids = [unit.id]
    first, last = month_bounds(year, month)
    people = {e.id: e for e in uow.employees(org.id, unit_ids)}
    entries = uow.session.scalars(
        select(ShiftRow).where(
            ShiftRow.employee_id.in_(people), ShiftRow.work_date.between(first, last)
        )
    ).all()
    where = f" unit {unit_code}" if unit_code else ""
    grid = Grid(f"rota {org.code}{where} {year}-{month:02d}", year, month)
    cells: dict[int, dict[int, str]] = {}
    view = org_view(uow, org.id)
    off: dict[int, list[str]] = {}
    for entry in entries:
        person = people[entry.employee_id]
        if entry.schedule is None and person.id not in off:
            off[person.id] = _off_codes(view, person)
        code, hours = _shown(entry.schedule, off.get(person.id, []))
        cells.setdefault(entry.employee_id, {})[entry.work_date.day] = code
        grid.codes.setdefault(code, hours)
    order = sorted(
        cells, key=lambda i: (people[i].unit_id, people[i].name.casefold(), people[i].identifier)
    )
    grid.rows = [GridRow(people[i].identifier, people[i].name, cells[i]) for i in order]
    return grid


def _shown(schedule: dict[str, Any] | None, off: list[str]) -> tuple[str, str]:
    """A stored entry's code and hours; a day off by its policy's one off code, if it has one."""
    if schedule is None:
        return (off[0] if len(off) == 1 else OFF), "day off"
    work = schedule["work"]
    start, _, end = work.partition("-")
    night = " (+1)" if end <= start else ""  # the shift ends the next morning
    return schedule.get("code") or "?", f"{work}{night}"


def _off_codes(view: Any, employee: EmployeeRow) -> list[str]:
    policy = view.policy(employee.unit_id)
    if employee.policy:
        policy = apply_overrides(policy, employee.policy, where=f"employee {employee.id}")
    return [code for code, schedule in policy.shifts.items() if schedule is None]
