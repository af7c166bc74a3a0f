"""The dates rules of an absence request, as a pure function over the policy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.citations import default
from core.leave_dates import MAX_DAYS, DatesProblem, dates_refusal
from core.policy import Rule
from core.policy.config import InvalidConfig, apply_overrides
from core.presets import build_preset

TODAY = date(2026, 11, 24)


def policy():
    return build_preset("sungai-penuh", {})


def test_31_days_back_is_the_presensi_default():
    rule = policy().leave_max_days_back
    assert rule.value == 31 and rule.rule.instrument == "presensi default"
    assert dates_refusal(policy(), "S", date(2026, 10, 24), TODAY, TODAY) is None
    refused = dates_refusal(policy(), "S", date(2026, 10, 23), TODAY, TODAY)
    assert refused.problem is DatesProblem.TOO_FAR_BACK and refused.boundary == date(2026, 10, 24)


def test_an_organisation_may_set_another_limit_back():
    strict = replace(policy(), leave_max_days_back=Rule(5, default("five days")))
    assert dates_refusal(strict, "S", date(2026, 11, 18), TODAY, TODAY).days == 5


def test_an_org_file_sets_the_limit_back_with_who_set_it():
    strict = apply_overrides(policy(), {"leave_max_days_back": 7}, where="unit setda")
    assert strict.leave_max_days_back.rule.quote == "set by unit setda"
    refused = dates_refusal(strict, "S", date(2026, 11, 16), TODAY, TODAY)
    assert refused.problem is DatesProblem.TOO_FAR_BACK and refused.days == 7
    for bad in (0, -1, 2.5, "seminggu"):
        with pytest.raises(InvalidConfig) as error:
            apply_overrides(policy(), {"leave_max_days_back": bad}, where="unit setda")
        assert error.value.path == "leave_max_days_back"


def test_days_ahead_per_code():
    assert dates_refusal(policy(), "S", date(2026, 12, 1), date(2026, 12, 1), TODAY) is None
    ahead = dates_refusal(policy(), "S", date(2026, 12, 2), date(2026, 12, 2), TODAY)
    assert ahead.problem is DatesProblem.TOO_FAR_AHEAD and ahead.boundary == date(2026, 12, 1)
    assert dates_refusal(policy(), "C", date(2027, 6, 1), date(2027, 6, 1), TODAY) is None


def test_order_and_length():
    assert dates_refusal(policy(), "I", TODAY, date(2026, 11, 23), TODAY).problem is (
        DatesProblem.ORDER
    )
    last = date(2027, 2, 23)  # 92 days from 24 November
    assert (last - TODAY).days + 1 == MAX_DAYS
    assert dates_refusal(policy(), "C", TODAY, last, TODAY) is None
    too_long = dates_refusal(policy(), "C", TODAY, date(2027, 2, 24), TODAY)
    assert too_long.problem is DatesProblem.TOO_LONG
