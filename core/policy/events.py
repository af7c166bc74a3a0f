"""Events in policy overrides: add an apel, place a preset's event at a site, or turn it off."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from core.citations import Citation
from core.config_error import InvalidConfig, check_keys, text
from core.policy import Policy
from core.policy.times import anchored, clock, window
from core.presets.common import weekdays
from core.schedule import EventRule, InvalidSchedule, Window

# An event placed with only a start time stays open this long after it starts.
EVENT_OPEN_AFTER_START_MIN = 60
EVENT_KEYS = (
    "code",
    "name",
    "site",
    "weekdays",
    "dates",
    "start",
    "check_in",
    "on_time_until",
    "off",
)


def events(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """Add events, or change (site, days, times) or turn off those with the same code."""
    if not isinstance(value, list):
        raise InvalidConfig(path, "expected a list of events like {code: apel, start: '07:30'}")
    placed = list(policy.events)
    seen: set[str] = set()
    for index, item in enumerate(value):
        here = f"{path}[{index}]"
        check_keys(item, here, EVENT_KEYS, required=("code",))
        code = text(item["code"], f"{here}.code")
        if code in seen:
            raise InvalidConfig(f"{here}.code", f"event {code!r} is listed twice")
        seen.add(code)
        position = next((i for i, e in enumerate(placed) if e.code == code), None)
        if item.get("off") is True:
            extra = sorted(set(item) - {"code", "off"})
            if extra:
                raise InvalidConfig(f"{here}.{extra[0]}", "an event turned off takes no other key")
            if position is None:
                known = ", ".join(e.code for e in placed) or "none"
                raise InvalidConfig(
                    f"{here}.code", f"no event {code!r} to turn off; events: {known}"
                )
            placed.pop(position)
            continue
        if "off" in item and item["off"] is not False:
            raise InvalidConfig(f"{here}.off", "expected true or false")
        current = placed[position] if position is not None else None
        event = _event(item, current, policy, here, rule)
        if position is None:
            placed.append(event)
        else:
            placed[position] = event
    return replace(policy, events=tuple(placed))


def _event(
    item: Mapping[str, Any], current: EventRule | None, policy: Policy, path: str, rule: Citation
) -> EventRule:
    """A new event from `item`, or `current` with the fields `item` gives."""
    code = item["code"]
    timing = _event_timing(item, policy, path, rule)
    if current is None:
        if timing is None:
            raise InvalidConfig(path, f"new event {code!r} needs start or check_in")
        if "weekdays" not in item and "dates" not in item:
            raise InvalidConfig(path, f"new event {code!r} needs weekdays or dates")
        span, on_time, event_rule = timing
        current = EventRule(code, code, span, on_time, event_rule)
    elif timing is not None:
        span, on_time, event_rule = timing
        current = replace(current, check_in=span, on_time_until=on_time, rule=event_rule)
    changes: dict[str, Any] = {}
    if "name" in item:
        changes["name"] = text(item["name"], f"{path}.name")
    if "site" in item:
        changes["site"] = None if item["site"] is None else text(item["site"], f"{path}.site")
    if "weekdays" in item:
        changes["weekdays"] = frozenset(_weekday_list(item["weekdays"], f"{path}.weekdays"))
    if "dates" in item:
        changes["dates"] = frozenset(_dates(item["dates"], f"{path}.dates"))
    return replace(current, **changes)


def _event_timing(
    item: Mapping[str, Any], policy: Policy, path: str, rule: Citation
) -> tuple[Window, int, Citation] | None:
    """The event's check-in window, on-time limit and rule, when the item sets its time."""
    if "start" in item and "check_in" in item:
        raise InvalidConfig(f"{path}.start", "give either start or check_in, not both")
    if "start" in item:
        if "on_time_until" in item:
            raise InvalidConfig(f"{path}.on_time_until", "only with check_in: start is on time")
        start, next_day = clock(item["start"], f"{path}.start")
        lead = int(policy.event_lead_min.value or 0)
        if next_day or start - lead < 0:
            raise InvalidConfig(
                f"{path}.start",
                f"check-in would open before midnight ({lead} minutes before the start)",
            )
        span = Window(start - lead, start + EVENT_OPEN_AFTER_START_MIN)
        return span, start, policy.event_lead_min.rule
    if "check_in" in item:
        span = window(item["check_in"], f"{path}.check_in")
        on_time = span.end
        if "on_time_until" in item:
            minute, next_day = clock(item["on_time_until"], f"{path}.on_time_until")
            on_time = anchored(minute, next_day, span.start)
            if not span.contains(on_time):
                raise InvalidConfig(
                    f"{path}.on_time_until", f"must lie in the check-in window {span}"
                )
        return span, on_time, rule
    if "on_time_until" in item:
        raise InvalidConfig(f"{path}.on_time_until", "only with check_in")
    return None


def _weekday_list(value: Any, path: str) -> list[int]:
    """[mon, fri] or 'mon-fri' as weekday numbers."""
    specs = value if isinstance(value, list) else [value]
    numbers: list[int] = []
    for index, spec in enumerate(specs):
        if not isinstance(spec, str):
            raise InvalidConfig(f"{path}[{index}]", f"expected a weekday mon..sun, got {spec!r}")
        try:
            numbers.extend(weekdays(spec))
        except InvalidSchedule as error:
            raise InvalidConfig(f"{path}[{index}]", str(error)) from None
    return numbers


def _dates(value: Any, path: str) -> list[date]:
    """A list of dates (YAML dates or 'YYYY-MM-DD' texts)."""
    if not isinstance(value, list):
        raise InvalidConfig(path, "expected a list of dates YYYY-MM-DD")
    days = []
    for index, item in enumerate(value):
        if isinstance(item, date) and not isinstance(item, datetime):
            days.append(item)
            continue
        try:
            days.append(date.fromisoformat(item))
        except (TypeError, ValueError):
            raise InvalidConfig(
                f"{path}[{index}]", f"expected a date YYYY-MM-DD, got {item!r}"
            ) from None
    return days
