"""A check-in judged once (core.judgement): the timetable, its JSON, the evidence limits, and
the policy keys that set them (location_trust, the old whatsapp_clock_in, the limits)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.citations import default
from core.config_error import InvalidConfig
from core.judgement import Judgement, Sighting, evidence_problem, timetable
from core.policy.config import apply_overrides
from core.presets import build_preset
from core.rules import Direction, Outcome, Verdict
from core.tpp import DEFAULT_TPP, pay_effect

WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 11, 24, 7, 28, 30, tzinfo=WIB)
POLICY = build_preset("sungai-penuh", {})


def fake_judge(at: datetime):
    """On time until 07:30 WIB, then late by the minutes past it (TL1)."""
    local = at.astimezone(WIB)
    late = local.hour * 60 + local.minute - (7 * 60 + 30)
    base = {"direction": Direction.IN, "work_date": local.date(), "local_time": local}
    rule = default("test")
    if late <= 0:
        return Verdict(Outcome.ON_TIME, rule=rule, window="07:00-08:00", **base), POLICY
    return Verdict(Outcome.LATE, rule=rule, minutes=late, band="TL1", **base), POLICY


def test_the_timetable_holds_one_verdict_per_change_and_re_times_each_minute():
    table = timetable(fake_judge, START, 300)
    # 07:28:30 and 07:29 and 07:30 are on time (merged); 07:31, 07:32, 07:33 are each late.
    assert [t.verdict.outcome for t in table] == [Outcome.ON_TIME] + [Outcome.LATE] * 3
    assert [t.verdict.minutes for t in table] == [0, 1, 2, 3]
    assert table[0].start == START and table[1].start == START.replace(minute=31, second=0)
    assert [t.deduction for t in table] == [None] + [Decimal("0.5")] * 3
    judged = _judgement(table)
    selfie = START + timedelta(minutes=3, seconds=10)  # 07:31:40
    at = judged.at(selfie)
    assert (at.verdict.outcome, at.verdict.minutes, at.deduction) == (
        Outcome.LATE,
        1,
        Decimal("0.5"),
    )
    assert at.verdict.local_time == selfie and at.verdict.local_time.tzinfo.key == "Asia/Jakarta"
    assert judged.at(START - timedelta(seconds=5)).verdict.outcome is Outcome.ON_TIME


def _judgement(table) -> Judgement:
    return Judgement(
        verdict=table[0].verdict,
        zone="Asia/Jakarta",
        timetable=table,
        selfie_window_s=300,
        face_threshold=0.5,
        face_required=("refuse", "set by unit setda"),
        trust=("review", "presensi default"),
        earlier_at=datetime(2026, 11, 24, 0, 5, tzinfo=UTC),
    )


def test_a_judgement_survives_json():
    judged = _judgement(timetable(fake_judge, START, 300))
    again = Judgement.from_json(judged.to_json())
    assert again == judged
    assert again.at(START + timedelta(minutes=4)) == judged.at(START + timedelta(minutes=4))


def test_the_policy_prices_a_late_or_early_band_and_nothing_else():
    assert pay_effect(DEFAULT_TPP, Outcome.LATE, "TL2") == Decimal("1")
    assert pay_effect(DEFAULT_TPP, "left_early", "PSW4") == Decimal("1.5")
    assert pay_effect(DEFAULT_TPP, Outcome.ON_TIME, None) is None
    assert pay_effect(DEFAULT_TPP, Outcome.LATE, "TL9") is None


NOW = datetime(2026, 11, 24, 0, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sighting", "expected"),
    [
        (Sighting(20.0, NOW), None),
        (Sighting(None, NOW), None),  # a channel that reports no accuracy
        (Sighting(151.0, NOW), ("inaccurate", {"accuracy": 151, "limit": 150})),
        (Sighting(float("nan"), NOW), ("inaccurate_unknown", {"limit": 150})),
        (Sighting(-1.0, NOW), ("inaccurate_unknown", {"limit": 150})),
        (Sighting(10.0, NOW - timedelta(seconds=181)), ("stale_location", {"minutes": 3})),
        (Sighting(None, NOW, NOW - timedelta(minutes=4)), ("stale_location", {"minutes": 4})),
    ],
)
def test_the_evidence_limits_are_the_policy_defaults(sighting, expected):
    assert evidence_problem(POLICY, sighting, NOW) == expected


def test_a_region_sets_its_own_evidence_limits():
    strict = apply_overrides(
        POLICY,
        {"max_accuracy_m": 50, "location_max_age_s": 60, "selfie_window_s": 120},
        where="unit setda",
    )
    assert evidence_problem(strict, Sighting(60.0, NOW), NOW) == (
        "inaccurate",
        {"accuracy": 60, "limit": 50},
    )
    late = Sighting(10.0, NOW - timedelta(seconds=61))
    assert evidence_problem(strict, late, NOW) == ("stale_location", {"minutes": 1})
    assert strict.selfie_window_s.value == 120
    assert strict.selfie_window_s.rule.quote == "set by unit setda"
    assert POLICY.max_accuracy_m.rule.instrument == "presensi default"
    for key, value in (("max_accuracy_m", 0), ("selfie_window_s", 1.5), ("location_max_age_s", -3)):
        with pytest.raises(InvalidConfig) as error:
            apply_overrides(POLICY, {key: value}, where="unit setda")
        assert error.value.path == key


def test_location_trust_is_per_channel_and_the_old_key_still_reads():
    assert POLICY.trust_of("telegram").value == "accept"
    assert POLICY.trust_of("whatsapp").rule.instrument == "presensi default"
    both = apply_overrides(
        POLICY, {"location_trust": {"telegram": "review"}}, where="the organisation"
    )
    both = apply_overrides(both, {"whatsapp_clock_in": "refuse"}, where="unit setda")
    assert both.trust_of("telegram").value == "review"
    assert both.trust_of("telegram").rule.quote == "set by the organisation"
    assert both.trust_of("whatsapp").value == "refuse"
    assert both.trust_of("whatsapp").rule.quote == "set by unit setda"
    # A unit below names only one channel: the other keeps the organisation's.
    unit = apply_overrides(both, {"location_trust": {"whatsapp": "accept"}}, where="unit x")
    assert (unit.trust_of("telegram").value, unit.trust_of("whatsapp").value) == (
        "review",
        "accept",
    )
    for bad, path in (
        ({"location_trust": {"sms": "accept"}}, "location_trust.sms"),
        ({"location_trust": {"whatsapp": "maybe"}}, "location_trust.whatsapp"),
        ({"location_trust": "review"}, "location_trust"),
    ):
        with pytest.raises(InvalidConfig) as error:
            apply_overrides(POLICY, bad, where="unit setda")
        assert error.value.path == path


def test_the_timetable_covers_a_minute_past_the_window():
    table = timetable(fake_judge, START.replace(second=0), 300)
    # 07:28:00 + 300 s = 07:33:00 exactly: 07:33 is in the table.
    assert table[-1].start == START.replace(minute=33, second=0)
    assert table[-1].verdict.minutes == 3
    assert replace(table[0].verdict).work_date == date(2026, 11, 24)
