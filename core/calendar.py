"""Holidays: national ones and cuti bersama from the `holidays` library, plus local ones."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _national(year: int, language: str) -> dict[date, str]:
    # "government" is the library's category for cuti bersama (joint leave days for ASN).
    found = holidays.country_holidays(
        "ID", years=year, language=language, categories=("public", "government")
    )
    return dict(found.items())


@lru_cache(maxsize=64)
def _joint_leave_known(year: int) -> bool:
    # Cuti bersama are decreed year by year (an SKB in the year before): none listed means the
    # year's calendar is not settled yet, and its Islamic holidays are still estimates.
    return bool(holidays.country_holidays("ID", years=year, categories=("government",)))


class HolidayCalendar:
    """Which dates are holidays for an organisation, and their names."""

    def __init__(
        self,
        local: Mapping[date, str] | None = None,
        removed: frozenset[date] = frozenset(),
        national: bool = True,
        language: str = "id",
    ) -> None:
        self._local = dict(local or {})
        self._removed = removed  # a national day a region works through, by decree
        self._national = national
        self._language = language

    def __call__(self, day: date) -> str | None:
        """The holiday's name on `day`, or None for an ordinary day."""
        if day in self._local:
            return self._local[day]
        if not self._national or day in self._removed:
            return None
        return _national(day.year, self._language).get(day)

    def settled(self, year: int) -> bool:
        """Whether `year`'s holidays are decreed: the national cuti bersama are known or,
        without national holidays, the organisation listed its own for the year."""
        if self._national:
            return _joint_leave_known(year)
        return any(day.year == year for day in self._local)

    def between(self, first: date, last: date) -> dict[date, str]:
        """All holidays from `first` to `last` inclusive."""
        days = {}
        for year in range(first.year, last.year + 1):
            for day in [*_national(year, self._language), *self._local]:
                name = self(day)
                if first <= day <= last and name:
                    days[day] = name
        return dict(sorted(days.items()))
