"""held_messages: messages with buttons held for a WhatsApp user outside the 24-hour window

WhatsApp delivers only approved templates to a user who has not written for 24 hours. A message
with buttons (an approval request) is held here, a template with a quick-reply button opens the
conversation, and the tap releases the held messages in order, once. Delivery plumbing like the
inbox: not in the audit chain; rows are deleted after delivery.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABLE = "held_messages"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat", sa.String(length=64), nullable=False),
        sa.Column("reply", sa.JSON(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("tag", sa.String(length=64), nullable=True),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_key", sa.String(length=160), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index("ix_held_messages_chat", TABLE, ["channel", "chat"])
    op.create_index(op.f(f"ix_{TABLE}_released_at"), TABLE, ["released_at"])


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_released_at"), table_name=TABLE)
    op.drop_index("ix_held_messages_chat", table_name=TABLE)
    op.drop_table(TABLE)
