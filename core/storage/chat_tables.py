"""Tables of the chat front door: linked chat accounts, activation codes, the durable inbox,
and face references."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.storage.tables import Base, utcnow


class ChatAccount(Base):
    """A chat identity bound to an employee (the regulations' device binding)."""

    __tablename__ = "chat_accounts"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        # One active binding per employee and channel: a second phone needs an admin reset.
        Index(
            "uq_chat_accounts_active",
            "channel",
            "employee_id",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[str] = mapped_column(String(64))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    language: Mapped[str] = mapped_column(String(2), default="id")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    bound_at: Mapped[datetime] = mapped_column(default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column()
    released_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))


class ActivationCode(Base):
    """A one-time code a unit admin hands an employee to link a chat account."""

    __tablename__ = "activation_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()


class InboxRow(Base):
    """A webhook delivery, stored before the 200 goes back; processed once."""

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("channel", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(128))
    # What the person sent (positions, typed NIPs): emptied once the row is processed.
    payload: Mapped[dict[str, Any] | None] = mapped_column()
    # Whose delivery it is (the chat's user id or phone number): orders a recovery per person.
    sender: Mapped[str] = mapped_column(String(64), default="", server_default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(index=True)
    # Claims, of which `failures` failed in the message itself (poison: given up after a few)
    # and `outages` failed because a service was down (retried for as long as the row is kept).
    attempts: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    outages: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    error: Mapped[str | None] = mapped_column(Text)
    # The lease of the worker handling the row: renewed while it works; once past, the worker
    # is taken for dead and another takes the row over.
    claimed_until: Mapped[datetime | None] = mapped_column()
    # The outbox: what processing produced, kept in the transaction that marks the row processed,
    # then delivered; `sent` counts the messages that went out, `delivered_at` ends it.
    outcome: Mapped[dict[str, Any] | None] = mapped_column()
    sent: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    delivered_at: Mapped[datetime | None] = mapped_column(index=True)


class FlowStateRow(Base):
    """A conversation's open step, when no Redis server keeps it (one process, SQLite)."""

    __tablename__ = "flow_state"
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    sender: Mapped[str] = mapped_column(String(64), primary_key=True)
    step: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column(index=True)


class FlowDoneRow(Base):
    """What a handled event produced, by delivery key, when no Redis server keeps it."""

    __tablename__ = "flow_done"
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    outcome: Mapped[dict[str, Any]] = mapped_column()
    done_at: Mapped[datetime] = mapped_column(index=True)


class FaceReplayRow(Base):
    """A selfie seen before (its perceptual hash or Telegram file id), when no Redis server
    keeps them: a replayed photo stays refused after a restart of the embedded process."""

    __tablename__ = "face_replay"
    employee_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # "phash" or "file"
    value: Mapped[str] = mapped_column(String(128), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(index=True)


class FaceReferenceRow(Base):
    """An employee's enrolled face: 128-d encodings, never the photos."""

    __tablename__ = "face_references"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    # {"fernet": TOKEN} (core.storage.faces); a list of plain encodings in rows written before.
    encodings: Mapped[dict[str, Any] | list[Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12))
    submitted_by: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column()
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column()
    rejection_note: Mapped[str | None] = mapped_column(Text)
    superseded_by: Mapped[str | None] = mapped_column(String(32))


class HeldMessageRow(Base):
    """A message with buttons for a chat that cannot take it now (WhatsApp outside its 24-hour
    window): held until the user opens the conversation, then delivered once, in order.

    Delivery plumbing like the inbox, not a record that decides a verdict: it is not in the
    audit chain. It holds what the message says (an approver's request, its evidence), so it is
    deleted once delivered (`core.held_messages`) and with the person's chat accounts.
    """

    __tablename__ = "held_messages"
    __table_args__ = (Index("ix_held_messages_chat", "channel", "chat"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat: Mapped[str] = mapped_column(String(64))
    reply: Mapped[dict[str, Any]] = mapped_column(JSON)  # core.flows.messages.reply_to_json
    purpose: Mapped[str] = mapped_column(String(16))
    tag: Mapped[str | None] = mapped_column(String(64))  # the reply's tag: a later one replaces it
    held_at: Mapped[datetime] = mapped_column()
    # When the template that opens the conversation went out for it (None: not yet, or failed).
    announced_at: Mapped[datetime | None] = mapped_column()
    # The inbound delivery (the tap on the template's button) that released it: a replay of
    # that delivery gets the same messages back, any other delivery none.
    released_key: Mapped[str | None] = mapped_column(String(160))
    released_at: Mapped[datetime | None] = mapped_column(index=True)
