"""Who administers a unit: a super admin lists, adds and removes its admins (chat and CLI).

Keputusan Kepala Dinas Kesehatan Musi Banyuasin B-800/18/KPTS-KES/2023 Pasal 3 ayat (2) huruf
a: "Super Admin bertugas : a. Menambahkan, mengedit dan menghapus User Admin Puskesmas". The
admin role is kept on the employee (`employees.roles`) and covers the unit they belong to
(`core.access.admin_scope`), so the admin of a unit is one of its staff (Pasal 3 ayat (1): the
Kasubbag Tata Usaha of each Puskesmas; Perwal Sungai Penuh 12/2023 Pasal 7 ayat (1): two staff
of each unit appointed by its head). Roles are read afresh on every chat message, so a removed
admin's next command is refused.

Rules, each a refusal returned (never raised) for the chat and the CLI to word:
- only a super admin of the organisation changes admins (`not_super_admin`);
- nobody changes their own roles (`self`): a unit admin cannot promote themselves, and a super
  admin's own rights are changed by another;
- the employee must belong to the unit named (`other_unit`) and still be on staff (`left`);
- adding an admin twice or removing a non-admin changes nothing and says so;
- the last admin on staff of a unit is not removed (`last_admin`): the unit's sick notes,
  permits and face enrollments go to its admin (`absences.approver_for`, `unit_admins`), and
  Pasal 3 ayat (1) gives every Puskesmas one. Add the successor first, then remove.

A removed admin's pending approvals (absences and missed records, `/lupaabsen`) move to the
approver the rule names now (`approvers.designated`, through `approver_for`); one the rule still
gives them (their own staff's request that goes to the direct supervisor) stays.
Every change is one audit entry on the employee (`employee.admin_add` / `employee.admin_remove`)
whose actor is the super admin. An employee import with a `peran` column sets roles as its file
says and reports every role it changes (`core.services.employees`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from core.citations import Citation
from core.clock import local_date
from core.org import Role
from core.services.absences import approver_for
from core.services.approvers import kind_of
from core.services.missed import ENTITY as MISSED_ENTITY
from core.storage.tables import AbsenceRow, AttendanceRequestRow, EmployeeRow, UnitRow
from core.storage.uow import UnitOfWork

RULE = Citation(
    "000_ec26450856fff25c.txt",
    "Keputusan Kadinkes Musi Banyuasin B-800/18/KPTS-KES/2023",
    "3",
    "2",
    "huruf a",
    "Super Admin bertugas : a. Menambahkan, mengedit dan menghapus User Admin Puskesmas",
)


@dataclass(frozen=True)
class AdminRefused:
    """Why nothing changed: a key (not_super_admin, unknown_unit, unknown_employee, self,
    other_unit, left, already_admin, not_admin, last_admin) and the values its message names."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


Request = AbsenceRow | AttendanceRequestRow


@dataclass(frozen=True)
class AdminChanged:
    employee: EmployeeRow
    unit: UnitRow
    added: bool
    moved: list[tuple[Request, int | None]] = field(default_factory=list)  # (request, to)


@dataclass(frozen=True)
class UnitAdmins:
    unit: UnitRow
    admins: list[EmployeeRow]


def is_admin(employee: EmployeeRow) -> bool:
    return Role.ADMIN in employee.role_set


def with_roles(roles: set[str]) -> str:
    """Roles as `employees.roles` keeps them (the employee import's form)."""
    return ",".join(sorted(roles | {Role.EMPLOYEE.value}))


def may_change(actor: EmployeeRow, org_id: int) -> bool:
    """A super admin of the organisation (the command line names the one asking, `--by`)."""
    return actor.org_id == org_id and Role.SUPER_ADMIN in actor.role_set


def list_admins(
    uow: UnitOfWork, actor: EmployeeRow | None, org_id: int, unit_code: str | None
) -> list[UnitAdmins] | AdminRefused:
    """The admins of one unit, or of every unit (a unit without one too), by unit code. In chat
    only a super admin reads them; `actor` None is the operator at the command line, who reads
    the database anyway."""
    if actor is not None and not may_change(actor, org_id):
        return AdminRefused("not_super_admin", {"rule": str(RULE)})
    units = sorted(uow.units(org_id), key=lambda u: u.code)
    if unit_code is not None:
        units = [u for u in units if u.code == unit_code]
        if not units:
            return AdminRefused("unknown_unit", {"unit": unit_code})
    staff = uow.employees(org_id, [u.id for u in units])
    today = _today(uow, org_id)
    admins = sorted(
        (e for e in staff if is_admin(e) and not e.gone_on(today)),
        key=lambda e: (e.name.casefold(), e.identifier),
    )
    return [UnitAdmins(u, [e for e in admins if e.unit_id == u.id]) for u in units]


