"""When the month's report goes out and when it is due, per preset (core.reporting), and the
month's lock once it is submitted (core.revisions.month_lock). Pure: no database, no clock."""

from __future__ import annotations

from datetime import date

import pytest

from core.calendar import HolidayCalendar
from core.presets import build_preset
from core.reporting import (
    days_left,
    first_working_day,
    previous_month,
    remind_on,
    report_due,
)
from core.revisions import MonthLock, lock_refusal, month_lock

NATIONAL = HolidayCalendar()  # 1 January is Tahun Baru Masehi every year
NONE = HolidayCalendar(national=False)


def local(*days: date) -> HolidayCalendar:
    """Only the given days are holidays (a regency's own, by decree)."""
    return HolidayCalendar({d: "libur daerah" for d in days}, national=False)


def due(preset: str, year: int, month: int, calendar: HolidayCalendar) -> date:
    deadline = build_preset(preset).report_deadline
    assert deadline is not None
    return report_due(year, month, deadline, calendar)


def test_the_report_goes_out_on_the_first_working_day_past_a_holiday_on_the_first():
    # Friday 1 January 2027 is New Year's day, then a weekend: Monday the 4th.
    assert first_working_day(2027, 1, NATIONAL) == date(2027, 1, 4)
    assert first_working_day(2026, 12, NATIONAL) == date(2026, 12, 1)  # a Tuesday
    assert first_working_day(2026, 11, NONE) == date(2026, 11, 2)  # the 1st is a Sunday


@pytest.mark.parametrize("preset", ["dinkes-muba-dinas", "dinkes-muba-puskesmas"])
def test_kadinkes_prints_at_the_start_of_the_next_month(preset):
    """Pasal 3 ayat (4) huruf a: "setiap awal bulan berikutnya", its first working day."""
    assert due(preset, 2026, 11, NONE) == date(2026, 12, 1)
    assert due(preset, 2026, 12, NATIONAL) == date(2027, 1, 4)  # 1 January, then a weekend
    # A Puskesmas serves on Saturday, but the report is office work: Monday.
    assert due(preset, 2026, 7, NONE) == date(2026, 8, 3)  # Saturday 1 August 2026
    rule = build_preset(preset).report_deadline.rule
    assert rule.article == "Pasal 3 ayat (4) huruf a"
    assert "Mencetak Laporan Absensi Online setiap awal bulan berikutnya" in rule.quote


def test_konawe_kepulauan_reports_in_the_first_week_moved_past_a_holiday():
    """Pasal 13 ayat (1)-(3): in the first week; a holiday moves it to the next working day."""
    assert due("konawe-kepulauan", 2026, 11, NONE) == date(2026, 12, 7)  # a Monday
    assert due("konawe-kepulauan", 2026, 12, NATIONAL) == date(2027, 1, 7)  # 1 Jan changes nothing
    assert due("konawe-kepulauan", 2027, 1, NONE) == date(2027, 2, 8)  # Sunday the 7th
    assert due("konawe-kepulauan", 2027, 4, local(date(2027, 5, 7))) == date(2027, 5, 10)
    holidays = local(date(2027, 5, 7), date(2027, 5, 10))  # Friday and the Monday after
    assert due("konawe-kepulauan", 2027, 4, holidays) == date(2027, 5, 11)
    rule = build_preset("konawe-kepulauan").report_deadline.rule
    assert rule.article == "Pasal 13 ayat (1)-(3)"
    assert "minggu pertama setiap bulan" in rule.quote and "hari kerja berikutnya" in rule.quote


def test_balangan_uploads_by_the_fifth_whatever_day_it_is():
    """Pasal 3 huruf d-e: "dari tanggal 1 s.d 5 setiap awal bulan"; nothing moves it."""
    assert due("balangan", 2026, 11, NONE) == date(2026, 12, 5)  # a Saturday, as written
    assert due("balangan", 2027, 1, local(date(2027, 2, 1), date(2027, 2, 5))) == date(2027, 2, 5)
    rule = build_preset("balangan").report_deadline.rule
    assert rule.article == "Pasal 3 huruf d-e"
    assert "dari tanggal 1 s.d 5 setiap awal bulan" in rule.quote


