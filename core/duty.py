"""Duty away from the office: how far from it a check-in on an assignment is accepted.

Perbup Musi Banyuasin 9/2023 (E-Office) Pasal 1 angka 10: "dinas dalam adalah kegiatan kerja yang
dilakukan diluar kantor maksimal radius 7 (tujuh) kilometer dari kantor berdasarkan surat
tugas/undangan/disposisi pimpinan". The preset sets it as `Policy.duty_radius_m`; a policy
without it (None) accepts no check-in away from the office, assignment or not. The check-in of
an employee with an approved T/dinas_dalam for the day is accepted within that radius of the
office (`duty_distance_m`, asked by `core.rules.classify`).
"""

from __future__ import annotations

from collections.abc import Iterable

from core.geo import Circle, Geofence, Point, distance_m, distance_outside_m
from core.policy import Policy


def from_office_m(office: Geofence, position: Point) -> float:
    """Distance from the office: its centre for a circle, its outline for a drawn building."""
    if isinstance(office, Circle):
        return distance_m(office.center, position)
    return distance_outside_m(office, position)


def within_duty_radius(policy: Policy, offices: Iterable[Geofence], position: Point) -> bool:
    """Whether `position` is within the policy's duty radius of one of the `offices`."""
    return duty_distance_m(policy, offices, position) is not None


def duty_distance_m(policy: Policy, offices: Iterable[Geofence], position: Point) -> int | None:
    """Metres from the nearest office when `position` is within the policy's duty radius of
    it; None when it is not, or when the policy allows no duty away from the office."""
    radius = policy.duty_radius_m.value
    if radius is None:
        return None
    nearest_m = min((from_office_m(office, position) for office in offices), default=None)
    if nearest_m is None or nearest_m > float(radius):
        return None
    return round(nearest_m)
