"""Which month a person means, and which months they may ask about their own attendance. Pure.

Staff type a month the way they say it: `2026-11`, `11-2026`, `November`, `nov 2025`, `Nopember`
(the older Indonesian spelling still on many forms), `bulan lalu`. A name without a year is the
latest such month that has begun: in February, "desember" is the December just past, not the
one ten months ahead, which nobody asks about.
"""

from __future__ import annotations

import re
from datetime import date

from core.citations import default

# Month names in Bahasa Indonesia and English, with the abbreviations people type.
_NAMES = (
    ("januari", "january", "jan"),
    ("februari", "pebruari", "february", "feb", "peb"),
    ("maret", "march", "mar"),
    ("april", "apr"),
    ("mei", "may"),
    ("juni", "june", "jun"),
    ("juli", "july", "jul"),
    ("agustus", "august", "agu", "agt", "agus", "aug"),
    ("september", "sept", "sep"),
    ("oktober", "october", "okt", "oct"),
    ("november", "nopember", "nov", "nop"),
    ("desember", "december", "des", "dec"),
)
MONTH_NAMES = {name: number for number, names in enumerate(_NAMES, 1) for name in names}
_RELATIVE = {"bulan ini": 0, "this month": 0, "bulan lalu": -1, "last month": -1}

# Before the employee's first day there is nothing of theirs to show: the recap leaves those
# days out rather than count them TK (core.policy.resolver.unit_on).
BEFORE_START_RULE = default("months before the employee's first assignment have no days of theirs")


class BadMonth(ValueError):
    """A month that cannot be read; the chat answers with the accepted forms."""


def read_month(text: str, today: date) -> tuple[int, int]:
    """(year, month) of what was typed, e.g. '2026-11', '11/2026', 'November 2026', 'nov'."""
    words = " ".join(text.lower().replace(",", " ").split())
    if words in _RELATIVE:
        return _shift(today.year, today.month, _RELATIVE[words])
    numeric = re.fullmatch(r"(\d{4})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{4})", words)
    if numeric:
        year, month = (numeric[1], numeric[2]) if numeric[1] else (numeric[4], numeric[3])
        return _checked(int(year), int(month), text)
    named = re.fullmatch(r"([a-z]+)(?: (\d{4}))?|(\d{4}) ([a-z]+)", words)
    if named:
        name, year = (named[1], named[2]) if named[1] else (named[4], named[3])
        if name in MONTH_NAMES:
            month = MONTH_NAMES[name]
            if year:
                return _checked(int(year), month, text)
            return (today.year if month <= today.month else today.year - 1), month
    raise BadMonth(text)


def _checked(year: int, month: int, text: str) -> tuple[int, int]:
    if not (1 <= month <= 12 and 2000 <= year <= 2099):
        raise BadMonth(text)
    return year, month


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def month_refusal(year: int, month: int, today: date, start: date | None) -> str | None:
    """Why an employee's own month cannot be shown: "future" (it has not begun) or
    "before_start" (BEFORE_START_RULE); None when it can."""
    if (year, month) > (today.year, today.month):
        return "future"
    if start is not None and (year, month) < (start.year, start.month):
        return "before_start"
    return None
