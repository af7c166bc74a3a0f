"""Receipt benchmark: checking a receipt code is a lookup, whatever the audit log's length.

Run from the repository root:  python3 dev.py bench receipt_bench  (--help for options)

Seeds a SQLite file (or --database URL, emptied first: PostgreSQL) with the Sungai Penuh
example, one clock-in record and its receipt, then `--entries` audit entries of other rows
after it in its organisation's chain (an old receipt, checked months later). Prints the median
time of `core.services.receipts.verify` for that code and of issuing it (the code of a row from
its latest entry), with the index of migration 0016 on the log's (org, entity, entity_id, seq)
and without it (the entries after the receipt's then need a scan).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from core import receipts as codes  # noqa: E402
from core.clock import FixedClock  # noqa: E402
from core.employee_file import parse_employees_csv  # noqa: E402
from core.org.file import parse_org  # noqa: E402
from core.services import receipts  # noqa: E402
from core.services.employees import import_employees  # noqa: E402
from core.services.orgs import load_org  # noqa: E402
from core.storage.database import make_engine, session_factory, upgrade  # noqa: E402
from core.storage.tables import AttendanceRow, AuditRow, EmployeeRow  # noqa: E402
from core.storage.uow import UnitOfWork  # noqa: E402

KEY = b"bench-receipt-key"
NOW = datetime(2026, 11, 24, 0, 20, tzinfo=UTC)  # 07:20 WIB on a Tuesday
EXAMPLES = ROOT / "examples"


def seed(url: str, entries: int) -> tuple[object, str]:
    """The database, seeded; the receipt code of its one clock-in."""
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    sessions = session_factory(engine)
    clock = FixedClock(NOW)
    spec = parse_org((EXAMPLES / "org-sungai-penuh.yaml").read_text())
    with UnitOfWork(sessions, clock) as uow:
        load_org(uow, spec)
        staff = parse_employees_csv(
            (EXAMPLES / "employees-sungai-penuh.csv").read_text(), {u.code for u in spec.units}
        )
        import_employees(uow, "pemkot-sungai-penuh", staff, date(2026, 1, 1))
        uow.commit()
    with UnitOfWork(sessions, clock) as uow:  # the receipted clock-in, then a long log after it
        employee = uow.session.scalars(select(EmployeeRow).limit(1)).one()
        row = AttendanceRow(employee_id=employee.id, work_date=date(2026, 11, 24), direction="in",
                            at=NOW, outcome="on_time", accepted=True, minutes=0, rule="bench",
                            source="telegram", evidence={})  # fmt: skip
        uow.add(row, f"employee:{employee.id}", "attendance.in")
        code = receipts.issue(uow, row, KEY)
        uow.commit()
    with UnitOfWork(sessions, clock) as uow:
        org_id, head = uow.session.execute(
            select(AuditRow.org_id, AuditRow.seq).order_by(AuditRow.seq.desc()).limit(1)
        ).one()
        # Entries of other rows, written straight in batches: only their number matters here.
        for start in range(0, entries, 20_000):
            batch = [
                {
                    "org_id": org_id,
                    "seq": head + i + 1,
                    "at": NOW,
                    "actor": "bench",
                    "action": "attendance.in",
                    "entity": "attendance",
                    "entity_id": str(10**6 + i),
                    "digest": "0" * 64,
                    "prev_hash": "0" * 64,
                    "hash": f"{head + i + 1:064x}",
                    "mac": None,
                }
                for i in range(start, min(entries, start + 20_000))
            ]
            uow.session.execute(insert(AuditRow), batch)
        uow.commit()
    assert code is not None
    return engine, code


def median_ms(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1e3)
    return statistics.median(times)


def measure(engine, code: str, runs: int) -> tuple[float, float]:
    sessions = session_factory(engine)

    def check() -> None:
        with UnitOfWork(sessions) as uow:
            assert receipts.verify(uow, KEY, code).status == codes.STANDS

    def issue_again() -> None:
        with UnitOfWork(sessions) as uow:
            row = uow.session.scalars(select(AttendanceRow)).one()
            assert receipts.issue(uow, row, KEY) == code  # from the row's latest entry

    check()
    return median_ms(check, runs), median_ms(issue_again, runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000, help="audit entries of the chain")
    parser.add_argument("--runs", type=int, default=50, help="timed runs per figure")
    parser.add_argument("--database", help="SQLAlchemy URL (emptied!); default a temporary file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{folder}/receipts.db"
        engine, code = seed(url, args.entries)
        indexed = measure(engine, code, args.runs)
        with engine.begin() as connection:
            connection.execute(text("DROP INDEX ix_audit_log_entity"))
        scanned = measure(engine, code, args.runs)
        engine.dispose()
    print(f"{engine.dialect.name}, {args.entries:,} audit entries, median of {args.runs} runs")
    print(f"  verify {code}: {indexed[0]:.2f} ms with the index, {scanned[0]:.2f} ms without "
          f"({scanned[0] / indexed[0]:.0f}x)")  # fmt: skip
    print(f"  issue (row's latest entry): {indexed[1]:.2f} ms with the index, "
          f"{scanned[1]:.2f} ms without ({scanned[1] / indexed[1]:.0f}x)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
