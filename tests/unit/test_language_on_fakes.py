"""/bahasa on fakes: what it answers before it writes anything (the switch itself is stored and
tested on a database, tests/integration/test_flows_self.py)."""

from __future__ import annotations

import pytest

from core.clock import FixedClock
from core.flows.language import language
from tests.fakes import TUESDAY_0720_WIB, FakeEmployee, FakeUnitOfWork, fake_deps, turn_of

DEWI = FakeEmployee(7, "Dewi")


@pytest.fixture
def store() -> FakeUnitOfWork:
    return FakeUnitOfWork(FixedClock(TUESDAY_0720_WIB), {7: DEWI})


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ((), "Bahasa chat ini: Bahasa Indonesia. Ganti dengan /bahasa en (English) atau "
             "/bahasa id (Bahasa Indonesia)."),
        (("fr",), 'Bahasa "fr" tidak tersedia. Pilih /bahasa id (Bahasa Indonesia) atau '
                  "/bahasa en (English)."),
        (("bahasa", "jawa"), 'Bahasa "bahasa jawa" tidak tersedia.'),
        (("x" * 300,), 'Bahasa "xxxxxxxxxxxxxxxxxxxx" tidak tersedia.'),  # echoed short
    ],
    ids=["bare", "french", "two_words", "long"],
)  # fmt: skip
async def test_the_current_language_or_a_refusal_writes_nothing(store, tmp_path, args, said):
    turn = turn_of(fake_deps(store, tmp_path), DEWI, command="bahasa", args=args)
    await language(turn)
    [reply] = turn.answer.replies
    assert reply.text.startswith(said)
    assert reply.commands is None  # the menu stays as it is
    assert (store.commits, store.touched, turn.language) == (0, [], "id")
