"""`UnitOfWork.holding`: the few holders of a role among the staff (the approvers that requests
and their reminders look for), read once per transaction and read again after a write. On
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import event

from core.employee_file import parse_employees_csv
from core.org import Role
from core.org.file import parse_org
from core.services.employees import import_employees
from core.services.orgs import load_org
from core.storage.database import session_factory
from core.storage.uow import UnitOfWork

EXAMPLES = Path(__file__).parents[2] / "examples"
ORG = "pemkot-sungai-penuh"


def loaded(engine, clock):
    spec = parse_org((EXAMPLES / "org-sungai-penuh.yaml").read_text())
    rows = parse_employees_csv(
        (EXAMPLES / "employees-sungai-penuh.csv").read_text(), {u.code for u in spec.units}
    )
    sessions = session_factory(engine)
    with UnitOfWork(sessions, clock) as uow:
        load_org(uow, spec)
        import_employees(uow, ORG, rows, date(2026, 1, 1))
        uow.commit()
    return sessions


def test_holders_of_a_role_by_unit_and_not_a_longer_role_that_contains_it(engine, clock):
    sessions = loaded(engine, clock)
    with UnitOfWork(sessions, clock) as uow:
        org = uow.organisation(ORG)
        head = uow.employee_by_identifier(org.id, "197804122005011002")  # setda's head
        head.roles = "employee,manager,super_admin"
        uow.touch(head, "test", "employee.roles")
        uow.commit()
    with UnitOfWork(sessions, clock) as uow:
        everyone = uow.employees(org.id)
        setda = next(u for u in uow.units(org.id) if u.code == "setda")
        setda_admins = uow.holding(org.id, Role.ADMIN, setda.id)
        assert [e.name for e in setda_admins] == ["Ahmad Fauzi S.Kom", "Rina Marlina S.Sos"]
        # "super_admin" holds the word "admin": it does not make a unit admin.
        assert head.id not in {e.id for e in uow.holding(org.id, Role.ADMIN)}
        assert [e.id for e in uow.holding(org.id, Role.SUPER_ADMIN)] == [head.id]
        for role in Role:
            holders = [e for e in everyone if role in e.role_set]
            assert uow.holding(org.id, role) == holders, role


def test_read_once_per_transaction_and_again_after_a_write(engine, clock):
    sessions = loaded(engine, clock)
    statements: list[str] = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listen)
    try:
        with UnitOfWork(sessions, clock) as uow:
            org = uow.organisation(ORG)
            statements.clear()
            first = uow.holding(org.id, Role.ADMIN)
            assert uow.holding(org.id, Role.ADMIN) == first
            assert len(statements) == 1
            staff = uow.employee_by_identifier(org.id, "199611302022032007")
            staff.roles = "employee,admin"
            uow.touch(staff, "test", "employee.roles")
            uow.session.flush()
            assert staff in uow.holding(org.id, Role.ADMIN) and staff not in first
    finally:
        event.remove(engine, "before_cursor_execute", listen)
