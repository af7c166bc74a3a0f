"""Reminder benchmark: a regency's clock-in reminders through `presensi serve` at Telegram's pace
(issue 15: "10,000 reminders delivered within 6 minutes at Telegram's limit").

Run from the repository root:  python3 dev.py bench reminder_bench  (options after the name)

The real `presensi serve` in a subprocess (tests/serve_harness.py) on a PostgreSQL database of
its own and a Redis database emptied before and after, faces off, its clock at Tuesday 24
November 2026, 07:16:40 WIB: a quarter of an hour before the on-time limit (07:30) of the
example organisation, with reminders 15 minutes before it. N staff (default 10,000) are linked
to Telegram and none has clocked in, so at 07:17:00 a reminder is due to each. The stand-in Bot
API answers after a realistic latency and refuses messages beyond 30 a second with a 429.

Printed: reminders delivered, how long from the first to the last, the rate, 429 answers, and
chats reminded twice. Exit status 1 unless every reminder arrived once within 6 minutes.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import clockin_bench as base  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402

from tests.serve_harness import SERVER_START, FakeBotApi, Server, real_time, serve_env  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied before and after
SEED = 16
START = SERVER_START + timedelta(minutes=14, seconds=40)  # 07:16:40 WIB; the look at 07:17
GOAL_S = 6 * 60
REMINDER = "Anda belum absen masuk hari ini"  # core.flows.push, the clock-in reminder


def reminders(fake: FakeBotApi) -> list[tuple[float, str]]:
    with fake.lock:
        return [
            (call.at, call.chat)
            for call in fake.calls
            if call.method == "sendMessage" and REMINDER in str(call.params.get("text", ""))
        ]


def run(args: argparse.Namespace) -> int:
    rng = random.Random(SEED)
    people, extra_csv = base.staff(args.staff, rng)
    staff = base.employees(people, rng)
    with (
        base.scratch(args.url, args.redis, "reminders") as (database, _),
        tempfile.TemporaryDirectory(prefix="reminders-") as folder,
        FakeBotApi(args.latency_ms / 1000, messages_per_second=30) as fake,
    ):
        workdir = Path(folder)
        env = serve_env(workdir / "media", Fernet.generate_key().decode()) | {
            "DATABASE_URL": database, "REDIS_URL": args.redis, "PUSH_REMINDER_MINUTES": "15",
        }  # fmt: skip
        server = Server(workdir, env | fake.env(), offset_s=0.0)
        with base.stopped_after(server):
            began = time.perf_counter()
            base.setup(base.Side("today", "", ROOT), workdir, env, staff, extra_csv)
            print(f"{len(staff)} staff set up in {time.perf_counter() - began:.0f} s", flush=True)
            server.offset_s = START.timestamp() - real_time()
            server.start()
            deadline = time.monotonic() + args.wait
            while len(reminders(fake)) < len(staff) and time.monotonic() < deadline:
                time.sleep(1.0)
            time.sleep(5.0)  # a second copy to anyone would arrive meanwhile
        got = reminders(fake)
        with fake.lock:
            refused = len(fake.refused)
    twice = sum(1 for count in Counter(chat for _, chat in got).values() if count > 1)
    chats = {chat for _, chat in got}
    took = (max(at for at, _ in got) - min(at for at, _ in got)) if got else float("nan")
    print(f"reminders delivered {len(chats)} of {len(staff)} in {took:.0f} s "
          f"({len(got) / took if got else 0:.1f}/s); 429 answers {refused}; "
          f"reminded twice {twice}; Bot API latency {args.latency_ms:.0f} ms")  # fmt: skip
    if args.verbose:
        with fake.lock:
            print(Counter(str(c.params.get("text", ""))[:60] for c in fake.calls))
    met = len(chats) == len(staff) and twice == 0 and took <= GOAL_S
    print(f"goal (every reminder once within {GOAL_S // 60} minutes): {'met' if met else 'missed'}")
    return 0 if met else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=10_000, help="employees to remind")
    parser.add_argument("--latency-ms", type=float, default=40.0, help="Bot API answer latency")
    parser.add_argument("--wait", type=float, default=900.0, help="s to wait for the last one")
    parser.add_argument("--verbose", action="store_true", help="print what else was sent")
    parser.add_argument("--url", default=base.ADMIN_URL, help="PostgreSQL server (admin db)")
    parser.add_argument("--redis", default=REDIS_URL, help="Redis database, emptied")
    args = parser.parse_args()
    if args.staff < 1:
        parser.error("--staff must be positive")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
