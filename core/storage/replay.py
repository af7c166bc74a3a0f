"""`ReplayStore` on the database, for the one process that runs without a Redis server.

The in-process Redis stand-in dies with the process; a photo accepted yesterday must still be
refused as a replay after a restart, so the embedded mode keeps what it has seen in `face_replay`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

from core.faces.replay import DEFAULT_KEEP_FOR
from core.storage.chat_tables import FaceReplayRow
from core.storage.uow import committed


class SqlReplayStore:
    """Hashes and file ids per employee, each kept `keep_for` after it was last seen."""

    def __init__(self, units: Callable[[], Any], keep_for: timedelta = DEFAULT_KEEP_FOR) -> None:
        self._units = units  # () -> UnitOfWork (its clock decides what has expired)
        self._keep_for = keep_for

    async def hashes(self, employee_id: str) -> list[str]:
        def read(uow) -> list[str]:
            query = select(FaceReplayRow.value).where(
                FaceReplayRow.employee_id == employee_id,
                FaceReplayRow.kind == "phash",
                FaceReplayRow.seen_at > uow.now() - self._keep_for,
            )
            return list(uow.session.scalars(query))

        return await committed(self._units, read)

    async def add_hash(self, employee_id: str, phash: str) -> None:
        await committed(self._units, lambda uow: self._add(uow, employee_id, "phash", phash))

    async def has_file_id(self, employee_id: str, file_unique_id: str) -> bool:
        def read(uow) -> bool:
            row = uow.session.get(FaceReplayRow, (employee_id, "file", file_unique_id))
            return row is not None and row.seen_at > uow.now() - self._keep_for

        return await committed(self._units, read)

    async def add_file_id(self, employee_id: str, file_unique_id: str) -> None:
        await committed(
            self._units, lambda uow: self._add(uow, employee_id, "file", file_unique_id)
        )

    def _add(self, uow, employee_id: str, kind: str, value: str) -> None:
        now = uow.now()
        uow.session.execute(
            delete(FaceReplayRow).where(FaceReplayRow.seen_at <= now - self._keep_for)
        )
        uow.session.merge(
            FaceReplayRow(employee_id=employee_id, kind=kind, value=value[:128], seen_at=now)
        )
