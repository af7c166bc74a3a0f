"""The tamper suite: every kind of quiet rewrite of the records is found, on SQLite and PostgreSQL.

A small organisation is written through the unit of work with an audit key (every covered table
has rows), a signed checkpoint is taken, and then each case tampers with the database the way
someone holding its password could: rows edited, deleted or inserted behind the log's back,
entries edited, deleted, reordered or forged, the whole log deleted, the newest entries deleted
together with the rows they wrote, and a consistent rewrite that re-hashes every later entry.
`verify` must name each one.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from core.storage import audit
from core.storage.chat_tables import ChatAccount, FaceReferenceRow
from core.storage.database import make_engine, session_factory, upgrade
from core.storage.tables import (
    AbsenceRow,
    Assignment,
    AttendanceRow,
    AuditRow,
    EmployeeRow,
    HolidayRow,
    Organisation,
    ShiftRow,
    SiteRow,
    UnitRow,
)
from core.storage.uow import UnitOfWork

KEY = b"test-audit-key-not-a-secret"
DAY = date(2026, 11, 23)


@dataclass
class World:
    sessions: object
    clock: object
    checkpoints: Path
    org: int
    other_org: int
    ids: dict[str, int | str]

    def uow(self, key: bytes | None = KEY) -> UnitOfWork:
        return UnitOfWork(self.sessions, self.clock, key)

    def sql(self, *statements: str) -> None:
        with self.uow() as uow:
            for statement in statements:
                uow.session.execute(text(statement))
            uow.commit()

    def verify(self, key: bytes | None = KEY) -> list[str]:
        points, problems = audit.read_checkpoints(self.checkpoints, key)
        with self.uow() as uow:
            problems += audit.verify(uow.session, key, points)[1]
        return [p.what for p in problems]

    def checkpoint(self, key: bytes | None = KEY) -> None:
        with self.uow() as uow:
            point = audit.checkpoint(uow.session, self.clock.now(), key)
        audit.write_checkpoint(self.checkpoints, point)

    def entries(self, org: int) -> list[AuditRow]:
        with self.uow() as uow:
            query = select(AuditRow).where(AuditRow.org_id == org).order_by(AuditRow.seq)
            return list(uow.session.scalars(query))


def _organisation(uow: UnitOfWork, code: str) -> dict[str, int | str]:
    add = uow.add
    org = add(
        Organisation(
            code=code,
            name="Org",
            zone="Asia/Jakarta",
            preset="sungai-penuh",
            preset_params={},
            policy={"radius_m": 100},
        ),
        "test",
        "organisation.add",
    )
    unit = add(
        UnitRow(org_id=org.id, code="u", name="Unit", kind="upt", zone="Asia/Jakarta", policy={}),
        "test",
        "unit.add",
    )
    site = add(
        SiteRow(
            org_id=org.id,
            unit_id=unit.id,
            code="s",
            name="Kantor",
            kind="office",
            lat=-2.06,
            lon=101.39,
            radius_m=100.0,
        ),
        "test",
        "site.add",
    )
    holiday = add(
        HolidayRow(org_id=org.id, day=date(2026, 11, 25), name="Hari Guru"), "test", "holiday.add"
    )
    person = add(
        EmployeeRow(
            org_id=org.id,
            unit_id=unit.id,
            identifier=f"19730115200604{code}",
            name="Budi",
            kind="PNS",
            roles="employee",
        ),
        "test",
        "employee.add",
    )
    assignment = add(
        Assignment(employee_id=person.id, unit_id=unit.id, valid_from=DAY), "test", "assignment.add"
    )
    shift = add(
        ShiftRow(
            employee_id=person.id,
            work_date=DAY + timedelta(days=1),
            schedule={"in": "14:00", "out": "22:00"},
        ),
        "test",
        "shift.add",
    )
    face = add(
        FaceReferenceRow(
            id=f"face{code}".ljust(32, "0"),
            employee_id=person.id,
            encodings=[[0.1] * 4],
            status="active",
            submitted_by="test",
            submitted_at=datetime(2026, 11, 20, tzinfo=UTC),
        ),
        "test",
        "face.submit",
    )
    account = add(
        ChatAccount(
            channel="telegram",
            external_id=f"tg-{code}",
            chat_id=f"tg-{code}",
            employee_id=person.id,
        ),
        "test",
        "chat.bind",
    )
    absence = add(
        AbsenceRow(
            employee_id=person.id,
            code="S",
            first_day=DAY + timedelta(days=2),
            last_day=DAY + timedelta(days=2),
            status="approved",
        ),
        "test",
        "absence.request",
    )
    attendance = [
        add(
            AttendanceRow(
                employee_id=person.id,
                work_date=DAY,
                direction=direction,
                at=datetime(2026, 11, 23, hour, 5, tzinfo=UTC),
                outcome="on_time",
                accepted=True,
                rule="Pasal 11",
                source="test",
                lat=-2.06,
                lon=101.39,
                accuracy_m=12,
            ),
            "test",
            f"attendance.{direction}",
        )
        for direction, hour in (("in", 0), ("out", 9))
    ]
    return {
        "org": org.id,
        "unit": unit.id,
        "site": site.id,
        "holiday": holiday.id,
        "employee": person.id,
        "assignment": assignment.id,
        "shift": shift.id,
        "face": face.id,
        "account": account.id,
        "absence": absence.id,
        "in": attendance[0].id,
        "out": attendance[1].id,
    }


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """One migrated SQLite file per module, copied for each case (migrating costs ~0.8 s)."""
    path = tmp_path_factory.mktemp("audit") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """Both databases, as tests/conftest.py's `engine`, with the SQLite schema copied."""
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_engine")
        return
    path = tmp_path / "presensi.db"
    shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def world(engine, clock, tmp_path) -> World:
    sessions = session_factory(engine)
    with UnitOfWork(sessions, clock, KEY) as uow:
        ids = _organisation(uow, "a")
        other = _organisation(uow, "b")["org"]
        uow.commit()
    world = World(sessions, clock, tmp_path / "checkpoints.jsonl", ids["org"], other, ids)
    world.checkpoint()
    return world


