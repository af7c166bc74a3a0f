"""What the rules need to judge one employee on one day, read from storage.

The organisation's part (units, their policies, fences, holidays, zones) comes resolved from
`core.policy.resolver`, kept by the process's `OrgCache` (handed down on the unit of work) for
as long as the organisation's version says it is current; only the employee's own part (their
assignments, overrides and rota) is read for each check.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from core.calendar import HolidayCalendar
from core.clock import local_date
from core.event_fence import AdhocEvent
from core.geo import Circle, Geofence, Point
from core.policy import Policy
from core.policy.config import InvalidConfig, apply_overrides
from core.policy.resolver import (
    OrgCache,
    OrgInfo,
    OrgView,
    SiteInfo,
    UnitInfo,
    fence_of,  # noqa: F401 - where callers have always found it
    previous_unit,
)
from core.policy.resolver import unit_on as resolver_unit_on
from core.rota import schedule_of
from core.schedule import DaySchedule
from core.storage.org_version import SESSION_CACHE, changed_here, version_of
from core.storage.tables import (
    EmployeeRow,
    EventFenceRow,
    HolidayRow,
    Organisation,
    SiteRow,
    UnitRow,
)
from core.storage.uow import UnitOfWork
from core.travel import Destination


class NotFound(LookupError):
    """An organisation, unit or employee that does not exist."""


def existing_employee(uow: UnitOfWork, employee_id: int) -> EmployeeRow:
    """The employee `employee_id` names, or NotFound (a stored row's reference always is)."""
    employee = uow.employee(employee_id)
    if employee is None:
        raise NotFound(f"no employee {employee_id}")
    return employee


@dataclass(frozen=True)
class EmployeeContext:
    employee: EmployeeRow | None  # None for a unit's context
    org: OrgInfo  # plain snapshots, shared by every request of the process: never written
    unit: UnitInfo
    policy: Policy
    zone: str
    sites: dict[str, Geofence]
    event_sites: dict[str, Geofence]
    calendar: HolidayCalendar
    # Whether the employee is on an approved local duty (dinas dalam) on a day: read only when
    # a check-in is outside the office (core.rules.classify asks it then).
    on_duty: Callable[[date], bool] | None = None
    # The destination of an approved official travel (DL) on a day, where the policy clocks
    # travel in at its destination (core.travel): classify asks it then, once per day.
    travel: Callable[[date], Destination | None] | None = None
    # What staff call each site, by code, for replies ("di luar area Lapangan Merdeka").
    site_names: Mapping[str, str] = field(default_factory=dict)


def rota_schedule(config: dict | None, policy: Policy) -> DaySchedule | None:
    """A stored rota entry ({work, check_in, on_time_until, check_out} or None for a day off),
    citing the policy's rota article."""
    return schedule_of(config, policy.rota_rule)


def fixed_shifts(uow: Any, org_id: int) -> Callable[[date], dict[int, DaySchedule | None]]:
    """Per local day, the schedule of each employee with a fixed shift (their own policy's:
    the shift on a working day, None on a day off or holiday), for readers of a whole
    organisation's rota (the reminders). Someone whose stored overrides no longer fit the
    organisation file is left to the unit's schedule here; their check-in names the problem."""
    view = org_view(uow, org_id)
    own: dict[int, Policy] = {}
    for employee in uow.fixed_shift_staff(org_id):
        try:
            own[employee.id] = apply_overrides(
                view.policy(employee.unit_id), employee.policy, where=f"employee {employee.id}"
            )
        except InvalidConfig:
            continue

    def on(day: date) -> dict[int, DaySchedule | None]:
        if view.calendar(day):
            return dict.fromkeys(own)
        return {employee_id: policy.day_schedule(day) for employee_id, policy in own.items()}

    return on


def org_view(uow: UnitOfWork, org_id: int) -> OrgView:
    """The organisation resolved, from the process's cache when its version is still current.

    One cheap read (the version, once per transaction) when cached; otherwise the organisation,
    its units, sites and holidays, once.
    """
    session = uow.session
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()  # as an ORM query would: the reads below are plain SQL
    version = version_of(session, org_id)
    if version is None:
        raise NotFound(f"no organisation {org_id}")
    cache = getattr(uow, "org_cache", None)
    if cache is None or org_id in changed_here(session):
        # No process cache, or this transaction changed the organisation and may yet roll
        # back: a cache of this transaction only, which still reads it all once.
        cache = session.info.setdefault(SESSION_CACHE, OrgCache(size=4))
    view = cache.get(org_id, version)
    if view is None:
        view = _read_org(uow, org_id)
        cache.put(view)
    return view


def _read_org(uow: UnitOfWork, org_id: int) -> OrgView:
    """Read the organisation as plain values; the version first, so that what follows is at
    least as new as the version it is kept under."""
    session = uow.session
    o = Organisation.__table__.c
    org = session.execute(
        select(o.id, o.code, o.name, o.zone, o.preset, o.preset_params, o.policy, o.version).where(
            o.id == org_id
        )
    ).one()
    u = UnitRow.__table__.c
    units = session.execute(
        select(
            u.id, u.org_id, u.code, u.name, u.kind, u.zone, u.parent_id, u.attends_at_id,
            u.preset, u.preset_params, u.policy,
        ).where(u.org_id == org_id)
    )  # fmt: skip
    s = SiteRow.__table__.c
    sites = session.execute(
        select(s.code, s.unit_id, s.lat, s.lon, s.radius_m, s.polygon, s.name).where(
            s.org_id == org_id
        )
    )
    h = HolidayRow.__table__.c
    holidays = session.execute(select(h.day, h.name).where(h.org_id == org_id))
    adhoc = called_events(session, org_id)
    return OrgView(
        OrgInfo(
            org.id, org.code, org.name, org.zone, org.preset,
            org.preset_params or {}, org.policy or {}, org.version,
        ),
        [UnitInfo(*row[:9], row.preset_params or {}, row.policy or {}) for row in units],
        [SiteInfo(*row) for row in sites],
        dict(holidays.all()),
        adhoc,
    )  # fmt: skip


def called_events(session: Any, org_id: int) -> list[AdhocEvent]:
    """The events called from chat (/acara) of the organisation, not cancelled."""
    e = EventFenceRow.__table__.c
    found = session.execute(
        select(
            e.id, e.day, e.name, e.start_min, e.end_min, e.lat, e.lon, e.radius_m, e.unit_ids,
            e.created_by,
        ).where(e.org_id == org_id, e.cancelled_at.is_(None)).order_by(e.id)
    )  # fmt: skip
    return [
        AdhocEvent(
            row.id, row.day, row.name, row.start_min, row.end_min, row.lat, row.lon,
            row.radius_m, frozenset(int(u) for u in row.unit_ids or ()), row.created_by,
        )
        for row in found
    ]  # fmt: skip


def history_of(uow: UnitOfWork, employee: EmployeeRow) -> list[tuple[date, int]]:
    """The employee's assignments as (valid_from, unit id), in order."""
    return uow.assignment_history(employee.id)


def unit_on(uow: UnitOfWork, employee: EmployeeRow, day: date) -> int | None:
    """The unit an employee belonged to on `day`; None before their first assignment
    and from the day they left (see `core.policy.resolver.unit_on`)."""
    return resolver_unit_on(history_of(uow, employee), day, employee.unit_id, employee.left_on)


def employee_zone(uow: UnitOfWork, employee: EmployeeRow) -> str:
    """The zone of the employee's unit (its own, else the organisation's)."""
    return org_view(uow, employee.org_id).zone_of(employee.unit_id)


def employee_today(uow: UnitOfWork, employee: EmployeeRow, at: datetime) -> date:
    """The employee's local date at `at`: what "today", "besok" and a default day mean to them.

    Every flow and service asks this, never `at.date()` (the UTC date).
    """
    return local_date(at, employee_zone(uow, employee))


def unit_context(uow: UnitOfWork, org: Any, unit: Any) -> EmployeeContext:
    """Policy, zone, sites and holidays of a unit, before any employee's own overrides.

    `org` and `unit` are anything with their ids (stored rows or `OrgInfo`/`UnitInfo`).
    """
    return view_context(org_view(uow, org.id), unit.id)


def view_context(view: OrgView, unit_id: int) -> EmployeeContext:
    """A unit's context from its resolved organisation."""
    policy = view.policy(unit_id)
    radius = float(policy.radius_m.value)
    return EmployeeContext(
        employee=None,
        org=view.org,
        unit=view.units[unit_id],
        policy=policy,
        zone=view.zone_of(unit_id),
        sites=view.fences(view.home_of(unit_id), radius),
        event_sites=view.fences(None, radius),
        calendar=view.calendar,
        site_names=view.site_names,
    )


def load_context(uow: UnitOfWork, employee: EmployeeRow, day: date) -> EmployeeContext:
    """The unit's context on `day` with the employee's overrides, rota and transfer grace.

    Before the employee's first assignment they belong to no unit (`unit_on`), yet an attempt
    on such a day (registered before the start date) still needs rules: it is judged under
    the unit they are assigned to now.
    """
    view = org_view(uow, employee.org_id)
    history = history_of(uow, employee)
    unit_id = resolver_unit_on(history, day, employee.unit_id)
    context = view_context(view, unit_id if unit_id is not None else employee.unit_id)
    policy = context.policy
    if employee.policy:
        policy = apply_overrides(policy, employee.policy, where=f"employee {employee.id}")
    shifts = uow.shifts(employee.id, day - timedelta(days=1), day + timedelta(days=1))
    if shifts:
        rota = {s.work_date: rota_schedule(s.schedule, policy) for s in shifts}
        policy = policy.with_rota(rota)
    old = previous_unit(history, day, int(policy.transfer_grace_days.value or 0))
    if old is not None:
        # The old unit's sites during the transfer grace period (Konawe Kepulauan: one week).
        grace = view.fences(view.home_of(old), float(policy.radius_m.value))
        sites = {**context.sites, **grace}
    else:
        sites = context.sites
    duty = functools.cache(lambda day: uow.on_local_duty(employee.id, day))
    travel = functools.cache(lambda day: travel_destination(uow, employee.id, day))
    return replace(
        context, employee=employee, policy=policy, sites=sites, on_duty=duty, travel=travel
    )


def travel_destination(uow: UnitOfWork, employee_id: int, day: date) -> Destination | None:
    """The destination of the employee's approved official travel (DL) covering `day`: the
    circle stored when it was set (core.services.travel)."""
    row = uow.travel_destination_on(employee_id, day)
    if row is None:
        return None
    return Destination(row.absence_id, Circle(Point(row.lat, row.lon), row.radius_m))
