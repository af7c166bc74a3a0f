"""The revisions window: when a closed month's attendance may still be corrected. Pure.

Konawe Kepulauan allows changes and revisions of a month on the 1st to the 4th of the next month
(Perbup 18/2023 Pasal 13 ayat (4)); its preset sets `revision_days = (1, 4)`. While the month
runs, corrections follow the ordinary rules. After it closes only an admin corrects, and only
inside the window where a policy sets one. Once the month's report is submitted (`/kirimrekap`)
it is locked outside that window also where the policy sets none (`month_lock`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.citations import Citation
from core.recap import MONTHS_ID
from core.reporting import next_month


def revision_window(
    year: int, month: int, days: tuple[int, int] | None
) -> tuple[date, date] | None:
    """The dates on which month `year-month` may be revised, or None without a window."""
    if days is None:
        return None
    start = next_month(date(year, month, 1))
    return start.replace(day=days[0]), start.replace(day=days[1])


def describe_window(
    year: int, month: int, days: tuple[int, int] | None, rule: Citation | None
) -> str | None:
    """'revisi 1-4 Desember 2026 (Perbup ..., Pasal 13 ayat (4))', for reports and refusals."""
    window = revision_window(year, month, days)
    if window is None:
        return None
    first, last = window
    where = f" ({rule})" if rule else ""
    return f"revisi {first.day}-{last.day} {MONTHS_ID[first.month - 1]} {first.year}{where}"


def month_closed(day: date, today: date) -> bool:
    """Whether `day`'s month has ended on `today`."""
    return (day.year, day.month) < (today.year, today.month)


@dataclass(frozen=True)
class MonthLock:
    """Why a day of a closed month may no longer be changed: today is outside the month's
    revisions window (`window`, None where the policy sets none), or the month's report was
    submitted (`submitted_on`, core.services.submissions) and no window is open."""

    window: tuple[date, date] | None
    submitted_on: date | None = None


def month_lock(
    day: date, today: date, days: tuple[int, int] | None, submitted_on: date | None = None
) -> MonthLock | None:
    """The one rule every change of a past day asks (/manual, /koreksi, `attendance correct`,
    the machine import, a forgotten clock-in): whether `day`'s month is locked on `today`.

    A running month is open. A closed month stays open inside its revisions window. Outside it,
    a month is locked where the policy sets a window, and also where it sets none once its
    report was submitted (`/kirimrekap`): what was reported is the basis of the TPP pay.
    """
    if not month_closed(day, today):
        return None
    window = revision_window(day.year, day.month, days)
    if window is not None and window[0] <= today <= window[1]:
        return None
    if window is None and submitted_on is None:
        return None
    return MonthLock(window, submitted_on)


def closed_window(day: date, today: date, days: tuple[int, int] | None) -> tuple[date, date] | None:
    """For an admin changing `day` on `today`: the revisions window that `day`'s closed month
    is outside of, or None when the change is allowed (the month is open, or inside its
    window, or the policy sets none). `month_lock` adds the month's submission."""
    lock = month_lock(day, today, days)
    return lock.window if lock is not None else None


def lock_refusal(
    day: date, lock: MonthLock, revision_rule: Citation | None, report_rule: Citation | None
) -> tuple[str, dict]:
    """What a refusal of a locked month names: "window" with the window's days and rule, or
    "submitted" with the day the month was submitted and the reporting rule."""
    if lock.window is not None:
        return "window", window_values(day, lock.window, revision_rule)
    return "submitted", {"month": day, "date": lock.submitted_on, "rule": str(report_rule or "-")}


def window_values(day: date, window: tuple[date, date], rule: Citation | None) -> dict:
    """What a refusal outside the window names: the month, the window's days, the rule."""
    return {"month": day, "first": window[0], "last": window[1], "rule": str(rule or "-")}


def correction_refusal(
    work_date: date,
    today: date,
    days: tuple[int, int] | None,
    rule: Citation | None,
    by_admin: bool,
    submitted_on: date | None = None,
) -> str | None:
    """Why a correction of `work_date` made on `today` is not allowed, or None if it is."""
    if not month_closed(work_date, today):
        return None  # the month is still open
    month = f"{work_date.year}-{work_date.month:02d}"
    if not by_admin:
        return f"{month} is closed: only an admin may correct it"
    lock = month_lock(work_date, today, days, submitted_on)
    if lock is None:
        return None
    if lock.window is None:
        return f"{month} was submitted on {lock.submitted_on}: it is locked"
    where = f" ({rule})" if rule else ""
    return (
        f"{month} is closed: it may be revised only from {lock.window[0].isoformat()} to "
        f"{lock.window[1].isoformat()}{where}"
    )
