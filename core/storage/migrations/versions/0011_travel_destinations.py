"""travel_destinations: where an official travel (DL) is clocked in

Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (5): "Dalam hal ASN melakukan perjalanan Dinas,
maka ASN melakukan Presensi Daring di tempat tugas". Where the policy's `travel_clock_in` says
so, a DL carries its destination, a circle (lat, lon, radius_m), and the clock-ins of its days
are judged against it. Rows are never rewritten: a destination changed on approval is a new
row, the absence's latest row counts. Covered by the audit chain (core.storage.audit.COVERED).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-12 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "travel_destinations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("absence_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("radius_m", sa.Float(), nullable=False),
        sa.Column("set_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["absence_id"], ["absences.id"]),
        sa.ForeignKeyConstraint(["employee_id"], ["employees.id"]),
        sa.ForeignKeyConstraint(["set_by"], ["employees.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_travel_destinations_absence_id", "travel_destinations", ["absence_id"])
    op.create_index("ix_travel_destinations_employee_id", "travel_destinations", ["employee_id"])


def downgrade() -> None:
    op.drop_index("ix_travel_destinations_employee_id", table_name="travel_destinations")
    op.drop_index("ix_travel_destinations_absence_id", table_name="travel_destinations")
    op.drop_table("travel_destinations")
