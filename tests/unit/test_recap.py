"""Recap arithmetic on day statuses: the numbers an admin reads in the monthly recap."""

from __future__ import annotations

import gc
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.absence import AbsenceCode
from core.citations import default
from core.day_status import Absence, DayCode, DayStatus, day_status
from core.policy.config import resolve_policy
from core.recap import (
    PRESENT_RULE,
    DayEntry,
    Person,
    Totals,
    daily_rates,
    employee_lines,
    parse_month,
    status_counts,
    totals,
    unit_recap,
)
from core.revisions import correction_refusal, describe_window, revision_window
from core.rules import Attempt, Direction, Outcome, Verdict, classify
from core.services.recap import gc_paused
from core.tpp import DeductionTable

DEWI = Person(3, "199611302022032007", "Dewi Lestari A.Md", "CPNS")
POLICY = resolve_policy(
    "sungai-penuh",
    {},
    [{"events": [{"code": "apel", "name": "Apel Senin", "weekdays": ["mon"], "start": "07:30"}]}],
)


def days_of(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return [first + timedelta(days=n) for n in range((following - first).days)]


def verdict(day: date, direction: Direction, outcome=Outcome.ON_TIME, minutes=0, event=None):
    return Verdict(outcome, direction, day, None, default("test"), minutes, event=event)


def judged(day: date, *, holiday=None, check_in=None, check_out=None, absences=(), events=()):
    """The day status as the service derives it, for a day that is over."""
    return day_status(
        day,
        POLICY,
        POLICY.day_schedule(day),
        holiday,
        check_in,
        check_out,
        list(absences),
        set(events),
        day_over=True,
    )


def present(day: date) -> DayStatus:
    event = "apel" if day.weekday() == 0 else None  # Monday's check-in is at the apel
    return judged(
        day,
        check_in=verdict(day, Direction.IN, event=event),
        check_out=verdict(day, Direction.OUT),
        events={event} if event else (),
    )


def month_entries(year: int, month: int, unit: str = "setda", **special) -> list[DayEntry]:
    """Present on time every day of the month, except the days given as day number -> status."""
    return [DayEntry(special.get(f"d{d.day}") or present(d), unit) for d in days_of(year, month)]


def test_a_month_of_work_counts_work_days_presence_and_the_rate():
    counted = totals(month_entries(2026, 11))
    assert (counted.days, counted.work_days, counted.present, counted.on_time) == (30, 21, 21, 21)
    assert counted.rate == Decimal("100.00")
    assert counted.tk == counted.holidays == counted.missed_events == 0


def test_lateness_and_early_leave_count_by_band_with_their_minutes():
    tue, wed, thu = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)
    late = judged(
        tue,
        check_in=verdict(tue, Direction.IN, Outcome.LATE, 31),
        check_out=verdict(tue, Direction.OUT),
    )
    early = judged(
        wed,
        check_in=verdict(wed, Direction.IN),
        check_out=verdict(wed, Direction.OUT, Outcome.LEFT_EARLY, 95),
    )
    forgot = judged(thu, check_in=verdict(thu, Direction.IN, Outcome.LATE, 5))
    counted = totals(month_entries(2026, 11, d24=late, d25=early, d26=forgot))
    assert counted.late == {"TL1": 1, "TL2": 1} and counted.late_minutes == {"TL1": 5, "TL2": 31}
    assert counted.early == {"PSW4": 1} and counted.early_minutes == {"PSW4": 95}
    # A forgotten check-out is counted as such, not as a PSW4 leave.
    assert counted.missing_out == 1 and counted.present == 21 and counted.on_time == 18


def test_duty_study_and_travel_count_as_present_sick_leave_and_tk_do_not():
    days = {
        f"d{n}": DayStatus(date(2026, 11, n), code)
        for n, code in (
            (2, DayCode.T),
            (3, DayCode.DL),
            (4, DayCode.P),
            (5, DayCode.S),
            (6, DayCode.C),
            (9, DayCode.I),
            (10, DayCode.TK),
        )
    }
    counted = totals(month_entries(2026, 11, **days))
    assert counted.absences == {"C": 1, "DL": 1, "I": 1, "P": 1, "S": 1, "T": 1}
    assert (counted.present, counted.tk, counted.work_days) == (21 - 4, 1, 21)
    assert counted.rate == Decimal("80.95")  # 17 / 21
    assert PRESENT_RULE.pasal == "12" and PRESENT_RULE.ayat == "1"
    assert "dihitung sebagai masuk kerja" in PRESENT_RULE.quote


