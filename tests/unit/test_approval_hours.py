"""How long a request waits before it is sent again or escalated: office hours only
(core.approval_hours), and the policy keys that set the delays and the approver per kind."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.approval_hours import office_deadline
from core.calendar import HolidayCalendar
from core.policy import MISSED_RECORD
from core.policy.config import InvalidConfig, apply_overrides
from core.presets import build_preset

WIB = ZoneInfo("Asia/Jakarta")
POLICY = build_preset("sungai-penuh", {})  # Mon-Thu 07:30-16:00, Fri 07:30-16:30 WIB
WEEK = POLICY.week.on
CALENDAR = HolidayCalendar()


def wib(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=WIB)


def deadline(start: datetime, hours: float, calendar=CALENDAR) -> datetime | None:
    found = office_deadline(start, hours, WEEK, calendar, "Asia/Jakarta")
    return None if found is None else found.astimezone(WIB)


@pytest.mark.parametrize(
    ("filed", "hours", "expected"),
    [
        (wib(2026, 11, 24, 7, 20), 8, wib(2026, 11, 24, 15, 30)),  # before the office opens
        (wib(2026, 11, 24, 10, 0), 8, wib(2026, 11, 25, 9, 30)),  # 6 today, 2 tomorrow
        (wib(2026, 11, 24, 7, 20), 16, wib(2026, 11, 25, 15, 0)),  # 8.5 + 7.5
        (wib(2026, 11, 24, 20, 0), 1, wib(2026, 11, 25, 8, 30)),  # at night: from the opening
        (wib(2026, 11, 27, 15, 0), 8, wib(2026, 11, 30, 14, 0)),  # Friday: not the weekend
        (wib(2026, 11, 28, 9, 0), 0.5, wib(2026, 11, 30, 8, 0)),  # filed on a Saturday
    ],
)
def test_only_office_hours_count(filed, hours, expected):
    assert deadline(filed, hours) == expected


def test_a_holiday_does_not_count():
    calendar = HolidayCalendar({date(2026, 11, 25): "Hari Guru (local)"})
    assert deadline(wib(2026, 11, 24, 15, 0), 2) == wib(2026, 11, 25, 8, 30)
    assert deadline(wib(2026, 11, 24, 15, 0), 2, calendar) == wib(2026, 11, 26, 8, 30)


def test_zero_hours_is_never_and_the_answer_is_utc():
    assert deadline(wib(2026, 11, 24, 7, 20), 0) is None
    found = office_deadline(wib(2026, 11, 24, 7, 20), 8, WEEK, CALENDAR, "Asia/Jakarta")
    assert found == datetime(2026, 11, 24, 8, 30, tzinfo=UTC)


def test_a_unit_without_work_days_has_no_deadline():
    nothing = office_deadline(wib(2026, 11, 24), 1, lambda _day: None, CALENDAR, "Asia/Jakarta")
    assert nothing is None


def test_the_delays_and_the_approver_per_kind_are_policy_keys():
    assert (POLICY.approval_remind_hours.value, POLICY.approval_escalate_hours.value) == (8, 8)
    assert POLICY.approval_remind_hours.rule.instrument == "presensi default"
    changed = apply_overrides(
        POLICY,
        {"approval_remind_hours": 4, "approval_escalate_hours": 0,
         "approver_by_type": {"I": "supervisor", "lupa_absen": "supervisor"}},
        where="unit setda",
    )  # fmt: skip
    assert (changed.approval_remind_hours.value, changed.approval_escalate_hours.value) == (4, 0)
    assert changed.approver_of("I").value == "supervisor"
    assert changed.approver_of(MISSED_RECORD).value == "supervisor"
    assert changed.approver_of("C") == POLICY.approver  # not named: the policy's approver
    assert changed.approver_of("I").rule.quote == "set by unit setda"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"approver_by_type": {"X": "admin"}}, "approver_by_type.X: unknown kind 'X'"),
        ({"approver_by_type": {"I": "kepala"}}, "approver must be one of admin, supervisor"),
        ({"approver_by_type": []}, "expected an approver per kind"),
        ({"approval_remind_hours": -1}, "must be at least 0"),
        ({"approval_escalate_hours": "satu"}, "expected a number"),
    ],
)
def test_bad_values_are_refused_naming_the_key(overrides, message):
    with pytest.raises(InvalidConfig, match=message):
        apply_overrides(POLICY, overrides, where="the organisation")
