"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

A model changed without a migration (or the other way round) is what let face references be
refused on PostgreSQL: Alembic's autogenerate comparison names every difference.
"""

from __future__ import annotations

import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from core.services import inbox
from core.storage import chat_tables  # noqa: F401 - registers the chat tables
from core.storage.chat_tables import InboxRow
from core.storage.database import session_factory, upgrade
from core.storage.tables import Base
from core.storage.uow import UnitOfWork


def test_the_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_0006_keeps_what_waits_and_empties_what_was_processed(blank_engine):
    """Rows stored before 0006: one processed (its payload goes), one that failed three times
    (still given up), one waiting (kept as it is)."""
    upgrade(blank_engine, "0005")
    insert = text(
        "INSERT INTO inbox (channel, key, payload, received_at, processed_at, attempts, error, "
        "sent, delivered_at) VALUES ('telegram', :key, :payload, '2026-11-23 00:00:00', "
        ":processed, :attempts, :error, 0, :processed)"
    )
    rows = [
        {"key": "1", "processed": "2026-11-23 00:00:01", "attempts": 1, "error": None},
        {"key": "2", "processed": None, "attempts": 3, "error": "KeyError"},
        {"key": "3", "processed": None, "attempts": 0, "error": None},
    ]
    with blank_engine.begin() as connection:
        for row in rows:
            connection.execute(insert, {**row, "payload": json.dumps({"message": {"text": "NIP"}})})
    upgrade(blank_engine)
    with UnitOfWork(session_factory(blank_engine)) as uow:
        found = {r.key: r for r in uow.session.scalars(select(InboxRow))}
        assert [r.key for r in inbox.given_up(uow)] == ["2"]
        assert [r.key for r in inbox.pending(uow, "telegram")] == ["3"]
    assert found["1"].payload is None and found["3"].payload == {"message": {"text": "NIP"}}
    assert (found["2"].failures, found["2"].outages, found["3"].failures) == (3, 0, 0)


def test_0008_keeps_the_staff_on_staff_with_no_position(blank_engine):
    """Employees stored before 0008 are current staff (no left_on) with no recorded jabatan;
    the columns take a departure and a position afterwards."""
    upgrade(blank_engine, "0007")
    with blank_engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organisations (id, code, name, zone, preset, preset_params, policy, "
                "created_at) VALUES (1, 'o', 'O', 'Asia/Jakarta', 'sungai-penuh', '{}', '{}', "
                "'2026-11-23 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO units (id, org_id, code, name, kind, zone, preset_params, policy) "
                "VALUES (1, 1, 'u', 'U', 'perangkat_daerah', 'Asia/Jakarta', '{}', '{}')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO employees (id, org_id, unit_id, identifier, name, kind, roles, "
                "blocked, policy, created_at) VALUES (1, 1, 1, '199611302022032007', 'Dewi', "
                "'CPNS', 'employee', false, '{}', '2026-11-23 00:00:00')"
            )
        )
    upgrade(blank_engine)
    with blank_engine.begin() as connection:
        before = connection.execute(
            text("SELECT left_on, left_reason, position FROM employees")
        ).one()
        connection.execute(
            text(
                "UPDATE employees SET left_on = '2026-12-01', left_reason = 'pensiun', "
                "position = 'Analis Kepegawaian Ahli Pertama'"
            )
        )
        after = connection.execute(
            text("SELECT left_on, left_reason, position FROM employees")
        ).one()
    assert tuple(before) == (None, None, None)
    assert (str(after[0]), after[1], after[2]) == (
        "2026-12-01",
        "pensiun",
        "Analis Kepegawaian Ahli Pertama",
    )
