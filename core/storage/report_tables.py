"""Tables of the month's reporting duties: submitted months, fault reports, and the marks of
scheduled messages that must go out once.

`month_submissions` and `fault_reports` are records (audited, `core.storage.audit.COVERED`): a
submission locks its month (`core.revisions.month_lock`) and a fault report is what the
regulations accept as the reason attendance was entered by hand. `push_marks` is delivery
bookkeeping, like the inbox: a lease and a time sent, rewritten in place, deciding no verdict
and no recap, so it is not audited.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.storage.tables import Base, utcnow


class MonthSubmission(Base):
    """An admin's statement that a unit's month was reported (`/kirimrekap`)."""

    __tablename__ = "month_submissions"
    __table_args__ = (UniqueConstraint("unit_id", "month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    month: Mapped[date] = mapped_column(Date)  # its first day
    submitted_by: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The chat delivery that submitted it: a replay of that delivery answers as it did.
    dedup_key: Mapped[str | None] = mapped_column(String(128))


class FaultReport(Base):
    """A head's or admin's report that the application failed for a period (`/gangguan`);
    a super admin may declare it an outage (`outage_id`)."""

    __tablename__ = "fault_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))  # None: every unit
    reported_by: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    description: Mapped[str] = mapped_column(Text)
    outage_id: Mapped[int | None] = mapped_column(ForeignKey("outages.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    dedup_key: Mapped[str | None] = mapped_column(String(128), unique=True)


class PushMark(Base):
    """A scheduled message sent once across workers and restarts: claimed (a lease) before it
    goes out, `sent_at` once it went out."""

    __tablename__ = "push_marks"
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    claimed_until: Mapped[datetime] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