def _rehash_from(world: World, seq: int, change) -> None:
    """What a careful forger does: change entry `seq`, then re-hash it and every later entry
    so that every link holds (without the key, the MACs cannot follow)."""
    with world.uow() as uow:
        query = select(AuditRow).where(AuditRow.org_id == world.org).order_by(AuditRow.seq)
        entries = list(uow.session.scalars(query))
        for entry in entries[seq - 1 :]:
            if entry.seq == seq:
                change(entry)
            entry.hash = "pending-" + str(entry.seq)  # unique while the chain is rewritten
        uow.session.flush()
        previous = entries[seq - 2].hash if seq > 1 else audit.GENESIS
        for entry in entries[seq - 1 :]:
            entry.prev_hash = previous
            entry.hash = previous = audit.entry_hash(entry)
        uow.commit()


def _entry_of(world: World, entity: str, entity_id) -> AuditRow:
    return next(
        e for e in world.entries(world.org) if e.entity == entity and e.entity_id == str(entity_id)
    )


def _edit_row_and_rehash(world: World) -> None:
    """Edit a clock-in, write its new digest into its entry and re-hash every later entry."""
    row_id = world.ids["in"]
    world.sql(f"UPDATE attendance SET outcome = 'late', minutes = 31 WHERE id = {row_id}")
    with world.uow() as uow:
        digest = audit.row_digest(uow.session.get(AttendanceRow, row_id))
    _rehash_from(
        world, _entry_of(world, "attendance", row_id).seq, lambda e: setattr(e, "digest", digest)
    )


def _rehash_and_strip_macs(world: World) -> None:
    _edit_row_and_rehash(world)
    world.sql(f"UPDATE audit_log SET mac = NULL WHERE org_id = {world.org}")


def _forge_entry_for_inserted_holiday(world: World) -> None:
    """Insert a holiday and append a well-formed entry for it: right hash, no key."""
    world.sql(
        f"INSERT INTO holidays (org_id, day, name) VALUES ({world.org}, '2026-11-30', "
        "'Libur palsu')"
    )
    with world.uow(key=None) as uow:
        row = uow.session.scalars(select(HolidayRow).where(HolidayRow.name == "Libur palsu")).one()
        audit.append(uow.session, row, "test", "holiday.add", world.clock.now(), key=None)
        uow.commit()


def _truncate_tail_with_rows(world: World) -> None:
    """Delete the two newest entries together with the attendance rows they inserted."""
    last = world.entries(world.org)[-1].seq
    world.sql(
        f"DELETE FROM audit_log WHERE org_id = {world.org} AND seq > {last - 2}",
        f"DELETE FROM attendance WHERE id IN ({world.ids['in']}, {world.ids['out']})",
    )


