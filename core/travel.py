"""Official travel (DL, dinas luar) clocked in at its destination.

Perbup Konawe Kepulauan 18/2023 Pasal 9 ayat (5): "Dalam hal ASN melakukan perjalanan Dinas,
maka ASN melakukan Presensi Daring di tempat tugas dengan melampirkan; a. bukti kehadiran (Surat
Perintah Perjalanan Dinas) ditempat pelaksanaan tugas yang ditandatangani oleh pejabat
berwenang/petugas; dan b. Surat Perintah Tugas yang ditandatangani oleh pejabat yang berwenang."

Where the policy's `travel_clock_in` says so (the Konawe Kepulauan preset), a DL is filed with
its destination: a point the employee shares or an admin picks, kept as a circle of the policy's
`travel_radius_m`. On the DL's days the clock-ins are judged against that circle instead of the
office (`core.rules.classify`), and the days are judged on those clock-ins rather than excused
whole (`core.day_status`). Elsewhere a DL stays a whole day excused, with no clock-in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from core.geo import Circle, Point
from core.policy import Policy

TRAVEL_CODE = "DL"
FENCE = "travel"  # what `Verdict.fence` and a record's evidence say of a clock-in judged here


@dataclass(frozen=True)
class Destination:
    """An approved DL's destination as the rules judge a clock-in against it."""

    absence_id: int
    fence: Circle

    @property
    def site(self) -> str:
        """The record's site: which travel's destination judged it."""
        return f"dl-{self.absence_id}"


def clocks_in_on_travel(policy: Policy, code: str) -> bool:
    """Whether absences of `code` are clocked in at their destination under `policy`, so that
    they need one at filing and do not excuse their days whole."""
    return code == TRAVEL_CODE and bool(policy.travel_clock_in.value)


def destination_fence(policy: Policy, lat: float, lon: float) -> Circle:
    """The circle a destination point stands for under `policy` (`travel_radius_m`)."""
    return Circle(Point(lat, lon), float(policy.travel_radius_m.value))


class DestinationProblem(StrEnum):
    """Why a location cannot be a travel destination."""

    OFF_MAP = "off_map"  # coordinates out of range (or not numbers)
    FORWARDED = "forwarded"  # somebody else's location
    NOT_LIVE = "not_live"  # a pin where the policy wants a live location from the destination


def on_map(lat: float, lon: float) -> bool:
    """Both coordinates are finite and in range."""
    finite = math.isfinite(lat) and math.isfinite(lon)
    return finite and abs(lat) <= 90 and abs(lon) <= 180


def destination_problem(
    lat: float, lon: float, *, forwarded: bool, live: bool, live_required: bool
) -> DestinationProblem | None:
    """What is wrong with a location sent as a destination; None when it will do.

    A forwarded location is never the sender's own pick. `live_required` (the policy's
    `travel_destination_live`, for the employee's own filing on a channel that tells live
    locations apart) refuses a pin.
    """
    if not on_map(lat, lon):
        return DestinationProblem.OFF_MAP
    if forwarded:
        return DestinationProblem.FORWARDED
    if live_required and not live:
        return DestinationProblem.NOT_LIVE
    return None
