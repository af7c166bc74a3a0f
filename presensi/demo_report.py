"""The demo's closing tables: each employee's day, and the refused attempts."""

from __future__ import annotations

from datetime import date, datetime
from typing import TextIO
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Jakarta")


def print_statuses(out: TextIO, day: date, report, database: str) -> None:
    out.write(f"\nStatus per employee, {day:%d-%m-%Y} (database: {database})\n\n")
    header = f"{'unit':<12} {'nama':<28} {'status':<16} {'masuk':<6} {'pulang':<6} detail"
    out.write(header + "\n" + "-" * len(header) + "\n")
    counts: dict[str, int] = {}
    for row in report:
        status = row.status
        counts[status.label] = counts.get(status.label, 0) + 1
        check_in = _clock(row.check_in.at) if row.check_in else "-"
        check_out = _clock(row.check_out.at) if row.check_out else "-"
        out.write(f"{row.unit_code:<12} {row.employee.name[:28]:<28} {status.label:<16} "
                  f"{check_in:<6} {check_out:<6} {_detail(status)}\n")
    out.write("\n" + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + "\n")


def print_refused(out: TextIO, report, refused) -> None:
    names = {r.employee.id: r.employee.name for r in report}
    out.write(f"\nrefused attempts ({len(refused)}):\n")
    for row in refused:
        where = f" by {row.distance_m} m" if row.distance_m else ""
        out.write(f"  {_clock(row.at)} {names[row.employee_id]}: {row.outcome}{where} "
                  f"[{row.rule}]\n")


def _clock(at: datetime) -> str:
    return at.astimezone(ZONE).strftime("%H:%M")


def _detail(status) -> str:
    parts = []
    if status.late_minutes:
        parts.append(f"terlambat {status.late_minutes} mnt ({status.late_band})")
    if status.early_minutes:
        parts.append(f"pulang cepat {status.early_minutes} mnt ({status.early_band})")
    if status.missing_out:
        parts.append(f"tidak absen pulang ({status.early_band})")
    if status.missed_events:
        parts.append("tidak ikut " + ", ".join(status.missed_events))
    return "; ".join(parts)
