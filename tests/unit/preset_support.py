"""What the preset tests share: positions at a distance, local times, and a judge per preset."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from pyproj import Geod

from core.citations import Citation
from core.geo import Circle, Geofence, Point
from core.policy import Policy
from core.rules import Attempt, Direction, Verdict, classify
from core.schedule import parse_clock

GEOD = Geod(ellps="WGS84")


def moved(origin: Point, azimuth: float, metres: float) -> Point:
    """The point `metres` from `origin` on the ground, towards `azimuth` degrees."""
    lon, lat, _ = GEOD.fwd(origin.lon, origin.lat, azimuth, metres)
    return Point(lat, lon)


@dataclass(frozen=True)
class Judge:
    """Classify attempts against one preset, at its office and in its zone."""

    file: str
    zone: str
    policy: Callable[[], Policy]
    office: tuple[str, Point]
    event_sites: dict[str, Geofence] = field(default_factory=dict)

    def utc(self, day: date, clock: str, seconds: int = 0) -> datetime:
        """A local wall-clock time of the preset's zone, as the UTC instant it is."""
        local = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(self.zone))
        return (local + timedelta(minutes=parse_clock(clock), seconds=seconds)).astimezone(UTC)

    def __call__(
        self,
        direction: Direction,
        day: date,
        clock: str,
        position: Point | None = None,
        seconds: int = 0,
        with_policy: Policy | None = None,
        sites: dict | None = None,
        **kwargs,
    ) -> Verdict:
        chosen = with_policy or self.policy()
        name, point = self.office
        fences = sites if sites is not None else {name: Circle(point, chosen.radius_m.value)}
        attempt = Attempt(direction, self.utc(day, clock, seconds), position)
        kwargs.setdefault("event_sites", self.event_sites)
        return classify(attempt, chosen, self.zone, fences, **kwargs)

    def assert_cites(self, rule: Citation, article: str) -> None:
        assert rule.file == self.file
        assert rule.article == article
