"""What the rules need to judge one employee on one day, read from storage."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from core.calendar import HolidayCalendar
from core.citations import default
from core.clock import local_date
from core.geo import Circle, Geofence, Point, Polygon
from core.policy import Policy
from core.policy_config import apply_overrides, resolve_policy
from core.schedule import DaySchedule
from core.storage.tables import EmployeeRow, Organisation, SiteRow, UnitRow
from core.storage.uow import UnitOfWork


class NotFound(LookupError):
    """An organisation, unit or employee that does not exist."""


@dataclass(frozen=True)
class EmployeeContext:
    employee: EmployeeRow | None  # None for a unit's context
    org: Organisation
    unit: UnitRow
    policy: Policy
    zone: str
    sites: dict[str, Geofence]
    event_sites: dict[str, Geofence]
    calendar: HolidayCalendar


def fence_of(site: SiteRow, default_radius: float) -> Geofence:
    """The geofence of a stored site; a circle without a radius takes the policy's."""
    if site.polygon:
        return Polygon(tuple(Point(lat, lon) for lat, lon in site.polygon))
    return Circle(Point(site.lat, site.lon), site.radius_m or default_radius)


ROTA_RULE = default("shift rota set by the unit's operator")


def rota_schedule(config: dict | None) -> DaySchedule | None:
    """A stored rota entry ({work, check_in, on_time_until, check_out} or None for a day off)."""
    if config is None:
        return None
    return DaySchedule.build(
        work=tuple(config["work"].split("-")),
        check_in=tuple(config["check_in"].split("-")),
        on_time_until=config["on_time_until"],
        check_out=tuple(config["check_out"].split("-")),
        in_rule=ROTA_RULE,
        label="shift",
    )


def unit_chain(units: dict[int, UnitRow], unit: UnitRow) -> list[UnitRow]:
    """The unit and its ancestors, the organisation's top unit first."""
    chain, current, seen = [], unit, set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        chain.append(current)
        current = units.get(current.parent_id) if current.parent_id else None
    return chain[::-1]


def unit_policy(org: Organisation, units: dict[int, UnitRow], unit: UnitRow) -> Policy:
    """The unit's policy: the nearest preset up the tree, then overrides from the top down."""
    chain = unit_chain(units, unit)
    preset, params = org.preset, org.preset_params
    for u in chain:
        if u.preset:
            preset, params = u.preset, u.preset_params
    return resolve_policy(preset, params, [org.policy, *(u.policy for u in chain)])


def unit_on(uow: UnitOfWork, employee: EmployeeRow, day: date) -> int:
    """The unit an employee belonged to on `day` (the current one if no history says else)."""
    history = uow.assignments(employee.id)
    before = [a for a in history if a.valid_from <= day]
    if before:
        return before[-1].unit_id
    return history[0].unit_id if history else employee.unit_id


def employee_zone(uow: UnitOfWork, employee: EmployeeRow) -> str:
    """The zone of the employee's unit (its own, else the organisation's)."""
    unit = uow.session.get(UnitRow, employee.unit_id)
    if unit is not None and unit.zone:
        return unit.zone
    return uow.session.get(Organisation, employee.org_id).zone


def employee_today(uow: UnitOfWork, employee: EmployeeRow, at: datetime) -> date:
    """The employee's local date at `at`: what "today", "besok" and a default day mean to them.

    Every flow and service asks this, never `at.date()` (the UTC date).
    """
    return local_date(at, employee_zone(uow, employee))


def unit_context(uow: UnitOfWork, org: Organisation, unit: UnitRow) -> EmployeeContext:
    """Policy, zone, sites and holidays of a unit, before any employee's own overrides."""
    units = {u.id: u for u in uow.units(org.id)}
    policy = unit_policy(org, units, unit)
    all_sites = uow.sites(org.id)
    radius = float(policy.radius_m.value)
    home = unit.attends_at_id or unit.id
    return EmployeeContext(
        employee=None,
        org=org,
        unit=unit,
        policy=policy,
        zone=unit.zone or org.zone,
        sites={s.code: fence_of(s, radius) for s in all_sites if s.unit_id == home},
        event_sites={s.code: fence_of(s, radius) for s in all_sites if s.unit_id is None},
        calendar=HolidayCalendar({h.day: h.name for h in uow.holidays(org.id)}),
    )


def load_context(uow: UnitOfWork, employee: EmployeeRow, day: date) -> EmployeeContext:
    """The unit's context on `day` with the employee's overrides, rota and transfer grace."""
    org = uow.session.get(Organisation, employee.org_id)
    unit = uow.session.get(UnitRow, unit_on(uow, employee, day))
    context = unit_context(uow, org, unit)
    policy = context.policy
    if employee.policy:
        policy = apply_overrides(policy, employee.policy, where=f"employee {employee.id}")
    shifts = uow.shifts(employee.id, day - timedelta(days=1), day + timedelta(days=1))
    if shifts:
        policy = policy.with_rota({s.work_date: rota_schedule(s.schedule) for s in shifts})
    sites = {**context.sites, **_grace_sites(uow, employee, day, policy)}
    return replace(context, employee=employee, policy=policy, sites=sites)


def _grace_sites(
    uow: UnitOfWork, employee: EmployeeRow, day: date, policy: Policy
) -> dict[str, Geofence]:
    """The old unit's sites during the transfer grace period (Konawe Kepulauan: one week)."""
    grace = int(policy.transfer_grace_days.value or 0)
    history = [a for a in uow.assignments(employee.id) if a.valid_from <= day]
    if not grace or len(history) < 2 or (day - history[-1].valid_from).days >= grace:
        return {}
    old = uow.session.get(UnitRow, history[-2].unit_id)
    home = old.attends_at_id or old.id
    radius = float(policy.radius_m.value)
    return {s.code: fence_of(s, radius) for s in uow.sites(old.org_id) if s.unit_id == home}
