"""Delivering what a turn produced, message by message, resumable after a crash."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

Step = Callable[[], Awaitable[Any]]
Sent = Callable[[int], Awaitable[None]]


async def send_in_order(steps: Sequence[Step], start: int = 0, sent: Sent | None = None) -> None:
    """Run the sends after the first `start` (those went out before a crash), in order.

    `sent(n)` records that n went out, so that a recovery resumes after them; not after the
    last, whose end the caller records anyway (the row's delivery): one write less per reply.
    """
    for number, step in enumerate(steps, start=1):
        if number <= start:
            continue
        await step()
        if sent is not None and number < len(steps):
            await sent(number)