def _delete_organisations_chain_and_rows(world: World) -> None:
    """Make organisation b vanish without a trace in the database: its rows and its chain."""
    org = world.other_org
    employee = f"(SELECT id FROM employees WHERE org_id = {org})"
    world.sql(
        *(
            f"DELETE FROM {t} WHERE employee_id IN {employee}"
            for t in (
                "attendance",
                "absences",
                "chat_accounts",
                "face_references",
                "shifts",
                "unit_assignments",
            )
        ),
        f"DELETE FROM employees WHERE org_id = {org}",
        *(f"DELETE FROM {t} WHERE org_id = {org}" for t in ("holidays", "sites", "units")),
        f"DELETE FROM organisations WHERE id = {org}",
        f"DELETE FROM audit_log WHERE org_id = {org}",
    )


def _swap_entries(world: World) -> None:
    world.sql(
        f"UPDATE audit_log SET seq = 999 WHERE org_id = {world.org} AND seq = 4",
        f"UPDATE audit_log SET seq = 4 WHERE org_id = {world.org} AND seq = 5",
        f"UPDATE audit_log SET seq = 5 WHERE org_id = {world.org} AND seq = 999",
    )


def _move_entry_to_other_chain(world: World) -> None:
    """Renumber organisation a's last entry onto the end of organisation b's chain."""
    last = world.entries(world.org)[-1].seq
    end = world.entries(world.other_org)[-1].seq
    world.sql(
        f"UPDATE audit_log SET org_id = {world.other_org}, seq = {end + 1} "
        f"WHERE org_id = {world.org} AND seq = {last}"
    )


def _forge_checkpoint(world: World) -> None:
    """Append a checkpoint that blesses a shorter chain, signed with a guessed key."""
    with world.uow() as uow:
        point = audit.checkpoint(uow.session, world.clock.now(), b"guessed")
    audit.write_checkpoint(world.checkpoints, point)


def _copy_attendance(world: World) -> None:
    world.sql(
        "INSERT INTO attendance (employee_id, work_date, direction, at, outcome, accepted, "
        "minutes, rule, source, evidence, created_at) SELECT employee_id, work_date, "
        "direction, at, outcome, accepted, minutes, rule, source, evidence, created_at "
        f"FROM attendance WHERE id = {world.ids['in']}"
    )


def sql(*statements: str):
    """Tampering by plain SQL; `{name}` is the id of the seeded row (`{org}`: organisation a)."""
    return lambda world: world.sql(*(s.format(**world.ids) for s in statements))


