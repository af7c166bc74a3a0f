"""Alembic environment: runs on the connection handed over by `core.storage.database.upgrade`."""

from alembic import context

from core.storage import (
    approval_tables,  # noqa: F401 - its tables are audited too
    chat_tables,  # noqa: F401 - and these
    lkh_tables,  # noqa: F401 - and these
    report_tables,  # noqa: F401 - and these
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
