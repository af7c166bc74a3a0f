"""Tables of the approvals: an approver's substitute for a period (`/wakil`)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.storage.tables import Base, utcnow


class DelegationRow(Base):
    """An approver away (on leave, on duty) names a substitute from `first_day` to `last_day`:
    new requests go to the substitute, who also sees and decides the approver's pending ones
    (`core.services.approvers`). Ended early by `revoked_at`; never deleted."""

    __tablename__ = "delegations"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    dedup_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
