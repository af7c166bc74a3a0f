"""`presensi media purge`: every kind of media by its own retention setting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.media import LocalMediaStore
from tests.unit.test_media_retention import exists, stored


def test_cli_purges_selfies_enrollment_photos_and_evidence(cli, tmp_path, monkeypatch):
    media = tmp_path / "media"
    monkeypatch.setenv("MEDIA_DIR", str(media))
    monkeypatch.setenv("SELFIE_RETENTION_DAYS", "0")
    monkeypatch.setenv("EVIDENCE_RETENTION_DAYS", "90")
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
