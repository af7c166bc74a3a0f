"""audit_log: one chain per organisation, and a MAC per entry

Entries gain `org_id` (their organisation's chain; the primary key becomes (org_id, seq)) and
`mac` (HMAC-SHA256 of the entry's hash with AUDIT_KEY). Entries written before this revision
formed one global chain; they keep their seq, links and hashes as chain 0, which still verifies
and to which nothing is appended again. Run `presensi audit checkpoint` once after upgrading to
anchor it outside the database.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("org_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("mac", sa.String(length=64), nullable=True))
    op.execute("UPDATE audit_log SET org_id = 0")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column("org_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint("pk_audit_log", type_="primary")
        batch_op.create_primary_key("pk_audit_log", ["org_id", "seq"])


def downgrade() -> None:
    # Only a log that still is one chain (nothing written since the upgrade) can go back: an
    # audit log is never thinned to fit an older schema.
    written = op.get_bind().execute(sa.text("SELECT count(*) FROM audit_log WHERE org_id <> 0"))
    if written.scalar():
        raise RuntimeError("audit_log has per-organisation entries; 0004 cannot be undone")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_constraint("pk_audit_log", type_="primary")
        batch_op.create_primary_key("pk_audit_log", ["seq"])
        batch_op.drop_column("mac")
        batch_op.drop_column("org_id")