def test_a_holiday_on_a_weekday_is_not_a_work_day():
    wed = date(2026, 11, 25)
    counted = totals(month_entries(2026, 11, d25=judged(wed, holiday="Hari Guru")))
    assert (counted.work_days, counted.holidays, counted.present) == (20, 1, 20)
    # A holiday on a Sunday changes nothing.
    sunday = date(2026, 11, 29)
    assert totals(month_entries(2026, 11, d29=judged(sunday, holiday="x"))).work_days == 21


def test_a_leave_spanning_two_months_counts_only_its_days_in_the_month():
    leave = Absence(AbsenceCode.C, "tahunan", date(2026, 10, 28), date(2026, 11, 3))

    def month(year, month):
        return totals(
            DayEntry(judged(d, absences=[leave]) if leave.covers(d) else present(d), "setda")
            for d in days_of(year, month)
        )

    assert month(2026, 10).absences == {"C": 3}  # 28, 29, 30 October (Wed-Fri)
    assert month(2026, 11).absences == {"C": 2}  # 2, 3 November (1 November is a Sunday)


def test_an_event_day_counts_the_missed_apel_only_when_it_was_missed():
    monday = date(2026, 11, 23)
    at_office = judged(monday, check_out=verdict(monday, Direction.OUT))  # no check-in at all
    counted = totals(month_entries(2026, 11, d23=at_office))
    assert (counted.missed_events, counted.missing_in) == (1, 1)
    assert totals(month_entries(2026, 11)).missed_events == 0  # attended every Monday


def test_an_employee_who_moved_mid_month_has_a_line_in_each_unit():
    entries = [
        DayEntry(e.status, "setda" if e.day.day < 16 else "bkpsdm") for e in month_entries(2026, 11)
    ]
    setda, bkpsdm = employee_lines(DEWI, entries)
    assert (setda.unit_code, setda.totals.work_days, setda.other_units) == (
        "setda",
        10,
        ("bkpsdm",),
    )
    assert (bkpsdm.unit_code, bkpsdm.totals.work_days, bkpsdm.other_units) == (
        "bkpsdm",
        11,
        ("setda",),
    )
    assert (setda.totals + bkpsdm.totals).work_days == 21


def test_a_unit_sums_its_lines_and_a_month_with_no_data_has_no_rate():
    lines = employee_lines(DEWI, month_entries(2026, 11))
    unit = unit_recap("setda", "Sekretariat", lines * 2)
    assert unit.totals.work_days == 42 and unit.totals.rate == Decimal("100.00")
    empty = totals([])
    assert empty == Totals() and empty.rate is None
    assert unit_recap("x", "Kosong", []).totals.rate is None


def test_an_open_day_is_pending_and_left_out_of_the_rate():
    today = date(2026, 11, 24)
    open_day = day_status(
        today, POLICY, POLICY.day_schedule(today), None, None, None, [], set(), day_over=False
    )
    counted = totals(month_entries(2026, 11, d24=open_day))
    assert (counted.pending, counted.judged, counted.present) == (1, 20, 20)
    assert counted.rate == Decimal("100.00")


def test_revised_days_are_counted():
    entries = month_entries(2026, 11)
    entries[23] = DayEntry(entries[23].status, "setda", revised=True)
    line = employee_lines(DEWI, entries)[0]
    assert line.revised and line.totals.revised == 1


def test_daily_rates_and_status_counts():
    rates = dict(daily_rates(employee_lines(DEWI, month_entries(2026, 11))))
    assert rates[date(2026, 11, 24)] == Decimal("100.00")
    assert rates[date(2026, 11, 29)] is None  # a Sunday
    day = date(2026, 11, 24)
    counts = status_counts([present(day), DayStatus(day, DayCode.TK), DayStatus(day, DayCode.S)])
    assert counts == {"on_time": 1, "S": 1, "TK": 1}


def test_the_deduction_follows_the_line_tables():
    tue = date(2026, 11, 24)
    late = judged(
        tue,
        check_in=verdict(tue, Direction.IN, Outcome.LATE, 31),
        check_out=verdict(tue, Direction.OUT),
    )
    strict = DeductionTable(late={"TL2": Decimal("2")})
    (line,) = employee_lines(
        DEWI, month_entries(2026, 11, d24=late), {"setda": strict}, amount=4_000_000
    )
    assert (line.deduction.percent, line.deduction.rupiah) == (Decimal("2"), 80_000)


@pytest.mark.parametrize("text", ["2026-13", "26-11", "2026/11", "", "2026-00", "november"])
def test_a_bad_month_says_the_format(text):
    with pytest.raises(ValueError, match="use YYYY-MM"):
        parse_month(text)


