"""inbox lease and outbox; conversation state in the database

Inbox rows get a lease (`claimed_until`, renewed while a worker handles the row, so that a dead
worker's rows are taken over within seconds) and an outbox (`outcome`, `sent`, `delivered_at`:
replies kept with the row's completion and delivered after it). `flow_state` and `flow_done`
keep conversations and handled events when no Redis server is configured.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("sent", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_inbox_delivered_at"), ["delivered_at"], unique=False)
    # Rows processed before the outbox existed had their replies sent then: nothing to deliver.
    op.execute("UPDATE inbox SET delivered_at = processed_at WHERE processed_at IS NOT NULL")

    op.create_table(
        "flow_state",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("sender", sa.String(length=64), nullable=False),
        sa.Column("step", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "sender", name=op.f("pk_flow_state")),
    )
    with op.batch_alter_table("flow_state", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flow_state_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "flow_done",
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_flow_done")),
    )
    with op.batch_alter_table("flow_done", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flow_done_done_at"), ["done_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("flow_done", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flow_done_done_at"))
    op.drop_table("flow_done")
    with op.batch_alter_table("flow_state", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flow_state_expires_at"))
    op.drop_table("flow_state")
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_delivered_at"))
        batch_op.drop_column("delivered_at")
        batch_op.drop_column("sent")
        batch_op.drop_column("outcome")
        batch_op.drop_column("claimed_until")
