"""organisations.version: bumped by every change of an organisation's rules, sites or holidays

Each process keeps organisations resolved (units, their policies, fences, holidays) in memory
and compares this version, one cheap read, before using them; `core.storage.org_version` bumps
it in the transaction of every write that changes them. Existing rows start at 0.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-09 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("version")
