"""Work schedules as local wall-clock minutes of a schedule day.

A schedule day starts at local midnight of its date. Times are minutes from that midnight and may
pass 1440 for a shift that crosses midnight (a night shift's check-out at 06:00 is minute 1800).
Every window includes its last minute: "sampai dengan pukul 07.30" still accepts 07:30:59.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time

from core.citations import Citation

DAY = 1440
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class InvalidSchedule(ValueError):
    """A clock time, window or schedule that cannot be used."""


def parse_clock(value: str | time | int) -> int:
    """'07:30' (or a time, or minutes) as minutes from midnight, 0..1439."""
    if isinstance(value, bool):
        raise InvalidSchedule(f"not a clock time: {value!r}")
    if isinstance(value, int):
        minutes = value
    elif isinstance(value, time):
        minutes = value.hour * 60 + value.minute
    else:
        match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", str(value))
        if not match:
            raise InvalidSchedule(f"not a clock time (HH:MM): {value!r}")
        hours, mins = int(match[1]), int(match[2])
        if hours > 23 or mins > 59:
            raise InvalidSchedule(f"not a clock time (00:00-23:59): {value!r}")
        minutes = hours * 60 + mins
    if not 0 <= minutes < DAY:
        raise InvalidSchedule(f"not a clock time: {value!r}")
    return minutes


def format_minutes(minutes: int) -> str:
    """Minutes of a schedule day as HH:MM, marking the next day with '+1'."""
    day, rest = divmod(minutes, DAY)
    return f"{rest // 60:02d}:{rest % 60:02d}" + (f"{day:+d}" if day else "")


@dataclass(frozen=True)
class Window:
    """Minutes [start, end] of a schedule day, both included; end may pass midnight."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidSchedule(
                f"empty window {format_minutes(self.start)}-{format_minutes(self.end)}"
            )
        if self.end - self.start >= DAY:
            raise InvalidSchedule("a window cannot be a day or longer")

    @classmethod
    def between(cls, start: str | time | int, end: str | time | int, anchor: int = 0) -> Window:
        """The window from `start` to `end`; an end at or before the start means the next day."""
        first = _anchored(parse_clock(start), anchor)
        last = parse_clock(end)
        if last == first % DAY:
            raise InvalidSchedule(f"empty window {start}-{end}")
        while last <= first:
            last += DAY
        return cls(first, last)

    def contains(self, minute: int) -> bool:
        return self.start <= minute <= self.end

    def __str__(self) -> str:
        return f"{format_minutes(self.start)}-{format_minutes(self.end)}"


def _anchored(minute: int, anchor: int) -> int:
    """Put a clock time on the schedule day whose work starts at `anchor`."""
    return minute + DAY if minute < anchor - DAY // 2 else minute


@dataclass(frozen=True)
class DaySchedule:
    """One work day: when a check-in counts, until when it is on time, when check-out counts."""

    work: Window
    check_in: Window
    on_time_until: int
    check_out: Window
    in_rule: Citation
    out_rule: Citation
    label: str = ""

    def __post_init__(self) -> None:
        if not self.check_in.start <= self.on_time_until <= self.check_in.end:
            raise InvalidSchedule(
                f"on-time limit {format_minutes(self.on_time_until)} is outside the check-in "
                f"window {self.check_in}"
            )
        if self.check_out.end <= self.check_in.start:
            raise InvalidSchedule("the check-out window must end after check-in opens")

    @classmethod
    def build(
        cls,
        *,
        work: tuple[str, str],
        check_in: tuple[str, str],
        on_time_until: str,
        check_out: tuple[str, str],
        in_rule: Citation,
        out_rule: Citation | None = None,
        label: str = "",
    ) -> DaySchedule:
        """A day schedule from HH:MM texts; times before the shift belong to the next day."""
        work_window = Window.between(*work)
        anchor = work_window.start
        in_window = Window.between(check_in[0], check_in[1], anchor)
        limit = _anchored(parse_clock(on_time_until), anchor)
        if limit < in_window.start:
            limit += DAY
        out_window = Window.between(check_out[0], check_out[1], anchor)
        return cls(work_window, in_window, limit, out_window, in_rule, out_rule or in_rule, label)


@dataclass(frozen=True)
class EventRule:
    """A gathering (apel, senam, upacara) whose check-in happens at its own site and window."""

    code: str
    name: str
    check_in: Window
    on_time_until: int
    rule: Citation
    weekdays: frozenset[int] = frozenset()
    dates: frozenset[date] = frozenset()
    site: str | None = None  # site code; None until an organisation places the event
    # The article that puts the check-in at the event's site, where it is not `rule` itself.
    site_rule: Citation | None = None

    def applies_on(self, day: date) -> bool:
        return day.weekday() in self.weekdays or day in self.dates


@dataclass(frozen=True)
class Week:
    """Day schedules by weekday (0 = Monday); a missing weekday is not a work day."""

    days: dict[int, DaySchedule] = field(default_factory=dict)
    rule: Citation | None = None

    def on(self, day: date) -> DaySchedule | None:
        return self.days.get(day.weekday())

    def replaced(self, changes: dict[int, DaySchedule | None]) -> Week:
        days = dict(self.days)
        for weekday, schedule in changes.items():
            if schedule is None:
                days.pop(weekday, None)
            else:
                days[weekday] = schedule
        return Week(days, self.rule)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.days.items(), key=lambda item: item[0])))
