"""The clock-in and leave flows on fakes (tests/fakes.py): no database, no Redis server.

What a step decides before it hands anything to a use case: which step opens, what is asked
again, what the store is asked and committed. The steps through the use cases run on a
database in tests/integration/test_flows_*.py.
"""

from __future__ import annotations

import math

import pytest

from core import absence_codes
from core.clock import FixedClock
from core.flows import approval, clocking, leave, live_track
from core.flows.messages import Location, Media
from core.flows.state import Conversation
from core.track import MAX_FIXES
from tests.fakes import (
    TUESDAY_0720_WIB,
    FakeAbsence,
    FakeAttendance,
    FakeEmployee,
    FakeUnitOfWork,
    fake_deps,
    turn_of,
)

STAFF = FakeEmployee(7, "Rina")
HEAD = FakeEmployee(9, "Budi", roles=("employee", "manager"))


@pytest.fixture
def store() -> FakeUnitOfWork:
    return FakeUnitOfWork(FixedClock(TUESDAY_0720_WIB), {7: STAFF, 9: HEAD})


@pytest.fixture
def deps(store, tmp_path):
    return fake_deps(store, tmp_path)


def texts(turn) -> list[str]:
    return [reply.text for reply in turn.answer.replies]


# Clock-in --------------------------------------------------------------------------------


async def test_clock_in_asks_for_a_live_location_without_the_store(deps, store):
    turn = turn_of(deps, STAFF, command="masuk")
    await clocking.begin_in(turn)
    assert turn.conversation.step == "clock.location" and turn.changed
    assert texts(turn) == [turn.text("ask_live_location", what=turn.text("btn_in"))]
    assert store.commits == 0


async def test_a_pin_is_asked_again_as_a_live_location(deps, store):
    step = Conversation("clock.location", {"direction": "in", "asked_at": "x"})
    pin = Location(-2.06, 101.39, 5.0, live=False, sent_at=TUESDAY_0720_WIB)
    turn = turn_of(deps, STAFF, step, location=pin)
    await clocking.location(turn)
    assert turn.text("need_live") in texts(turn)[0]
    assert store.commits == 0  # nothing judged, nothing recorded


async def test_live_updates_extend_the_track_quietly(deps):
    step = Conversation("clock.selfie", {"direction": "in", "track": []})
    update = Location(-2.06, 101.39, 5.0, live=True, sent_at=TUESDAY_0720_WIB, edited=True)
    turn = turn_of(deps, STAFF, step, location=update)
    await live_track.keep(turn)
    assert turn.conversation.data["track"] == [[-2.06, 101.39, TUESDAY_0720_WIB.isoformat(), 5.0]]
    assert texts(turn) == []


async def test_the_track_keeps_its_latest_fixes_and_no_radius_that_is_none(deps):
    kept = [[-2.06, 101.39, TUESDAY_0720_WIB.isoformat(), 5.0]] * MAX_FIXES
    step = Conversation("clock.selfie", {"direction": "in", "track": kept})
    update = Location(-2.07, 101.39, math.nan, live=True, sent_at=TUESDAY_0720_WIB, edited=True)
    turn = turn_of(deps, STAFF, step, location=update)
    await live_track.keep(turn)
    track = turn.conversation.data["track"]
    assert len(track) == MAX_FIXES
    assert track[-1] == [-2.07, 101.39, TUESDAY_0720_WIB.isoformat(), None]


async def test_the_selfie_step_wants_a_photo(deps, store):
    step = Conversation("clock.selfie", {"direction": "in"})
    turn = turn_of(deps, STAFF, step, text="halo")
    await clocking.selfie(turn)
    assert texts(turn) == [turn.text("expected_photo", got="teks")]
    assert store.commits == 0


async def test_a_selfie_already_recorded_is_read_back_from_the_store(deps, store):
    store.attendance_rows.append(FakeAttendance("k-1", {"face": {"status": "match"}}))
    turn = turn_of(deps, STAFF)
    day = TUESDAY_0720_WIB.date()
    same, _ = await turn.db(lambda uow: uow.attendance_by_key_or_day("k-1", STAFF.id, day))
    assert same.evidence == {"face": {"status": "match"}}
    other, _ = await turn.db(lambda uow: uow.attendance_by_key_or_day("k-2", STAFF.id, day))
    assert other is None
    assert store.commits == 0  # a `Turn.db` that only reads ends without a commit


# Leave -----------------------------------------------------------------------------------


async def test_picking_a_kind_opens_the_dates_step(deps, store):
    kind = next(k for line in absence_codes.menu() for k in line if not k.subtypes)
    turn = turn_of(deps, STAFF, Conversation("leave.type"), button=f"lt:{kind.code}")
    await leave.pick(turn)
    assert turn.conversation == Conversation("leave.dates", {"code": kind.code, "subtype": None})
    assert texts(turn) == [turn.text("leave_dates")]
    assert store.commits == 0


async def test_a_stale_kind_button_is_refused(deps):
    turn = turn_of(deps, STAFF, None, button="lt:S")
    await leave.pick(turn)
    assert texts(turn) == [turn.text("unknown_button")]
    assert turn.conversation is None


async def test_rejecting_an_unknown_absence_says_so(deps, store):
    turn = turn_of(deps, HEAD, button="rj:41")
    await approval.decide_button(turn)
    assert texts(turn) == [turn.text("unknown_button")]
    assert turn.answer.toast == turn.text("unknown_button")
    assert store.commits == 0  # it only read


async def test_rejecting_a_decided_absence_names_its_status(deps, store):
    store.absences_by_id[41] = FakeAbsence(41, STAFF.id, status="approved")
    turn = turn_of(deps, HEAD, button="rj:41")
    await approval.decide_button(turn)
    status = turn.text("status_approved")
    assert texts(turn) == [turn.text("already_decided", status=status)]
    assert turn.conversation is None


async def test_rejecting_a_pending_absence_asks_for_the_reason(deps, store):
    store.absences_by_id[41] = FakeAbsence(41, STAFF.id)
    turn = turn_of(deps, HEAD, button="rj:41")
    await approval.decide_button(turn)
    assert turn.conversation == Conversation("leave.reject_reason", {"absence_id": 41})
    assert texts(turn) == [turn.text("ask_reject_reason")]


async def test_an_evidence_step_refuses_a_file_type_it_does_not_keep(deps, store):
    step = Conversation("leave.evidence", {"code": "S", "evidence": [], "wanted": "x"})
    document = Media("f-1", "u-1", size=10, mime="application/zip")
    turn = turn_of(deps, STAFF, step, document=document)
    await leave.evidence(turn)
    assert texts(turn) == [turn.text("bad_document", limit=20)]
    assert store.commits == 0