def change_admin(
    uow: UnitOfWork, actor: EmployeeRow, org_id: int, identifier: str, unit_code: str, add: bool
) -> AdminChanged | AdminRefused:
    """Make `identifier` an admin of `unit_code` (add) or no longer one (remove)."""
    found = _target(uow, actor, org_id, identifier, unit_code)
    if isinstance(found, AdminRefused):
        return found
    employee, unit = found
    values = {"name": employee.name, "unit": unit.code}
    if add and is_admin(employee):
        return AdminRefused("already_admin", values)
    if not add and not is_admin(employee):
        return AdminRefused("not_admin", values)
    today = _today(uow, org_id)
    if add and employee.gone_on(today):
        return AdminRefused("left", values | {"day": employee.left_on})
    if not add and not employee.gone_on(today) and not _others(uow, employee, today):
        return AdminRefused("last_admin", values)
    roles = (employee.role_set | {"admin"}) if add else (employee.role_set - {"admin"})
    employee.roles = with_roles(roles)
    action = "employee.admin_add" if add else "employee.admin_remove"
    uow.touch(employee, f"employee:{actor.id}", action)
    moved = [] if add else _move_approvals(uow, employee, actor)
    return AdminChanged(employee, unit, add, moved)


def _target(
    uow: UnitOfWork, actor: EmployeeRow, org_id: int, identifier: str, unit_code: str
) -> tuple[EmployeeRow, UnitRow] | AdminRefused:
    """The employee and unit named, once the actor may change them."""
    if not may_change(actor, org_id):
        return AdminRefused("not_super_admin", {"rule": str(RULE)})
    unit = uow.unit(org_id, unit_code)
    if unit is None:
        return AdminRefused("unknown_unit", {"unit": unit_code})
    employee = uow.employee_by_identifier(org_id, identifier)
    if employee is None:
        return AdminRefused("unknown_employee", {"identifier": identifier})
    if employee.id == actor.id:
        return AdminRefused("self")
    if employee.unit_id != unit.id:
        home = uow.unit_by_id(employee.unit_id)
        return AdminRefused(
            "other_unit",
            {"name": employee.name, "unit": unit.code, "home": home.code if home else "-"},
        )
    return employee, unit


def _others(uow: UnitOfWork, employee: EmployeeRow, today) -> list[EmployeeRow]:
    """The unit's other admins still on staff, read under a row lock on PostgreSQL: two super
    admins removing a unit's last two admins at once would otherwise each see the other."""
    staff = uow.session.scalars(
        select(EmployeeRow)
        .where(EmployeeRow.org_id == employee.org_id, EmployeeRow.unit_id == employee.unit_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    return [e for e in staff if e.id != employee.id and is_admin(e) and not e.gone_on(today)]


def _move_approvals(
    uow: UnitOfWork, former: EmployeeRow, actor: EmployeeRow
) -> list[tuple[Request, int | None]]:
    """Pending requests that waited for the former admin go to the approver the rule names
    now; one the rule still gives them (the direct supervisor's, for a kind the supervisor
    approves) stays."""
    moved: list[tuple[Request, int | None]] = []
    for request in _waiting_for(uow, former.id):
        subject = uow.employee(request.employee_id)
        if subject is None:
            continue
        to = approver_for(uow, subject, kind_of(request))
        if to == former.id:
            continue
        request.approver_id = to
        entity = "absence" if isinstance(request, AbsenceRow) else MISSED_ENTITY
        uow.touch(request, f"employee:{actor.id}", f"{entity}.reassign")
        moved.append((request, to))
    return moved


def _waiting_for(uow: UnitOfWork, approver_id: int) -> list[Request]:
    """The pending absences, then missed records, whose approver is `approver_id`."""
    absences = select(AbsenceRow).where(
        AbsenceRow.approver_id == approver_id, AbsenceRow.status == "pending"
    )
    missed = select(AttendanceRequestRow).where(
        AttendanceRequestRow.approver_id == approver_id, AttendanceRequestRow.status == "pending"
    )
    return [
        *uow.session.scalars(absences.order_by(AbsenceRow.id)),
        *uow.session.scalars(missed.order_by(AttendanceRequestRow.id)),
    ]


def _today(uow: UnitOfWork, org_id: int):
    org = uow.organisation_by_id(org_id)
    return local_date(uow.now(), org.zone if org else "UTC")