def test_sungai_penuh_recaps_at_the_start_of_the_next_month_and_e_office_sets_no_day():
    assert due("sungai-penuh", 2026, 12, NATIONAL) == date(2027, 1, 4)
    assert (
        build_preset("sungai-penuh").report_deadline.rule.article
        == "Pasal 7 ayat (3) huruf b dan d"
    )
    assert build_preset("eoffice-muba").report_deadline is None


def test_the_month_due_and_the_days_left():
    assert previous_month(date(2027, 1, 4)) == (2026, 12)
    assert previous_month(date(2026, 12, 31)) == (2026, 11)
    assert days_left(date(2026, 12, 3), date(2026, 12, 7)) == 4
    assert days_left(date(2026, 12, 9), date(2026, 12, 7)) == -2


def test_admins_are_reminded_from_two_days_before_the_due_day_until_the_month_ends():
    konawe = date(2026, 12, 7)  # November's report, due Monday 7 December 2026
    reminded = [d for d in range(1, 32) if remind_on(date(2026, 12, d), 2026, 11, konawe, NONE)]
    # Not on the 1st (the report itself goes out), not on weekends, not in January.
    assert reminded == [7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 28, 29, 30, 31]
    assert not remind_on(date(2027, 1, 4), 2026, 11, konawe, NONE)
    new_year = local(date(2027, 1, 1))
    kadinkes = date(2027, 1, 4)  # due the day the report goes out: reminded from the next one
    assert not remind_on(date(2027, 1, 4), 2026, 12, kadinkes, new_year)
    assert remind_on(date(2027, 1, 5), 2026, 12, kadinkes, new_year)


# The month's lock: /manual, /koreksi, the machine import, a forgotten clock-in -----------------


@pytest.mark.parametrize(
    ("day", "today", "days", "submitted", "expected"),
    [
        # The running month is open, submitted or not.
        (date(2026, 12, 2), date(2026, 12, 3), None, date(2026, 12, 3), None),
        # A closed month without a window: open until submitted, locked after.
        (date(2026, 11, 24), date(2026, 12, 3), None, None, None),
        (date(2026, 11, 24), date(2026, 12, 3), None, date(2026, 12, 2),
         MonthLock(None, date(2026, 12, 2))),
        # With a window (Konawe Kepulauan, 1-4): open inside it even once submitted...
        (date(2026, 11, 24), date(2026, 12, 3), (1, 4), date(2026, 12, 2), None),
        # ... and locked outside it, submitted or not.
        (date(2026, 11, 24), date(2026, 12, 5), (1, 4), None,
         MonthLock((date(2026, 12, 1), date(2026, 12, 4)))),
        (date(2026, 11, 24), date(2026, 12, 5), (1, 4), date(2026, 12, 2),
         MonthLock((date(2026, 12, 1), date(2026, 12, 4)), date(2026, 12, 2))),
    ],
)  # fmt: skip
def test_a_submitted_month_is_locked_outside_its_revisions_window(
    day, today, days, submitted, expected
):
    assert month_lock(day, today, days, submitted) == expected


def test_a_refusal_names_the_window_or_the_submission():
    rule = build_preset("konawe-kepulauan").revision_rule
    window = MonthLock((date(2026, 12, 1), date(2026, 12, 4)), date(2026, 12, 2))
    key, values = lock_refusal(date(2026, 11, 24), window, rule, None)
    assert key == "window" and values["last"] == date(2026, 12, 4)
    report = build_preset("balangan").report_deadline.rule
    key, values = lock_refusal(date(2026, 11, 24), MonthLock(None, date(2026, 12, 3)), None, report)
    assert key == "submitted" and values["date"] == date(2026, 12, 3)
    assert values["rule"] == "Perbup Balangan 32/2020, Pasal 3 huruf d-e"
