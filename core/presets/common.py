"""Building blocks shared by the presets: work-hour parameters and standard days."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from core.citations import Citation
from core.schedule import DAY, WEEKDAYS, DaySchedule, InvalidSchedule, Window, format_minutes

# Working hours most regional governments set (Senin-Kamis 07.30-16.00, Jumat 07.30-16.30, a
# 37.5-hour week); used where a regulation defers to local hours and the organisation gives none.
FIVE_DAY_HOURS = {"mon-thu": "07:30-16:00", "fri": "07:30-16:30"}


class InvalidPresetParameter(ValueError):
    """A preset parameter that is unknown or has a bad value."""


def check_params(params: Mapping[str, Any], allowed: set[str], preset: str) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed)) or "none"
        raise InvalidPresetParameter(
            f"preset {preset!r} has no parameter {unknown[0]!r} (parameters: {known})"
        )


def radius_param(params: Mapping[str, Any], preset: str) -> float | None:
    """The `radius_m` parameter: None when not given, else a number of metres above 0."""
    value = params.get("radius_m")
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (value > 0 and math.isfinite(value))
    ):
        raise InvalidPresetParameter(
            f"preset {preset!r}: radius_m must be a number of metres above 0, got {value!r}"
        )
    return value


def weekdays(spec: str) -> list[int]:
    """'mon-thu' -> [0, 1, 2, 3]; 'fri' -> [4]; 'mon,wed' -> [0, 2]."""
    days: list[int] = []
    for part in spec.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        try:
            a = WEEKDAYS.index(first)
            b = WEEKDAYS.index(last) if last else a
        except ValueError:
            raise InvalidSchedule(f"unknown weekday in {spec!r}; use mon..sun") from None
        if b < a:
            raise InvalidSchedule(f"weekday range {part!r} runs backwards")
        days.extend(range(a, b + 1))
    return days


def parse_hours(hours: Mapping[str, str]) -> dict[int, Window]:
    """{'mon-thu': '07:30-16:00', 'fri': '07:30-16:30'} -> work windows by weekday."""
    if not isinstance(hours, Mapping) or not hours:
        raise InvalidPresetParameter("hours must map weekdays to 'HH:MM-HH:MM'")
    result: dict[int, Window] = {}
    for days, span in hours.items():
        start, sep, end = str(span).partition("-")
        if not sep:
            raise InvalidPresetParameter(f"hours for {days!r} must be 'HH:MM-HH:MM', got {span!r}")
        for day in weekdays(days):
            result[day] = Window.between(start, end)
    return result


def office_day(
    work: Window,
    *,
    opens_before: int,
    closes_after: int | None,
    in_rule: Citation,
    out_rule: Citation,
    in_opens_at: int | None = None,
    out_closes_at: int | None = None,
) -> DaySchedule:
    """A day whose check-in is on time until work starts and whose check-out opens at its end.

    A late check-in is accepted until the check-out window opens; the check-out closes
    `closes_after` minutes after work ends (or at `out_closes_at`, or at the end of the day).
    """
    opens = in_opens_at if in_opens_at is not None else work.start - opens_before
    if out_closes_at is not None:
        closes = out_closes_at
    elif closes_after is not None:
        closes = work.end + closes_after
    else:
        closes = (work.start // DAY + 1) * DAY - 1
        if closes <= work.end:
            # A shift that ends after midnight: check-out stays open until just before the
            # next day's check-in opens.
            closes = opens + DAY - 1
    label = f"{format_minutes(work.start)}-{format_minutes(work.end)}"
    return DaySchedule(
        work=work,
        check_in=Window(opens, work.end - 1),
        on_time_until=work.start,
        check_out=Window(work.end, closes),
        in_rule=in_rule,
        out_rule=out_rule,
        label=label,
    )
