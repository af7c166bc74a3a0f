"""The audit chain finds edited, deleted and reordered rows, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime

from sqlalchemy import select, text

from core.storage import audit
from core.storage.database import session_factory, upgrade
from core.storage.tables import (
    AttendanceRow,
    AuditRow,
    EmployeeRow,
    HolidayRow,
    Organisation,
    UnitRow,
)
from core.storage.uow import UnitOfWork


def _seed(uow) -> AttendanceRow:
    org = uow.add(
        Organisation(
            code="o",
            name="Org",
            zone="Asia/Jakarta",
            preset="sungai-penuh",
            preset_params={},
            policy={},
        ),
        "test",
        "organisation.add",
    )
    unit = uow.add(
        UnitRow(org_id=org.id, code="u", name="Unit", kind="upt", zone="Asia/Jakarta"),
        "test",
        "unit.add",
    )
    person = uow.add(
        EmployeeRow(
            org_id=org.id, unit_id=unit.id, identifier="197301152006041006", name="Budi", kind="PNS"
        ),
        "test",
        "employee.add",
    )
    row = None
    for minute in (5, 10):
        row = uow.add(
            AttendanceRow(
                employee_id=person.id,
                work_date=date(2026, 11, 23),
                direction="in",
                at=datetime(2026, 11, 23, 0, minute, tzinfo=UTC),
                outcome="on_time",
                accepted=True,
                rule="Perwal Sungai Penuh 12/2023, Pasal 11 ayat (2)",
                source="test",
                lat=-2.06,
                lon=101.39,
            ),
            "test",
            "attendance.in",
        )
    uow.commit()
    return row


def _verify(uow_factory) -> list[str]:
    with uow_factory() as uow:
        return [p.what for p in audit.verify(uow.session)[1]]


def _sql(uow_factory, statement: str) -> None:
    with uow_factory() as uow:
        uow.session.execute(text(statement))
        uow.commit()


def test_an_untouched_log_verifies(uow_factory):
    with uow_factory() as uow:
        _seed(uow)
    with uow_factory() as uow:
        count, problems = audit.verify(uow.session)
    assert (count, problems) == (5, [])


def test_an_edited_attendance_row_is_found(uow_factory):
    with uow_factory() as uow:
        row = _seed(uow)
    _sql(uow_factory, f"UPDATE attendance SET outcome = 'late' WHERE id = {row.id}")
    assert _verify(uow_factory) == [f"attendance row {row.id} was edited"]


def test_a_deleted_attendance_row_is_found(uow_factory):
    with uow_factory() as uow:
        row = _seed(uow)
    _sql(uow_factory, f"DELETE FROM attendance WHERE id = {row.id}")
    assert _verify(uow_factory) == [f"attendance row {row.id} was deleted"]


def test_a_row_written_behind_the_logs_back_is_found(uow_factory):
    with uow_factory() as uow:
        row = _seed(uow)
    _sql(
        uow_factory,
        "INSERT INTO attendance (employee_id, work_date, direction, at, outcome, "
        "accepted, minutes, rule, source, evidence, created_at) SELECT employee_id, work_date, "
        "direction, at, outcome, accepted, minutes, rule, source, evidence, created_at "
        f"FROM attendance WHERE id = {row.id}",
    )
    assert _verify(uow_factory) == [f"attendance row {row.id + 1} was written outside the log"]


def test_a_deleted_log_entry_is_found(uow_factory):
    with uow_factory() as uow:
        _seed(uow)
    _sql(uow_factory, "DELETE FROM audit_log WHERE seq = 2")
    problems = _verify(uow_factory)
    assert "entry 2 is missing" in problems
    assert "does not follow the entry before it" in problems


def test_an_edited_log_entry_is_found(uow_factory):
    with uow_factory() as uow:
        _seed(uow)
    _sql(uow_factory, "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3")
    assert _verify(uow_factory) == ["entry was changed after it was written"]


def test_reordered_log_entries_are_found(uow_factory):
    with uow_factory() as uow:
        _seed(uow)
    # Swap entries 4 and 5 whole, keeping each entry's own hash: the links no longer hold.
    _sql(uow_factory, "UPDATE audit_log SET seq = 99 WHERE seq = 4")
    _sql(uow_factory, "UPDATE audit_log SET seq = 4 WHERE seq = 5")
    _sql(uow_factory, "UPDATE audit_log SET seq = 5 WHERE seq = 99")
    problems = _verify(uow_factory)
    assert "does not follow the entry before it" in problems
    assert "entry was changed after it was written" in problems


def test_each_organisation_has_its_own_chain(uow_factory):
    with uow_factory() as uow:
        _seed(uow)
        other = uow.add(
            Organisation(
                code="p",
                name="Other",
                zone="Asia/Makassar",
                preset="sungai-penuh",
                preset_params={},
                policy={},
            ),
            "test",
            "organisation.add",
        )
        uow.commit()
    with uow_factory() as uow:
        chains = audit.heads(uow.session)
    assert {org: head.count for org, head in chains.items()} == {1: 5, other.id: 1}
    assert _verify(uow_factory) == []


def _legacy_entry(seq: int, prev: str, entity: str, entity_id: int, digest: str) -> dict:
    """An entry as the single global chain before migration 0004 hashed it."""
    body = {
        "seq": seq,
        "at": "2026-11-23T00:00:00+00:00",
        "actor": "cli",
        "action": "x.add",
        "entity": entity,
        "entity_id": entity_id,
        "digest": digest,
        "prev": prev,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return {**body, "hash": hashlib.sha256(canonical).hexdigest()}


def test_a_chain_written_before_0004_still_verifies_and_a_checkpoint_adopts_it(blank_engine):
    engine = blank_engine
    upgrade(engine, "0003")
    org = {
        "id": 1,
        "code": "o",
        "name": "Org",
        "zone": "Asia/Jakarta",
        "preset": "sungai-penuh",
        "preset_params": {},
        "policy": {},
        "created_at": datetime(2026, 11, 23, tzinfo=UTC),
    }
    digest = audit.row_digest(Organisation(**org))
    entry = _legacy_entry(1, audit.GENESIS, "organisations", 1, digest)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organisations (id, code, name, zone, preset, preset_params, policy, "
                "created_at) VALUES (1, 'o', 'Org', 'Asia/Jakarta', 'sungai-penuh', '{}', '{}', "
                "'2026-11-23 00:00:00.000000')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, digest, "
                "prev_hash, hash) VALUES (1, '2026-11-23 00:00:00.000000', 'cli', 'x.add', "
                f"'organisations', '1', '{digest}', '{audit.GENESIS}', '{entry['hash']}')"
            )
        )
    upgrade(engine)
    key = b"k"
    with UnitOfWork(session_factory(engine), audit_key=key) as uow:
        assert uow.session.scalars(select(AuditRow)).one().org_id == audit.LEGACY_CHAIN
        assert audit.verify(uow.session) == (1, [])
        # With a key, its entries carry no MAC until a signed checkpoint vouches for them.
        assert [p.what for p in audit.verify(uow.session, key)[1]] == [
            "legacy chain: entry has no MAC (written without AUDIT_KEY, or forged)"
        ]
        point = audit.checkpoint(uow.session, datetime(2026, 12, 1, tzinfo=UTC), key)
        assert audit.verify(uow.session, key, [point]) == (1, [])
        # New writes go to the organisation's own chain, never the legacy one.
        uow.add(HolidayRow(org_id=1, day=date(2026, 12, 25), name="Natal"), "cli", "holiday.add")
        assert [
            (e.org_id, e.seq)
            for e in uow.session.scalars(select(AuditRow).order_by(AuditRow.org_id))
        ] == [(0, 1), (1, 1)]
        assert audit.verify(uow.session, key, [point]) == (2, [])
