"""Clock times, windows and work days in policy overrides ("days:" and event times).

Clock times are texts "HH:MM"; "HH:MM+1" means the next day. A window "HH:MM-HH:MM" whose end is
at or before its start ends the next day (a night shift); it may not be empty or last a day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from core.citations import Citation
from core.config_error import InvalidConfig, check_keys, text
from core.policy import Policy
from core.presets.common import weekdays
from core.rota import schedule_of, storable, stored
from core.schedule import DAY, WEEKDAYS, DaySchedule, InvalidSchedule, Window

DAY_KEYS = ("work", "check_in", "on_time_until", "check_out", "label")
_CLOCK = re.compile(r"\s*(\d{1,2}[:.]\d{2})\s*(\+1)?\s*")


def clock(value: Any, path: str) -> tuple[int, bool]:
    """'HH:MM' or 'HH:MM+1' as (minutes 0..1439, next day)."""
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    if not match:
        raise InvalidConfig(path, f"expected a clock time 'HH:MM', got {value!r}")
    hours, minutes = (int(part) for part in re.split(r"[:.]", match[1]))
    if hours > 23 or minutes > 59:
        raise InvalidConfig(path, f"not a clock time (00:00-23:59): {value!r}")
    return hours * 60 + minutes, bool(match[2])


def anchored(minute: int, next_day: bool, anchor: int) -> int:
    """Put a clock time on the schedule day whose work starts at `anchor` (as core.schedule)."""
    if next_day:
        return minute + DAY
    return minute + DAY if minute < anchor - DAY // 2 else minute


def window(value: Any, path: str, anchor: int = 0) -> Window:
    """'HH:MM-HH:MM' as a window of the schedule day; an end at or before the start is next day."""
    spec = value if isinstance(value, str) else ""
    first_text, sep, last_text = spec.partition("-")
    if not sep:
        raise InvalidConfig(path, f"expected a window 'HH:MM-HH:MM', got {value!r}")
    start, start_next = clock(first_text, path)
    end, end_next = clock(last_text, path)
    if end == start and not end_next:
        raise InvalidConfig(path, f"empty window {value!r}: it ends when it starts")
    first = anchored(start, start_next, anchor)
    last = first // DAY * DAY + end + (DAY if end_next else 0)
    if last <= first and not end_next:
        last += DAY
    try:
        return Window(first, last)
    except InvalidSchedule as error:
        raise InvalidConfig(path, f"{error} ({value!r})") from None


# --- work days -----------------------------------------------------------------------------


def days(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """{'mon-thu': {...}, 'sat': 'off'}: replace or remove the schedules of those weekdays."""
    if not isinstance(value, Mapping) or not value:
        raise InvalidConfig(path, "expected a mapping of weekdays ('mon-thu', 'sat') to a day")
    changes: dict[int, DaySchedule | None] = {}
    named: dict[int, str] = {}
    for spec, day in value.items():
        here = f"{path}.{spec}"
        try:
            numbers = weekdays(str(spec))
        except InvalidSchedule as error:
            raise InvalidConfig(here, str(error)) from None
        for number in numbers:
            if number in named:
                raise InvalidConfig(here, f"{WEEKDAYS[number]} is already set by {named[number]!r}")
            named[number] = str(spec)
            changes[number] = _day_or_off(policy, number, day, here, rule)
    return replace(policy, week=policy.week.replaced(changes))


def _day_or_off(
    policy: Policy, weekday: int, value: Any, path: str, rule: Citation
) -> DaySchedule | None:
    """None for a day off, else the day's schedule, modelled on the policy's own days."""
    # YAML 1.1 readers turn a bare `off` into False; both mean "not a work day".
    if value is False or value == "off":
        return None
    if not isinstance(value, Mapping):
        raise InvalidConfig(path, f"expected 'off' or a mapping with {', '.join(DAY_KEYS)}")
    check_keys(value, path, DAY_KEYS, required=("work",))
    template = policy.week.days.get(weekday) or next(
        (policy.week.days[d] for d in sorted(policy.week.days)), None
    )
    return _day_schedule(value, template, path, rule)


def _day_schedule(
    value: Mapping[str, Any], template: DaySchedule | None, path: str, rule: Citation
) -> DaySchedule:
    """A day from its work hours; windows not given keep the template's distance to the hours."""
    work = window(value["work"], f"{path}.work")
    if work.start >= DAY:
        raise InvalidConfig(f"{path}.work", "work starts on its own day: no '+1' on the start")
    anchor = work.start
    derived = _derived(template, work) if template else None
    missing = [k for k in DAY_KEYS[1:4] if k not in value]
    if missing and derived is None:
        why = "the policy's windows do not fit these hours" if template else "no day to copy"
        raise InvalidConfig(f"{path}.{missing[0]}", f"required: {why}")
    if "check_in" in value:
        check_in = window(value["check_in"], f"{path}.check_in", anchor)
    else:
        assert derived is not None  # a missing key without a template was refused above
        check_in = derived[0]
    if "on_time_until" in value:
        minute, next_day = clock(value["on_time_until"], f"{path}.on_time_until")
        on_time = anchored(minute, next_day, anchor)
        on_time += DAY if on_time < check_in.start else 0
    else:
        assert derived is not None
        on_time = derived[1]
    if "check_out" in value:
        check_out = window(value["check_out"], f"{path}.check_out", anchor)
    else:
        assert derived is not None
        check_out = derived[2]
    explicit_in = "check_in" in value or "on_time_until" in value
    in_rule = rule if explicit_in or template is None else template.in_rule
    out_rule = rule if "check_out" in value or template is None else template.out_rule
    label = text(value["label"], f"{path}.label") if "label" in value else str(work)
    try:
        return DaySchedule(work, check_in, on_time, check_out, in_rule, out_rule, label)
    except InvalidSchedule as error:
        message = str(error)
        field = "on_time_until" if "on-time" in message else "check_out"
        raise InvalidConfig(f"{path}.{field}", message) from None


