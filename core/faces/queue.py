"""Face matching across machines: jobs on a Redis queue run by arq workers.

Webhook servers use `ArqFaceMatcher` (the same `FaceMatcher` port as the local pool); face
machines run `arq core.faces.queue.WorkerSettings`, each worker feeding a local
`ProcessPoolMatcher` so that every core works while the worker's event loop stays free.
Jobs carry plain values (bytes, lists of floats) and return plain dicts, so client and worker
need not share class versions. A job that is not answered in time gives "try again".
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from arq import ArqRedis
from arq.connections import RedisSettings
from arq.worker import Worker, func

from core.faces.liveness import CheckedClip, LivenessResult
from core.faces.liveness_reasons import LivenessReason
from core.faces.pipeline import DEFAULT_SETTINGS
from core.faces.pool import ProcessPoolMatcher
from core.faces.port import (
    Encoding,
    EncodingResult,
    FaceSettings,
    Reason,
    VerificationResult,
    check_threshold,
)

logger = logging.getLogger(__name__)

QUEUE_NAME = "presensi:faces"
VERIFY_JOB = "face_verify"
ENCODE_JOB = "face_encode"
LIVENESS_JOB = "face_liveness"
# A verdict is fetched once, right away; keep it only long enough for a slow client.
KEEP_RESULT_S = 120


async def verify_job(
    ctx: dict[str, Any], selfie: bytes, references: list[list[float]], threshold: float | None
) -> dict[str, Any]:
    """arq job: verify a selfie with the worker's pool; returns `VerificationResult.to_dict()`."""
    matcher: ProcessPoolMatcher = ctx["face_matcher"]
    refs = [tuple(reference) for reference in references]
    result = await matcher.verify(selfie, refs, threshold=threshold)
    return result.to_dict()


async def encode_job(ctx: dict[str, Any], photo: bytes) -> dict[str, Any]:
    """arq job: encode an enrollment photo; returns `EncodingResult.to_dict()`."""
    matcher: ProcessPoolMatcher = ctx["face_matcher"]
    return (await matcher.encode(photo)).to_dict()


async def liveness_job(
    ctx: dict[str, Any],
    video: bytes,
    challenge: str,
    references: list[list[float]],
    max_seconds: float,
    max_bytes: int,
) -> dict[str, Any]:
    """arq job: check a liveness video with the worker's pool; returns `CheckedClip.to_dict()`."""
    matcher: ProcessPoolMatcher = ctx["face_matcher"]
    refs = [tuple(reference) for reference in references]
    clip = await matcher.check_liveness(
        video, challenge, refs, max_seconds=max_seconds, max_bytes=max_bytes
    )
    return clip.to_dict()


async def start_worker(ctx: dict[str, Any]) -> None:
    """arq on_startup: start and warm the local process pool."""
    matcher = ProcessPoolMatcher(
        ctx.get("face_settings", DEFAULT_SETTINGS),
        workers=ctx.get("face_workers"),
        timeout=ctx.get("face_timeout", 10.0),
    )
    await matcher.start()
    ctx["face_matcher"] = matcher


async def stop_worker(ctx: dict[str, Any]) -> None:
    """arq on_shutdown: stop the process pool."""
    matcher: ProcessPoolMatcher | None = ctx.pop("face_matcher", None)
    if matcher is not None:
        await matcher.aclose()


# max_tries=1: a selfie check is answered now or not at all; a retry would come too late.
FUNCTIONS = (
    func(verify_job, name=VERIFY_JOB, max_tries=1, timeout=60),
    func(encode_job, name=ENCODE_JOB, max_tries=1, timeout=60),
    func(liveness_job, name=LIVENESS_JOB, max_tries=1, timeout=60),
)


def _cores() -> int:
    return os.cpu_count() or 1


class WorkerSettings:
    """Settings for the arq command line: `arq core.faces.queue.WorkerSettings`."""

    functions = FUNCTIONS
    on_startup = start_worker
    on_shutdown = stop_worker
    queue_name = QUEUE_NAME
    # Two jobs per core: one computing while the next one's bytes arrive.
    max_jobs = 2 * _cores()
    keep_result = KEEP_RESULT_S
    redis_settings = RedisSettings.from_dsn(os.environ.get("REDIS_URL", "redis://localhost:6379"))


