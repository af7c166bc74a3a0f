"""Every kind of media is purged by its own retention; 0 keeps nothing stored before now."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from core.media import LocalMediaStore

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def stored(store: LocalMediaStore, kind: str, at: datetime) -> str:
    """A file stored at `at` (its folder's day and its write time)."""
    ref = store.put(kind, b"x", ".jpg", at)
    os.utime(store.root / ref, (at.timestamp(), at.timestamp()))
    return ref


def exists(store: LocalMediaStore, ref: str) -> bool:
    return (store.root / ref).exists()


def test_retention_counts_days_back_from_now(tmp_path):
    store = LocalMediaStore(tmp_path)
    old = stored(store, "evidence", NOW - timedelta(days=91))
    edge = stored(store, "evidence", NOW - timedelta(days=90, hours=1))
    kept = stored(store, "evidence", NOW - timedelta(days=89, hours=23))
    assert store.purge("evidence", 90, NOW) == 2
    assert not exists(store, old) and not exists(store, edge) and exists(store, kept)


def test_zero_days_deletes_today_s_files_too(tmp_path):
    store = LocalMediaStore(tmp_path)
    today = stored(store, "selfie", NOW - timedelta(minutes=5))
    yesterday = stored(store, "selfie", NOW - timedelta(days=1))
    assert store.purge("selfie", 0, NOW) == 2
    assert not exists(store, today) and not exists(store, yesterday)
    assert list((tmp_path / "selfie").iterdir()) == []  # emptied day folders go too
