"""The daily performance reports (LKH, core.lkh): a report per employee and work day, and its
activities.

One report per day (Perbup Musi Banyuasin 9/2023 Pasal 8 ayat (2): "dalam sekali pelaporan
untuk satu hari kerja"): amending it raises its `version` and adds that version's activities;
the earlier versions' activities stay, so that nothing a verifier read is rewritten. Both
tables are in the audit chain (core.storage.audit.COVERED); each activity names its employee
so that the chain finds its organisation as it does for every other row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.storage.tables import Base, utcnow


class LkhReportRow(Base):
    __tablename__ = "lkh_reports"
    __table_args__ = (UniqueConstraint("employee_id", "work_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    work_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12))  # filed, returned, verified (core.lkh)
    version: Mapped[int] = mapped_column(Integer, default=1)  # the activities' current version
    evidence: Mapped[list[Any]] = mapped_column(default=list)  # [{media, mime}] of the version
    verifier_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    filed_at: Mapped[datetime] = mapped_column()  # when the current version was filed
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)  # why it was returned
    # The chat event that filed the current version: a redelivery files nothing again.
    dedup_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LkhActivityRow(Base):
    __tablename__ = "lkh_activities"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("lkh_reports.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    version: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, ... in the order written
    activity: Mapped[str] = mapped_column(Text)  # uraian aktivitas kerja
    result: Mapped[str] = mapped_column(Text)  # deskripsi hasil pekerjaan
