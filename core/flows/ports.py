"""What the flows need from storage, as protocols: they import no ORM and no storage module.

The choice: the flows keep the records storage hands them (rows, whatever their class) and
read them through the protocols below, rather than copying each into a domain object: a flow
reads a few fields and hands the record straight on to a use case (`core.services`), which
works on the same record in the same transaction. Copying would cost a conversion per turn and
a second lookup in every use case. So:

- `Store` is the unit of work as the flows call it themselves: its repository queries, the
  audit `touch` of a change and the face references. the storage's `UnitOfWork` fits it,
  and so does the in-memory `tests/fakes.FakeUnitOfWork`.
- `Employee`, `Unit`, `Org`, `Absence` and `Account` are the fields the flows read.
- A unit of work handed on to a use case is opaque to the flows: the use case names what it
  needs. `Turn.db` therefore passes `Work`, the store as the use cases see it.

Rate limits have their own port (`core.rate_limit.RateLimiter`), conversations theirs
(`core.flows.state`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

from core.faces.enrollment import FaceReferenceRepository


class Employee(Protocol):
    id: int
    org_id: int
    unit_id: int
    name: str
    blocked: bool
    left_on: date | None  # the first day no longer on staff

    @property
    def role_set(self) -> set[str]: ...

    def gone_on(self, day: date) -> bool: ...


class Unit(Protocol):
    id: int
    code: str
    name: str


class Org(Protocol):
    id: int
    code: str
    name: str


class Absence(Protocol):
    id: int
    employee_id: int
    approver_id: int | None
    code: str
    subtype: str | None
    reason: str
    status: str
    first_day: date
    last_day: date
    evidence: Any


class Account(Protocol):
    language: str | None


class Attendance(Protocol):
    evidence: Any


class Store(Protocol):
    """The unit of work as the flows call it; `Turn.db` commits it."""

    def employee(self, employee_id: int) -> Any: ...

    def employees(self, org_id: int, unit_ids: list[int] | None = None) -> Sequence[Any]: ...

    def organisations(self) -> Sequence[Any]: ...

    def organisation_by_id(self, org_id: int) -> Any: ...

    def units(self, org_id: int) -> Sequence[Any]: ...

    def unit_by_id(self, unit_id: int) -> Any: ...

    def unit_name(self, unit_id: int) -> str: ...

    def absence(self, absence_id: int) -> Any: ...

    def attendance_by_key(self, dedup_key: str) -> Any: ...

    def touch(self, row: Any, actor: str, action: str) -> Any: ...

    def face_references(self, cipher: Any = None) -> FaceReferenceRepository: ...

    def now(self) -> datetime: ...


# A record the flows read (as `Employee`, `Absence`...) and hand on to a use case.
Record = Any

# What `Turn.db` hands its work: the flows call `Store`'s methods on it and pass it on to the
# use cases, which are typed against the storage's own unit of work.
Work = Any
