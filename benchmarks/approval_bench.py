"""Approval benchmark: the requests waiting for approvers at regency size, on PostgreSQL.

Run from the repository root:  python3 dev.py bench approval_bench  (--help for options)

Seeds its own database as benchmarks/recap_bench does (10 units of 1,000 employees), then files
`--pending` sick notes still waiting, filed over the last three days with each unit's first
admin as approver. Times, as the median of several runs, what runs for them:
* the reminders and escalations due (`approval_queue.due`), which every worker computes at the
  start of every minute;
* one admin's `/antrian` (`approval_queue.queue`);
each against the naive way of finding the approvers (the previous design): every employee of
the unit or organisation read and filtered in Python, where `UnitOfWork.holding` now reads only
the holders of the role, once per transaction.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import recap_bench  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from core.services import approval_queue  # noqa: E402
from core.storage.database import make_engine, session_factory, upgrade  # noqa: E402
from core.storage.tables import AbsenceRow, EmployeeRow  # noqa: E402
from core.storage.uow import UnitOfWork  # noqa: E402

NOW = datetime(2026, 10, 1, 3, 30, tzinfo=UTC)  # Thursday 1 October 2026, 10:30 WIB


def naive_holding(self, org_id: int, role: str, unit_id: int | None = None) -> list[EmployeeRow]:
    """The previous design: everyone of the unit (or organisation) read, then filtered."""
    staff = self.employees(org_id, None if unit_id is None else [unit_id])
    return [e for e in staff if role in e.role_set]


def file_pending(engine, count: int) -> int:
    """`count` sick notes waiting, filed over the last three days; return an approver's id."""
    with engine.begin() as connection:
        staff = connection.execute(
            text("SELECT id, unit_id FROM employees WHERE roles = 'employee' ORDER BY id")
        ).all()
        admins = dict(
            connection.execute(
                text(
                    "SELECT unit_id, min(id) FROM employees WHERE roles = 'admin' GROUP BY unit_id"
                )
            ).all()
        )
        rng = random.Random(13)
        rows = [
            {
                "employee_id": employee_id,
                "code": "S",
                "subtype": None,
                "first_day": date(2026, 10, 1),
                "last_day": date(2026, 10, 1),
                "reason": "bench",
                "evidence": [],
                "status": "pending",
                "created_at": NOW - timedelta(hours=rng.uniform(0, 72)),
                "approver_id": admins[unit_id],
            }
            for employee_id, unit_id in rng.sample(staff, count)
        ]
        connection.execute(insert(AbsenceRow), rows)
    return admins[staff[0][1]]


def median_s(runs: int, task: Callable[[], object]) -> tuple[float, object]:
    spent, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = task()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per timing (median)")
    parser.add_argument("--per-unit", type=int, default=1000, help="employees per unit")
    parser.add_argument("--naive-runs", type=int, default=1, help="of the naive way (minutes)")
    parser.add_argument("--pending", type=int, default=500, help="requests waiting")
    parser.add_argument("--url", default=recap_bench.ADMIN_URL, help="PostgreSQL (admin db)")
    args = parser.parse_args()
    name = f"presensi_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(args.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(args.url.rsplit("/", 1)[0] + f"/{name}")
    try:
        return run(engine, args)
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(engine, args) -> int:
    upgrade(engine)
    recap_bench.seed(engine, args.per_unit)
    approver = file_pending(engine, args.pending)
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
    sessions = session_factory(engine)

    def due() -> int:
        with UnitOfWork(sessions) as uow:
            return len(approval_queue.due(uow, NOW))

    def queue() -> int:
        with UnitOfWork(sessions) as uow:
            return len(approval_queue.queue(uow, uow.employee(approver), NOW))

    due()  # the first call imports the holiday calendars: not part of a minute's work
    print(
        f"{recap_bench.UNITS * args.per_unit:,} employees, {args.pending} requests waiting; "
        f"median of {args.runs} runs (the naive way: {args.naive_runs})"
    )
    today = {"due": median_s(args.runs, due), "queue": median_s(args.runs, queue)}
    holding = UnitOfWork.holding
    UnitOfWork.holding = naive_holding  # type: ignore[method-assign]
    try:
        runs = args.naive_runs
        naive = {"due": median_s(runs, due), "queue": median_s(runs, queue)}
    finally:
        UnitOfWork.holding = holding  # type: ignore[method-assign]
    labels = {"due": "reminders and escalations due", "queue": "one admin's /antrian"}
    for task, label in labels.items():
        (now_s, found), (naive_s, naive_found) = today[task], naive[task]
        same = "same" if found == naive_found else f"DIFFERENT ({naive_found})"
        print(
            f"  {label:<32} {now_s:7.2f} s  naive {naive_s:7.2f} s  "
            f"{now_s / naive_s:5.2f}x  ({found} found, {same})"
        )
    return 0 if all(today[t][1] == naive[t][1] for t in labels) else 1


if __name__ == "__main__":
    sys.exit(main())