# (name, tampering, a phrase verify must report)
CASES = [
    (
        "edit an attendance row",
        sql("UPDATE attendance SET outcome = 'late' WHERE id = {in}"),
        "attendance row {in} was edited",
    ),
    (
        "delete an attendance row",
        sql("DELETE FROM attendance WHERE id = {out}"),
        "attendance row {out} was deleted",
    ),
    ("insert an attendance row", _copy_attendance, "was written outside the log"),
    (
        "turn a sick day into duty elsewhere",
        sql("UPDATE absences SET code = 'DL' WHERE id = {absence}"),
        "absences row {absence} was edited",
    ),
    (
        "delete an absence",
        sql("DELETE FROM absences WHERE id = {absence}"),
        "absences row {absence} was deleted",
    ),
    (
        "insert a holiday without logging",
        sql("INSERT INTO holidays (org_id, day, name) VALUES ({org}, '2026-11-26', 'Libur')"),
        "holidays row",
    ),
    (
        "delete a holiday",
        sql("DELETE FROM holidays WHERE id = {holiday}"),
        "holidays row {holiday} was deleted",
    ),
    (
        "insert a shift without logging",
        sql("INSERT INTO shifts (employee_id, work_date) VALUES ({employee}, '2026-11-27')"),
        "shifts row",
    ),
    (
        "edit a shift",
        sql("UPDATE shifts SET schedule = NULL WHERE id = {shift}"),
        "shifts row {shift} was edited",
    ),
    (
        "change the organisation's preset",
        sql("UPDATE organisations SET preset = 'balangan' WHERE id = {org}"),
        "organisations row {org} was edited",
    ),
    (
        "move a unit to another zone",
        sql("UPDATE units SET zone = 'Asia/Jayapura' WHERE id = {unit}"),
        "units row {unit} was edited",
    ),
    (
        "widen a geofence",
        sql("UPDATE sites SET radius_m = 5000 WHERE id = {site}"),
        "sites row {site} was edited",
    ),
    (
        "grant a role",
        sql("UPDATE employees SET roles = 'employee,admin' WHERE id = {employee}"),
        "employees row {employee} was edited",
    ),
    (
        "insert an employee",
        sql(
            "INSERT INTO employees (org_id, unit_id, identifier, name, kind, roles, blocked, "
            "policy, created_at) VALUES ({org}, {unit}, '199001012020121001', 'Hantu', 'PNS', "
            "'employee', false, '{{}}', '2026-11-23 00:00:00')"
        ),
        "employees row",
    ),
    (
        "backdate a transfer",
        sql("UPDATE unit_assignments SET valid_from = '2020-01-01' WHERE id = {assignment}"),
        "unit_assignments row {assignment} was edited",
    ),
    (
        "swap a face reference",
        sql("UPDATE face_references SET encodings = '[[0.9, 0.9, 0.9, 0.9]]' WHERE id = '{face}'"),
        "face_references row {face} was edited",
    ),
    (
        "rebind a chat account",
        sql("UPDATE chat_accounts SET external_id = 'tg-mallory' WHERE id = {account}"),
        "chat_accounts row {account} was edited",
    ),
    (
        "edit an entry",
        sql("UPDATE audit_log SET actor = 'someone-else' WHERE org_id = {org} AND seq = 3"),
        "entry was changed after it was written",
    ),
    (
        "edit an entry's digest to fit an edited row",
        sql(
            "UPDATE attendance SET outcome = 'late' WHERE id = {in}",
            f"UPDATE audit_log SET digest = '{'0' * 64}' WHERE org_id = {{org}} AND "
            "entity = 'attendance' AND entity_id = '{in}'",
        ),
        "entry was changed after it was written",
    ),
    (
        "delete an entry",
        sql("DELETE FROM audit_log WHERE org_id = {org} AND seq = 2"),
        "entry 2 is missing",
    ),
    ("reorder entries", _swap_entries, "does not follow the entry before it"),
    (
        "move an entry to another organisation's chain",
        _move_entry_to_other_chain,
        "entry was changed after it was written",
    ),
    (
        "append a forged entry for an inserted holiday",
        _forge_entry_for_inserted_holiday,
        "entry has no MAC",
    ),
    (
        "delete every entry",
        sql("DELETE FROM audit_log"),
        "organisation {org}'s chain has 0 entries; the checkpoint",
    ),
    (
        "truncate the tail with its rows",
        _truncate_tail_with_rows,
        "organisation {org}'s chain has 10 entries; the checkpoint",
    ),
    (
        "delete an organisation's rows and chain",
        _delete_organisations_chain_and_rows,
        "chain has 0 entries; the checkpoint",
    ),
    (
        "rewrite a row, its digest and re-hash the rest",
        _edit_row_and_rehash,
        "MAC does not match AUDIT_KEY",
    ),
    ("re-hash the rest and strip the MACs", _rehash_and_strip_macs, "differs from the checkpoint"),
    ("append a forged checkpoint", _forge_checkpoint, "is not signed with AUDIT_KEY"),
]


def test_an_untouched_log_with_a_key_and_a_checkpoint_verifies(world):
    assert world.verify() == []
    assert [e.seq for e in world.entries(world.org)] == list(range(1, 13))
    assert [e.seq for e in world.entries(world.other_org)] == list(range(1, 13))


@pytest.mark.parametrize(("tamper", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_tampering_is_found(world, tamper, expected):
    assert world.verify() == []
    tamper(world)
    problems = world.verify()
    wanted = expected.format(**world.ids)
    assert any(wanted in p for p in problems), problems


def test_the_suite_has_every_kind():
    assert len(CASES) >= 20


def test_a_consistent_rewrite_keeps_every_link_and_only_the_key_or_a_checkpoint_tells(world):
    world.checkpoints.unlink()
    _edit_row_and_rehash(world)
    problems = world.verify()
    # The forger got every link right: only the MACs (and nothing else) give it away...
    assert problems and all(
        p.endswith("entry's MAC does not match AUDIT_KEY (forged or re-hashed)") for p in problems
    ), problems
    # ...which is exactly what is lost without AUDIT_KEY and without a checkpoint.
    assert world.verify(key=None) == []


def test_without_a_key_a_checkpoint_still_finds_a_rewrite_before_it(world):
    _rehash_and_strip_macs(world)
    assert any("differs from the checkpoint" in p for p in world.verify(key=None))
