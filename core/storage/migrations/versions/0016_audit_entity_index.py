"""audit_log: index the entries of one row, for receipts

A receipt's check (core.services.receipts) asks for the entries written on its row after its
own: without the index that is a scan of the whole chain.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 08:00:00
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

INDEX = "ix_audit_log_entity"


def upgrade() -> None:
    op.create_index(INDEX, "audit_log", ["org_id", "entity", "entity_id", "seq"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="audit_log")
