"""Staff changes: a transfer (mutasi) from a given day, and a departure from the organisation.

A transfer is a new `Assignment` valid from its effective day, not the day it is entered.
Every day is judged, listed and recapped under the unit of the assignment in force that day
(`core.policy.resolver.unit_on`), so a transfer entered ahead of time changes nothing until
its day comes. `EmployeeRow.unit_id` is the unit the employee belongs to *now* (who their
unit admins and colleagues are): it is the unit of the latest assignment whose day has come.
`transfer` sets it when the day is today or earlier; `settle_transfers` moves the staff whose
transfer has come since (the `employees transfer` and `employees import` commands run it).

Perbup Konawe Kepulauan 18/2023 Pasal 17 ayat (1): "Apabila terdapat ASN yang berpindah
tugas, ASN tersebut diberi waktu paling lama 1 (satu) minggu untuk menyelesaikan pekerjaan di
tempat yang lama selanjutnya harus melaksanakan presensi di tempat kerja yang baru." The grace
counts from the effective day (`transfer_grace_days`, read by `services.context.load_context`).

A departure (`deactivate`) records the first day the employee is no longer on staff and why;
from that day they are not expected (recaps and daily lists leave the days out), cannot clock
in, and the days before stay in their recaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from core.policy.resolver import unit_on
from core.services.context import NotFound
from core.storage.tables import Assignment, EmployeeRow, UnitRow
from core.storage.uow import UnitOfWork

# Why an employee leaves the organisation (`employees.left_reason`).
LEAVE_REASONS = ("pensiun", "diberhentikan", "pindah_keluar", "meninggal")
CLI_ACTOR = "cli"


class StaffChangeRefused(ValueError):
    """A transfer or departure that cannot be recorded; the message says why, in one line (the
    CLI's), `key` names the reason for other readers (the console's words)."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Transferred:
    employee: EmployeeRow
    old_unit: UnitRow
    new_unit: UnitRow
    effective: date
    now_in_force: bool  # the effective day has come: `unit_id` moved already


def find_employee(uow: UnitOfWork, org_code: str, identifier: str) -> EmployeeRow:
    org = uow.organisation(org_code)
    if org is None:
        raise NotFound(f"no organisation {org_code!r}")
    employee = uow.employee_by_identifier(org.id, identifier)
    if employee is None:
        raise NotFound(f"no employee {identifier} in organisation {org_code!r}")
    return employee


def transfer(
    uow: UnitOfWork,
    employee: EmployeeRow,
    unit_code: str,
    effective: date,
    today: date,
    actor: str = CLI_ACTOR,
) -> Transferred:
    """Assign `employee` to the unit `unit_code` from `effective` (audited); refused when the
    unit is unknown or already theirs, the day is before their latest assignment began, or
    they have left."""
    unit = uow.unit(employee.org_id, unit_code)
    if unit is None:
        raise NotFound(f"no unit {unit_code!r} in the organisation")
    if employee.left_on is not None:
        raise StaffChangeRefused(
            f"{employee.name} left the organisation on {employee.left_on}: no transfer",
            "left",
        )
    history = uow.assignment_history(employee.id)
    latest_from, latest_unit = history[-1] if history else (None, employee.unit_id)
    if latest_unit == unit.id:
        raise StaffChangeRefused(f"{employee.name} is already assigned to {unit.code}", "same_unit")
    if latest_from is not None and effective < latest_from:
        raise StaffChangeRefused(
            f"--from {effective} is before {employee.name}'s current assignment began "
            f"({latest_from})",
            "before_current",
        )
    old = uow.unit_by_id(latest_unit)
    uow.add(
        Assignment(employee_id=employee.id, unit_id=unit.id, valid_from=effective),
        actor,
        "employee.transfer",
    )
    in_force = effective <= today
    if in_force:
        _move(uow, employee, unit.id, actor)
    assert old is not None  # an assignment's unit is a stored unit
    return Transferred(employee, old, unit, effective, in_force)


def settle_transfers(uow: UnitOfWork, org_id: int, today: date, actor: str = CLI_ACTOR) -> int:
    """Move every employee whose transfer's day has come to that unit; return how many."""
    # One read of the organisation's assignments, not one per employee.
    histories: dict[int, list[tuple[date, int]]] = {}
    query = (
        select(Assignment.employee_id, Assignment.valid_from, Assignment.unit_id)
        .join(EmployeeRow, EmployeeRow.id == Assignment.employee_id)
        .where(EmployeeRow.org_id == org_id)
        .order_by(Assignment.valid_from, Assignment.id)
    )
    for employee_id, valid_from, unit_id in uow.session.execute(query):
        histories.setdefault(employee_id, []).append((valid_from, unit_id))
    moved = 0
    for employee in uow.employees(org_id):
        history = histories.get(employee.id)
        now_in = unit_on(history, today, employee.unit_id) if history else None
        if now_in is not None and now_in != employee.unit_id:
            _move(uow, employee, now_in, actor)
            moved += 1
    return moved


def _move(uow: UnitOfWork, employee: EmployeeRow, unit_id: int, actor: str) -> None:
    employee.unit_id = unit_id
    uow.touch(employee, actor, "employee.transfer")


def deactivate(
    uow: UnitOfWork, employee: EmployeeRow, on: date, reason: str, actor: str = CLI_ACTOR
) -> EmployeeRow:
    """Record that `employee` is no longer on staff from `on` (audited)."""
    if reason not in LEAVE_REASONS:
        raise StaffChangeRefused(
            f"unknown reason {reason!r}; use {', '.join(LEAVE_REASONS)}", "reason_unknown"
        )
    if employee.left_on is not None:
        raise StaffChangeRefused(
            f"{employee.name} is already deactivated since {employee.left_on} "
            f"({employee.left_reason})",
            "already_left",
        )
    history = uow.assignment_history(employee.id)
    if history and on < history[0][0]:
        raise StaffChangeRefused(
            f"--on {on} is before {employee.name}'s first day on staff ({history[0][0]})",
            "before_first_day",
        )
    employee.left_on, employee.left_reason = on, reason
    uow.touch(employee, actor, "employee.deactivate")
    return employee
