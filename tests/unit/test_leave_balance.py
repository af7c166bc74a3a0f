"""Cuti tahunan arithmetic (core.leave_balance): the entitlement, carry-over, pending requests,
a balance below zero, working days over holidays and New Year, and the policy key."""

from __future__ import annotations

from datetime import date

import pytest

from core.calendar import HolidayCalendar
from core.leave_balance import (
    ASN,
    DEFAULT_ANNUAL_LEAVE,
    AnnualLeave,
    Use,
    balance,
    counts_as_work,
    entitlement_of,
    shortfall,
    work_days_by_year,
)
from core.policy.config import InvalidConfig, resolve_policy


def test_a_first_year_has_twelve_days_and_nothing_carried():
    found = balance(ASN, 2026, 2026, {})
    assert (found.entitlement, found.carried, found.remaining) == (12, 0, 12)
    assert found.rule.rule.article == "Pasal 311 ayat (2)"
    assert "12 (dua belas) hari kerja" in found.rule.rule.quote


@pytest.mark.parametrize(
    ("used_2025", "carried"),
    [(0, 6), (3, 6), (6, 6), (8, 4), (11, 1), (12, 0), (15, 0)],
)
def test_unused_days_carry_over_up_to_six(used_2025, carried):
    found = balance(ASN, 2026, 2025, {2025: Use(taken=used_2025)})
    assert found.carried == carried
    assert found.total == 12 + carried  # at most 18 with the year's own (CARRY_RULE)


def test_two_years_without_any_cuti_carry_twelve():
    found = balance(ASN, 2026, 2024, {})
    assert (found.carried, found.total) == (12, 24)


def test_one_idle_year_known_carries_six_only():
    # 2025 is the first year presensi knows: the year before is unknown, so not "two idle".
    assert balance(ASN, 2026, 2025, {}).total == 18


def test_any_use_in_either_of_the_two_years_ends_the_idle_rule():
    assert balance(ASN, 2026, 2024, {2024: Use(taken=1)}).total == 18
    assert balance(ASN, 2026, 2024, {2025: Use(pending=1)}).total == 18


def test_pending_days_count_against_the_balance():
    found = balance(ASN, 2026, 2026, {2026: Use(taken=5, pending=4)})
    assert (found.taken, found.pending, found.remaining) == (5, 4, 3)
    assert found.after(3) == 0 and found.after(4) == -1


def test_a_balance_below_zero_stays_below_and_carries_nothing():
    found = balance(ASN, 2026, 2026, {2026: Use(taken=15)})
    assert found.remaining == -3
    assert balance(ASN, 2027, 2026, {2026: Use(taken=15)}).carried == 0


def test_a_year_before_the_employee_is_known_has_no_entitlement():
    found = balance(ASN, 2025, 2026, {})
    assert (found.entitlement, found.carried, found.remaining) == (0, 0, 0)


def test_non_asn_staff_have_no_carry_over_by_default():
    rule = entitlement_of(DEFAULT_ANNUAL_LEAVE, "NON_ASN")
    assert balance(rule, 2026, 2024, {}).total == 12
    assert rule.rule.instrument == "presensi default"
    assert entitlement_of(DEFAULT_ANNUAL_LEAVE, "PPPK") == ASN
    assert entitlement_of(DEFAULT_ANNUAL_LEAVE, "OTHER") == ASN


def test_a_first_year_carry_is_policy_data():
    rule = AnnualLeave(first_year_carry=6)
    assert balance(rule, 2026, 2026, {}).total == 18


# --- working days ---------------------------------------------------------------------------


def _weekdays_except(calendar: HolidayCalendar):
    def is_work(day: date) -> bool:
        return counts_as_work(day.weekday() < 5, calendar(day), rota_day=False)

    return is_work


def test_weekends_and_holidays_are_not_working_days():
    local = HolidayCalendar({date(2026, 11, 26): "Hari jadi kota"}, national=False)
    # Tue 24 .. Mon 30 November 2026: the 26th is a holiday, the 28th and 29th a weekend.
    assert work_days_by_year(date(2026, 11, 24), date(2026, 11, 30), _weekdays_except(local)) == {
        2026: 4
    }


def test_cuti_bersama_and_national_holidays_are_not_counted():
    national = HolidayCalendar()
    # 21-28 December 2026: the 24th is cuti bersama Natal, the 25th Christmas.
    counted = work_days_by_year(date(2026, 12, 21), date(2026, 12, 28), _weekdays_except(national))
    assert counted == {2026: 4}


def test_a_request_over_new_year_takes_from_both_years():
    none = HolidayCalendar(national=False)
    counted = work_days_by_year(date(2026, 12, 30), date(2027, 1, 5), _weekdays_except(none))
    assert counted == {2026: 2, 2027: 3}


def test_a_rota_shift_on_a_holiday_is_worked():
    assert counts_as_work(True, "Hari Raya", rota_day=True)
    assert not counts_as_work(True, "Hari Raya", rota_day=False)
    assert not counts_as_work(False, None, rota_day=True)


def test_the_first_year_beyond_its_balance_is_named():
    balances = {
        2026: balance(ASN, 2026, 2026, {2026: Use(taken=10)}),
        2027: balance(ASN, 2027, 2026, {2026: Use(taken=10)}),
    }
    found = shortfall({2026: 3, 2027: 3}, balances)
    assert (found.year, found.asked, found.balance.remaining, found.short) == (2026, 3, 2, 1)
    assert shortfall({2026: 2, 2027: 14}, balances) is None  # 2027: 12 + 2 carried


def test_whether_a_years_calendar_is_settled():
    assert HolidayCalendar().settled(2026)  # cuti bersama decreed
    assert not HolidayCalendar().settled(2040)  # no SKB yet: estimates only
    assert HolidayCalendar({date(2040, 1, 2): "x"}, national=False).settled(2040)
    assert not HolidayCalendar(national=False).settled(2040)


# --- the policy key -------------------------------------------------------------------------


def test_the_numbers_are_policy_data_for_every_kind_and_per_kind():
    policy = resolve_policy(
        "sungai-penuh",
        {},
        [{"annual_leave": {"days": 14, "kinds": {"PPPK": {"carry_max": 0}}}}],
    )
    assert policy.annual_leave["PNS"].days == 14 and policy.annual_leave["PNS"].carry_max == 6
    assert policy.annual_leave["PPPK"] == AnnualLeave(
        14, 0, 12, 0, policy.annual_leave["PPPK"].rule
    )
    assert policy.annual_leave["NON_ASN"].carry_max == 0  # its own default is kept
    assert policy.annual_leave["PNS"].rule.quote == "set by the organisation"
    assert resolve_policy("konawe-kepulauan", {}, []).annual_leave == DEFAULT_ANNUAL_LEAVE


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"dayz": 12}, "annual_leave.dayz: unknown key 'dayz'; did you mean 'days'?"),
        ({"days": -1}, "annual_leave.days: must be from 0 to 366, got -1"),
        ({"days": 1.5}, "annual_leave.days: expected a whole number of days, got 1.5"),
        ({"carry_max": True}, "annual_leave.carry_max: expected a whole number of days, got True"),
        ({"kinds": {"GURU": {"days": 1}}}, "annual_leave.kinds.GURU: employee kind must be one of"),
        ({"kinds": []}, "annual_leave.kinds: expected numbers per employee kind"),
        (12, "annual_leave: expected a mapping with days"),
    ],
)
def test_a_bad_annual_leave_key_names_its_path(value, message):
    with pytest.raises(InvalidConfig) as error:
        resolve_policy("sungai-penuh", {}, [{"annual_leave": value}])
    assert message in str(error.value)
