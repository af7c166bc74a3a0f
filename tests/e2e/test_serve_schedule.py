"""The scheduled work of several `presensi serve` workers on one PostgreSQL and Redis: every
notice that is due goes out exactly once, whichever worker sends it (issue 13: "the scheduled
parts run once across several workers").

Two real servers (tests/serve_harness.py) with their clocks at Tuesday 1 December 2026,
07:16:35 WIB (25 s to start both, several times what each takes): the first working day of the
month, inside the quarter of an hour before the check-in window's on-time limit (07:30), with
the heads' summary set to 07:15. Both workers look at the start of the minute, 07:17:00; due
then are:
- the clock-in reminder of everyone who has not clocked in (core.flows.push);
- the heads' summary of the morning;
- November's report (XLSX and PDF) to every head and admin (presensi.monthly_push), a clock-in
  of everyone on 24 November making it one with files;
- a sick note waiting for its approver since the day before, sent to them again
  (core.flows.push_approval).
What is due is computed here, in this process, from the same database at the same instant.
"""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine

from bot.offline import updates as tg
from core.absence import Evidence
from core.clock import FixedClock
from core.employee_file import parse_employees_csv
from core.flows.push import PushConfig, due_notices
from core.flows.report_push import due_reports, report_recap, report_replies
from core.geo import Point
from core.org.file import parse_org
from core.rules import Direction, Outcome
from core.services import accounts
from core.services.absences import AbsenceRequest, request_absence
from core.services.attendance import CheckRequest, record_check
from core.services.employees import import_employees
from core.services.orgs import load_org
from core.storage.database import session_factory
from core.storage.uow import UnitOfWork
from tests.serve_harness import (
    EXAMPLES,
    ORG,
    PEOPLE,
    SITES,
    FakeBotApi,
    Server,
    real_time,
    serve_env,
)

# 07:16:35 WIB on the first working day of December: both workers look at 07:17:00.
START = datetime(2026, 12, 1, 0, 16, 35, tzinfo=UTC)
LOOK = datetime(2026, 12, 1, 0, 17, tzinfo=UTC)
# Once everything due has arrived, how long to go on listening for a second copy.
GRACE_S = 5.0
CONFIG = PushConfig(summary_at=7 * 60 + 15, remind_before=15, language="id")
FILED = datetime(2026, 11, 30, 0, 40, tzinfo=UTC)  # Monday 07:40 WIB: reminded since 15:40
TUESDAY = datetime(2026, 11, 24, 0, 10, tzinfo=UTC)  # 07:10 WIB (Mondays have the apel)
WORKERS = 2


def prepare(engine: Engine) -> dict[int, int]:
    """The example organisation, its staff each on Telegram, and a sick note filed on Monday
    morning; return each employee's chat."""
    spec = parse_org((EXAMPLES / "org-sungai-penuh.yaml").read_text())
    rows = parse_employees_csv(
        (EXAMPLES / "employees-sungai-penuh.csv").read_text(), {u.code for u in spec.units}
    )
    chats = {}
    with UnitOfWork(session_factory(engine), FixedClock(FILED)) as uow:
        load_org(uow, spec)
        import_employees(uow, ORG, rows, date(2026, 1, 1))
        org = uow.organisation(ORG)
        for n, (nip, site) in enumerate(PEOPLE):
            user = tg.user(1_500_000_000 + n, f"Pegawai{n}")
            row = uow.employee_by_identifier(org.id, nip)
            accounts.bind(uow, "telegram", str(user["id"]), str(user["id"]), row, "id")
            chats[row.id] = user["id"]
            # A clock-in the week before: November has records, so its report carries files.
            office = Point(*SITES[site])
            check = CheckRequest(row.id, Direction.IN, office, 10.0, "telegram", at=TUESDAY)
            assert record_check(uow, check).verdict.outcome is Outcome.ON_TIME
        staff = uow.employee_by_identifier(org.id, PEOPLE[3][0])
        note = [{"kind": Evidence.DOCTOR_NOTE.value, "media": "surat.pdf"}]
        monday = date(2026, 11, 30)
        request_absence(uow, AbsenceRequest(staff.id, "S", None, monday, monday, "demam", note))
        uow.commit()
    return chats


def expected(engine: Engine, chats: dict[int, int]) -> Counter[tuple[int, str, str]]:
    """(chat, method, text) of every message due at the look, each once."""
    due: Counter[tuple[int, str, str]] = Counter()
    with UnitOfWork(session_factory(engine), FixedClock(LOOK)) as uow:
        for notice in due_notices(uow, LOOK, CONFIG):
            due[(chats[notice.employee_id], "sendMessage", notice.reply.text)] += 1
        for report in due_reports(uow, LOOK, CONFIG):
            replies = report_replies(report, report_recap(uow, report, LOOK))
            for employee_id, _ in report.recipients:
                for reply in replies:
                    if reply.document is None:
                        due[(chats[employee_id], "sendMessage", reply.text)] += 1
                    else:
                        due[(chats[employee_id], "sendDocument", reply.document.name)] += 1
    return due


def sent(fake: FakeBotApi) -> Counter[tuple[int, str, str]]:
    with fake.lock:
        calls = [c for c in fake.calls if c.method in {"sendMessage", "sendDocument"}]
    return Counter(
        (int(c.params["chat_id"]), c.method, c.params.get("text") or c.params.get("document"))
        for c in calls
    )


@pytest.mark.postgres
@pytest.mark.redis
def test_two_workers_send_every_due_notice_and_report_exactly_once(
    tmp_path, pg_engine, pg_url, serve_redis_url
):
    chats = prepare(pg_engine)
    due = expected(pg_engine, chats)
    kinds = Counter(method for (_, method, _) in due)
    texts = "\n".join(text for (_, _, text) in due)
    # What the morning holds, so that the test cannot pass on an empty schedule.
    assert kinds["sendDocument"] >= 4 and "Pengingat" in texts and "sejak 30-11-2026" in texts
    with FakeBotApi() as fake:
        env = serve_env(tmp_path / "media", Fernet.generate_key().decode())
        env |= fake.env() | {"DATABASE_URL": pg_url, "REDIS_URL": serve_redis_url}
        env |= {"PUSH_REMINDER_MINUTES": "15", "PUSH_SUMMARY_AT": "07:15"}
        offset = START.timestamp() - real_time()
        servers = [Server(tmp_path, env, offset) for _ in range(WORKERS)]
        try:
            with ThreadPoolExecutor(WORKERS) as starting:  # side by side: both up in time
                for started in [starting.submit(server.start) for server in servers]:
                    started.result()
            # Until everything due has arrived (or long after the look), then a while longer:
            # a second copy from the other worker would arrive meanwhile.
            deadline = LOOK + timedelta(seconds=60)
            while sent(fake) != due and servers[0].now() < deadline:
                time.sleep(0.5)
            time.sleep(GRACE_S)
        finally:
            for server in servers:
                server.stop()
        got = sent(fake)
        logs = "\n".join(server.tail() for server in servers)
    assert got == due, logs
    assert not fake.unknown
