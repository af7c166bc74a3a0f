"""employees.left_on, left_reason and position: staff who leave, and their jabatan

`left_on` is the first day an employee is no longer on staff (retired, dismissed, moved out of
the organisation, deceased: `left_reason`); from that day they are not expected and cannot
clock in, and the days before stay in their recaps. `position` is the jabatan the pengelola
keeps up to date (Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf d). All nullable:
existing rows are current staff with no recorded position.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("left_reason", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("position", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("employees", schema=None) as batch_op:
        batch_op.drop_column("position")
        batch_op.drop_column("left_reason")
        batch_op.drop_column("left_on")
