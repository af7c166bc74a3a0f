"""month_submissions, fault_reports, push_marks: the month's reporting duties

A unit's month submitted by its admin (`/kirimrekap`), which locks it outside the revisions
window; a head's or admin's report of an application fault (`/gangguan`, Perwal Sungai Penuh
12/2023 Pasal 6 ayat (2), Keputusan Kadinkes Musi Banyuasin Pasal 3 ayat (6) huruf b), which a
super admin may declare an outage; and the marks that send a scheduled message (the month's
report) once across workers and restarts.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "month_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("submitted_by", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dedup_key", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["submitted_by"], ["employees.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("unit_id", "month", name="uq_month_submissions_unit_id"),
    )
    op.create_index("ix_month_submissions_org_id", "month_submissions", ["org_id"])
    op.create_table(
        "fault_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("reported_by", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("outage_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dedup_key", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["reported_by"], ["employees.id"]),
        sa.ForeignKeyConstraint(["outage_id"], ["outages.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key", name="uq_fault_reports_dedup_key"),
    )
    op.create_index("ix_fault_reports_org_id", "fault_reports", ["org_id"])
    op.create_table(
        "push_marks",
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("push_marks")
    op.drop_index("ix_fault_reports_org_id", table_name="fault_reports")
    op.drop_table("fault_reports")
    op.drop_index("ix_month_submissions_org_id", table_name="month_submissions")
    op.drop_table("month_submissions")
