"""outages: a super admin's declaration that the system was down for a period and units

While it was down, attendance is entered as fallbacks by the units' admins, outside the monthly
quota of forgotten-phone fallbacks (Perwal Sungai Penuh 12/2023 Pasal 6 ayat (4)-(5) and Pasal 11
ayat (6); Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (1) huruf c). `unit_ids` empty: every
unit of the organisation.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 03:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("unit_ids", sa.JSON(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["declared_by"], ["employees.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outages_org_id", "outages", ["org_id"])


def downgrade() -> None:
    op.drop_index("ix_outages_org_id", table_name="outages")
    op.drop_table("outages")
