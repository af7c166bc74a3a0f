"""Numbers, dates and times as a reader of the report's language writes them, through Babel.

Bahasa Indonesia writes 4,76 and 1.234.567 and 'Jumat, 27 November 2026'; English readers get
4.76 and 'Friday, 27 November 2026'. English uses the en_GB locale: day-month order and a
24-hour clock, as on the Indonesian forms the reports replace.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from babel.dates import format_date, format_time
from babel.numbers import format_decimal, get_decimal_symbol

LOCALES = {"id": "id_ID", "en": "en_GB"}


def locale_of(language: str) -> str:
    try:
        return LOCALES[language]
    except KeyError:
        raise ValueError(
            f"unknown language {language!r}; use one of {', '.join(LOCALES)}"
        ) from None


def number(value: int | float | Decimal | None, language: str = "id", digits: int = 0) -> str:
    """1.234 or 95,24 (id), 1,234 or 95.24 (en); `digits` fixes the decimals; None is ''."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale_of(language))


def decimal(value: int | float | Decimal | None, language: str = "id", group: bool = True) -> str:
    """A number with as many decimals as it has (up to two): 57, 1,5, 95,24; `group` puts
    the thousands mark in (1.234); None is ''."""
    if value is None:
        return ""
    pattern = "#,##0.##" if group else "0.##"
    return format_decimal(value, format=pattern, locale=locale_of(language))


def decimal_mark(language: str = "id") -> str:
    """',' in Bahasa Indonesia, '.' in English."""
    return get_decimal_symbol(locale_of(language))


def long_date(day: date, language: str = "id") -> str:
    """'27 November 2026'."""
    return format_date(day, "long", locale=locale_of(language))


def full_date(day: date, language: str = "id") -> str:
    """'Jumat, 27 November 2026' (id), 'Friday, 27 November 2026' (en)."""
    return format_date(day, "full", locale=locale_of(language))


def month_name(year: int, month: int, language: str = "id") -> str:
    """'November 2026'; the standalone month name, as a title uses it."""
    return format_date(date(year, month, 1), "LLLL y", locale=locale_of(language))


def clock(value: time | None, language: str = "id") -> str:
    """'07.42' (id), '07:42' (en); None is ''."""
    return "" if value is None else format_time(value, "short", locale=locale_of(language))


def stamp(at: datetime, language: str = "id") -> str:
    """'1 Desember 2026 09.00 WIB': the instant in its own zone, which the recap gives as the
    organisation's; the zone's abbreviation (WIB, WITA, WIT) is what staff read on forms."""
    zone = at.tzname() or ""
    text = f"{long_date(at.date(), language)} {clock(at.time(), language)}"
    return f"{text} {zone}".strip()
