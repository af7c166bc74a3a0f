"""Declare that the system was down, so that its period's attendance is entered as fallbacks.

Perwal Sungai Penuh 12/2023 Pasal 6 ayat (4)-(5) and Pasal 11 ayat (6): while the online
attendance is down, manual attendance replaces it. Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat
(1) huruf c: the fingerprint fallback when the server is down. A super admin declares the period
and the units it hit (`declare`); a fallback with the reason "server down" needs such a
declaration covering its time, and no fallback inside one counts towards the monthly quota of
forgotten-phone fallbacks (`core.fallback`), since nobody there could clock in by chat.

A refusal is returned, never raised: the chat and the CLI word it for their reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from core.org import Role
from core.storage.tables import EmployeeRow, OutageRow
from core.storage.uow import UnitOfWork

CLI_ACTOR = "cli"
# Longer than a week is no outage but a different way of working, decided by a regulation.
MAX_OUTAGE = timedelta(days=7)
MAX_REASON = 500


@dataclass(frozen=True)
class OutageRefused:
    """Why nothing was declared: a key (not_super_admin, no_reason, order, too_long, future,
    unknown_unit) and the values its message names."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


def declare(
    uow: UnitOfWork,
    admin: EmployeeRow | None,
    org_id: int,
    period: tuple[datetime, datetime],
    unit_codes: list[str],
    reason: str,
) -> OutageRow | OutageRefused:
    """Record that the system was down from `period[0]` to `period[1]` (aware) for the units
    named (none: all of the organisation's); `admin` None is the CLI's operator."""
    starts, ends = period
    if admin is not None and (admin.org_id != org_id or Role.SUPER_ADMIN not in admin.role_set):
        return OutageRefused("not_super_admin")
    if not reason.strip() or len(reason) > MAX_REASON:
        return OutageRefused("no_reason", {"limit": MAX_REASON})
    if ends <= starts:
        return OutageRefused("order")
    if ends - starts > MAX_OUTAGE:
        return OutageRefused("too_long", {"days": MAX_OUTAGE.days})
    if starts > uow.now():
        return OutageRefused("future")
    unit_ids = []
    for code in unit_codes:
        unit = uow.unit(org_id, code)
        if unit is None:
            return OutageRefused("unknown_unit", {"unit": code})
        unit_ids.append(unit.id)
    row = OutageRow(
        org_id=org_id,
        unit_ids=sorted(set(unit_ids)),
        starts_at=starts,
        ends_at=ends,
        reason=reason.strip(),
        declared_by=admin.id if admin is not None else None,
    )
    actor = f"employee:{admin.id}" if admin is not None else CLI_ACTOR
    return uow.add(row, actor, "outage.declare")


def covering(uow: UnitOfWork, org_id: int, unit_id: int | None, at: datetime) -> OutageRow | None:
    """The declared outage of the organisation that covers `at` for the unit, if any."""
    query = select(OutageRow).where(
        OutageRow.org_id == org_id, OutageRow.starts_at <= at, OutageRow.ends_at > at
    )
    for row in uow.session.scalars(query.order_by(OutageRow.id)):
        if not row.unit_ids or unit_id in row.unit_ids:
            return row
    return None
