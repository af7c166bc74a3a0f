"""Media in an S3-compatible object store, for several servers on several machines.

The same `MediaStore` as `core.media.LocalMediaStore`, with the same references
(`<kind>/<yyyy-mm-dd>/<random><suffix>`, naming no person), kept under `prefix` in `bucket`: a
selfie stored by one server is read by another (an admin's /tinjau, an approver's evidence), and
retention deletes from the bucket as from the folder. `client` is an S3 client made by the
composition root (boto3's, pointed at AWS, MinIO or any S3-compatible store); core imports no
S3 library.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

# DeleteObjects takes at most this many keys a call.
DELETE_BATCH = 1000
MISSING = {"404", "NoSuchKey", "NotFound"}


class MediaStoreUnavailable(ConnectionError):
    """The bucket did not answer, or refused us (credentials, permissions): an outage, which
    the inbox waits out and retries, never a reason to give a clock-in up."""


class PurgeIncomplete(ValueError):
    """The bucket refused to delete some objects (a permission, an object lock)."""


class S3MediaStore:
    """Files as objects `<prefix><ref>` in `bucket`; refs as the local store's."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def put(self, kind: str, data: bytes, suffix: str, at: datetime) -> str:
        """Store bytes; the returned ref names no person (a random name)."""
        ref = f"{kind}/{at.date().isoformat()}/{uuid.uuid4().hex}{suffix}"
        self._call("put_object", Bucket=self.bucket, Key=self._key(ref), Body=data)
        return ref

    def get(self, ref: str) -> bytes:
        """The object's bytes; FileNotFoundError when it is gone (purged), as on disk."""
        try:
            answer = self._call("get_object", Bucket=self.bucket, Key=self._key(ref))
        except _Missing:
            raise FileNotFoundError(ref) from None
        return answer["Body"].read()

    def delete(self, ref: str) -> bool:
        """Remove the object; True when it was still there (S3's delete does not say)."""
        key = self._key(ref)
        try:
            self._call("head_object", Bucket=self.bucket, Key=key)
        except _Missing:
            return False
        self._call("delete_object", Bucket=self.bucket, Key=key)
        return True

    def purge(self, kind: str, keep_days: int, now: datetime) -> int:
        """Delete `kind` objects stored more than `keep_days` before `now`; how many went.

        As the local store: the day in the key decides, and in the cut-off day itself the
        object's write time (S3's LastModified)."""
        cutoff = now - timedelta(days=keep_days)
        cutoff_day = cutoff.date().isoformat()
        doomed = [
            item["Key"]
            for item in self._listed(f"{self.prefix}{kind}/")
            if _day(item["Key"]) < cutoff_day
            or (_day(item["Key"]) == cutoff_day and item["LastModified"] < cutoff)
        ]
        refused: list[dict[str, Any]] = []
        for start in range(0, len(doomed), DELETE_BATCH):
            batch = [{"Key": key} for key in doomed[start : start + DELETE_BATCH]]
            answer = self._call(
                "delete_objects", Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}
            )
            refused += answer.get("Errors", [])  # Quiet: only the objects not deleted
        if refused:
            code = refused[0].get("Code", "an error")
            raise PurgeIncomplete(
                f"the bucket kept {len(refused)} of {len(doomed)} {kind} object(s) past their "
                f"retention ({code}); nothing else was left"
            )
        return len(doomed)

    def _listed(self, prefix: str) -> list[dict[str, Any]]:
        def every() -> list[dict[str, Any]]:
            pages = self.client.get_paginator("list_objects_v2")
            return [
                item
                for page in pages.paginate(Bucket=self.bucket, Prefix=prefix)
                for item in page.get("Contents", [])
            ]

        return self._call(every)

    def _call(self, operation: Any, **params: Any) -> Any:
        """One call to the client (by name, or a function); a missing object as `_Missing`,
        any other failure as `MediaStoreUnavailable` naming its kind, never its message (it
        may carry keys or the endpoint's credentials)."""
        call = getattr(self.client, operation) if isinstance(operation, str) else operation
        try:
            return call(**params)
        except Exception as error:
            if _missing(error):
                raise _Missing from None
            name = operation if isinstance(operation, str) else "list_objects_v2"
            raise MediaStoreUnavailable(
                f"the S3 media store did not answer {name} ({type(error).__name__})"
            ) from None

    def _key(self, ref: str) -> str:
        parts = ref.split("/")
        if len(parts) != 3 or any(part in ("", ".", "..") for part in parts):
            raise ValueError("media reference outside the media store")
        return f"{self.prefix}{ref}"


class _Missing(Exception):
    """The object is not there."""


def _day(key: str) -> str:
    """The yyyy-mm-dd of a key `.../<kind>/<day>/<name>`."""
    parts = key.split("/")
    return parts[-2] if len(parts) >= 3 else ""


def _missing(error: Exception) -> bool:
    """Whether an S3 client error says the object does not exist (boto3's ClientError)."""
    code = str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))
    return code in MISSING
