"""A `FaceMatcher` for one server: the pipeline in a pool of warmed-up worker processes.

The event loop only awaits; the CPU work runs in other processes. A check waits its turn for a
free worker for as long as the queue is (a morning backlog is not a failure; the caller tells
the employee it is under way, core.flows.face_wait); only then does `timeout` start. A check
that outlives it yields "try again" (it cannot be stopped once started, so it finishes unseen),
and a worker that dies breaks the pool: the callers get "try again" and the pool is rebuilt.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from core.faces import pipeline
from core.faces.liveness import CheckedClip, LivenessResult, check_upload
from core.faces.liveness_reasons import LivenessReason
from core.faces.port import Encoding, EncodingResult, FaceSettings, Reason, VerificationResult

logger = logging.getLogger(__name__)

T = TypeVar("T")


class ProcessPoolMatcher:
    """Runs the face pipeline in `workers` processes (default: one per core)."""

    def __init__(
        self,
        settings: FaceSettings = pipeline.DEFAULT_SETTINGS,
        *,
        workers: int | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.settings = settings
        self.workers = workers or os.cpu_count() or 1
        self.timeout = timeout
        self._executor: ProcessPoolExecutor | None = None
        self._warming: set[asyncio.Task[None]] = set()
        # One check per worker at a time: the rest wait here, where waiting is not timed, and
        # not in the executor's queue, where the timeout would count the wait.
        self._free = asyncio.Semaphore(self.workers)

    async def start(self) -> None:
        """Start every worker and load the models in each; returns when all are ready."""
        if self._executor is None:
            self._executor = self._new_executor()
        await self._warm(self._executor)

    async def aclose(self) -> None:
        """Stop the workers; pending checks are cancelled."""
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)

    async def __aenter__(self) -> ProcessPoolMatcher:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def verify(
        self, selfie: bytes, references: Sequence[Encoding], *, threshold: float | None = None
    ) -> VerificationResult:
        """Check a selfie against the references; "try again" when the pool fails or is slow."""
        settings = self.settings.with_threshold(threshold)
        result = await self._run(pipeline.verify, selfie, list(references), settings)
        if result is None:
            return VerificationResult.refused(Reason.TRY_AGAIN, settings.threshold)
        return result

    async def encode(self, photo: bytes) -> EncodingResult:
        """Encode an enrollment photo; "try again" when the pool fails or is slow."""
        result = await self._run(pipeline.enroll, photo, self.settings)
        return EncodingResult.refused(Reason.TRY_AGAIN) if result is None else result

    async def check_liveness(
        self,
        video: bytes,
        challenge: str,
        references: Sequence[Encoding],
        *,
        max_seconds: float,
        max_bytes: int,
    ) -> CheckedClip:
        """A liveness video checked in a worker (`LivenessChecker`); "try again" as `verify`."""
        refs = [tuple(reference) for reference in references]
        clip = await self._run(check_upload, video, challenge, refs, max_seconds, max_bytes)
        return (
            CheckedClip(LivenessResult(False, LivenessReason.TRY_AGAIN)) if clip is None else clip
        )

    async def _run(self, function: Callable[..., T], *args: Any) -> T | None:
        if self._executor is None:
            raise RuntimeError("ProcessPoolMatcher.start() was not awaited")
        await self._free.acquire()
        # Read after the wait: the pool may have been rebuilt meanwhile.
        executor = self._executor
        if executor is None:  # closed while this check waited
            self._free.release()
            return None
        try:
            future = asyncio.get_running_loop().run_in_executor(executor, function, *args)
        except BrokenProcessPool:  # a worker died since the last job: found on submitting
            self._free.release()
            logger.error("a face worker died; rebuilding the pool")
            self._rebuild(executor)
            return None
        except BaseException:
            self._free.release()
            raise
        # The slot is the worker's until its job ends, also after the caller stopped waiting:
        # a check that overran still occupies its worker, and the next must not be timed
        # while it waits behind it.
        future.add_done_callback(self._job_done)
        return await self._timed(executor, future)

    def _job_done(self, future: asyncio.Future[Any]) -> None:
        self._free.release()
        if not future.cancelled():
            future.exception()  # retrieved: a failure nobody awaits is not logged as lost

    async def _timed(self, executor: ProcessPoolExecutor, future: asyncio.Future[T]) -> T | None:
        try:
            # shield: a timeout stops the waiting, not the job (which cannot be stopped).
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except TimeoutError:
            logger.warning("face check timed out after %.1f s", self.timeout)
        except BrokenProcessPool:
            logger.error("a face worker died; rebuilding the pool")
            self._rebuild(executor)
        except Exception as error:  # e.g. a result that failed to cross the process boundary
            logger.error("face check failed: %s", type(error).__name__)
        return None

    def _rebuild(self, broken: ProcessPoolExecutor) -> None:
        # Every caller that was waiting on the broken pool lands here; only the first rebuilds.
        if self._executor is not broken:
            return
        broken.shutdown(wait=False, cancel_futures=True)
        self._executor = self._new_executor()
        task = asyncio.get_running_loop().create_task(self._rewarm(self._executor))
        self._warming.add(task)
        task.add_done_callback(self._warming.discard)

    def _new_executor(self) -> ProcessPoolExecutor:
        # One BLAS thread per worker (dlib built with OpenBLAS): the pool is already a process
        # per core, and each worker spreading its encodings over every core made them all
        # slower. Read by OpenBLAS when a worker loads it, from the environment it inherits.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        # "spawn": a fresh interpreter per worker inherits no threads or locks from the server.
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=pipeline.warm_up,
        )

    async def _warm(self, executor: ProcessPoolExecutor) -> None:
        # The pool starts a process per task while none is idle: one task each starts them all.
        loop = asyncio.get_running_loop()
        calls = [loop.run_in_executor(executor, os.getpid) for _ in range(self.workers)]
        await asyncio.gather(*calls)

    async def _rewarm(self, executor: ProcessPoolExecutor) -> None:
        try:
            await self._warm(executor)
        except Exception as error:  # the next check will notice and rebuild again
            logger.error("face workers failed to start: %s", type(error).__name__)
