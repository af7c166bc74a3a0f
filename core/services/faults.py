"""Application faults reported by a head of unit or an admin, and their declaration as outages.

Perwal Sungai Penuh 12/2023 Pasal 6 ayat (2): the head of a unit reports a fault of the
application (to BKPSDM and Diskominfo, within three days); Keputusan Kadinkes Musi Banyuasin
B-800/18/KPTS-KES/2023 Pasal 3 ayat (6) huruf b: the admin reports faults of the attendance
devices to the Kasubbag Hukum, Kepegawaian dan Umum, the super admin. The report is kept with
the period it covers: while the application is down, manual attendance replaces it (Perwal
Pasal 6 ayat (4)-(5)), which a super admin makes possible by declaring the period an outage
(`core.services.outages.declare`) with one tap on the report.

A refusal is returned, never raised: the chat words it for its reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.access import RECAP_READERS, roles_of
from core.citations import Citation
from core.clock import local_date
from core.org import Role
from core.services.absences import locked_row
from core.services.context import org_view
from core.services.outages import MAX_OUTAGE, MAX_REASON, OutageRefused, declare
from core.storage.report_tables import FaultReport
from core.storage.tables import EmployeeRow, OutageRow
from core.storage.uow import UnitOfWork

HEAD_RULE = Citation(
    "001_0a3a5d99b1ed9a52.txt",
    "Perwal Sungai Penuh 12/2023",
    "6",
    "2",
    quote="Apabila terjadi kerusakan/gangguan yang terkait dengan program Aplikasi Kepala "
    "Perangkat Daerah berkewajiban melaporkan kepada BKPSDM dan Dinas Komunikasi, Informasi dan "
    "Statistik paling lama 3 (tiga) hari sejak terjadinya kerusakan.",
)
ADMIN_RULE = Citation(
    "000_ec26450856fff25c.txt",
    "Keputusan Kadinkes Musi Banyuasin B-800/18/KPTS-KES/2023",
    "3",
    "6",
    "huruf b",
    "Melaporkan kerusakan/gangguan pada perangkat absensi online kepada Kasubbag Hukum, "
    "Kepegawaian dan Umum",
)


@dataclass(frozen=True)
class FaultRefused:
    """Why nothing was recorded: not_allowed, no_text, order, future, too_long, unknown,
    already; with the values its message names."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


def report_fault(
    uow: UnitOfWork,
    reporter: EmployeeRow,
    period: tuple[datetime, datetime],
    description: str,
    dedup_key: str,
) -> FaultReport | FaultRefused:
    """Keep a fault report for `period` (aware) of the reporter's unit (a super admin's: every
    unit); a replay of the same delivery (`dedup_key`) gives the report it made."""
    if not roles_of(reporter.role_set) & RECAP_READERS:
        return FaultRefused("not_allowed")
    starts, ends = period
    text = description.strip()
    if not text or len(text) > MAX_REASON:
        return FaultRefused("no_text", {"limit": MAX_REASON})
    if ends <= starts:
        return FaultRefused("order")
    if starts > uow.now():
        return FaultRefused("future")
    if ends - starts > MAX_OUTAGE:
        return FaultRefused("too_long", {"days": MAX_OUTAGE.days})
    same = uow.session.scalars(select(FaultReport).where(FaultReport.dedup_key == dedup_key))
    found = same.first()
    if found is not None:
        return found
    whole_org = Role.SUPER_ADMIN in reporter.role_set
    row = FaultReport(
        org_id=reporter.org_id,
        unit_id=None if whole_org else reporter.unit_id,
        reported_by=reporter.id,
        starts_at=starts,
        ends_at=ends,
        description=text,
        created_at=uow.now(),
        dedup_key=dedup_key,
    )
    return uow.add(row, f"employee:{reporter.id}", "fault.report")


def super_admins(uow: UnitOfWork, org_id: int, but: int | None = None) -> list[EmployeeRow]:
    """Who is told of a fault: the organisation's super admins on staff (but the reporter)."""
    today = local_date(uow.now(), org_view(uow, org_id).org.zone)
    return [
        e
        for e in uow.employees(org_id)
        if Role.SUPER_ADMIN in e.role_set and e.id != but and not e.blocked and not e.gone_on(today)
    ]


def declare_reported(
    uow: UnitOfWork, admin: EmployeeRow, report_id: int
) -> tuple[FaultReport | None, OutageRow | OutageRefused | FaultRefused]:
    """Declare the fault report's period an outage of its unit (every unit for a super
    admin's report), once; the outage's reason is the report's words. The report is read
    under a row lock (`locked_row`): two super admins tapping at once declare one outage, the
    second finds it declared."""
    report = locked_row(uow, FaultReport, report_id)
    if report is None or report.org_id != admin.org_id:
        return None, FaultRefused("unknown")
    if report.outage_id is not None:
        return report, FaultRefused("already", {"outage": report.outage_id})
    unit = uow.unit_by_id(report.unit_id) if report.unit_id is not None else None
    codes = [unit.code] if unit is not None else []
    period = (report.starts_at, report.ends_at)
    outage = declare(uow, admin, report.org_id, period, codes, report.description)
    if isinstance(outage, OutageRefused):
        return report, outage
    report.outage_id = outage.id
    uow.touch(report, f"employee:{admin.id}", "fault.declare")
    return report, outage
