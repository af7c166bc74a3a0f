"""Selfies and uploaded documents on disk, kept only as long as the retention setting says."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol


class MediaStore(Protocol):
    def put(self, kind: str, data: bytes, suffix: str, at: datetime) -> str: ...

    def get(self, ref: str) -> bytes: ...

    def delete(self, ref: str) -> None: ...


class LocalMediaStore:
    """Files under `root/<kind>/<yyyy-mm-dd>/<random><suffix>`; refs are relative paths."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def put(self, kind: str, data: bytes, suffix: str, at: datetime) -> str:
        """Store bytes; the returned ref names no person (a random file name)."""
        folder = self.root / kind / at.date().isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{uuid.uuid4().hex}{suffix}"
        (folder / name).write_bytes(data)
        return f"{kind}/{at.date().isoformat()}/{name}"

    def get(self, ref: str) -> bytes:
        return self._path(ref).read_bytes()

    def delete(self, ref: str) -> None:
        self._path(ref).unlink(missing_ok=True)

    def _path(self, ref: str) -> Path:
        path = (self.root / ref).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("media reference outside the media directory")
        return path

    def purge(self, kind: str, keep_days: int, now: datetime) -> int:
        """Delete `kind` files older than `keep_days`; return how many went."""
        cutoff = (now - timedelta(days=keep_days)).date().isoformat()
        removed = 0
        base = self.root / kind
        for folder in sorted(base.iterdir()) if base.exists() else []:
            if folder.is_dir() and folder.name < cutoff:
                for file in folder.iterdir():
                    file.unlink()
                    removed += 1
                folder.rmdir()
        return removed
