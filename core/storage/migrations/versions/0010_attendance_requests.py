"""attendance_requests: an employee's request for a missed check-in or check-out (lupa absen)

Decided by the approver of the employee's permits; approved, it points at the attendance record
it wrote (source "request"). Covered by the audit chain like every table that decides a recap.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 08:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLE = "attendance_requests"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("work_date", sa.Date(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("attendance_id", sa.Integer(), nullable=True),
        sa.Column("dedup_key", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employees.id"], name=op.f(f"fk_{TABLE}_employee_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["approver_id"], ["employees.id"], name=op.f(f"fk_{TABLE}_approver_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["employees.id"], name=op.f(f"fk_{TABLE}_decided_by_employees")
        ),
        sa.ForeignKeyConstraint(
            ["attendance_id"],
            ["attendance.id"],
            name=op.f(f"fk_{TABLE}_attendance_id_attendance"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("dedup_key", name=op.f(f"uq_{TABLE}_dedup_key")),
    )
    op.create_index(op.f(f"ix_{TABLE}_employee_id"), TABLE, ["employee_id"])


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_employee_id"), table_name=TABLE)
    op.drop_table(TABLE)
