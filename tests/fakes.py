"""In-memory stand-ins for the flows' ports (`core.flows.ports`), cosmicpython style.

`FakeUnitOfWork` keeps records in dicts and counts its commits: a flow test on it needs no
database and checks what the flow asked of its store. It holds only what the tests put in;
steps that hand the unit of work on to a use case (core.services) are tested on a database
(tests/integration/test_flows_*.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from fakeredis import FakeAsyncRedis

from core.clock import FixedClock
from core.faces.enrollment import InMemoryFaceReferenceRepository
from core.flows.messages import Channel, Inbound
from core.flows.state import Conversation, StateStore
from core.flows.turn import FlowDeps, Turn
from core.media import LocalMediaStore
from core.rate_limit import MemoryRateLimiter


@dataclass
class FakeEmployee:
    id: int
    name: str
    org_id: int = 1
    unit_id: int = 1
    blocked: bool = False
    left_on: date | None = None
    roles: tuple[str, ...] = ("employee",)

    @property
    def role_set(self) -> set[str]:
        return set(self.roles)

    def gone_on(self, day: date) -> bool:
        return self.left_on is not None and day >= self.left_on


@dataclass
class FakeAbsence:
    id: int
    employee_id: int
    code: str = "S"
    status: str = "pending"
    first_day: date = date(2026, 11, 24)
    last_day: date = date(2026, 11, 24)
    approver_id: int | None = None
    subtype: str | None = None
    reason: str = ""
    evidence: Any = None


@dataclass
class FakeAttendance:
    dedup_key: str
    evidence: Any = None


@dataclass
class FakeUnitOfWork:
    """The `Store` port in memory; `with` returns itself, so every turn sees the same records."""

    clock: FixedClock
    employees_by_id: dict[int, Any] = field(default_factory=dict)
    absences_by_id: dict[int, Any] = field(default_factory=dict)
    attendance_rows: list[Any] = field(default_factory=list)
    touched: list[tuple[Any, str, str]] = field(default_factory=list)
    faces: InMemoryFaceReferenceRepository = field(default_factory=InMemoryFaceReferenceRepository)
    commits: int = 0
    _written: int = 0  # how many rows were touched when the last `with` began

    def __enter__(self) -> FakeUnitOfWork:
        self._written = len(self.touched)
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def commit(self) -> None:
        self.commits += 1

    def end(self) -> None:
        """Commit what was written since `with` began: a read only ends without a commit."""
        if len(self.touched) > self._written:
            self.commit()

    def adopt(self, row: Any) -> None:
        pass

    def carried(self) -> dict[str, Any]:
        return {}  # nothing is read ahead in memory

    def carry_on(self, carried: dict[str, Any]) -> None:
        pass

    def enrolled(self, employee_id: int) -> bool:
        return self.faces.get_active(str(employee_id)) is not None

    def attendance_by_key_or_day(self, dedup_key: str, employee_id: int, day: Any) -> Any:
        return self.attendance_by_key(dedup_key), []

    def employee(self, employee_id: int) -> Any:
        return self.employees_by_id.get(employee_id)

    def employees(self, org_id: int, unit_ids: list[int] | None = None) -> list[Any]:
        return [
            e
            for e in self.employees_by_id.values()
            if e.org_id == org_id and (unit_ids is None or e.unit_id in unit_ids)
        ]

    def organisations(self) -> list[Any]:
        return []

    def organisation_by_id(self, org_id: int) -> Any:
        return None

    def units(self, org_id: int) -> list[Any]:
        return []

    def unit_by_id(self, unit_id: int) -> Any:
        return None

    def unit_name(self, unit_id: int) -> str:
        return "-"

    def absence(self, absence_id: int) -> Any:
        return self.absences_by_id.get(absence_id)

    def attendance_by_key(self, dedup_key: str) -> Any:
        return next((r for r in self.attendance_rows if r.dedup_key == dedup_key), None)

    def touch(self, row: Any, actor: str, action: str) -> Any:
        self.touched.append((row, actor, action))
        return row

    def face_references(self, cipher: Any = None) -> InMemoryFaceReferenceRepository:
        return self.faces

    def now(self) -> datetime:
        return self.clock.now()


TUESDAY_0720_WIB = datetime(2026, 11, 24, 0, 20, tzinfo=UTC)


def fake_deps(store: FakeUnitOfWork, tmp_path: Any) -> FlowDeps:
    """Flow collaborators on fakes only: the store, Redis's stand-in, rate limits in memory."""
    return FlowDeps(
        uow=lambda: store,
        clock=store.clock,
        state=StateStore(FakeAsyncRedis()),
        limits=MemoryRateLimiter(store.clock),
        media=LocalMediaStore(tmp_path / "media"),
    )


def turn_of(
    deps: FlowDeps,
    employee: Any,
    conversation: Conversation | None = None,
    channel: Channel = Channel.TELEGRAM,
    **event: Any,
) -> Turn:
    """One turn of `employee` (linked) with the given event fields."""
    inbound = Inbound(channel, "501", "501", f"k-{id(event)}", deps.clock.now(), **event)
    return Turn(inbound, deps, "id", None, employee, conversation)
