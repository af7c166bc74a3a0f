"""One check-in judged once: the location step judges, the selfie step records without loading
the policy again, and gives the verdict a fresh judgement at the selfie's time would give."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from core.geo import Point
from core.judgement import Sighting
from core.rules import Direction
from core.services import checkin
from core.services.attendance import CheckRequest, _judge
from core.storage.tables import UnitRow
from tests.flows_harness import ORG, STAFF, TUESDAY, build, rows, texts

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 11, 23)  # apel gabungan 07:00-07:30 at Lapangan Merdeka
OFFICE = Point(-2.06198, 101.39280)
FIELD = Point(-2.06335, 101.39415)  # Lapangan Merdeka, outside the office's 30 m


@pytest.fixture
async def h(tmp_path):
    harness = build(tmp_path)
    await harness.link("501", STAFF)
    return harness


def set_unit_policy(h, overrides: dict) -> None:
    with h.uow() as uow:
        for unit in uow.session.query(UnitRow):
            unit.policy = {**(unit.policy or {}), **overrides}
        uow.commit()


@contextmanager
def statements():
    """The SQL statements run while inside."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


POLICY_TABLES = ("organisations", "units", "sites", "holidays", "shifts", "unit_assignments")


def reads(seen: list[str], table: str) -> bool:
    return any(re.search(rf"\bFROM {table}\b", s) for s in seen)


async def test_the_selfie_step_loads_no_policy(h):
    await h.send("501", command="masuk", text="/masuk")
    with statements() as at_location:
        await h.send("501", location=h.live_location())
    assert reads(at_location, "sites") and reads(at_location, "organisations")
    with statements() as at_selfie:
        done = await h.send("501", photo=h.photo(f"face:{STAFF}|now".encode()))
    assert "tepat waktu" in texts(done)
    assert [t for t in POLICY_TABLES if reads(at_selfie, t)] == []
    print(f"location step {len(at_location)} statements, selfie step {len(at_selfie)}")


async def test_a_selfie_in_a_later_minute_is_judged_at_its_own_time(h):
    h.clock.set(datetime.combine(TUESDAY, time(7, 29, 50), WIB))
    await h.send("501", command="masuk", text="/masuk")
    await h.send("501", location=h.live_location())
    h.clock.set(datetime.combine(TUESDAY, time(7, 32, 10), WIB))
    done = await h.send("501", photo=h.photo(f"face:{STAFF}|late".encode()))
    assert "07:32" in texts(done) and "Potongan TPP 0,5%." in texts(done)
    [row] = rows(h)
    assert (row.outcome, row.minutes, row.band) == ("late", 2, "TL1")


@pytest.mark.parametrize(
    ("day", "start", "where"),
    [
        (TUESDAY, time(7, 27, 40), OFFICE),  # on time into late
        (TUESDAY, time(7, 57, 15), OFFICE),  # late into after the window
        (TUESDAY, time(6, 57, 30), OFFICE),  # too early into on time
        (MONDAY, time(7, 27, 20), FIELD),  # the apel closes: the field is outside the office
        (MONDAY, time(7, 27, 20), OFFICE),
        (TUESDAY, time(15, 58, 0), OFFICE),  # check-out: left early into on time
    ],
)
async def test_the_timetable_gives_what_a_fresh_judgement_would(h, day, start, where):
    direction = Direction.OUT if start.hour > 12 else Direction.IN
    now = datetime.combine(day, start, WIB)
    with h.uow() as uow:
        employee = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)
        judged = checkin.judge(
            uow, employee.id, direction, where, Sighting(10.0, now), now, "telegram"
        )
        for seconds in range(0, 301, 20):
            at = now + timedelta(seconds=seconds)
            fresh, _ = _judge(uow, employee, CheckRequest(employee.id, direction, where), at)
            assert judged.at(at).verdict == fresh, at


async def test_telegram_refused_by_location_trust_is_told_at_the_location(h):
    set_unit_policy(h, {"location_trust": {"telegram": "refuse"}})
    asked = await h.send("501", command="masuk", text="/masuk")
    assert "LOKASI TERKINI" in texts(asked)  # a live-location channel is asked first
    answer = await h.send("501", location=h.live_location())
    assert "tidak menerima absen lewat Telegram" in texts(answer)
    assert "Gunakan bot WhatsApp presensi" in texts(answer)
    assert rows(h) == []


async def test_a_telegram_review_is_flagged_with_its_channel(h):
    set_unit_policy(h, {"location_trust": {"telegram": "review"}})
    done = await h.clock_in("501", STAFF)
    assert "Absen lewat Telegram ini akan ditinjau admin unit." in texts(done)
    [row] = rows(h)
    assert row.accepted and row.evidence["review"] == "telegram"
    assert row.evidence["flags"][-1] == "telegram"


async def test_the_policy_sets_the_evidence_limits(h):
    set_unit_policy(h, {"max_accuracy_m": 40, "selfie_window_s": 120})
    await h.send("501", command="masuk", text="/masuk")
    weak = await h.send("501", location=h.live_location(accuracy=60))
    assert "paling banyak 40 m" in texts(weak)
    asked = await h.send("501", location=h.live_location(accuracy=20))
    assert "dalam 2 menit" in texts(asked)
    h.clock.set(h.clock.now() + timedelta(seconds=121))
    late = await h.send("501", photo=h.photo(f"face:{STAFF}|slow".encode()))
    assert "sudah habis" in texts(late)
    assert rows(h) == []
