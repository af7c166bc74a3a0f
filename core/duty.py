"""Duty away from the office: how far from it a check-in on an assignment is accepted.

Perbup Musi Banyuasin 9/2023 (E-Office) Pasal 1 angka 10: "dinas dalam adalah kegiatan kerja yang
dilakukan diluar kantor maksimal radius 7 (tujuh) kilometer dari kantor berdasarkan surat
tugas/undangan/disposisi pimpinan". The preset sets it as `Policy.duty_radius_m`; a policy
without it (None) accepts no check-in away from the office, assignment or not. The check-in of
an employee with an approved T/dinas_dalam for the day asks `within_duty_radius` (issue 12
wires it into the check-in; until then nothing widens the fence).
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
    radius = policy.duty_radius_m.value
    if radius is None:
        return False
    return any(from_office_m(office, position) <= float(radius) for office in offices)
