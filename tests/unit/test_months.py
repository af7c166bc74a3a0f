"""Reading the month staff type after /riwayat and /rekapsaya, and which months they may ask."""

from __future__ import annotations

from datetime import date

import pytest

from core.months import BadMonth, month_refusal, read_month

TODAY = date(2026, 11, 18)  # a Wednesday in the middle of November 2026


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("2026-11", (2026, 11)),
        ("2026-9", (2026, 9)),
        ("11-2025", (2025, 11)),
        ("11/2025", (2025, 11)),
        ("2025/02", (2025, 2)),
        ("November", (2026, 11)),
        ("nopember", (2026, 11)),
        ("Nov 2025", (2025, 11)),
        ("agustus 2026", (2026, 8)),
        ("2026 agustus", (2026, 8)),
        ("August", (2026, 8)),
        ("mei", (2026, 5)),
        ("May, 2024", (2024, 5)),
        ("desember", (2025, 12)),  # the December that has begun: last year's
        ("januari", (2026, 1)),
        ("bulan ini", (2026, 11)),
        ("bulan lalu", (2026, 10)),
        ("Last   Month", (2026, 10)),
    ],
)
def test_the_ways_people_write_a_month(typed, month):
    assert read_month(typed, TODAY) == month


def test_last_month_in_january_is_the_december_before():
    assert read_month("bulan lalu", date(2027, 1, 3)) == (2026, 12)
    assert read_month("desember", date(2027, 1, 3)) == (2026, 12)


@pytest.mark.parametrize(
    "typed", ["2026-13", "2026-0", "1999-05", "13-2026", "bulan", "novembre", "nov 26", "2026", "x"]
)
def test_what_is_not_a_month_is_refused(typed):
    with pytest.raises(BadMonth):
        read_month(typed, TODAY)


def test_a_month_not_begun_or_before_the_first_day_is_refused():
    start = date(2026, 3, 16)
    assert month_refusal(2026, 12, TODAY, start) == "future"
    assert month_refusal(2027, 1, TODAY, start) == "future"
    assert month_refusal(2026, 2, TODAY, start) == "before_start"
    assert month_refusal(2026, 3, TODAY, start) is None  # the month of the first day
    assert month_refusal(2026, 11, TODAY, start) is None
    assert month_refusal(2020, 1, TODAY, None) is None  # no assignment history: no limit
