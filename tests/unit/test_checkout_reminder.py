"""When the reminder to clock out is due (core.flows.push_checkout.reminder_due), and its policy
key `checkout_reminder_min` with its bad values. Pure: the pushes themselves run on a database
in tests/integration/test_push_checkout.py."""

from __future__ import annotations

import pytest

from core.citations import default
from core.flows.push_checkout import reminder_due
from core.policy.config import InvalidConfig, apply_overrides
from core.presets import build_preset
from core.schedule import DaySchedule

RULE = default("test")
OFFICE = DaySchedule.build(
    work=("07:30", "16:00"),
    check_in=("07:00", "15:59"),
    on_time_until="07:30",
    check_out=("16:00", "17:00"),
    in_rule=RULE,
)
NIGHT = DaySchedule.build(
    work=("21:00", "07:00"),
    check_in=("20:00", "21:30"),
    on_time_until="21:15",
    check_out=("07:00", "09:00"),
    in_rule=RULE,
)


@pytest.mark.parametrize(
    ("minute", "expected"),
    [(16 * 60 + 29, False), (16 * 60 + 30, True), (17 * 60, True), (17 * 60 + 1, False)],
)
def test_due_in_the_last_minutes_of_the_window(minute, expected):
    assert reminder_due(OFFICE, 30, minute) is expected


def test_a_window_shorter_than_the_minutes_is_reminded_from_its_start():
    assert not reminder_due(OFFICE, 120, 15 * 60 + 59)
    assert reminder_due(OFFICE, 120, 16 * 60)


def test_a_night_shift_is_due_the_next_morning_on_its_own_schedule_day():
    assert not reminder_due(NIGHT, 30, 8 * 60 + 30)  # 08:30 of the day the shift began
    assert reminder_due(NIGHT, 30, 1440 + 8 * 60 + 30)  # 08:30 the next day


def test_no_schedule_or_no_minutes_means_no_reminder():
    assert not reminder_due(None, 30, 16 * 60 + 45)
    assert not reminder_due(OFFICE, 0, 16 * 60 + 45)


def test_the_default_is_thirty_minutes_and_an_override_is_cited():
    policy = build_preset("sungai-penuh", {})
    assert policy.checkout_reminder_min.value == 30
    changed = apply_overrides(policy, {"checkout_reminder_min": 10}, where="unit pkm")
    assert changed.checkout_reminder_min.value == 10
    assert changed.checkout_reminder_min.rule.quote == "set by unit pkm"


@pytest.mark.parametrize("value", [-1, 2.5, "30", True, None])
def test_bad_minutes_are_refused_naming_the_key(value):
    with pytest.raises(InvalidConfig) as error:
        apply_overrides(
            build_preset("sungai-penuh", {}), {"checkout_reminder_min": value}, where="x"
        )
    assert error.value.path == "checkout_reminder_min"
