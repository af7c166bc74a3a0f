"""A flow runner on real storage (SQLite), fakeredis, a media folder and a set clock.

Used by the flow tests in core and by the adapters' end-to-end tests. The face matcher is a
hand-written fake unless a test passes the real pipeline.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import itertools
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet, MultiFernet
from fakeredis import FakeAsyncRedis
from sqlalchemy import insert, select, text

from core.clock import FixedClock
from core.employee_file import parse_employees_csv
from core.faces.port import EncodingResult, Reason, VerificationResult
from core.faces.replay import RedisReplayStore, ReplayGuard
from core.flows.messages import Answer, Channel, Inbound, Location, Media
from core.flows.runner import FlowRunner
from core.flows.state import StateStore
from core.flows.turn import FlowDeps
from core.media import LocalMediaStore
from core.org.file import parse_org
from core.rate_limit import RedisRateLimiter
from core.services.accounts import issue_code
from core.services.employees import import_employees
from core.services.orgs import load_org
from core.storage.database import make_engine, session_factory, upgrade
from core.storage.tables import AttendanceRow, Base
from core.storage.uow import UnitOfWork

EXAMPLES = Path(__file__).parents[1] / "examples"
WIB = ZoneInfo("Asia/Jakarta")
TUESDAY = date(2026, 11, 24)
TUESDAY_0720 = datetime.combine(TUESDAY, time(7, 20), WIB).astimezone(UTC)
ORG = "pemkot-sungai-penuh"
# The secrets the composition root would read from SECRET_KEY and FACE_KEYS.
CODE_KEY = b"harness-activation-code-key"
RECEIPT_KEY = b"harness-receipt-key"  # and RECEIPT_KEY
FACE_CIPHER = MultiFernet([Fernet(b"SGFybmVzcy1mYWNlLWtleS0zMi1ieXRlcy1sb25nISE=")])
HEAD = "197804122005011002"  # setda, manager
ADMIN = "198203252008012004"  # setda, admin, supervisor of STAFF
STAFF = "199611302022032007"  # setda, CPNS
OFFICE = (-2.06198, 101.39280)  # Kantor Walikota Sungai Penuh (unit setda)


class FakeMatcher:
    """Stands in for the face pipeline: a photo whose bytes start with b"face:<who>" shows
    <who>; b"noface" shows nobody. Encodings are derived from <who>."""

    def __init__(self) -> None:
        self.failures = 0  # the next checks that fail as a crashed or overrun engine does
        self.delay = 0.0  # seconds each check takes, as under a backlog
        self.thresholds: list[float | None] = []  # what each check was asked to apply

    @staticmethod
    def _encoding(who: bytes) -> tuple[float, ...]:
        digest = hashlib.sha256(who).digest()
        return tuple(b / 255 for b in (digest * 4)[:128])

    def _who(self, photo: bytes) -> bytes | None:
        return photo.split(b"|")[0][5:] if photo.startswith(b"face:") else None

    async def encode(self, photo: bytes) -> EncodingResult:
        who = self._who(photo)
        return (
            EncodingResult(self._encoding(who), None)
            if who
            else EncodingResult.refused(Reason.NO_FACE)
        )

    async def verify(self, selfie: bytes, references: Sequence, *, threshold=None):
        self.thresholds.append(threshold)
        await asyncio.sleep(self.delay)
        if self.failures:
            self.failures -= 1
            return VerificationResult.refused(Reason.TRY_AGAIN, 0.5)
        who = self._who(selfie)
        if who is None:
            return VerificationResult.refused(Reason.NO_FACE, 0.5)
        distance = 0.0 if self._encoding(who) in references else 0.9
        reason = None if distance <= 0.5 else Reason.NO_MATCH
        return VerificationResult(distance <= 0.5, distance, 0.5, reason)


@dataclass
class Harness:
    runner: FlowRunner
    clock: FixedClock
    files: dict[str, bytes]
    sessions: object
    redis: FakeAsyncRedis
    faces: FakeMatcher
    keys: itertools.count = field(default_factory=lambda: itertools.count(1))

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, self.clock)

    def at(self, hour: int, minute: int, day: date = TUESDAY) -> None:
        self.clock.set(datetime.combine(day, time(hour, minute), WIB))

    def event(self, sender: str = "501", **fields) -> Inbound:
        """An inbound event from chat user `sender`, sent now."""
        key = f"test:{next(self.keys)}"
        return Inbound(
            Channel(fields.pop("channel", Channel.TELEGRAM)),
            sender,
            sender,
            key,
            self.clock.now(),
            **fields,
        )

    async def send(self, sender: str = "501", **fields) -> Answer:
        return await self.runner.handle(self.event(sender, **fields))

    def live_location(
        self,
        lat: float = OFFICE[0],
        lon: float = OFFICE[1],
        accuracy: float = 12,
        live: bool = True,
        age_s: int = 0,
    ) -> Location:
        return Location(lat, lon, accuracy, live, self.clock.now() - timedelta(seconds=age_s))

    def photo(self, content: bytes, unique: str | None = None) -> Media:
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = content
        return Media(file_id, unique or file_id, "image/jpeg", len(content))

    def document(self, content: bytes, mime: str = "application/pdf", size: int | None = None):
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = content
        return Media(file_id, file_id, mime, size or len(content), "surat.pdf")

    def code_for(self, identifier: str) -> str:
        with self.uow() as uow:
            employee = uow.employee_by_identifier(uow.organisation(ORG).id, identifier)
            code = issue_code(uow, employee, None, key=CODE_KEY)
            uow.commit()
        return code

    async def link(self, sender: str, identifier: str) -> None:
        """Register chat user `sender` as the employee with `identifier`."""
        await self.send(sender, command="start", text="/start")
        await self.send(sender, text=identifier)
        answer = await self.send(sender, text=self.code_for(identifier))
        assert "terhubung" in answer.replies[-1].text, answer

    async def clock_in(self, sender: str, who: str, direction: str = "masuk") -> Answer:
        await self.send(sender, command=direction, text=f"/{direction}")
        await self.send(sender, location=self.live_location())
        return await self.send(sender, photo=self.photo(f"face:{who}|{self.clock.now()}".encode()))


# Flow tests run on the harness's SQLite file and on the real PostgreSQL (`pg_engine`).
ENGINES = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgres))


def engine_for(request) -> Any:
    """The engine a test parametrized over ENGINES runs on (None: the harness's SQLite)."""
    return request.getfixturevalue("pg_engine") if request.param == "postgresql" else None


def build(
    tmp_path: Path,
    *,
    faces=None,
    redis=None,
    engine=None,
    prefix="presensi",
    zone: str | None = None,
    preset: str | None = None,
) -> Harness:
    """The Sungai Penuh example organisation and staff, at 07:20 WIB on a Tuesday.

    `zone` moves the organisation to another zone (WITA, WIT) to test what "today" means there;
    `preset` puts it under another regulation's preset (one that takes `hours`; its units, sites
    and staff stay).

    Storage is a fresh SQLite file unless the test hands over a migrated `engine` (PostgreSQL);
    on a shared Redis server, a unique `prefix` keeps this test's conversations its own.
    """
    clock = FixedClock(TUESDAY_0720)
    if engine is None:
        database = tmp_path / "flows.db"
        shutil.copyfile(_loaded_template(zone, preset), database)
        engine = make_engine(f"sqlite:///{database}")
    elif engine.dialect.name == "postgresql":
        _restore(engine, _snapshot(engine.url.render_as_string(hide_password=False), zone, preset))
    else:
        _load(engine, clock, zone, preset)
    sessions = session_factory(engine)
    redis = redis or FakeAsyncRedis()
    files: dict[str, bytes] = {}

    async def fetch(media: Media) -> bytes:
        return files[media.file_id]

    matcher = faces or FakeMatcher()
    deps = FlowDeps(
        uow=lambda: UnitOfWork(sessions, clock),
        clock=clock,
        state=StateStore(redis, prefix=prefix),
        limits=RedisRateLimiter(redis, prefix),
        media=LocalMediaStore(tmp_path / "media"),
        faces=matcher,
        replay=ReplayGuard(RedisReplayStore(redis, prefix=f"{prefix}:faces:replay")),
        fetchers={Channel.TELEGRAM: fetch, Channel.WHATSAPP: fetch},
        code_key=CODE_KEY,
        face_cipher=FACE_CIPHER,
        receipt_key=RECEIPT_KEY,
    )
    return Harness(FlowRunner(deps), clock, files, sessions, redis, matcher)


def _load(engine, clock: FixedClock, zone: str | None, preset: str | None) -> None:
    """Load the example organisation (moved to `zone`, under `preset`) and its staff."""
    source = (EXAMPLES / "org-sungai-penuh.yaml").read_text()
    if zone:
        source = source.replace("zone: Asia/Jakarta", f"zone: {zone}", 1)
    if preset:
        source = source.replace("preset: sungai-penuh", f"preset: {preset}", 1)
    spec = parse_org(source)
    with UnitOfWork(session_factory(engine), clock) as uow:
        load_org(uow, spec)
        rows = parse_employees_csv(
            (EXAMPLES / "employees-sungai-penuh.csv").read_text(), {u.code for u in spec.units}
        )
        import_employees(uow, ORG, rows, date(2026, 1, 1))
        uow.commit()


_TEMPLATES = tempfile.TemporaryDirectory(prefix="presensi-harness-")


@functools.cache
def _loaded_template(zone: str | None, preset: str | None) -> Path:
    """A SQLite file migrated and loaded once per test run and per (zone, preset); each
    harness gets a copy. The load runs at the harness's fixed clock, so every copy is the same
    database, audit chain included, that loading it afresh would give; copying takes a
    hundredth of the half second that migrating and loading take, on most tests of the suite."""
    path = Path(_TEMPLATES.name) / f"{zone or 'default'}-{preset or 'default'}.db".replace("/", "_")
    shutil.copyfile(migrated_template(), path)
    engine = make_engine(f"sqlite:///{path}")
    _load(engine, FixedClock(TUESDAY_0720), zone, preset)
    engine.dispose()
    _checkpoint(path)
    return path


@functools.cache
def migrated_template() -> Path:
    """An empty SQLite file migrated to head once per test run, for tests to copy."""
    path = Path(_TEMPLATES.name) / "migrated.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    _checkpoint(path)
    return path


def _checkpoint(path: Path) -> None:
    """Move what the WAL holds into the file itself, so that a copy of the file is whole."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@dataclass(frozen=True)
class _Snapshot:
    rows: dict[str, list[dict[str, Any]]]  # table name -> its rows, tables in insert order
    sequences: dict[str, int]  # sequence name -> its last value


@functools.cache
def _snapshot(url: str, zone: str | None, preset: str | None) -> _Snapshot:
    """The rows and sequences of the loaded example on PostgreSQL, read once per run and per
    (zone, preset) from a database that a test has just emptied, and emptied again; each test
    inserts them (`_restore`) in a fraction of the time the load through the services takes."""
    engine = make_engine(url)
    _load(engine, FixedClock(TUESDAY_0720), zone, preset)
    with engine.connect() as connection:
        rows = {
            table.name: [dict(row) for row in connection.execute(select(table)).mappings()]
            for table in Base.metadata.sorted_tables
        }
        found = connection.execute(
            text("SELECT sequencename, last_value FROM pg_sequences WHERE last_value IS NOT NULL")
        )
        sequences = {name: value for name, value in found}
    with engine.begin() as connection:  # empty again, as the test had it
        connection.exec_driver_sql(emptying_sql(connection))
    engine.dispose()
    return _Snapshot({name: found for name, found in rows.items() if found}, sequences)


def emptying_sql(connection) -> str:
    """One batch of SQL that empties every table of a PostgreSQL database and restarts every
    sequence. DELETE rather than TRUNCATE: a test leaves a few rows in a few tables, and
    TRUNCATE of all of them (new files for every table and index) costs four times as long."""
    sequences = connection.scalars(
        text("SELECT sequence_name FROM information_schema.sequences")
    ).all()
    deletes = [f'DELETE FROM "{t.name}"' for t in reversed(Base.metadata.sorted_tables)]
    restarts = [f'ALTER SEQUENCE "{name}" RESTART' for name in sequences]
    return "; ".join(deletes + restarts)


def _restore(engine, snapshot: _Snapshot) -> None:
    """Put the snapshot's rows and sequence values into the emptied database."""
    with engine.begin() as connection:
        for name, found in snapshot.rows.items():
            # One INSERT .. VALUES statement per table: rows that refer to each other (an
            # employee's supervisor) are checked at its end.
            connection.execute(insert(Base.metadata.tables[name]).values(found))
        for name, value in snapshot.sequences.items():
            connection.execute(text("SELECT setval(:name, :value)"), {"name": name, "value": value})


def texts(answer) -> str:
    """What the user reads: the answer's replies, one per line."""
    return "\n".join(r.text for r in answer.replies)


# The lines a receipt adds under what was recorded (core.flows.receipt): its code differs in
# every run (the row's digest has its creation time), so tests that compare whole texts check
# that the lines are there and compare the rest.
RECEIPT = re.compile(
    r"\n🧾 (?:Tanda terima|Receipt): (?P<code>[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3,4}) "
    r"\((?:cek|check): /cek (?P=code)\)(?:\n(?:Dasar|Rule): [^\n]+)?"
)


def without_receipt(text: str) -> str:
    """`text` without its receipt's lines, which must be there."""
    found = RECEIPT.search(text)
    assert found, f"no receipt in {text!r}"
    return text[: found.start()] + text[found.end() :]


def rows(h) -> list[AttendanceRow]:
    """Every attendance record, in the order written."""
    with h.uow() as uow:
        return list(uow.session.query(AttendanceRow).order_by(AttendanceRow.id))
