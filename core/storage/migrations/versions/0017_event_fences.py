"""event_fences: an event a head of unit calls for today from chat (/acara)

Its window, the circle around the live location it was called from and the units taking
part; it joins those units' events of the day (core.event_fence). Covered by the audit chain:
it decides where a check-in is accepted.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 01:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TABLE = "event_fences"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_min", sa.Integer(), nullable=False),
        sa.Column("end_min", sa.Integer(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("radius_m", sa.Float(), nullable=False),
        sa.Column("unit_ids", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by", sa.Integer(), nullable=True),
        sa.Column("dedup_key", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f(f"fk_{TABLE}_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["employees.id"], name=op.f(f"fk_{TABLE}_created_by_employees")
        ),
        sa.ForeignKeyConstraint(
            ["cancelled_by"], ["employees.id"], name=op.f(f"fk_{TABLE}_cancelled_by_employees")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("dedup_key", name=op.f(f"uq_{TABLE}_dedup_key")),
    )
    op.create_index(op.f(f"ix_{TABLE}_org_id"), TABLE, ["org_id"])


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_org_id"), table_name=TABLE)
    op.drop_table(TABLE)
