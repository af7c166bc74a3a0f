"""Alembic environment: runs on the connection handed over by `core.storage.database.upgrade`."""

from alembic import context

from core.storage import (
    chat_tables,  # noqa: F401 - registers the chat tables
    lkh_tables,  # noqa: F401 - the daily reports' tables
    report_tables,  # noqa: F401 - and the reporting duties' tables
)
from core.storage.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `presensi db upgrade`")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
