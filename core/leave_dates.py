"""Which days an absence request may cover, counted from the day it is filed.

One place for the dates rules of a request: the service (`core.services.absences`) enforces them
for every caller (chat, command line, API), and the /izin flow asks the same function so that it
can answer at the dates step, before the reason and the evidence are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from core.citations import Citation, default
from core.policy import Policy

# One request covers at most a quarter; longer leave (cuti besar, maternity) is filed in parts,
# so that each part is approved and shown in the recaps of the months it covers.
MAX_DAYS = 92
MAX_DAYS_RULE = default(
    f"one request covers at most {MAX_DAYS} days; longer leave is filed in parts"
)
ORDER_RULE = default("the last day of a request is not before its first day")


class DatesProblem(StrEnum):
    ORDER = "order"  # the last day comes before the first
    TOO_LONG = "too_long"  # more than MAX_DAYS days
    TOO_FAR_BACK = "too_far_back"  # starts more than leave_max_days_back before the filing day
    TOO_FAR_AHEAD = "too_far_ahead"  # starts more than leave_max_days_ahead after it


@dataclass(frozen=True)
class DatesRefusal:
    """Why the dates are refused, the limit in days, the nearest first day allowed, the rule."""

    problem: DatesProblem
    days: int
    boundary: date | None
    rule: Citation

    def __str__(self) -> str:  # the service's words; the chat flow words it per language
        if self.problem is DatesProblem.ORDER:
            return "the last day comes before the first day"
        if self.problem is DatesProblem.TOO_LONG:
            return f"one request covers at most {self.days} days ({self.rule})"
        direction = "back" if self.problem is DatesProblem.TOO_FAR_BACK else "ahead"
        edge = "earliest" if self.problem is DatesProblem.TOO_FAR_BACK else "latest"
        return (
            f"a request starts at most {self.days} days {direction}: the first day at the "
            f"{edge} {self.boundary.isoformat()} ({self.rule})"  # type: ignore[union-attr]
        )


def dates_refusal(
    policy: Policy, code: str, first: date, last: date, today: date
) -> DatesRefusal | None:
    """Why `first`..`last` may not be requested on `today` (the employee's local date), or None."""
    if last < first:
        return DatesRefusal(DatesProblem.ORDER, 0, None, ORDER_RULE)
    if (last - first).days + 1 > MAX_DAYS:
        return DatesRefusal(DatesProblem.TOO_LONG, MAX_DAYS, None, MAX_DAYS_RULE)
    back = int(policy.leave_max_days_back.value)
    if first < today - timedelta(days=back):
        earliest = today - timedelta(days=back)
        return DatesRefusal(
            DatesProblem.TOO_FAR_BACK, back, earliest, policy.leave_max_days_back.rule
        )
    ahead = policy.days_ahead(code)
    if first > today + timedelta(days=ahead):
        latest = today + timedelta(days=ahead)
        return DatesRefusal(
            DatesProblem.TOO_FAR_AHEAD, ahead, latest, policy.leave_max_days_ahead.rule
        )
    return None
