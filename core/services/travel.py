"""The destination of an official travel (DL) that is clocked in there (core.travel).

Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (5): "ASN melakukan Presensi Daring di tempat
tugas". Where the policy's `travel_clock_in` says so, a DL is filed with its destination
(`core.services.absences.request_absence` refuses one without), and its approver may put
another in its place when approving (`core.services.absences.approve_with_destination`).
Each destination is a new audited row; the latest one of an absence counts.
"""

from __future__ import annotations

from datetime import datetime

from core.judgement import Sighting, evidence_problem
from core.policy import Policy
from core.services.context import employee_today, existing_employee, load_context
from core.storage.tables import AbsenceRow, TravelDestinationRow
from core.storage.uow import UnitOfWork
from core.travel import TRAVEL_CODE, destination_fence, on_map


class InvalidDestination(ValueError):
    """A destination the rules cannot take; the message says why."""


def set_destination(
    uow: UnitOfWork,
    absence: AbsenceRow,
    lat: float,
    lon: float,
    set_by: int,
    policy: Policy | None = None,
) -> TravelDestinationRow:
    """Record `absence`'s destination as the circle its policy draws (`travel_radius_m`),
    audited under the name of who set it. `policy`: the one of the travel's first day, if the
    caller has it."""
    if absence.code != TRAVEL_CODE:
        raise InvalidDestination(f"only official travel (DL) has a destination, not {absence.code}")
    if not on_map(lat, lon):
        raise InvalidDestination("the destination's coordinates are not on the map")
    if policy is None:
        employee = existing_employee(uow, absence.employee_id)
        policy = load_context(uow, employee, absence.first_day).policy
    fence = destination_fence(policy, lat, lon)
    row = TravelDestinationRow(
        absence_id=absence.id,
        employee_id=absence.employee_id,
        lat=fence.center.lat,
        lon=fence.center.lon,
        radius_m=fence.radius_m,
        set_by=set_by,
    )
    return uow.add(row, f"employee:{set_by}", "absence.destination")


def destination_of(uow: UnitOfWork, absence_id: int) -> tuple[float, float] | None:
    """An absence's destination point, for the messages that name it."""
    row = uow.travel_destination(absence_id)
    return (row.lat, row.lon) if row is not None else None


def live_destination_problem(
    uow: UnitOfWork, employee_id: int, sighting: Sighting, now: datetime, channel: str
) -> tuple[str, dict] | None:
    """Why a live location sent as a destination (the policy's `travel_destination_live`) will
    not do, as a clock-in's location would not: the unit refuses the channel, or the fix is
    too weak or too old (core.judgement.evidence_problem). A text key and its values."""
    employee = existing_employee(uow, employee_id)
    policy = load_context(uow, employee, employee_today(uow, employee, now)).policy
    trust = policy.trust_of(channel)
    if trust.value == "refuse":
        return "channel_refused", {"rule": str(trust.rule)}
    return evidence_problem(policy, sighting, now)
