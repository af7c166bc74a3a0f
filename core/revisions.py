"""The revisions window: when a closed month's attendance may still be corrected. Pure.

Konawe Kepulauan allows changes and revisions of a month on the 1st to the 4th of the next month
(Perbup 18/2023 Pasal 13 ayat (4)); its preset sets `revision_days = (1, 4)`. While the month
runs, corrections follow the ordinary rules. After it closes only an admin corrects, and only
inside the window where a policy sets one.
"""

from __future__ import annotations

from datetime import date

from core.citations import Citation
from core.recap import MONTHS_ID


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


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


def closed_window(day: date, today: date, days: tuple[int, int] | None) -> tuple[date, date] | None:
    """For an admin changing `day` on `today`: the revisions window that `day`'s closed month
    is outside of, or None when the change is allowed (the month is open, or inside its
    window, or the policy sets none)."""
    if (day.year, day.month) >= (today.year, today.month):
        return None
    window = revision_window(day.year, day.month, days)
    if window is None or window[0] <= today <= window[1]:
        return None
    return window


def window_values(day: date, window: tuple[date, date], rule: Citation | None) -> dict:
    """What a refusal outside the window names: the month, the window's days, the rule."""
    return {"month": day, "first": window[0], "last": window[1], "rule": str(rule or "-")}


def correction_refusal(
    work_date: date,
    today: date,
    days: tuple[int, int] | None,
    rule: Citation | None,
    by_admin: bool,
) -> str | None:
    """Why a correction of `work_date` made on `today` is not allowed, or None if it is."""
    if (work_date.year, work_date.month) >= (today.year, today.month):
        return None  # the month is still open
    month = f"{work_date.year}-{work_date.month:02d}"
    if not by_admin:
        return f"{month} is closed: only an admin may correct it"
    window = closed_window(work_date, today, days)
    if window is None:
        return None
    where = f" ({rule})" if rule else ""
    return (
        f"{month} is closed: it may be revised only from {window[0].isoformat()} to "
        f"{window[1].isoformat()}{where}"
    )
