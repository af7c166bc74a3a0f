"""The month's attendance report: when it goes out and when it is due, by each regulation. Pure.

Every regulation makes someone hand in the month's recap early in the next month:

- Keputusan Kadinkes Musi Banyuasin B-800/18/KPTS-KES/2023 Pasal 3 ayat (4) huruf a: the
  pengelola prints it "setiap awal bulan berikutnya"; read here as its first working day.
- Perwal Sungai Penuh 12/2023 Pasal 7 ayat (3) huruf d: the unit admin recaps "setiap awal bulan
  berikutnya"; the same reading.
- Perbup Konawe Kepulauan 18/2023 Pasal 13 ayat (1)-(3): reported "pada minggu pertama setiap
  bulan" (by the 7th), and when that day is a holiday, on the next working day.
- Perbup Balangan 32/2020 Pasal 3 huruf d-e: uploaded "dari tanggal 1 s.d 5 setiap awal bulan",
  the basis of the TPP; no later day is given for a holiday.

A preset states its `ReportDeadline` (`Policy.report_deadline`); `report_due` turns it into the
day, with the organisation's calendar. A working day is a weekday that is no holiday: the report
is office work, also where a Puskesmas serves on Saturday.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from core.citations import Citation

Holiday = Callable[[date], object]  # a holiday's name (truthy) or None: HolidayCalendar
SEARCH_DAYS = 31  # a month without any working day is no calendar: give up looking


@dataclass(frozen=True)
class ReportDeadline:
    """The report of a month is due by `day` of the next month; with `next_working_day`, a
    `day` that is no working day moves to the next one (day 1: the month's first working day)."""

    day: int
    next_working_day: bool
    rule: Citation


def working_day(day: date, holiday: Holiday) -> bool:
    return day.weekday() < 5 and not holiday(day)


def first_working_day(year: int, month: int, holiday: Holiday) -> date:
    """The first weekday of the month that is no holiday: when last month's report goes out."""
    return _on_or_after(date(year, month, 1), holiday)


def report_due(year: int, month: int, deadline: ReportDeadline, holiday: Holiday) -> date:
    """The last day on which the report of `year-month` is on time."""
    due = next_month(date(year, month, 1)).replace(day=deadline.day)
    return _on_or_after(due, holiday) if deadline.next_working_day else due


def previous_month(day: date) -> tuple[int, int]:
    """The month before `day`'s, as (year, month): the month whose report is due now."""
    last = day.replace(day=1) - timedelta(days=1)
    return last.year, last.month


def remind_on(today: date, year: int, month: int, due: date, holiday: Holiday) -> bool:
    """Whether an admin whose units have not submitted `year-month` is reminded on `today`:
    on working days of the next month, from two days before the due day (never on the day the
    report itself goes out, which states the deadline), until that month ends."""
    start = next_month(date(year, month, 1))
    if (today.year, today.month) != (start.year, start.month) or not working_day(today, holiday):
        return False
    return today > first_working_day(start.year, start.month, holiday) and (
        today >= due - timedelta(days=2)
    )


def days_left(today: date, due: date) -> int:
    """Days until the due day: 0 on it, negative once it has passed."""
    return (due - today).days


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _on_or_after(day: date, holiday: Holiday) -> date:
    for offset in range(SEARCH_DAYS):
        candidate = day + timedelta(days=offset)
        if working_day(candidate, holiday):
            return candidate
    return day
