"""The demo's closing tables: each employee's day, and the refused attempts.

They follow the configured language (LANGUAGE, or `--lang`): statuses and headings in words,
times in the organisation's zone and in the language's form (07.42 in Bahasa Indonesia).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from core.flows.texts import TEXTS, t
from core.reports.formats import clock, full_date
from core.reports.labels import status_name, words

ZONE = ZoneInfo("Asia/Jakarta")


def print_statuses(out: TextIO, day: date, report, database: str, language: str = "id") -> None:
    """`report`: the day's lines (core.recap.DayLine), times local to each unit."""
    w = words(language)
    out.write(f"\n{w['demo_title']}, {full_date(day, language)} (database: {database})\n\n")
    header = (
        f"{w['unit_code'].lower():<12} {w['name'].lower():<28} {w['status'].lower():<24} "
        f"{w['check_in'].lower():<6} {w['check_out'].lower():<6} {w['detail']}"
    )
    out.write(header + "\n" + "-" * len(header) + "\n")
    counts: dict[str, int] = {}
    for row in report:
        status, entry = row.status, row.entry
        counts[status.label] = counts.get(status.label, 0) + 1
        check_in = clock(entry.check_in, language) if entry.check_in else "-"
        check_out = clock(entry.check_out, language) if entry.check_out else "-"
        out.write(
            f"{entry.unit_code:<12} {row.person.name[:28]:<28} "
            f"{status_name(status.label, language)[:24]:<24} {check_in:<6} "
            f"{check_out:<6} {_detail(status, language)}\n"
        )
    out.write(
        "\n"
        + ", ".join(f"{status_name(k, language)}: {v}" for k, v in sorted(counts.items()))
        + "\n"
    )


def print_refused(out: TextIO, report, refused, language: str = "id") -> None:
    w = words(language)
    names = {r.person.id: r.person.name for r in report}
    out.write(f"\n{w['demo_refused']} ({len(refused)}):\n")
    for row in refused:
        # The rule stays a code: it is what `policy check` prints too.
        where = f" {w['demo_by']} {row.distance_m} m" if row.distance_m else ""
        out.write(
            f"  {_clock(row.at, language)} {names[row.employee_id]}: "
            f"{_outcome(row.outcome, language)}{where} [{row.rule}]\n"
        )


def _outcome(code: str, language: str) -> str:
    """'di luar area' for outside_area: the words the chat uses for a refused attempt."""
    key = f"outcome_{code}"
    return t(language, key) if key in TEXTS else code.replace("_", " ")


def _clock(at: datetime, language: str) -> str:
    return clock(at.astimezone(ZONE).time(), language)


def _detail(status, language: str) -> str:
    w = words(language)
    minutes = w["minutes_short"]
    parts = []
    if status.late_minutes:
        parts.append(f"{w['late'].lower()} {status.late_minutes} {minutes} ({status.late_band})")
    if status.early_minutes:
        parts.append(f"{w['early'].lower()} {status.early_minutes} {minutes} ({status.early_band})")
    if status.missing_out:
        parts.append(f"{w['missing_out'].lower()} ({status.early_band})")
    if status.missed_events:
        parts.append(f"{w['not_at']} " + ", ".join(status.missed_events))
    return "; ".join(parts)
