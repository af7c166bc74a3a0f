"""The pure rules of a request for a missed check-in or check-out (core.missed) and of the
excuse of an early check-out (core.day_status.early_excuse)."""

from __future__ import annotations

from datetime import date, time

import pytest

from core.config_error import InvalidConfig
from core.day_status import early_excuse
from core.fallback import FALLBACK_SOURCES, SHOWN_SOURCES
from core.missed import QUOTA_RULE, REQUEST, day_refusal, evidence_required, read_clock
from core.policy.config import apply_overrides
from core.presets import build_preset

SUNGAI_PENUH = build_preset("sungai-penuh")
KONAWE = build_preset("konawe-kepulauan", {})
TODAY = date(2026, 11, 24)


def test_today_and_recent_days_may_be_asked_for_not_tomorrow():
    assert day_refusal(TODAY, TODAY, SUNGAI_PENUH) is None
    assert day_refusal(date(2026, 11, 2), TODAY, SUNGAI_PENUH) is None
    assert day_refusal(date(2026, 11, 25), TODAY, SUNGAI_PENUH) == (
        "future_day",
        {"date": date(2026, 11, 25)},
    )


def test_no_further_back_than_a_request_may_start():
    assert day_refusal(date(2026, 10, 24), TODAY, SUNGAI_PENUH) is None  # 31 days back
    key, values = day_refusal(date(2026, 10, 23), TODAY, SUNGAI_PENUH)
    assert (key, values["days"], values["earliest"]) == ("too_old", 31, date(2026, 10, 24))
    assert "presensi default" in values["rule"]


def test_a_closed_month_only_inside_its_revisions_window():
    """Perbup Konawe Kepulauan 18/2023 Pasal 13 ayat (4): the 1st to the 4th."""
    assert day_refusal(date(2026, 11, 27), date(2026, 12, 4), KONAWE) is None
    key, values = day_refusal(date(2026, 11, 27), date(2026, 12, 5), KONAWE)
    assert (key, values["first"], values["last"]) == (
        "window",
        date(2026, 12, 1),
        date(2026, 12, 4),
    )
    assert "Pasal 13 ayat (4)" in values["rule"]
    # Without a window (Sungai Penuh) a closed month is bound by the days back alone.
    assert day_refusal(date(2026, 11, 27), date(2026, 12, 5), SUNGAI_PENUH) is None


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("07:45", time(7, 45)),
        ("7:45", time(7, 45)),
        ("07.45", time(7, 45)),
        (" 23:59 ", time(23, 59)),
    ],
)
def test_times_read_as_people_write_them(text, clock):
    assert read_clock(text) == clock


@pytest.mark.parametrize("text", ["7:5", "24:00", "07:60", "0745", "jam 7", "", ":", "123:00"])
def test_anything_else_is_no_time(text):
    assert read_clock(text) is None


def test_evidence_is_required_where_the_regulation_asks_for_it():
    assert evidence_required(SUNGAI_PENUH)
    assert (SUNGAI_PENUH.missed_evidence.rule.pasal, SUNGAI_PENUH.missed_evidence.rule.ayat) == (
        "12",
        "2-3",
    )
    assert evidence_required(KONAWE) and KONAWE.missed_evidence.rule.pasal == "9"
    assert not evidence_required(build_preset("balangan"))
    relaxed = apply_overrides(SUNGAI_PENUH, {"missed_evidence": "optional"}, where="unit x")
    assert not evidence_required(relaxed)
    with pytest.raises(InvalidConfig, match="missed_evidence must be one of required, optional"):
        apply_overrides(SUNGAI_PENUH, {"missed_evidence": "kadang"}, where="unit x")


def test_a_request_is_shown_as_its_source_but_is_no_fallback():
    assert REQUEST in SHOWN_SOURCES and REQUEST not in FALLBACK_SOURCES
    assert (QUOTA_RULE.file, QUOTA_RULE.pasal, QUOTA_RULE.ayat) == (
        "004_484ed01ec6d6b16a.txt",
        "9",
        "6",
    )


def test_only_an_izin_to_leave_excuses_leaving_early():
    assert early_excuse({"pulang_cepat"}) == "pulang_cepat"
    assert early_excuse([None, "terlambat", "keluar_kantor"]) == "keluar_kantor"
    assert early_excuse({"terlambat"}) is None and early_excuse([]) is None
