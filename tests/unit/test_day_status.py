"""Day status: holidays and days off first, then whole-day absences, then the clock records."""

from __future__ import annotations

from datetime import UTC, date, datetime

from core.absence import AbsenceCode
from core.day_status import Absence, DayCode, day_status
from core.presets import build_preset
from core.rules import Direction, Outcome, Verdict

POLICY = build_preset("sungai-penuh")
MONDAY = date(2026, 11, 23)
SATURDAY = date(2026, 11, 28)


def verdict(direction: Direction, outcome: Outcome, minutes: int = 0, event=None) -> Verdict:
    return Verdict(
        outcome,
        direction,
        MONDAY,
        datetime(2026, 11, 23, tzinfo=UTC),
        POLICY.radius_m.rule,
        minutes=minutes,
        event=event,
    )


def status(
    day=MONDAY,
    check_in=None,
    check_out=None,
    absences=(),
    holiday=None,
    over=True,
    policy=POLICY,
    events=(),
):
    return day_status(
        day,
        policy,
        policy.day_schedule(day),
        holiday,
        check_in,
        check_out,
        list(absences),
        set(events),
        over,
    )


IN_ON_TIME = verdict(Direction.IN, Outcome.ON_TIME)
OUT_ON_TIME = verdict(Direction.OUT, Outcome.ON_TIME)


def test_on_time_in_and_out_is_present_on_time():
    result = status(check_in=IN_ON_TIME, check_out=OUT_ON_TIME)
    assert (result.code, result.label, result.late_band) == (DayCode.PRESENT, "on_time", None)


def test_late_check_in_carries_minutes_and_band():
    result = status(check_in=verdict(Direction.IN, Outcome.LATE, 45), check_out=OUT_ON_TIME)
    assert (result.label, result.late_minutes, result.late_band) == ("late", 45, "TL2")


def test_left_early_carries_minutes_and_band():
    result = status(check_in=IN_ON_TIME, check_out=verdict(Direction.OUT, Outcome.LEFT_EARLY, 95))
    assert (result.label, result.early_minutes, result.early_band) == ("left_early", 95, "PSW4")


def test_no_check_out_after_the_day_counts_as_the_last_early_band():
    result = status(check_in=IN_ON_TIME)
    assert (result.missing_out, result.early_band, result.label) == (True, "PSW4", "left_early")


def test_no_check_out_while_the_day_runs_is_not_held_against_anyone():
    result = status(check_in=IN_ON_TIME, over=False)
    assert (result.missing_out, result.label) == (False, "on_time")


def test_only_a_check_out_counts_as_a_missing_check_in():
    result = status(check_out=OUT_ON_TIME)
    assert (result.missing_in, result.late_band) == (True, "TL4")


def test_nothing_recorded_is_tk_once_the_day_is_over_and_pending_before():
    assert status().code is DayCode.TK
    assert status(over=False).code is DayCode.PENDING


def test_weekend_is_not_a_work_day_and_a_holiday_is_a_holiday():
    assert status(day=SATURDAY).code is DayCode.OFF
    result = status(holiday="Hari Guru")
    assert (result.code, result.holiday) == (DayCode.HOLIDAY, "Hari Guru")


def test_an_approved_sick_day_outranks_a_missing_record():
    sick = Absence(AbsenceCode.S, None, MONDAY, MONDAY)
    assert status(absences=[sick]).code is DayCode.S


def test_leave_spanning_the_day_sets_its_code_and_subtype():
    leave = Absence(AbsenceCode.C, "tahunan", date(2026, 11, 20), date(2026, 11, 27))
    result = status(absences=[leave])
    assert (result.code, result.subtype) == (DayCode.C, "tahunan")


def test_a_late_arrival_permit_excuses_the_minutes_but_not_the_day():
    permit = Absence(AbsenceCode.I, "terlambat", MONDAY, MONDAY)
    result = status(
        check_in=verdict(Direction.IN, Outcome.LATE, 50), check_out=OUT_ON_TIME, absences=[permit]
    )
    assert (result.code, result.late_minutes, result.label) == (DayCode.PRESENT, 0, "on_time")
    assert result.excused == ("terlambat",)


def test_an_early_leave_permit_excuses_leaving_early():
    permit = Absence(AbsenceCode.I, "pulang_cepat", MONDAY, MONDAY)
    result = status(
        check_in=IN_ON_TIME,
        check_out=verdict(Direction.OUT, Outcome.LEFT_EARLY, 120),
        absences=[permit],
    )
    assert (result.early_minutes, result.label) == (0, "on_time")


def test_missing_the_apel_is_reported_on_an_event_day():
    balangan = build_preset("balangan")
    result = status(check_in=IN_ON_TIME, check_out=OUT_ON_TIME, policy=balangan)
    assert result.missed_events == ("apel_gabungan",)
    attended = status(
        check_in=IN_ON_TIME, check_out=OUT_ON_TIME, policy=balangan, events=["apel_gabungan"]
    )
    assert attended.missed_events == ()
