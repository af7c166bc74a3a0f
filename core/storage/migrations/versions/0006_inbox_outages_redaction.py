"""inbox: outages apart from failures, the sender kept, payloads emptied; face_replay

A delivery that failed because a service was down (`outages`) is retried for as long as the row
is kept; one that failed in itself (`failures`) is given up after a few tries. `sender` keeps
whose delivery it is, so that the raw payload (what the person typed or shared) can be emptied
as soon as the row is processed. `face_replay` remembers the selfies seen before when no Redis
server does (the embedded process), so that a restart does not forget them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sender", sa.String(length=64), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("failures", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("outages", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.alter_column("payload", existing_type=sa.JSON(), nullable=True)
    # Every failure so far was counted as an attempt that failed: keep giving up where it did.
    op.execute(
        "UPDATE inbox SET failures = attempts WHERE processed_at IS NULL AND error IS NOT NULL"
    )
    # Processed rows need their payload no more.
    op.execute("UPDATE inbox SET payload = NULL WHERE processed_at IS NOT NULL")

    op.create_table(
        "face_replay",
        sa.Column("employee_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("employee_id", "kind", "value", name=op.f("pk_face_replay")),
    )
    with op.batch_alter_table("face_replay", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_face_replay_seen_at"), ["seen_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("face_replay", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_face_replay_seen_at"))
    op.drop_table("face_replay")
    op.execute("DELETE FROM inbox WHERE payload IS NULL")
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.alter_column("payload", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("outages")
        batch_op.drop_column("failures")
        batch_op.drop_column("sender")