def _derived(template: DaySchedule, work: Window) -> tuple[Window, int, Window] | None:
    """The template's check-in, on-time limit and check-out moved to new work hours."""
    t_start, t_end = template.work.start, template.work.end
    in_end = template.check_in.end
    # The check-in closes relative to whichever end of the work hours it sits nearer to.
    if abs(in_end - t_start) <= abs(in_end - t_end):
        in_end = work.start + in_end - t_start
    else:
        in_end = work.end + in_end - t_end
    in_start = work.start + template.check_in.start - t_start
    out_start = work.end + template.check_out.start - t_end
    out_end = work.end + template.check_out.end - t_end
    try:
        if in_start < 0:
            raise InvalidSchedule("check-in would open the day before")
        return (
            Window(in_start, in_end),
            work.start + template.on_time_until - t_start,
            Window(out_start, out_end),
        )
    except InvalidSchedule:
        return None


# --- shift codes ---------------------------------------------------------------------------

SHIFT_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}")


def shifts(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """{'P': {work: '07:00-14:00'}, 'M': {work: '21:00-07:00'}, 'L': 'off'}: the codes a rota
    may name, added to (or replacing) those of the levels above.

    Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf g: the pengelola "menentukan
    pengaturan shift". Windows left out keep the distance to the working hours that the policy's
    first work day has, exactly as a `days:` entry without them.
    """
    if not isinstance(value, Mapping) or not value:
        raise InvalidConfig(path, "expected a mapping of shift codes ('P', 'M') to a day or off")
    template = next((policy.week.days[d] for d in sorted(policy.week.days)), None)
    codes = dict(policy.shifts)
    for code, day in value.items():
        here = f"{path}.{code}"
        if not isinstance(code, str) or not SHIFT_CODE.fullmatch(code):
            raise InvalidConfig(
                here, f"a shift code is letters, digits, '-' or '_' (at most 16), got {code!r}"
            )
        if day is False or day == "off":
            codes[code] = None
            continue
        if not isinstance(day, Mapping):
            raise InvalidConfig(here, f"expected 'off' or a mapping with {', '.join(DAY_KEYS)}")
        check_keys(day, here, DAY_KEYS, required=("work",))
        schedule = _day_schedule(day, template, here, rule)
        if not storable(schedule):
            raise InvalidConfig(here, "a window reaches too far from the work hours to be stored")
        codes[code] = schedule
    return replace(policy, shifts=codes)


def fixed_shift(policy: Policy, value: Any, path: str, rule: Citation) -> Policy:
    """'M': the shift with hours kept on every working day without a rota entry; null: none.

    Perbup Konawe Kepulauan 18/2023 Pasal 17 ayat (2): "Ketentuan jam kerja khusus diberlakukan
    untuk: ... c. petugas keamanan; ...". The schedule goes the rota's way (stored, then read
    back citing the policy's `rota_rule`), so a fixed shift is judged as a rota day with it is.
    """
    if value is None:
        return replace(policy, fixed_shift=None)
    codes = ", ".join(policy.shifts) or "none: add shifts: to the organisation file"
    if not isinstance(value, str) or value not in policy.shifts:
        raise InvalidConfig(path, f"unknown shift code {value!r}; codes: {codes}")
    schedule = policy.shifts[value]
    if schedule is None:
        raise InvalidConfig(path, f"shift {value!r} is a day off, not hours to keep every day")
    kept = schedule_of(stored(value, schedule), policy.rota_rule)
    assert kept is not None
    return replace(policy, fixed_shift=(value, kept))
