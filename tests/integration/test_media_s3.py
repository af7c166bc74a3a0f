"""The S3 media store against a local S3-compatible server (moto's, over HTTP, started here):
what one server stores another reads, a purged object reads as gone, retention deletes from
the bucket by the day in the key; and the store's refusals."""

from __future__ import annotations

import socket
import uuid
from datetime import UTC, datetime

import pytest

from core.media_s3 import PurgeIncomplete, S3MediaStore

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

MARCH_10 = datetime(2026, 3, 10, 0, 20, tzinfo=UTC)  # 07:20 WIB
JPEG = b"\xff\xd8\xff\xe0selfie"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint():
    """A local S3-compatible server for this module."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port())
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def client(endpoint: str):
    return boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="presensi-test", aws_secret_access_key="presensi-test",
    )  # fmt: skip


@pytest.fixture
def bucket(endpoint) -> str:
    name = f"presensi-{uuid.uuid4().hex[:12]}"
    client(endpoint).create_bucket(Bucket=name)
    return name


def test_what_one_server_stores_another_reads(endpoint, bucket):
    one = S3MediaStore(client(endpoint), bucket, "kab-kerinci/")
    other = S3MediaStore(client(endpoint), bucket, "kab-kerinci/")

    ref = one.put("selfie", JPEG, ".jpg", MARCH_10)

    assert ref.startswith("selfie/2026-03-10/") and ref.endswith(".jpg")
    assert other.get(ref) == JPEG
    listed = client(endpoint).list_objects_v2(Bucket=bucket)["Contents"]
    assert [item["Key"] for item in listed] == [f"kab-kerinci/{ref}"]


def test_a_deleted_object_reads_as_gone(endpoint, bucket):
    store = S3MediaStore(client(endpoint), bucket)
    ref = store.put("evidence", b"%PDF-1.7 surat dokter", ".pdf", MARCH_10)

    assert store.delete(ref) is True
    assert store.delete(ref) is False  # purged already
    with pytest.raises(FileNotFoundError):
        store.get(ref)


@pytest.mark.parametrize(
    "ref", ["../selfie/2026-03-10/a.jpg", "selfie/a.jpg", "/etc/passwd", "a//b"]
)
def test_a_reference_outside_the_store_is_refused(endpoint, bucket, ref):
    store = S3MediaStore(client(endpoint), bucket)

    with pytest.raises(ValueError, match="outside the media store"):
        store.get(ref)


def test_retention_deletes_the_days_before_the_cut_off(endpoint, bucket):
    store = S3MediaStore(client(endpoint), bucket, "p/")
    old = [store.put("selfie", JPEG, ".jpg", datetime(2026, 3, day, tzinfo=UTC)) for day in (1, 2)]
    kept = store.put("selfie", JPEG, ".jpg", datetime(2026, 3, 25, tzinfo=UTC))
    evidence = store.put("evidence", b"%PDF", ".pdf", datetime(2026, 3, 1, tzinfo=UTC))

    removed = store.purge("selfie", 20, datetime(2026, 3, 31, 12, tzinfo=UTC))  # cut-off: 11 March

    assert removed == 2
    for ref in old:
        with pytest.raises(FileNotFoundError):
            store.get(ref)
    assert store.get(kept) == JPEG and store.get(evidence) == b"%PDF"


def test_retention_deletes_in_batches(endpoint, bucket, monkeypatch):
    monkeypatch.setattr("core.media_s3.DELETE_BATCH", 2)
    store = S3MediaStore(client(endpoint), bucket)
    for day in range(1, 6):
        store.put("selfie", JPEG, ".jpg", datetime(2026, 3, day, tzinfo=UTC))

    assert store.purge("selfie", 0, datetime(2026, 4, 1, tzinfo=UTC)) == 5
    assert client(endpoint).list_objects_v2(Bucket=bucket).get("Contents", []) == []


class Listing:
    """S3's listing as a hand-written stand-in: objects with their write times."""

    def __init__(self, objects: dict[str, datetime]) -> None:
        self.objects, self.deleted = objects, []

    def get_paginator(self, name):
        listing = self

        class Pages:
            def paginate(self, Bucket, Prefix):
                found = [(k, t) for k, t in listing.objects.items() if k.startswith(Prefix)]
                yield {"Contents": [{"Key": k, "LastModified": t} for k, t in found]}

        return Pages()

    def delete_objects(self, Bucket, Delete):
        keys = [item["Key"] for item in Delete["Objects"]]
        locked = [key for key in keys if "locked" in key]  # under an object lock
        self.deleted += [key for key in keys if key not in locked]
        return {"Errors": [{"Key": key, "Code": "AccessDenied"} for key in locked]}


def test_on_the_cut_off_day_the_write_time_decides():
    # now - 20 days: 11 March 12:00
    listing = Listing({
        "selfie/2026-03-11/early.jpg": datetime(2026, 3, 11, 1, tzinfo=UTC),
        "selfie/2026-03-11/late.jpg": datetime(2026, 3, 11, 13, tzinfo=UTC),
        "selfie/2026-03-10/older.jpg": datetime(2026, 3, 10, 23, tzinfo=UTC),
    })  # fmt: skip

    removed = S3MediaStore(listing, "b").purge("selfie", 20, datetime(2026, 3, 31, 12, tzinfo=UTC))

    assert removed == 2
    assert sorted(listing.deleted) == ["selfie/2026-03-10/older.jpg", "selfie/2026-03-11/early.jpg"]


async def test_a_clock_in_keeps_its_selfie_in_the_bucket(endpoint, bucket, tmp_path):
    from core.storage.tables import AttendanceRow
    from tests.flows_harness import STAFF, build, texts
    from tests.integration.test_flows_clocking import enroll

    h = build(tmp_path)
    h.runner.deps.media = S3MediaStore(client(endpoint), bucket, "presensi/")
    await h.link("501", STAFF)
    await enroll(h, "501", STAFF)
    h.at(7, 20)
    await h.send(command="masuk")
    await h.send(location=h.live_location())
    selfie = b"face:" + STAFF.encode() + b"|pagi"

    answer = await h.send(photo=h.photo(selfie))

    assert "Masuk tercatat 07:20 WIB: tepat waktu" in texts(answer)
    with h.uow() as uow:
        [row] = uow.session.query(AttendanceRow).all()
    stored = S3MediaStore(client(endpoint), bucket, "presensi/").get(row.evidence["selfie"])
    assert stored == selfie


def test_objects_the_bucket_refuses_to_delete_are_reported():
    listing = Listing({
        "selfie/2026-03-01/a.jpg": datetime(2026, 3, 1, tzinfo=UTC),
        "selfie/2026-03-01/locked.jpg": datetime(2026, 3, 1, tzinfo=UTC),
    })  # fmt: skip

    with pytest.raises(PurgeIncomplete, match=r"kept 1 of 2 selfie object\(s\).*AccessDenied"):
        S3MediaStore(listing, "b").purge("selfie", 20, datetime(2026, 3, 31, tzinfo=UTC))
    assert listing.deleted == ["selfie/2026-03-01/a.jpg"]


def test_a_bucket_out_of_reach_is_an_outage_for_the_inbox():
    unreachable = boto3.client(
        "s3", endpoint_url="http://127.0.0.1:1", region_name="us-east-1",
        aws_access_key_id="k", aws_secret_access_key="s",
    )  # fmt: skip
    store = S3MediaStore(unreachable, "presensi")

    with pytest.raises(ConnectionError, match="did not answer put_object"):
        store.put("selfie", JPEG, ".jpg", MARCH_10)  # webhooks.intake.OUTAGES: waited out
