"""audit_log.entity_id holds any primary key as text

Face references have 32-character string ids; on PostgreSQL an integer column refused them, so
nobody could enrol a face there (SQLite's loose typing hid it).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column(
            "entity_id",
            existing_type=sa.Integer(),
            type_=sa.String(length=64),
            existing_nullable=False,
            postgresql_using="entity_id::text",
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column(
            "entity_id",
            existing_type=sa.String(length=64),
            type_=sa.Integer(),
            existing_nullable=False,
            postgresql_using="entity_id::integer",
        )
