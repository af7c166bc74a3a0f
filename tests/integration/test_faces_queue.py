"""Face checks as arq jobs on a real Redis, with the worker running in this process."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator

import pytest
from arq import ArqRedis, create_pool
from arq.connections import RedisSettings

from core.faces import pipeline
from core.faces.port import Reason
from core.faces.queue import ArqFaceMatcher, create_worker
from tests.faces_fixtures import PDF, photo

pytestmark = [pytest.mark.faces, pytest.mark.redis]


@pytest.fixture
def queue_name() -> str:
    return f"presensi:test:faces:{uuid.uuid4().hex}"


@pytest.fixture
async def redis(redis_url: str, queue_name: str) -> AsyncIterator[ArqRedis]:
    pool = await create_pool(RedisSettings.from_dsn(redis_url))
    yield pool
    await pool.delete(queue_name)
    await pool.aclose()


@pytest.fixture
async def worker(redis_url: str, queue_name: str) -> AsyncIterator[None]:
    """A face worker with one process, consuming the test's own queue."""
    worker = create_worker(
        await create_pool(RedisSettings.from_dsn(redis_url)),
        queue_name=queue_name,
        workers=1,
        poll_delay=0.05,
    )
    task = asyncio.create_task(worker.async_run())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await worker.close()


@pytest.fixture
def matcher(redis: ArqRedis, queue_name: str) -> ArqFaceMatcher:
    # Generous: the first job waits for the worker's process pool to load the models.
    return ArqFaceMatcher(redis, queue_name=queue_name, timeout=60)


@pytest.fixture(scope="module")
def obama():
    return pipeline.enroll(photo("obama_1")).encoding


async def test_genuine_and_impostor_selfies_through_the_queue(worker, matcher, obama):
    genuine = await matcher.verify(photo("obama_2"), [obama])
    impostor = await matcher.verify(photo("biden_2"), [obama])

    assert genuine.match
    assert genuine.distance == pytest.approx(
        pipeline.verify(photo("obama_2"), [obama]).distance, abs=1e-6
    )
    assert (impostor.match, impostor.reason) == (False, Reason.NO_MATCH)


async def test_threshold_travels_with_the_job(worker, matcher, obama):
    result = await matcher.verify(photo("obama_2"), [obama], threshold=0.2)

    assert (result.match, result.threshold, result.reason) == (False, 0.2, Reason.NO_MATCH)


async def test_refusal_reason_comes_back(worker, matcher, obama):
    assert (await matcher.verify(PDF, [obama])).reason is Reason.NOT_AN_IMAGE
    assert (await matcher.verify(photo("two_people"), [obama])).reason is Reason.MULTIPLE_FACES


async def test_enrollment_photo_is_encoded_by_a_worker(worker, matcher, obama):
    result = await matcher.encode(photo("obama_1"))

    assert result.encoding == pytest.approx(obama, abs=1e-6)  # BLAS builds differ by ~1e-7


async def test_concurrent_checks_all_get_their_own_verdict(worker, matcher, obama):
    selfies = ["obama_2", "biden_1", "obama_small", "biden_2"]

    results = await asyncio.gather(*(matcher.verify(photo(s), [obama]) for s in selfies))

    assert [r.match for r in results] == [True, False, True, False]


async def test_a_living_head_is_accepted_by_a_worker_with_its_first_frame(worker, matcher):
    videos = pytest.importorskip("tests.liveness_videos")  # PyAV

    clip = await matcher.check_liveness(
        videos.stage_steady(), "toleh_kanan", [videos.performer()], max_seconds=8,
        max_bytes=20_000_000,
    )  # fmt: skip

    assert clip.result.passed and clip.result.reason is None
    assert clip.result.flatness is not None and clip.result.flatness > 0.25
    assert len(clip.result.hashes) == clip.result.frames
    assert clip.still is not None and clip.still.startswith(b"\xff\xd8")  # a JPEG


async def test_no_worker_means_try_again(redis, queue_name, obama):
    matcher = ArqFaceMatcher(redis, queue_name=queue_name, timeout=0.3)

    # Not the default (0.55): the threshold asked for is the one reported.
    result = await matcher.verify(photo("obama_2"), [obama], threshold=0.45)

    assert (result.match, result.distance, result.reason) == (False, None, Reason.TRY_AGAIN)
    assert result.threshold == 0.45
    assert (await matcher.encode(photo("obama_1"))).reason is Reason.TRY_AGAIN
    clip = await matcher.check_liveness(b"video", "toleh_kiri", [obama], max_seconds=8, max_bytes=9)
    assert (clip.result.passed, clip.result.reason) == (False, "try_again")


async def test_unreachable_redis_means_try_again(obama):
    unreachable = ArqRedis(host="127.0.0.1", port=1, socket_connect_timeout=1)
    matcher = ArqFaceMatcher(unreachable, timeout=5)

    assert (await matcher.verify(photo("obama_2"), [obama])).reason is Reason.TRY_AGAIN
    await unreachable.aclose()
