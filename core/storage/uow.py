"""The unit of work: one transaction, its repositories, and the audit entries of its writes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Self, TypeVar

from sqlalchemy import String, and_, cast, event, exists, inspect, or_, select
from sqlalchemy.orm import Session, sessionmaker

from core.faces.enrollment import FaceReferenceRepository, ReferenceStatus

# chat_tables: its tables join the audit; org_version: flushes bump organisations' versions.
from core.storage import audit, chat_tables, org_version  # noqa: F401
from core.storage.chat_tables import FaceReferenceRow
from core.storage.lkh_tables import LkhActivityRow, LkhReportRow
from core.storage.tables import (
    AbsenceRow,
    Assignment,
    AttendanceRow,
    AuditRow,
    Base,
    EmployeeRow,
    HolidayRow,
    Organisation,
    ShiftRow,
    SiteRow,
    TravelDestinationRow,
    UnitRow,
    utcnow,
)

T = TypeVar("T")

# session.info keys of the open transaction: facts a query read ahead (see `read_ahead`), and
# whether the transaction wrote anything (see `UnitOfWork.end`).
_AHEAD = "read_ahead"
_WROTE = "wrote"


def read_ahead(session: Session) -> dict[tuple[str, int], Any]:
    """Facts of this transaction read ahead by an earlier query of it (the account query of a
    chat turn, core.services.accounts.linked), keyed (what, id): the queries that would read
    them again answer from here. Forgotten when the transaction ends, and at any write."""
    return session.info.setdefault(_AHEAD, {})


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    # A flush writes: the transaction must commit, and what was read ahead may be stale now.
    session.info[_WROTE] = True
    session.info.pop(_AHEAD, None)


@event.listens_for(Session, "do_orm_execute")
def _executed(state: Any) -> None:
    if not state.is_select:  # an INSERT, UPDATE or DELETE, or SQL text: taken as a write
        state.session.info[_WROTE] = True
        state.session.info.pop(_AHEAD, None)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_AHEAD, None)
        session.info.pop(_WROTE, None)


async def committed(units: Callable[[], UnitOfWork], work: Callable[[UnitOfWork], T]) -> T:
    """Run `work` in one unit of work, in a thread: off the event loop; committed if it wrote
    anything (`UnitOfWork.end`)."""

    def run() -> T:
        with units() as uow:
            result = work(uow)
            uow.end()
            return result

    return await asyncio.to_thread(run)


class UnitOfWork:
    """`with UnitOfWork(factory) as uow: ...; uow.commit()`; leaving without commit rolls back."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Any = None,
        audit_key: bytes | None = None,
        org_cache: Any = None,
    ) -> None:
        self._sessions = sessions
        self._now = clock.now if clock is not None else utcnow
        self._audit_key = audit_key  # MACs each audit entry (AUDIT_KEY); None: hashes only
        # The process's resolved organisations (core.policy.resolver.OrgCache), built once by
        # the composition root; None: each unit of work resolves for itself.
        self.org_cache = org_cache
        self._adopted: list[Base] = []
        # The last audit entry this transaction chained for each row: a receipt names it.
        self._entries: dict[tuple[str, str], AuditRow] = {}

    def __enter__(self) -> Self:
        self.session = self._sessions()
        return self

    def __exit__(self, *exc: object) -> None:
        # close() rolls back what was not committed without expiring loaded rows, so that
        # results stay readable after the block.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    @property
    def wrote(self) -> bool:
        """Whether this transaction wrote anything (flushed, executed a write, or has changes
        pending)."""
        session = self.session
        return bool(session.info.get(_WROTE) or session.new or session.dirty or session.deleted)

    def end(self) -> None:
        """Commit what this transaction wrote. One that only read ends without a COMMIT: the
        unit of work's close rolls it back, which costs the same round trip and writes no WAL."""
        if self.wrote:
            self.commit()

    def carried(self) -> dict[str, Any]:
        """What this transaction read ahead (`read_ahead`, the organisations' versions), for
        `carry_on` in the caller's next transaction: read milliseconds apart, as good as read
        there."""
        return {
            "ahead": dict(read_ahead(self.session)),
            "versions": dict(org_version.versions_read(self.session)),
        }

    def carry_on(self, carried: dict[str, Any]) -> None:
        """Take what the caller's previous transaction read ahead (`carried`) as read here."""
        read_ahead(self.session).update(carried.get("ahead", {}))
        for org_id, version in carried.get("versions", {}).items():
            org_version.read_version(self.session, org_id, version)

    def adopt(self, row: Base) -> None:
        """Take a row read by an earlier transaction of the same caller (a chat turn's
        employee) as read here too, without reading it again: `employee(id)` answers it."""
        state = inspect(row)
        if state.detached and not state.modified:
            # The identity map holds rows weakly: this unit of work keeps the copy alive.
            self._adopted.append(self.session.merge(row, load=False))

    def rollback(self) -> None:
        self.session.rollback()

    def add(self, row: Base, actor: str, action: str) -> Any:
        """Write a row and chain its audit entry in the same transaction."""
        self.session.add(row)
        self.session.flush()
        self._chained([row], actor, action)
        return row

    def add_many(self, rows: Sequence[Base], actor: str, action: str) -> int:
        """`add` for several rows at once: one flush, each organisation's chain head read once."""
        if rows:
            self.session.add_all(rows)
            self._chained(rows, actor, action)
        return len(rows)

    def touch(self, row: Base, actor: str, action: str) -> Any:
        """Record a change to an existing row (a decision, a block) in the audit chain."""
        self.session.flush()
        self._chained([row], actor, action)
        return row

    def touch_many(self, rows: Sequence[Base], actor: str, action: str) -> int:
        """`touch` for many rows at once: each organisation's chain head is read once."""
        if rows:
            self._chained(rows, actor, action)
        return len(rows)

    def _chained(self, rows: Sequence[Base], actor: str, action: str) -> None:
        entries = audit.append_many(self.session, rows, actor, action, self._now(), self._audit_key)
        for entry in entries:
            self._entries[(entry.entity, entry.entity_id)] = entry

    def entry_of(self, row: Base) -> AuditRow | None:
        """The audit entry this transaction last chained for `row` (None: it wrote none)."""
        identity = inspect(row).identity
        if identity is None:
            return None
        return self._entries.get((row.__tablename__, str(identity[0])))

    def remove(self, rows: Sequence[Base], actor: str, action: str) -> int:
        """Delete rows through the audit chain: each gets an entry recording its deletion
        (`audit.DELETED`), so that `audit verify` expects it gone rather than tampered with."""
        if not rows:
            return 0
        audit.append_many(
            self.session, rows, actor, action, self._now(), self._audit_key, deleted=True
        )
        for row in rows:
            self.session.delete(row)
        self.session.flush()
        return len(rows)

    # Queries -----------------------------------------------------------------------------

    def organisation(self, code: str) -> Organisation | None:
        return self.session.scalars(select(Organisation).where(Organisation.code == code)).first()

    def organisations(self) -> list[Organisation]:
        return list(self.session.scalars(select(Organisation).order_by(Organisation.code)))

    def organisation_by_id(self, org_id: int) -> Organisation | None:
        return self.session.get(Organisation, org_id)

    def unit_by_id(self, unit_id: int) -> UnitRow | None:
        return self.session.get(UnitRow, unit_id)

    def units(self, org_id: int) -> list[UnitRow]:
        query = select(UnitRow).where(UnitRow.org_id == org_id).order_by(UnitRow.code)
        return list(self.session.scalars(query))

    def unit(self, org_id: int, code: str) -> UnitRow | None:
        query = select(UnitRow).where(UnitRow.org_id == org_id, UnitRow.code == code)
        return self.session.scalars(query).first()

    def unit_name(self, unit_id: int) -> str:
        unit = self.session.get(UnitRow, unit_id)
        return unit.name if unit else "-"

    def sites(self, org_id: int) -> list[SiteRow]:
        return list(self.session.scalars(select(SiteRow).where(SiteRow.org_id == org_id)))

    def holidays(self, org_id: int) -> list[HolidayRow]:
        return list(self.session.scalars(select(HolidayRow).where(HolidayRow.org_id == org_id)))

    def employee(self, employee_id: int) -> EmployeeRow | None:
        return self.session.get(EmployeeRow, employee_id)

    def employee_by_identifier(self, org_id: int, identifier: str) -> EmployeeRow | None:
        query = select(EmployeeRow).where(
            EmployeeRow.org_id == org_id, EmployeeRow.identifier == identifier
        )
        return self.session.scalars(query).first()

    def employees(self, org_id: int, unit_ids: list[int] | None = None) -> list[EmployeeRow]:
        query = select(EmployeeRow).where(EmployeeRow.org_id == org_id)
        if unit_ids is not None:
            query = query.where(EmployeeRow.unit_id.in_(unit_ids))
        return list(self.session.scalars(query.order_by(EmployeeRow.name)))

    def holding(self, org_id: int, role: str, unit_id: int | None = None) -> list[EmployeeRow]:
        """The employees who hold `role` (in one unit), by name: the few approvers among
        thousands, read once per transaction (approval reminders ask for each request)."""
        key = (f"role:{role}:{unit_id}", org_id)
        known = read_ahead(self.session).get(key)
        if known is None:
            # roles is a comma-separated list: LIKE narrows it down, role_set decides
            # ("admin" is also inside "super_admin").
            query = select(EmployeeRow).where(
                EmployeeRow.org_id == org_id, EmployeeRow.roles.like(f"%{role}%")
            )
            if unit_id is not None:
                query = query.where(EmployeeRow.unit_id == unit_id)
            found = self.session.scalars(query.order_by(EmployeeRow.name))
            known = tuple(e for e in found if role in e.role_set)
            read_ahead(self.session)[key] = known
        return list(known)

    def assignment_history(self, employee_id: int) -> list[tuple[date, int]]:
        """The employee's assignments as (valid_from, unit id), in order."""
        known = read_ahead(self.session).get(("history", employee_id))
        if known is not None:
            return list(known)
        query = select(Assignment.valid_from, Assignment.unit_id).where(
            Assignment.employee_id == employee_id
        )
        rows = self.session.execute(query.order_by(Assignment.valid_from, Assignment.id))
        return [(valid_from, unit_id) for valid_from, unit_id in rows]

    def enrolled(self, employee_id: int) -> bool:
        """Whether the employee has an active face reference (what a selfie is matched with)."""
        known = read_ahead(self.session).get(("enrolled", employee_id))
        if known is not None:
            return bool(known)
        return bool(self.session.scalar(select(exists().where(active_face(employee_id)))))

    def assignments(self, employee_id: int) -> list[Assignment]:
        query = select(Assignment).where(Assignment.employee_id == employee_id)
        return list(self.session.scalars(query.order_by(Assignment.valid_from, Assignment.id)))

    def shifts(self, employee_id: int, first: date, last: date) -> list[ShiftRow]:
        query = select(ShiftRow).where(
            ShiftRow.employee_id == employee_id, ShiftRow.work_date.between(first, last)
        )
        return list(self.session.scalars(query))

    def fixed_shift_staff(self, org_id: int) -> list[EmployeeRow]:
        """The organisation's staff whose own policy keeps a fixed shift (the employee file's
        `shift` column): read every minute by the reminders, so filtered in SQL on the key."""
        named = cast(EmployeeRow.policy, String).like('%"fixed_shift"%')
        query = select(EmployeeRow).where(EmployeeRow.org_id == org_id, named)
        return [e for e in self.session.scalars(query) if (e.policy or {}).get("fixed_shift")]

    def rota_on(self, org_id: int, day: date) -> list[ShiftRow]:
        """Every rota entry of the organisation's staff on `day`."""
        staff = select(EmployeeRow.id).where(EmployeeRow.org_id == org_id)
        query = select(ShiftRow).where(ShiftRow.work_date == day, ShiftRow.employee_id.in_(staff))
        return list(self.session.scalars(query))

    def attendance(self, employee_ids: list[int], first: date, last: date) -> list[AttendanceRow]:
        """Every attendance row (refused and corrected ones too) of the employees in the dates."""
        query = select(AttendanceRow).where(
            AttendanceRow.employee_id.in_(employee_ids),
            AttendanceRow.work_date.between(first, last),
        )
        return list(self.session.scalars(query.order_by(AttendanceRow.at, AttendanceRow.id)))

    def attendance_by_key(self, dedup_key: str) -> AttendanceRow | None:
        query = select(AttendanceRow).where(AttendanceRow.dedup_key == dedup_key)
        return self.session.scalars(query).first()

    def attendance_by_key_or_day(
        self, dedup_key: str, employee_id: int, day: date
    ) -> tuple[AttendanceRow | None, list[AttendanceRow]]:
        """`attendance_by_key` and `attendance([employee_id], day, day)` in one query."""
        query = select(AttendanceRow).where(
            or_(
                AttendanceRow.dedup_key == dedup_key,
                and_(AttendanceRow.employee_id == employee_id, AttendanceRow.work_date == day),
            )
        )
        rows = list(self.session.scalars(query.order_by(AttendanceRow.at, AttendanceRow.id)))
        same = next((r for r in rows if r.dedup_key == dedup_key), None)
        return same, [r for r in rows if r.employee_id == employee_id and r.work_date == day]

    def absences(self, employee_ids: list[int], first: date, last: date) -> list[AbsenceRow]:
        query = select(AbsenceRow).where(
            AbsenceRow.employee_id.in_(employee_ids),
            AbsenceRow.first_day <= last,
            AbsenceRow.last_day >= first,
        )
        return list(self.session.scalars(query.order_by(AbsenceRow.id)))

    def partial_absences_on(self, employee_id: int, day: date) -> set[str]:
        """The subtypes of the employee's approved absences covering `day` (izin pulang cepat,
        terlambat...), for a check-out judged on that day."""
        query = select(AbsenceRow.subtype).where(
            AbsenceRow.employee_id == employee_id,
            AbsenceRow.status == "approved",
            AbsenceRow.first_day <= day,
            AbsenceRow.last_day >= day,
        )
        return {s for s in self.session.scalars(query) if s}

    def on_local_duty(self, employee_id: int, day: date) -> bool:
        """Whether an approved local duty (T, dinas dalam) covers the employee's `day`."""
        query = select(AbsenceRow.id).where(
            AbsenceRow.employee_id == employee_id,
            AbsenceRow.code == "T",
            AbsenceRow.subtype == "dinas_dalam",
            AbsenceRow.status == "approved",
            AbsenceRow.first_day <= day,
            AbsenceRow.last_day >= day,
        )
        return self.session.scalar(query.limit(1)) is not None

    def travel_destination_on(self, employee_id: int, day: date) -> TravelDestinationRow | None:
        """The destination of the employee's approved official travel (DL) covering `day`:
        the latest one recorded for it. None without such a travel or destination."""
        query = (
            select(TravelDestinationRow)
            .join(AbsenceRow, AbsenceRow.id == TravelDestinationRow.absence_id)
            .where(
                AbsenceRow.employee_id == employee_id,
                AbsenceRow.code == "DL",
                AbsenceRow.status == "approved",
                AbsenceRow.first_day <= day,
                AbsenceRow.last_day >= day,
            )
            .order_by(TravelDestinationRow.id.desc())
        )
        return self.session.scalars(query.limit(1)).first()

    def travel_destination(self, absence_id: int) -> TravelDestinationRow | None:
        """An absence's latest destination, whatever its status."""
        query = select(TravelDestinationRow).where(TravelDestinationRow.absence_id == absence_id)
        return self.session.scalars(query.order_by(TravelDestinationRow.id.desc()).limit(1)).first()

    def absence_by_key(self, dedup_key: str) -> AbsenceRow | None:
        query = select(AbsenceRow).where(AbsenceRow.dedup_key == dedup_key)
        return self.session.scalars(query).first()

    def absence(self, absence_id: int) -> AbsenceRow | None:
        return self.session.get(AbsenceRow, absence_id)

    def lkh_report(self, report_id: int) -> LkhReportRow | None:
        return self.session.get(LkhReportRow, report_id)

    def lkh_report_on(self, employee_id: int, day: date) -> LkhReportRow | None:
        """The employee's daily performance report of `day` (there is at most one)."""
        query = select(LkhReportRow).where(
            LkhReportRow.employee_id == employee_id, LkhReportRow.work_date == day
        )
        return self.session.scalars(query).first()

    def lkh_report_by_key(self, dedup_key: str) -> LkhReportRow | None:
        query = select(LkhReportRow).where(LkhReportRow.dedup_key == dedup_key)
        return self.session.scalars(query).first()

    def lkh_activities(self, report: LkhReportRow) -> list[LkhActivityRow]:
        """The activities of the report's current version, in the order written."""
        query = select(LkhActivityRow).where(
            LkhActivityRow.report_id == report.id, LkhActivityRow.version == report.version
        )
        return list(self.session.scalars(query.order_by(LkhActivityRow.position)))

    def lkh_reports(self, employee_ids: list[int], first: date, last: date) -> list[LkhReportRow]:
        """The employees' reports of the days from `first` to `last`, by day."""
        query = select(LkhReportRow).where(
            LkhReportRow.employee_id.in_(employee_ids),
            LkhReportRow.work_date.between(first, last),
        )
        return list(self.session.scalars(query.order_by(LkhReportRow.work_date, LkhReportRow.id)))

    def face_references(self, cipher: Any = None) -> FaceReferenceRepository:
        """The face references of this transaction (encrypted with `cipher`)."""
        from core.storage.faces import SqlFaceReferences  # faces imports this module

        return SqlFaceReferences(self, cipher)

    def now(self) -> datetime:
        return self._now()


def active_face(employee_id: Any) -> Any:
    """SQL: a face reference is the employee's (an id or a column) active one."""
    return and_(
        FaceReferenceRow.employee_id == employee_id,
        FaceReferenceRow.status == ReferenceStatus.ACTIVE.value,
    )
