"""Recap benchmark: the monthly recap, its XLSX export and a unit's daily summary at regency size.

Run from the repository root:  .venv/bin/python benchmarks/recap_bench.py  (--help for options)

Creates its own PostgreSQL database (dropped afterwards) and seeds it in bulk, outside the audit
chain: 10 units of 1,000 employees (10,000), September 2026 (22 work days, no holiday), two
records a day for most people, some late or leaving early, some on approved leave, some absent
without reason, a few transfers mid-month and a few employees with their own overrides.

Prints the median of several runs for each task next to the naive way, and the ratio:

* monthly recap: `month_recap` for the whole organisation, against `day_report` (each
  employee's context read with its own queries) for each unit and work day, extrapolated from
  the timed 1,000-employee unit below (10 units x 22 days);
* XLSX: `month_xlsx` (write-only, streamed) against the same cells written through an ordinary
  openpyxl workbook (a cell object per value);
* daily summary of a 1,000-employee unit: `day_summary` against `day_report` for that unit.

The database is ANALYZEd after the bulk load, as autovacuum does after ordinary inserts. The
exit status is 1 when a target of issue 6 is missed: recap < 3 s, XLSX < 10 s, daily summary
< 200 ms.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from core.recap import MonthRecap  # noqa: E402
from core.reports.table import MonthTable, summary_header, summary_rows  # noqa: E402
from core.reports.xlsx import month_xlsx  # noqa: E402
from core.services.daily import day_report  # noqa: E402
from core.services.recap import day_summary, month_recap  # noqa: E402
from core.storage.database import make_engine, session_factory, upgrade  # noqa: E402
from core.storage.tables import (  # noqa: E402
    AbsenceRow,
    Assignment,
    EmployeeRow,
    Organisation,
    SiteRow,
    UnitRow,
)
from core.storage.uow import UnitOfWork  # noqa: E402
from core.tpp import TppAmounts  # noqa: E402

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
WIB = ZoneInfo("Asia/Jakarta")
YEAR, MONTH = 2026, 9
FIRST, LAST = date(YEAR, MONTH, 1), date(YEAR, MONTH, 30)
NOW = datetime(2026, 10, 1, 9, 0, tzinfo=WIB)
UNITS, PER_UNIT = 10, 1000
TARGETS = {"recap": 3.0, "xlsx": 10.0, "daily": 0.2}


def work_days() -> list[date]:
    days, day = [], FIRST
    while day <= LAST:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def seed(engine, employees_per_unit: int) -> None:
    """The organisation, units, staff, assignments and a month of records, in bulk."""
    rng = random.Random(6)
    sessions = session_factory(engine)
    with sessions() as session:
        org = Organisation(
            code="bench",
            name="Pemerintah Kabupaten Bench",
            zone="Asia/Jakarta",
            preset="sungai-penuh",
            preset_params={},
            policy={
                "events": [
                    {"code": "apel", "name": "Apel Senin", "weekdays": ["mon"], "start": "07:30"}
                ]
            },
        )
        session.add(org)
        session.flush()
        units = [
            UnitRow(
                org_id=org.id,
                code=f"U{n:02d}",
                name=f"Dinas Bench {n:02d}",
                kind="perangkat_daerah",
                zone="Asia/Jakarta",
                preset_params={},
                policy={},
            )
            for n in range(UNITS)
        ]
        session.add_all(units)
        session.flush()
        session.add_all(
            SiteRow(
                org_id=org.id,
                unit_id=u.id,
                code=f"site-{u.code}",
                name=u.name,
                kind="office",
                lat=-2.06,
                lon=101.39,
                radius_m=50,
            )
            for u in units
        )
        people = []
        for unit in units:
            for n in range(employees_per_unit):
                roles = "manager" if n == 0 else "admin" if n == 1 else "employee"
                policy = {"radius_m": 80} if n % 200 == 7 else {}
                people.append(
                    {
                        "org_id": org.id,
                        "unit_id": unit.id,
                        "name": f"Pegawai {n:04d}",
                        "identifier": f"1980{unit.id:02d}{n:04d}2005011{n % 10}",
                        "kind": "PNS",
                        "roles": roles,
                        "blocked": False,
                        "policy": policy,
                        "created_at": NOW,
                    }
                )
        session.execute(insert(EmployeeRow), people)
        ids = [
            row for row in session.execute(text("SELECT id, unit_id FROM employees ORDER BY id"))
        ]
        moves = []
        for index, (employee_id, unit_id) in enumerate(ids):
            moves.append(
                {"employee_id": employee_id, "unit_id": unit_id, "valid_from": date(2026, 1, 1)}
            )
            if index % 100 == 50:  # one in a hundred moves to the next unit mid-month
                other = units[(unit_id - units[0].id + 1) % UNITS].id
                moves.append(
                    {"employee_id": employee_id, "unit_id": other, "valid_from": date(2026, 9, 16)}
                )
        session.execute(insert(Assignment), moves)
        session.execute(insert(AbsenceRow), _absences(rng, ids))
        session.commit()
    _copy_attendance(engine, rng, [employee_id for employee_id, _ in ids])


def _absences(rng: random.Random, ids) -> list[dict]:
    rows = []
    for employee_id, _ in ids:
        if rng.random() < 0.05:
            start = date(2026, 9, rng.randint(1, 26))
            code = rng.choice(["S", "C", "DL"])
            rows.append(
                {
                    "employee_id": employee_id,
                    "code": code,
                    "subtype": None,
                    "first_day": start,
                    "last_day": start + timedelta(days=rng.randint(0, 4)),
                    "reason": "bench",
                    "evidence": [],
                    "status": "approved",
                    "created_at": NOW,
                }
            )
    return rows


def _copy_attendance(engine, rng: random.Random, ids: list[int]) -> None:
    """Two records a day for most employee-days, through COPY."""
    columns = (
        "employee_id, work_date, direction, at, outcome, accepted, minutes, band, event, "
        "rule, source, evidence, created_at"
    )
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor, cursor.copy(f"COPY attendance ({columns}) FROM STDIN") as copy:
            for employee_id in ids:
                for day in work_days():
                    for row in _records(rng, employee_id, day):
                        copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def _records(rng: random.Random, employee_id: int, day: date) -> list[tuple]:
    draw = rng.random()
    if draw < 0.05:
        return []  # TK, or covered by an approved absence
    start = datetime.combine(day, clock(7, 30), WIB)
    late = rng.randint(1, 120) if draw < 0.25 else 0
    early = rng.randint(1, 100) if rng.random() < 0.1 else 0
    event = "apel" if day.weekday() == 0 else None
    band_in = None if not late else f"TL{min(4, (late - 1) // 30 + 1)}"
    band_out = None if not early else f"PSW{min(4, (early - 1) // 30 + 1)}"
    out_at = datetime.combine(day, clock(16, 30 if day.weekday() == 4 else 0), WIB)
    common = ("bench", "telegram", "{}", NOW.astimezone(UTC))
    records = [
        (
            employee_id,
            day,
            "in",
            (start + timedelta(minutes=late - 10)).astimezone(UTC),
            "late" if late else "on_time",
            True,
            late,
            band_in,
            event,
            *common,
        )
    ]
    if draw > 0.08:  # a few forget to check out
        records.append(
            (
                employee_id,
                day,
                "out",
                (out_at - timedelta(minutes=early - 5)).astimezone(UTC),
                "left_early" if early else "on_time",
                True,
                early,
                band_out,
                None,
                *common,
            )
        )
    return records


# --- the naive ways ------------------------------------------------------------------------


def naive_xlsx(recap: MonthRecap) -> bytes:
    """The same cells through an ordinary workbook: a cell object per value."""
    book = Workbook()
    summary = book.active
    summary.title = "Ringkasan"
    for r, row in enumerate([summary_header(), *summary_rows(recap)], 1):
        for c, value in enumerate(row, 1):
            summary.cell(r, c, value)
    table = MonthTable(recap)
    for unit in recap.units:
        sheet = book.create_sheet(unit.code)
        for c, value in enumerate(table.header(), 1):
            sheet.cell(1, c, value)
        for r, line in enumerate(unit.employees, 2):
            for c, value in enumerate(table.row(r - 1, line), 1):
                sheet.cell(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- timing -----------------------------------------------------------------------------------


def median_of(runs: int, task: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = task()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--per-unit", type=int, default=PER_UNIT, help="employees per unit")
    parser.add_argument("--url", default=ADMIN_URL, help="PostgreSQL server (admin database)")
    args = parser.parse_args()
    name = f"presensi_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(args.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(args.url.rsplit("/", 1)[0] + f"/{name}")
    try:
        return run(engine, args.runs, args.per_unit)
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(engine, runs: int, per_unit: int) -> int:
    upgrade(engine)
    started = time.perf_counter()
    seed(engine, per_unit)
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        counted = connection.execute(text("SELECT count(*) FROM attendance")).scalar()
    staff = UNITS * per_unit
    print(
        f"seeded {staff:,} employees x {len(work_days())} work days ({counted:,} attendance "
        f"rows) in {time.perf_counter() - started:.1f} s"
    )
    sessions = session_factory(engine)

    def uow() -> UnitOfWork:
        return UnitOfWork(sessions)

    def recap() -> MonthRecap:
        with uow() as u:
            return month_recap(u, "bench", YEAR, MONTH, now=NOW, tpp=TppAmounts(5_000_000))

    def summary():
        with uow() as u:
            return day_summary(u, "bench", date(2026, 9, 14), "U03", now=NOW)

    recap_s, result = median_of(runs, recap)
    xlsx_s, data = median_of(runs, lambda: month_xlsx(result))
    daily_s, lines = median_of(runs * 2, summary)
    day = date(2026, 9, 14)
    naive_xlsx_s, _ = median_of(max(1, runs // 2), lambda: naive_xlsx(result))
    with uow() as u:
        naive_daily_s, _ = median_of(
            max(1, runs // 2), lambda: day_report(u, "bench", day, NOW, unit_code="U03")
        )
    # day_report for the whole organisation takes minutes a day; its per-unit time, which
    # grows with the unit's staff, stands for each of the month's unit-days.
    naive_recap_s = naive_daily_s * UNITS * len(work_days())
    rows = [
        (
            "monthly recap",
            f"{staff:,} x {len(work_days())} days",
            recap_s,
            naive_recap_s,
            f"day_report per unit and day: the unit below x {UNITS} units x 22 days",
            TARGETS["recap"],
        ),
        (
            "XLSX export",
            f"{len(data) / 1e6:.1f} MB, {len(result.units) + 1} sheets",
            xlsx_s,
            naive_xlsx_s,
            "ordinary openpyxl workbook",
            TARGETS["xlsx"],
        ),
        (
            "daily summary",
            f"unit U03, {len(lines.lines):,} employees",
            daily_s,
            naive_daily_s,
            "day_report for the unit",
            TARGETS["daily"],
        ),
    ]
    print(f"{'task':<15} {'size':<28} {'median':>9} {'naive':>9} {'ratio':>7}  target  naive way")
    missed = 0
    for task, size, fast, slow, how, target in rows:
        ok = fast < target
        missed += not ok
        print(
            f"{task:<15} {size:<28} {fast:>8.3f}s {slow:>8.2f}s {slow / fast:>6.1f}x  "
            f"<{target:g}s {'ok' if ok else 'MISSED'}  ({how})"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
