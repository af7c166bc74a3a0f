"""Which work day a time belongs to when a shift crosses midnight (core.work_day): the one rule
behind a machine's punches and an admin's corrections. A night shift 21:00-07:00 (check-in
20:00-21:30, check-out 07:00-09:00) on Tuesday 24 November, then a day off, then the weekday."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from core.citations import default
from core.schedule import DAY, DaySchedule
from core.work_day import instant_on, leaves, span, work_day

WIB = ZoneInfo("Asia/Jakarta")
TUESDAY, WEDNESDAY, THURSDAY = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)
RULE = default("test")
NIGHT = DaySchedule.build(
    work=("21:00", "07:00"),
    check_in=("20:00", "21:30"),
    on_time_until="21:15",
    check_out=("07:00", "09:00"),
    in_rule=RULE,
)
OFFICE = DaySchedule.build(
    work=("07:30", "16:00"),
    check_in=("07:00", "07:30"),
    on_time_until="07:30",
    check_out=("16:00", "17:00"),
    in_rule=RULE,
)
ROTA = {TUESDAY: NIGHT, WEDNESDAY: None, THURSDAY: OFFICE}


def at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), WIB)


def test_the_night_shift_spans_from_its_check_in_to_its_check_out_the_next_morning():
    assert (span(NIGHT).start, span(NIGHT).end) == (20 * 60, DAY + 9 * 60)


def test_a_punch_the_next_morning_belongs_to_the_night_shift_and_can_only_be_its_check_out():
    day, minute = work_day(at(WEDNESDAY, "07:02"), ROTA.get)
    assert (day, minute) == (TUESDAY, DAY + 7 * 60 + 2)
    assert leaves(ROTA[day], minute)


def test_the_evening_punch_is_the_shift_days_own_and_not_a_check_out():
    day, minute = work_day(at(TUESDAY, "21:05"), ROTA.get)
    assert (day, minute) == (TUESDAY, 21 * 60 + 5)
    assert not leaves(ROTA[day], minute)


def test_a_punch_after_the_night_shift_closed_is_its_own_days():
    assert work_day(at(WEDNESDAY, "09:30"), ROTA.get)[0] == WEDNESDAY


def test_an_office_day_keeps_its_morning_punches():
    """No shift ran past midnight into Friday: 07:10 is Thursday's own check-in."""
    assert work_day(at(THURSDAY, "07:10"), ROTA.get) == (THURSDAY, 7 * 60 + 10)


def test_a_time_written_for_the_night_shift_day_is_read_on_the_right_calendar_day():
    assert instant_on(TUESDAY, time(7, 30), NIGHT, WIB) == at(WEDNESDAY, "07:30")
    assert instant_on(TUESDAY, time(21, 5), NIGHT, WIB) == at(TUESDAY, "21:05")
    assert instant_on(TUESDAY, time(20, 0), NIGHT, WIB) == at(TUESDAY, "20:00")


def test_outside_every_span_or_without_a_schedule_the_time_stays_on_its_day():
    assert instant_on(TUESDAY, time(12, 0), NIGHT, WIB) == at(TUESDAY, "12:00")
    assert instant_on(THURSDAY, time(7, 30), OFFICE, WIB) == at(THURSDAY, "07:30")
    assert instant_on(WEDNESDAY, time(7, 30), None, WIB) == at(WEDNESDAY, "07:30")
