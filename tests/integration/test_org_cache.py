"""The cache of resolved organisations over real storage (SQLite and PostgreSQL): a change made
through a real write path is seen by the next judge, and a judge of a cached organisation reads
none of its units, sites or holidays."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pyproj import Geod
from sqlalchemy import event, select

from core.employee_file import parse_employees_csv
from core.geo import Point
from core.org.file import parse_org
from core.policy.resolver import OrgCache
from core.rules import Direction, Outcome
from core.services.attendance import CheckRequest, record_check
from core.services.context import load_context
from core.services.employees import import_employees
from core.services.orgs import load_org
from core.storage import audit
from core.storage.database import session_factory
from core.storage.tables import ORG_VERSION
from core.storage.uow import UnitOfWork

EXAMPLES = Path(__file__).parents[2] / "examples"
WIB = ZoneInfo("Asia/Jakarta")
DAY = date(2026, 11, 24)  # a Tuesday: no apel
STAFF = "199611302022032007"  # setda
OFFICE = Point(-2.06198, 101.39280)  # kantor-walikota, setda's site
ORG_FILE = (EXAMPLES / "org-sungai-penuh.yaml").read_text()
# One organisation's data, as opposed to its version (organisations) or its staff.
ORG_DATA = re.compile(r'\b(FROM|JOIN)\s+"?(units|sites|holidays)\b', re.IGNORECASE)


def away(point: Point, metres: float) -> Point:
    lon, lat, _ = Geod(ellps="WGS84").fwd(point.lon, point.lat, 90, metres)
    return Point(lat, lon)


@pytest.fixture
def world(engine, clock):
    """The Sungai Penuh example and its staff, and units of work sharing one process cache."""
    sessions = session_factory(engine)
    cache = OrgCache()
    with UnitOfWork(sessions, clock) as uow:
        load_org(uow, parse_org(ORG_FILE))
        rows = parse_employees_csv(
            (EXAMPLES / "employees-sungai-penuh.csv").read_text(),
            {u.code for u in parse_org(ORG_FILE).units},
        )
        import_employees(uow, "pemkot-sungai-penuh", rows, date(2026, 1, 1))
        uow.commit()
    return lambda: UnitOfWork(sessions, clock, org_cache=cache), cache


def judge(units, where: Point, hour: int = 7, minute: int = 20) -> Outcome:
    """The verdict of a check-in of STAFF on DAY (judged and recorded, then rolled back)."""
    with units() as uow:
        org = uow.organisation("pemkot-sungai-penuh")
        staff = uow.employee_by_identifier(org.id, STAFF)
        at = datetime.combine(DAY, time(hour, minute), WIB)
        return record_check(uow, CheckRequest(staff.id, Direction.IN, where, at=at)).verdict.outcome


def reload(units, text: str) -> None:
    """`presensi org load` of a changed file: the real write path."""
    with units() as uow:
        load_org(uow, parse_org(text))
        uow.commit()


@contextmanager
def statements(engine):
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_second_judge_reads_no_units_sites_or_holidays(engine, world):
    units, cache = world
    assert judge(units, OFFICE) is Outcome.ON_TIME
    with statements(engine) as seen:
        assert judge(units, OFFICE) is Outcome.ON_TIME
    assert [s for s in seen if ORG_DATA.search(s)] == []
    version_reads = [s for s in seen if re.search(r"\bFROM organisations\b", s)]
    assert len(version_reads) <= 2  # the version (once), and the organisation by its code
    assert cache.hits >= 1


def test_a_moved_site_is_seen_by_the_next_judge(world):
    units, _ = world
    moved = away(OFFICE, 500)
    assert (judge(units, OFFICE), judge(units, moved)) == (Outcome.ON_TIME, Outcome.OUTSIDE_AREA)
    reload(units, ORG_FILE.replace("[-2.06198, 101.39280]", f"[{moved.lat}, {moved.lon}]"))
    assert (judge(units, OFFICE), judge(units, moved)) == (Outcome.OUTSIDE_AREA, Outcome.ON_TIME)


def test_a_new_holiday_is_seen_by_the_next_judge(world):
    units, _ = world
    assert judge(units, OFFICE) is Outcome.ON_TIME
    reload(units, ORG_FILE + "\nholidays:\n  - date: 2026-11-24\n    name: Hari Jadi Kota\n")
    assert judge(units, OFFICE) is Outcome.HOLIDAY


def test_a_unit_policy_is_seen_by_the_next_judge(world):
    units, _ = world
    near = away(OFFICE, 100)
    assert judge(units, near) is Outcome.OUTSIDE_AREA  # the Perwal's 30 m
    wider = ORG_FILE.replace(
        "    kind: perangkat_daerah\n    sites:\n      - code: kantor-walikota",
        "    kind: perangkat_daerah\n    policy:\n      radius_m: 150\n"
        "    sites:\n      - code: kantor-walikota",
        1,
    )
    assert wider != ORG_FILE
    reload(units, wider)
    assert judge(units, near) is Outcome.ON_TIME


def test_any_flushed_change_bumps_the_version_and_reloading_the_same_file_does_not(world):
    units, _ = world

    def version() -> int:
        with units() as uow:
            return uow.session.execute(select(ORG_VERSION)).scalar()

    start = version()
    reload(units, ORG_FILE)  # unchanged: nothing written, nothing to forget
    assert version() == start
    with units() as uow:  # as a chat admin flow or a script on a session would
        unit = uow.unit(uow.organisation("pemkot-sungai-penuh").id, "setda")
        unit.policy = {**(unit.policy or {}), "radius_m": 150}
        uow.touch(unit, "test", "unit.update")
        uow.commit()
    assert version() == start + 1
    assert judge(units, away(OFFICE, 100)) is Outcome.ON_TIME
    with units() as uow:  # the version is no data: the audit chain still verifies
        assert audit.verify(uow.session)[1] == []


def test_a_change_rolled_back_leaves_the_cache_as_it_was(world):
    units, _ = world
    assert judge(units, away(OFFICE, 100)) is Outcome.OUTSIDE_AREA
    with units() as uow:
        org = uow.organisation("pemkot-sungai-penuh")
        unit = uow.unit(org.id, "setda")
        unit.policy = {"radius_m": 150}
        staff = uow.employee_by_identifier(org.id, STAFF)
        assert load_context(uow, staff, DAY).policy.radius_m.value == 150  # its own change
        uow.rollback()
    assert judge(units, away(OFFICE, 100)) is Outcome.OUTSIDE_AREA