def create_worker(
    redis: ArqRedis,
    *,
    queue_name: str = QUEUE_NAME,
    settings: FaceSettings = DEFAULT_SETTINGS,
    workers: int | None = None,
    **worker_options: Any,
) -> Worker:
    """Build an arq worker in this process (for embedding and tests); run it with async_run()."""
    processes = workers or _cores()
    options: dict[str, Any] = {
        "max_jobs": 2 * processes,
        "keep_result": KEEP_RESULT_S,
        "handle_signals": False,
        **worker_options,
    }
    return Worker(
        functions=FUNCTIONS,
        redis_pool=redis,
        queue_name=queue_name,
        on_startup=start_worker,
        on_shutdown=stop_worker,
        ctx={"face_settings": settings, "face_workers": processes},
        **options,
    )


class ArqFaceMatcher:
    """A `FaceMatcher` that sends each check to the face workers through Redis."""

    def __init__(
        self,
        redis: ArqRedis,
        *,
        # The longest a caller waits for a verdict, the queue included: a morning backlog is
        # not a failure (the employee is told the check is under way, core.flows.face_wait).
        # Each check's own limit is the worker pool's (`ProcessPoolMatcher.timeout`).
        timeout: float = 120.0,
        queue_name: str = QUEUE_NAME,
        poll_delay: float = 0.05,
    ) -> None:
        self._redis = redis
        self.timeout = timeout
        self._queue_name = queue_name
        self._poll_delay = poll_delay

    async def verify(
        self, selfie: bytes, references: Sequence[Encoding], *, threshold: float | None = None
    ) -> VerificationResult:
        """Check a selfie on a face worker; "try again" when none answers in time."""
        if threshold is not None:
            check_threshold(threshold)  # a bad value is the caller's bug, not the worker's
        refs = [list(reference) for reference in references]
        data = await self._call(VERIFY_JOB, selfie, refs, threshold)
        if data is None:
            # The worker's default threshold would have applied; report the one asked for.
            shown = threshold if threshold is not None else DEFAULT_SETTINGS.threshold
            return VerificationResult.refused(Reason.TRY_AGAIN, shown)
        return VerificationResult.from_dict(data)

    async def encode(self, photo: bytes) -> EncodingResult:
        """Encode an enrollment photo on a face worker."""
        data = await self._call(ENCODE_JOB, photo)
        return (
            EncodingResult.refused(Reason.TRY_AGAIN)
            if data is None
            else EncodingResult.from_dict(data)
        )

    async def check_liveness(
        self,
        video: bytes,
        challenge: str,
        references: Sequence[Encoding],
        *,
        max_seconds: float,
        max_bytes: int,
    ) -> CheckedClip:
        """A liveness video checked on a face worker (`LivenessChecker`)."""
        refs = [list(reference) for reference in references]
        data = await self._call(LIVENESS_JOB, video, challenge, refs, max_seconds, max_bytes)
        if data is None:
            return CheckedClip(LivenessResult(False, LivenessReason.TRY_AGAIN))
        return CheckedClip.from_dict(data)

    async def _call(self, function: str, *args: Any) -> dict[str, Any] | None:
        try:
            async with asyncio.timeout(self.timeout):
                job = await self._redis.enqueue_job(
                    function,
                    *args,
                    _queue_name=self._queue_name,
                    # A job still queued when the caller has given up is dropped unrun.
                    _expires=timedelta(seconds=self.timeout),
                )
                if job is None:  # only when a job id is reused, which we never do
                    return None
                return await job.result(poll_delay=self._poll_delay)
        except TimeoutError:
            logger.warning("face job not answered within %.1f s", self.timeout)
        except Exception as error:  # Redis down, job failed or expired: never a verdict
            logger.error("face job failed: %s", type(error).__name__)
        return None
