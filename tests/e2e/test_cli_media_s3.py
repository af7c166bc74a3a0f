"""`presensi media purge` with MEDIA_STORE=s3: retention applied in the bucket, against a
local S3-compatible server; and a store configured without its bucket refused in one line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.media_s3 import S3MediaStore
from tests.integration.test_media_s3 import bucket, client, endpoint  # noqa: F401 (fixtures)

pytest.importorskip("boto3")


def test_cli_purges_the_bucket_by_each_kinds_retention(cli, endpoint, bucket, monkeypatch):  # noqa: F811
    for name, value in {"MEDIA_STORE": "s3", "S3_BUCKET": bucket, "S3_ENDPOINT_URL": endpoint,
                        "S3_PREFIX": "presensi/", "S3_ACCESS_KEY_ID": "presensi-test",
                        "S3_SECRET_ACCESS_KEY": "presensi-test", "SELFIE_RETENTION_DAYS": "30",
                        "EVIDENCE_RETENTION_DAYS": "90"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    assert cli("db", "upgrade")[0] == 0
    store = S3MediaStore(client(endpoint), bucket, "presensi/")
    now = datetime.now(UTC)  # the command purges against the real clock: far from the edges
    selfie = store.put("selfie", b"\xff\xd8old", ".jpg", now - timedelta(days=45))
    recent = store.put("selfie", b"\xff\xd8new", ".jpg", now - timedelta(days=3))
    letter = store.put("evidence", b"%PDF-old", ".pdf", now - timedelta(days=120))

    code, out, _ = cli("media", "purge")

    assert code == 0, out
    assert "1 selfie(s) older than 30 days deleted" in out
    assert "1 evidence document(s) older than 90 days deleted" in out
    assert store.get(recent) == b"\xff\xd8new"
    for gone in (selfie, letter):
        with pytest.raises(FileNotFoundError):
            store.get(gone)


def test_an_s3_store_without_a_bucket_is_one_line(cli, monkeypatch):
    monkeypatch.setenv("MEDIA_STORE", "s3")
    monkeypatch.delenv("S3_BUCKET", raising=False)

    code, _, err = cli("media", "purge")

    assert code == 1
    assert err.strip() == "error: MEDIA_STORE=s3 needs S3_BUCKET"


def test_a_bucket_out_of_reach_is_one_line(cli, monkeypatch):
    away = {"MEDIA_STORE": "s3", "S3_BUCKET": "presensi", "S3_ACCESS_KEY_ID": "k",
            "S3_SECRET_ACCESS_KEY": "s", "S3_ENDPOINT_URL": "http://127.0.0.1:1"}  # fmt: skip
    for name, value in away.items():
        monkeypatch.setenv(name, value)

    code, _, err = cli("media", "purge")

    assert code == 1
    assert err.strip() == (
        "error: the S3 media store did not answer list_objects_v2 (EndpointConnectionError)"
    )


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("MEDIA_STORE", "ftp", "error: setting MEDIA_STORE: String should match pattern "
                               "'^(local|s3)$'"),
        ("FACE_THRESHOLD", "2", "error: setting FACE_THRESHOLD: Input should be less than 1"),
    ],
)  # fmt: skip
def test_a_setting_that_is_not_valid_is_one_line_without_its_value(
    cli, monkeypatch, name, value, said
):
    monkeypatch.setenv(name, value)

    code, _, err = cli("media", "purge")

    assert code == 1
    assert err.strip() == said
