"""Selfies and uploaded documents on disk, kept only as long as the retention setting says."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import puremagic

# Evidence an approver opens: PDF and the photo formats every phone sends. Judged by content.
EVIDENCE_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
}


def evidence_type(data: bytes) -> str | None:
    """The MIME type of an evidence file read from its bytes (puremagic), or None when it is
    not a PDF, JPEG, PNG or WebP, whatever the sender declared (an `MZ` program called PDF)."""
    try:
        matches = puremagic.magic_string(data[:8192])
    except (puremagic.PureError, ValueError):
        return None
    for match in matches:
        if match.mime_type in EVIDENCE_TYPES:
            return match.mime_type
    return None


# What `LocalMediaStore.put` hands out: kind, day, a random name (the ref names no person).
_REF = re.compile(r"(?:selfie|enroll|evidence)/\d{4}-\d{2}-\d{2}/[0-9a-f]{32}\.[a-z0-9]{2,5}")


def refs_in(data: object) -> Iterator[str]:
    """Every media reference anywhere in a JSON value (a conversation's pending photos and
    documents, a record's evidence)."""
    if isinstance(data, str):
        if _REF.fullmatch(data):
            yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from refs_in(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from refs_in(value)


class MediaStore(Protocol):
    def put(self, kind: str, data: bytes, suffix: str, at: datetime) -> str: ...

    def get(self, ref: str) -> bytes: ...

    def delete(self, ref: str) -> bool:
        """Remove the file; True when it was still there."""
        ...


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

    def delete(self, ref: str) -> bool:
        try:
            self._path(ref).unlink()
        except FileNotFoundError:  # purged already (retention), or never written
            return False
        return True

    def _path(self, ref: str) -> Path:
        path = (self.root / ref).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError("media reference outside the media directory")
        return path

    def purge(self, kind: str, keep_days: int, now: datetime) -> int:
        """Delete `kind` files stored more than `keep_days` before `now`; return how many went.

        0 means every file stored before `now`, today's too. Whole day folders before the
        cut-off day go at once; in the cut-off day's folder, files go by their write time.
        """
        cutoff = now - timedelta(days=keep_days)
        cutoff_day = cutoff.date().isoformat()
        removed = 0
        base = self.root / kind
        for folder in sorted(base.iterdir()) if base.exists() else []:
            if not folder.is_dir() or folder.name > cutoff_day:
                continue
            for file in list(folder.iterdir()):
                if folder.name < cutoff_day or file.stat().st_mtime < cutoff.timestamp():
                    file.unlink()
                    removed += 1
            if not any(folder.iterdir()):
                folder.rmdir()
        return removed
