"""Clock times, windows (including night shifts across midnight) and day schedules."""

from __future__ import annotations

from datetime import date, time

import pytest

from core.citations import default
from core.schedule import (
    DAY,
    DaySchedule,
    EventRule,
    InvalidSchedule,
    Week,
    Window,
    format_minutes,
    parse_clock,
)

RULE = default("test schedule")


def night_shift() -> DaySchedule:
    return DaySchedule.build(
        work=("22:00", "06:00"),
        check_in=("21:00", "02:00"),
        on_time_until="22:00",
        check_out=("06:00", "09:00"),
        in_rule=RULE,
    )


# --- parse_clock ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("07:30", 450),
        ("7:30", 450),
        ("07.30", 450),
        (" 16:00 ", 960),
        ("00:00", 0),
        ("23:59", 1439),
    ],
)
def test_parse_clock_reads_hours_and_minutes(text, minutes):
    assert parse_clock(text) == minutes


def test_parse_clock_accepts_a_time_and_minutes():
    assert parse_clock(time(14, 30)) == 870
    assert parse_clock(870) == 870


@pytest.mark.parametrize("text", ["25:00", "24:00", "12:60", "7.5", "", "0730", "7:3", "ab:cd"])
def test_parse_clock_rejects_what_is_not_a_clock_time(text):
    with pytest.raises(InvalidSchedule, match="not a clock time"):
        parse_clock(text)


@pytest.mark.parametrize("value", [-1, 1440, True])
def test_parse_clock_rejects_minutes_outside_a_day_and_booleans(value):
    with pytest.raises(InvalidSchedule, match="not a clock time"):
        parse_clock(value)


def test_format_minutes_marks_the_next_day():
    assert format_minutes(450) == "07:30"
    assert format_minutes(1800) == "06:00+1"


# --- Window ---------------------------------------------------------------------------------


def test_window_includes_both_ends():
    window = Window.between("07:00", "07:30")
    assert (window.start, window.end) == (420, 450)
    assert window.contains(420)
    assert window.contains(450)
    assert not window.contains(419)
    assert not window.contains(451)


def test_empty_window_is_rejected():
    with pytest.raises(InvalidSchedule, match="empty window"):
        Window.between("07:00", "07:00")
    with pytest.raises(InvalidSchedule, match="empty window"):
        Window(450, 450)


def test_window_ending_before_it_starts_is_rejected_when_built_from_minutes():
    with pytest.raises(InvalidSchedule, match="empty window"):
        Window(450, 420)


def test_window_of_a_day_or_longer_is_rejected():
    with pytest.raises(InvalidSchedule, match="a day or longer"):
        Window(0, DAY)
    with pytest.raises(InvalidSchedule, match="a day or longer"):
        Window(420, 420 + DAY + 1)


def test_window_of_a_day_less_a_minute_is_valid():
    assert Window(0, DAY - 1).end == 1439


def test_night_shift_22_to_06_crosses_midnight():
    window = Window.between("22:00", "06:00")
    assert (window.start, window.end) == (1320, 1800)
    assert str(window) == "22:00-06:00+1"
    assert window.contains(1440 + 5 * 60)  # 05:00 the next morning


# --- DaySchedule ------------------------------------------------------------------------------


def test_office_day_build_keeps_everything_on_the_same_day():
    day = DaySchedule.build(
        work=("07:30", "16:00"),
        check_in=("07:00", "15:59"),
        on_time_until="07:30",
        check_out=("16:00", "23:59"),
        in_rule=RULE,
    )
    assert (day.check_in.start, day.on_time_until, day.check_out.end) == (420, 450, 1439)
    assert day.out_rule == RULE


def test_night_shift_build_puts_the_check_out_on_the_next_day():
    day = night_shift()
    assert (day.work.start, day.work.end) == (1320, 1800)
    assert (day.check_in.start, day.check_in.end) == (1260, 1560)  # 21:00 to 02:00+1
    assert day.on_time_until == 1320
    assert (day.check_out.start, day.check_out.end) == (1800, 1980)  # 06:00+1 to 09:00+1


def test_night_shift_on_time_limit_after_midnight_is_on_the_next_day():
    day = DaySchedule.build(
        work=("23:00", "07:00"),
        check_in=("22:30", "03:00"),
        on_time_until="00:15",
        check_out=("07:00", "08:00"),
        in_rule=RULE,
    )
    assert day.on_time_until == DAY + 15


def test_on_time_limit_outside_the_check_in_window_is_rejected():
    with pytest.raises(InvalidSchedule, match="outside the check-in window"):
        DaySchedule.build(
            work=("07:30", "16:00"),
            check_in=("07:00", "07:30"),
            on_time_until="08:00",
            check_out=("16:00", "17:00"),
            in_rule=RULE,
        )


def test_check_out_ending_before_check_in_opens_is_rejected():
    with pytest.raises(InvalidSchedule, match="must end after check-in opens"):
        DaySchedule(
            work=Window(450, 960),
            check_in=Window(420, 450),
            on_time_until=450,
            check_out=Window(300, 400),
            in_rule=RULE,
            out_rule=RULE,
        )


# --- EventRule and Week -----------------------------------------------------------------------


def test_event_applies_on_its_weekdays_and_dates():
    apel = EventRule(
        "apel",
        "Apel Gabungan",
        Window(420, 510),
        450,
        RULE,
        weekdays=frozenset({0}),
        dates=frozenset({date(2024, 8, 17)}),
    )
    assert apel.applies_on(date(2024, 3, 4))  # a Monday
    assert not apel.applies_on(date(2024, 3, 5))
    assert apel.applies_on(date(2024, 8, 17))  # a Saturday: Hari Kemerdekaan


def test_week_missing_a_weekday_means_no_work_that_day():
    week = Week({0: night_shift()})
    assert week.on(date(2024, 3, 4)) is not None
    assert week.on(date(2024, 3, 5)) is None


def test_week_replaced_adds_and_removes_days():
    week = Week({0: night_shift()}).replaced({0: None, 2: night_shift()})
    assert set(week.days) == {2}
