"""lkh_reports, lkh_activities: the daily performance report (laporan kinerja harian)

Perbup Musi Banyuasin 9/2023 Pasal 8 ayat (2): one report per work day with the day's
activities, their results and evidence; Pasal 11: with attendance, the basis of TPP. A report
per employee and day (amended in place of a second one, its activities kept per version), and
its activities. Both are in the audit chain.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 02:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    """A foreign key named as the models' naming convention names it."""
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "lkh_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("work_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("verifier_id", sa.Integer(), nullable=True),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("dedup_key", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("lkh_reports", "employee_id", "employees"),
        _fk("lkh_reports", "verifier_id", "employees"),
        _fk("lkh_reports", "decided_by", "employees"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lkh_reports")),
        sa.UniqueConstraint("employee_id", "work_date", name=op.f("uq_lkh_reports_employee_id")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_lkh_reports_dedup_key")),
    )
    op.create_index(op.f("ix_lkh_reports_employee_id"), "lkh_reports", ["employee_id"])
    op.create_index(op.f("ix_lkh_reports_work_date"), "lkh_reports", ["work_date"])
    op.create_table(
        "lkh_activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("activity", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        _fk("lkh_activities", "report_id", "lkh_reports"),
        _fk("lkh_activities", "employee_id", "employees"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lkh_activities")),
    )
    op.create_index(op.f("ix_lkh_activities_report_id"), "lkh_activities", ["report_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_lkh_activities_report_id"), table_name="lkh_activities")
    op.drop_table("lkh_activities")
    op.drop_index(op.f("ix_lkh_reports_work_date"), table_name="lkh_reports")
    op.drop_index(op.f("ix_lkh_reports_employee_id"), table_name="lkh_reports")
    op.drop_table("lkh_reports")
