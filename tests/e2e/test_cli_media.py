"""`presensi media purge`: every kind of media by its own retention setting, and the exact
positions of attendance records by theirs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from core.clock import FixedClock
from core.media import LocalMediaStore
from core.storage.database import session_factory
from core.storage.tables import AttendanceRow
from core.storage.uow import UnitOfWork
from tests.e2e.conftest import load_example
from tests.e2e.test_cli_privacy import ORG, STAFF, engine_of
from tests.unit.test_media_retention import exists, stored


def test_cli_purges_selfies_enrollment_photos_and_evidence(cli, tmp_path, monkeypatch):
    media = tmp_path / "media"
    monkeypatch.setenv("MEDIA_DIR", str(media))
    monkeypatch.setenv("SELFIE_RETENTION_DAYS", "0")
    monkeypatch.setenv("EVIDENCE_RETENTION_DAYS", "90")
    assert cli("db", "upgrade")[0] == 0  # positions are purged too: the database is needed
    store = LocalMediaStore(media)
    now = datetime.now(UTC)  # the command purges against the real clock: stay far from edges
    selfie = stored(store, "selfie", now - timedelta(hours=1))
    enroll = stored(store, "enroll", now - timedelta(hours=1))
    old_letter = stored(store, "evidence", now - timedelta(days=120))
    new_letter = stored(store, "evidence", now - timedelta(days=10))
    code, out, _ = cli("media", "purge")
    assert code == 0, out
    assert "1 selfie(s) older than 0 days deleted" in out
    assert "1 enrollment photo(s) older than 0 days deleted" in out
    assert "1 evidence document(s) older than 90 days deleted" in out
    assert [exists(store, r) for r in (selfie, enroll, old_letter, new_letter)] == [
        False,
        False,
        False,
        True,
    ]


def attendance(run, at: datetime, distance: int) -> None:
    sessions = session_factory(engine_of(run))
    with UnitOfWork(sessions, FixedClock(at)) as uow:
        person = uow.employee_by_identifier(uow.organisation(ORG).id, STAFF)
        row = AttendanceRow(
            employee_id=person.id,
            work_date=at.date(),
            direction="in",
            at=at,
            outcome="outside_area" if distance > 30 else "on_time",
            accepted=distance <= 30,
            distance_m=distance,
            rule="Perwal Sungai Penuh 12/2023, Pasal 11",
            source="telegram",
            lat=-2.06,
            lon=101.39,
            accuracy_m=8,
        )
        uow.add(row, f"employee:{person.id}", "attendance.in")
        uow.commit()


def check_positions(run, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("MEDIA_DIR", str(tmp_path / "media"))
    monkeypatch.setenv("LOCATION_RETENTION_DAYS", "90")
    load_example(run)
    now = datetime.now(UTC)  # the command reads the real clock: stay far from the edge
    attendance(run, now - timedelta(days=200), distance=0)
    attendance(run, now - timedelta(days=120), distance=412)
    attendance(run, now - timedelta(days=10), distance=3)
    code, out, err = run("media", "purge")
    assert code == 0, err
    assert "2 attendance position(s) older than 90 days removed (distance and verdict kept)" in out
    with engine_of(run).connect() as connection:
        query = "SELECT lat, lon, accuracy_m, distance_m, outcome FROM attendance ORDER BY at"
        rows = [tuple(r) for r in connection.execute(text(query))]
    assert rows == [
        (None, None, None, 0, "on_time"),
        (None, None, None, 412, "outside_area"),
        (-2.06, 101.39, 8.0, 3, "on_time"),
    ]
    code, out, err = run("audit", "verify")
    assert code == 0 and "chain intact" in out, err
    code, out, _ = run("media", "purge")
    assert "0 attendance position(s) older than 90 days removed" in out


def test_old_positions_go_and_distance_and_verdict_stay_on_sqlite(cli, monkeypatch, tmp_path):
    check_positions(cli, monkeypatch, tmp_path)


@pytest.mark.postgres
def test_old_positions_go_on_postgresql_too(pg_cli, monkeypatch, tmp_path):
    check_positions(pg_cli, monkeypatch, tmp_path)
