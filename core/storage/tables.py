"""Database tables (SQLAlchemy 2.0). Instants are stored in UTC; local dates as dates.

Rows of attendance and absences are never updated in place: a correction is a new row whose
`corrects_id` points at the row it replaces, with who and why; every write is chained into
`audit_log` (see `core.storage.audit`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator):
    """An aware datetime stored in UTC; SQLite hands back naive values, so re-attach UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a datetime without a zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar = {datetime: UtcDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    zone: Mapped[str] = mapped_column(String(64))
    preset: Mapped[str] = mapped_column(String(64))
    preset_params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    policy: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# The organisation's version: every write that changes what judging reads of it (its presets
# and policy, its units, sites and holidays) bumps it (core.storage.org_version), and each
# process's cache of resolved organisations compares it before use. A column of the table but
# not of the mapped row: it is a cache stamp, not data, so the audit digest of the row (every
# mapped column) leaves it out and a bump needs no audit entry.
ORG_VERSION = Column("version", Integer, nullable=False, server_default=text("0"))
# The declarative base types a class's table as any FromClause; one named by __tablename__ is
# a Table, which can take a column.
ORGANISATIONS = cast(Table, Organisation.__table__)
ORGANISATIONS.append_column(ORG_VERSION)


class UnitRow(Base):
    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("org_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    zone: Mapped[str] = mapped_column(String(64))
    attends_at_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    preset: Mapped[str | None] = mapped_column(String(64))
    preset_params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    policy: Mapped[dict[str, Any]] = mapped_column(default=dict)


class SiteRow(Base):
    __tablename__ = "sites"
    __table_args__ = (UniqueConstraint("org_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))  # None: an event site
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    radius_m: Mapped[float | None] = mapped_column(Float)
    polygon: Mapped[list[Any] | None] = mapped_column()  # [[lat, lon], ...]


class HolidayRow(Base):
    __tablename__ = "holidays"
    __table_args__ = (UniqueConstraint("org_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200))


class EmployeeRow(Base):
    __tablename__ = "employees"
    __table_args__ = (UniqueConstraint("org_id", "identifier"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    identifier: Mapped[str] = mapped_column(String(18))  # NIP for ASN, NIK for non-ASN
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    roles: Mapped[str] = mapped_column(String(100), default="employee")  # comma-separated
    phone: Mapped[str | None] = mapped_column(String(20))
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    policy: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The first day no longer on staff (core.services.staff.deactivate) and why: pensiun,
    # diberhentikan, pindah_keluar, meninggal. None: on staff.
    left_on: Mapped[date | None] = mapped_column(Date)
    left_reason: Mapped[str | None] = mapped_column(String(24))
    position: Mapped[str | None] = mapped_column(String(200))  # jabatan

    @property
    def role_set(self) -> set[str]:
        return set(filter(None, self.roles.split(",")))

    def gone_on(self, day: date) -> bool:
        """Whether the employee had left the organisation by `day` (left_on or later)."""
        return self.left_on is not None and day >= self.left_on


class Assignment(Base):
    """Which unit an employee belonged to from which day (transfers keep their history)."""

    __tablename__ = "unit_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    valid_from: Mapped[date] = mapped_column(Date)


class ShiftRow(Base):
    """A rota entry: the employee's schedule on one date replaces the weekday's."""

    __tablename__ = "shifts"
    __table_args__ = (UniqueConstraint("employee_id", "work_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"))
    work_date: Mapped[date] = mapped_column(Date)
    schedule: Mapped[dict[str, Any] | None] = mapped_column()  # None: a day off


class AttendanceRow(Base):
    __tablename__ = "attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    work_date: Mapped[date] = mapped_column(Date, index=True)
    direction: Mapped[str] = mapped_column(String(3))
    at: Mapped[datetime] = mapped_column()
    outcome: Mapped[str] = mapped_column(String(20))
    accepted: Mapped[bool] = mapped_column(Boolean)
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    band: Mapped[str | None] = mapped_column(String(8))
    distance_m: Mapped[int | None] = mapped_column(Integer)
    site: Mapped[str | None] = mapped_column(String(64))
    event: Mapped[str | None] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(24))  # telegram, whatsapp, manual, fingerprint...
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)  # selfie ref, face distance
    dedup_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("attendance.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AbsenceRow(Base):
    __tablename__ = "absences"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    code: Mapped[str] = mapped_column(String(3))
    subtype: Mapped[str | None] = mapped_column(String(32))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[Any]] = mapped_column(default=list)  # [{kind, media}]
    status: Mapped[str] = mapped_column(String(12))  # pending, approved, rejected, cancelled
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    decision_reason: Mapped[str | None] = mapped_column(Text)
    dedup_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("absences.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AttendanceRequestRow(Base):
    """An employee's request for a missed check-in or check-out ("lupa absen", core.missed):
    the day, the direction and the time asked for, why, the evidence, and the approver's
    decision. Approved, it points at the attendance record it wrote (source "request")."""

    __tablename__ = "attendance_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    work_date: Mapped[date] = mapped_column(Date)
    direction: Mapped[str] = mapped_column(String(3))
    at: Mapped[datetime] = mapped_column()  # the instant asked for
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(default=list)  # [{kind, media, mime}]
    status: Mapped[str] = mapped_column(String(12))  # pending, approved, rejected
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    decision_reason: Mapped[str | None] = mapped_column(Text)
    attendance_id: Mapped[int | None] = mapped_column(ForeignKey("attendance.id"))
    dedup_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TravelDestinationRow(Base):
    """Where an official travel (DL) is clocked in (Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat
    (5)): a circle around a point the employee shared or an admin picked. Never rewritten: a
    new destination is a new row, and an absence's latest row is its destination."""

    __tablename__ = "travel_destinations"
    id: Mapped[int] = mapped_column(primary_key=True)
    absence_id: Mapped[int] = mapped_column(ForeignKey("absences.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[float] = mapped_column(Float)
    set_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutageRow(Base):
    """A super admin's declaration that the system was down for a period and some units (all
    of the organisation's when `unit_ids` is empty): admins enter that period's attendance as
    fallbacks, outside the monthly quota."""

    __tablename__ = "outages"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    unit_ids: Mapped[list[Any]] = mapped_column(default=list)
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)
    declared_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EventFenceRow(Base):
    """An event a head of unit called for a day from chat (/acara, core.event_fence): its
    window, the circle around the live location it was called from, and the units taking
    part. Ended by `cancelled_at`; never deleted. Part of what judging reads of the
    organisation: writing one bumps its version (core.storage.org_version)."""

    __tablename__ = "event_fences"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200))
    start_min: Mapped[int] = mapped_column(Integer)
    end_min: Mapped[int] = mapped_column(Integer)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[float] = mapped_column(Float)
    unit_ids: Mapped[list[Any]] = mapped_column(default=list)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column()
    cancelled_by: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    dedup_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditRow(Base):
    """One entry of an organisation's chain (`org_id` 0: the single chain written before 0004)."""

    __tablename__ = "audit_log"
    # A receipt's check finds the later entries on its row (core.services.receipts).
    __table_args__ = (Index("ix_audit_log_entity", "org_id", "entity", "entity_id", "seq"),)
    org_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column()
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    # Text, because primary keys differ by table (integers, 32-character face reference ids).
    entity_id: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # HMAC-SHA256 of `hash` with AUDIT_KEY; None when written without a key.
    mac: Mapped[str | None] = mapped_column(String(64))
