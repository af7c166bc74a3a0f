"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL.

A model changed without a migration (or the other way round) is what let face references be
refused on PostgreSQL: Alembic's autogenerate comparison names every difference.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from core.storage import chat_tables  # noqa: F401 - registers the chat tables
from core.storage.tables import Base


def test_the_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
