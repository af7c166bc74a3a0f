"""Which izin is offered after a charged verdict (core.izin_offer): the one the recap lets excuse
it, and none where the catalogue has no such subtype."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core import absence_codes
from core.absence_codes import CATALOGUE
from core.day_status import EXCUSE_EARLY, EXCUSE_LATE
from core.izin_offer import direction_of, excusing, offered, outcome_of
from core.rules import Direction, Outcome


@pytest.mark.parametrize(
    ("outcome", "direction", "subtype"),
    [
        (Outcome.LATE, Direction.IN, "terlambat"),
        (Outcome.LEFT_EARLY, Direction.OUT, "pulang_cepat"),
        (Outcome.LATE, Direction.OUT, None),  # after the check-out window: no izin excuses it
        (Outcome.ON_TIME, Direction.IN, None),
        (Outcome.OUTSIDE_AREA, Direction.IN, None),
    ],
)
def test_the_izin_offered_for_each_verdict(outcome, direction, subtype):
    assert excusing(outcome, direction) == subtype
    assert excusing(outcome.value, direction.value) == subtype


def test_the_offered_izin_are_those_the_recap_excuses():
    assert "terlambat" in EXCUSE_LATE and "pulang_cepat" in EXCUSE_EARLY
    assert (direction_of("terlambat"), outcome_of("terlambat")) == (Direction.IN, Outcome.LATE)
    assert direction_of("pulang_cepat") is Direction.OUT
    assert outcome_of("pulang_cepat") is Outcome.LEFT_EARLY
    assert not offered("tidak_masuk") and not offered("bogus")


@pytest.fixture
def izin_without_terlambat(monkeypatch):
    """A catalogue whose izin has no 'terlambat' (a preset that does not know it)."""
    row = CATALOGUE.row("I")
    trimmed = replace(
        row,
        subtypes=tuple(s for s in row.subtypes if s != "terlambat"),
        partial=tuple(s for s in row.partial if s != "terlambat"),
    )
    original = absence_codes.row
    monkeypatch.setattr(
        absence_codes, "row", lambda code: trimmed if code == "I" else original(code)
    )


def test_no_izin_is_offered_where_the_catalogue_has_no_such_subtype(izin_without_terlambat):
    assert excusing(Outcome.LATE, Direction.IN) is None
    assert excusing(Outcome.LEFT_EARLY, Direction.OUT) == "pulang_cepat"