def test_a_good_month():
    assert parse_month(" 2026-02 ") == (2026, 2)


# --- the revisions window ------------------------------------------------------------------------

KONAWE_DAYS = (1, 4)


def test_the_revision_window_is_the_1st_to_the_4th_of_the_next_month():
    assert revision_window(2026, 12, KONAWE_DAYS) == (date(2027, 1, 1), date(2027, 1, 4))
    assert revision_window(2026, 11, None) is None
    assert describe_window(2026, 11, KONAWE_DAYS, None) == "revisi 1-4 Desember 2026"


@pytest.mark.parametrize(
    ("today", "by_admin", "refused"),
    [
        (date(2026, 11, 30), False, None),  # the month is still open
        (date(2026, 12, 1), True, None),
        (date(2026, 12, 4), True, None),
        (date(2026, 12, 5), True, "may be revised only from 2026-12-01 to 2026-12-04"),
        (date(2027, 1, 2), True, "may be revised only from 2026-12-01 to 2026-12-04"),
        (date(2026, 12, 2), False, "only an admin"),
    ],
)
def test_a_closed_month_is_corrected_by_an_admin_inside_the_window(today, by_admin, refused):
    found = correction_refusal(date(2026, 11, 24), today, KONAWE_DAYS, None, by_admin)
    assert found == refused or (refused and refused in found)


def test_without_a_window_an_admin_corrects_a_closed_month_any_day():
    assert correction_refusal(date(2026, 11, 24), date(2027, 3, 1), None, None, True) is None


def test_overlapping_recaps_turn_the_cycle_collector_back_on_when_the_last_ends():
    assert gc.isenabled()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


# --- verdicts the regulations give, through the day status into the recap and TPP ----------


def judge_at(day: date, clock: str, direction: Direction) -> Verdict:
    """The rules' verdict for an attempt at local `clock` (WIB) under the recap's policy."""
    hours, minutes = map(int, clock.split(":"))
    at = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=ZoneInfo("Asia/Jakarta"))
    return classify(Attempt(direction, at), POLICY, "Asia/Jakarta", {})


def test_a_check_out_after_the_window_is_a_lateness_not_a_missing_check_out():
    """Perwal Sungai Penuh 12/2023 Pasal 11 ayat (7): outside the ayat (3) window "dinyatakan
    terlambat". Tuesday 16:31 (window 16:00-16:30) costs TL1 (0.5 %), not PSW4 (1.5 %)."""
    tue, wed = date(2026, 11, 24), date(2026, 11, 25)
    late_out = judge_at(tue, "16:31", Direction.OUT)
    assert (late_out.outcome, late_out.minutes, late_out.band) == (Outcome.LATE, 1, "TL1")
    day = judged(tue, check_in=judge_at(tue, "07:20", Direction.IN), check_out=late_out)
    assert (day.missing_out, day.late_out_minutes, day.late_out_band) == (False, 1, "TL1")
    assert day.label == "late"
    forgot = judged(wed, check_in=judge_at(wed, "07:20", Direction.IN))
    (line,) = employee_lines(DEWI, month_entries(2026, 11, d24=day, d25=forgot), amount=4_000_000)
    assert (line.totals.late, line.totals.late_minutes) == ({"TL1": 1}, {"TL1": 1})
    assert (line.totals.missing_out, line.totals.on_time) == (1, 19)
    assert dict((what, pct) for what, _, pct in line.deduction.items) == {
        "TL1": Decimal("0.5"),
        "tanpa_absen_pulang": Decimal("1.5"),
    }
    assert line.deduction.rupiah == 80_000  # 2 % of 4,000,000


def test_a_late_check_in_after_a_missed_apel_counts_the_lateness_and_the_apel():
    """Monday 09:00, the apel window (07:00-08:30) closed: late by 90 minutes (TL3) as on a
    Tuesday, and the apel is missed; both reach the recap and the TPP."""
    monday = date(2026, 11, 23)
    check_in = judge_at(monday, "09:00", Direction.IN)
    assert (check_in.outcome, check_in.minutes, check_in.missed_event) == (Outcome.LATE, 90, "apel")
    day = judged(monday, check_in=check_in, check_out=judge_at(monday, "16:05", Direction.OUT))
    assert (day.late_band, day.missed_events) == ("TL3", ("apel",))
    (line,) = employee_lines(DEWI, month_entries(2026, 11, d23=day))
    assert (line.totals.late, line.totals.missed_events) == ({"TL3": 1}, 1)
    assert line.deduction.percent == Decimal("1.75")  # TL3 1.25 % + one missed apel 0.5 %
