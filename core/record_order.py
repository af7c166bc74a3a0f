"""A day's check-in comes before its check-out: a record entered or corrected by hand must keep
that order. Pure.

A chat clock-in cannot break it (a check-out before any check-in is judged as such by the
window), but an admin's fallback record or correction is typed: "masuk 16:45" after a "pulang
16:30", or a check-out moved before the check-in, would make a day no regulation can read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from core.rules import Direction


def out_of_order(
    direction: Direction, at: datetime, others: Iterable[tuple[str, datetime]]
) -> datetime | None:
    """The time of the day's record of the other direction that `at` would come after (for a
    check-in) or before (for a check-out), or None when the order holds. `others` are the day's
    accepted records as (direction value, instant)."""
    for other_direction, other_at in others:
        if other_direction == direction.value:
            continue
        if direction is Direction.IN and other_at <= at:
            return other_at
        if direction is Direction.OUT and other_at >= at:
            return other_at
    return None
