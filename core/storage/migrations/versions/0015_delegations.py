"""delegations: an approver's substitute for a period (/wakil)

While it lasts, new requests of the approver's staff go to the substitute, who also sees and
decides the approver's pending ones. Covered by the audit chain: it decides who may approve.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 08:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLE = "delegations"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.Integer(), nullable=True),
        sa.Column("dedup_key", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f(f"fk_{TABLE}_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employees.id"], name=op.f(f"fk_{TABLE}_employee_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["delegate_id"], ["employees.id"], name=op.f(f"fk_{TABLE}_delegate_id_employees")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["employees.id"], name=op.f(f"fk_{TABLE}_created_by_employees")
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by"], ["employees.id"], name=op.f(f"fk_{TABLE}_revoked_by_employees")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("dedup_key", name=op.f(f"uq_{TABLE}_dedup_key")),
    )
    op.create_index(op.f(f"ix_{TABLE}_org_id"), TABLE, ["org_id"])
    op.create_index(op.f(f"ix_{TABLE}_employee_id"), TABLE, ["employee_id"])


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_employee_id"), table_name=TABLE)
    op.drop_index(op.f(f"ix_{TABLE}_org_id"), table_name=TABLE)
    op.drop_table(TABLE)
