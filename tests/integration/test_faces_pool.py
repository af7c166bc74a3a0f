"""The local process pool: verdicts off the event loop, "try again" when slow or crashed."""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from collections.abc import AsyncIterator

import pytest

from core.faces import pipeline
from core.faces.pool import ProcessPoolMatcher
from core.faces.port import Reason
from tests.faces_fixtures import PDF, photo

pytestmark = pytest.mark.faces


@pytest.fixture
async def matcher() -> AsyncIterator[ProcessPoolMatcher]:
    async with ProcessPoolMatcher(workers=1, timeout=30) as started:
        yield started


@pytest.fixture(scope="module")
def obama():
    return pipeline.enroll(photo("obama_1")).encoding


async def test_genuine_selfie_matches(matcher, obama):
    result = await matcher.verify(photo("obama_2"), [obama])

    assert result.match
    assert result.distance is not None and result.distance <= result.threshold


async def test_impostor_does_not_match(matcher, obama):
    result = await matcher.verify(photo("biden_1"), [obama])

    assert (result.match, result.reason) == (False, Reason.NO_MATCH)


async def test_threshold_per_call(matcher, obama):
    result = await matcher.verify(photo("obama_2"), [obama], threshold=0.2)

    assert (result.match, result.threshold) == (False, 0.2)


async def test_enrollment_photo_is_encoded(matcher, obama):
    result = await matcher.encode(photo("obama_1"))

    assert result.encoding == pytest.approx(obama, abs=1e-6)  # BLAS builds differ by ~1e-7


async def test_bad_photo_gets_its_reason_and_the_worker_carries_on(matcher, obama):
    assert (await matcher.verify(PDF, [obama])).reason is Reason.NOT_AN_IMAGE
    assert (await matcher.verify(photo("two_people"), [obama])).reason is Reason.MULTIPLE_FACES
    assert (await matcher.verify(photo("obama_2"), [obama])).match


async def test_the_event_loop_keeps_running_during_a_check(matcher, obama):
    finished: list[str] = []

    async def check() -> None:
        await matcher.verify(photo("obama_2"), [obama])
        finished.append("check")

    async def other_request() -> None:
        await asyncio.sleep(0)
        finished.append("other request")

    await asyncio.gather(check(), other_request())

    assert finished == ["other request", "check"]


async def test_slow_check_says_try_again(matcher, obama):
    matcher.timeout = 0.000_1

    result = await matcher.verify(photo("obama_2"), [obama])

    assert (result.match, result.distance, result.reason) == (False, None, Reason.TRY_AGAIN)
    matcher.timeout = 30
    assert (await matcher.verify(photo("obama_2"), [obama])).match


async def test_checks_waiting_for_the_worker_are_not_timed_out(obama):
    """A backlog longer than the check's own limit: every selfie waits its turn and matches."""
    async with ProcessPoolMatcher(workers=1, timeout=1.0) as matcher:
        started = time.monotonic()
        results = await asyncio.gather(
            *(matcher.verify(photo("obama_2"), [obama]) for _ in range(40))
        )
        waited = time.monotonic() - started

    assert waited > matcher.timeout  # the last ones waited longer than a check may take
    assert [result.reason for result in results] == [None] * 40


async def test_a_liveness_video_is_checked_in_a_worker(matcher, obama):
    videos = pytest.importorskip("tests.liveness_videos")  # PyAV

    flat = await matcher.check_liveness(
        videos.moved(), "toleh_kiri", [obama], max_seconds=8, max_bytes=20_000_000
    )
    long = await matcher.check_liveness(
        videos.moved(), "toleh_kiri", [obama], max_seconds=1, max_bytes=20_000_000
    )

    assert (flat.result.passed, flat.result.reason, flat.still) == (False, "flat", None)
    assert flat.result.frames_with_face == flat.result.frames > 0
    assert long.result.reason == "video_too_long"


async def test_a_slow_liveness_check_says_try_again(matcher, obama):
    matcher.timeout = 0.000_1

    clip = await matcher.check_liveness(b"x", "toleh_kiri", [obama], max_seconds=8, max_bytes=9)

    assert (clip.result.passed, clip.result.reason) == (False, "try_again")


async def test_crashed_worker_says_try_again_then_the_pool_recovers(obama):
    others = set(multiprocessing.active_children())
    async with ProcessPoolMatcher(workers=1, timeout=30) as matcher:
        for worker in set(multiprocessing.active_children()) - others:
            worker.kill()  # only this pool's worker
            worker.join()

        crashed = await matcher.verify(photo("obama_2"), [obama])
        recovered = await matcher.verify(photo("obama_2"), [obama])

    assert (crashed.match, crashed.reason) == (False, Reason.TRY_AGAIN)
    assert recovered.match


async def test_unstarted_pool_is_a_programming_error(obama):
    with pytest.raises(RuntimeError, match="start"):
        await ProcessPoolMatcher(workers=1).verify(photo("obama_2"), [obama])
