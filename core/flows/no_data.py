"""Why there is nothing to report, in the reader's language (core.recap.NoData carries the case,
the period and the scope; its own message is the operator's English)."""

from __future__ import annotations

from datetime import date

from core.flows.texts import t
from core.recap import NoData
from core.reports.formats import month_name


def no_data_words(language: str, error: NoData) -> str:
    """The reason, e.g. "belum ada presensi tercatat pada November 2026"."""
    return t(language, f"no_data_{error.why}", period=_period(language, error.period),
             scope=error.scope)  # fmt: skip


def _period(language: str, period: str) -> str:
    """A month (YYYY-MM) by its name, a day (YYYY-MM-DD) as the chat writes dates."""
    if len(period) == 7:
        return month_name(int(period[:4]), int(period[5:]), language)
    return date.fromisoformat(period).strftime("%d-%m-%Y")
