"""Waiting for a face verdict: the time that counts is the arrival, the wait is the server's.

A selfie or video that arrived inside its window is judged at its arrival however long the face
workers take (`Turn.now`). When the verdict is slower than `FlowConfig.interim_after_s` (a
morning backlog), the employee is told at once that it arrived and is being checked; the
verdict follows as the step's answer. An engine failure (a worker that died, a check that
overran) is tried once more with the same bytes; failing again, the message goes back to the
inbox (`FaceCheckUnavailable`), which tries it again after 5 s and 30 s with its arrival time:
no one is told to send it again. One that fails every time is given up on the third failure,
and its sender told, so that it cannot hold up their later messages.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from core.faces.port import FaceCheckUnavailable
from core.flows.turn import Turn

T = TypeVar("T")
ATTEMPTS = 2
# The announcements on their way (asyncio keeps only weak references to tasks).
_ANNOUNCING: set[asyncio.Task[None]] = set()


def _beside(work: Coroutine[Any, Any, None]) -> None:
    task = asyncio.ensure_future(work)
    _ANNOUNCING.add(task)
    task.add_done_callback(_ANNOUNCING.discard)


async def verdict(
    turn: Turn,
    check: Callable[[], Awaitable[T]],
    failed: Callable[[T], bool],
    arrived: str,
) -> T:
    """`check()`'s result, announced as under way (with `arrived`, the local time the message
    arrived: "07:28 WIB") when it is slow, tried again once when the engine failed; raises
    `FaceCheckUnavailable` when it failed twice."""
    told = False
    for _ in range(ATTEMPTS):
        task = asyncio.ensure_future(check())
        if not told:
            done, _ = await asyncio.wait({task}, timeout=turn.deps.config.interim_after_s)
            if not done:
                told = True
                # Beside the check, not before its verdict: under a flood of messages the
                # announcement may itself wait for Telegram's pace.
                _beside(turn.say_now("face_checking", time=arrived))
        result = await task
        if not failed(result):
            return result
    raise FaceCheckUnavailable("the face engine failed twice on one message")
