"""/antrian's numbers: what the "approve all shown" button carries (within Telegram's 64 bytes
of button data) and what an approver types (core.flows.queue)."""

from __future__ import annotations

import pytest

from core.flows.queue import DATA_MAX, _typed, decode, encode
from core.ids import MAX_ROW_ID


def test_the_button_carries_exactly_the_numbers_shown():
    refs = [(False, 12), (True, 7), (False, 1_000_000)]
    assert encode(refs) == "c.-7.lfls"
    assert decode(encode(refs)) == refs
    ten = [(n % 2 == 0, 900_000 + n) for n in range(10)]  # ten shown, ids near a million
    assert len(f"aq:{encode(ten)}".encode()) <= DATA_MAX
    assert decode(encode(ten)) == ten


# "zzzzzz" is 2176782335, beyond an INTEGER column (MAX_ROW_ID): it never reaches PostgreSQL.
@pytest.mark.parametrize("data", ["", "c..d", "C", "-", "c.x!", "zzzzzzz", "0", "zzzzzz"])
def test_anything_else_reads_as_nothing(data):
    assert decode(data) == []


def test_typed_numbers():
    typed = _typed(["12", "#15", "l7", "L7,20"])  # L7 twice: once
    assert typed == [(False, 12), (False, 15), (True, 7), (False, 20)]
    assert _typed(["12", "dua"]) == []
    assert _typed(["0"]) == []
    assert _typed([str(MAX_ROW_ID + 1)]) == []
    assert _typed([str(n) for n in range(1, 22)]) == []  # more than 20 at once
