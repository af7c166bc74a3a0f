"""The clock is a collaborator: production reads the system time, tests set it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved; for tests and the demo's simulated day."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at

    def advance(self, **delta: float) -> None:
        self._at += timedelta(**delta)


class ShiftedClock:
    """Another moment's time, running at the wall clock's pace: the playground lives its demo
    day (a working morning) whenever it is started."""

    def __init__(self, start: datetime, base: Clock | None = None) -> None:
        if start.tzinfo is None:
            raise ValueError("ShiftedClock needs an aware datetime")
        self._base = base or SystemClock()
        self._offset = start - self._base.now()

    def now(self) -> datetime:
        return self._base.now() + self._offset


def local_date(at: datetime, zone: str) -> date:
    """The date of `at` on the wall clock of `zone`: "today" for people there.

    Never `at.date()`: instants are UTC, and 06:30 WIB (or 08:30 WIT) is still yesterday in UTC.
    """
    if at.tzinfo is None:
        raise ValueError("local_date needs an aware datetime")
    return at.astimezone(ZoneInfo(zone)).date()
