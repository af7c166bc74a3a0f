"""Morning peak benchmark: a regency's staff clocking in at once through `presensi serve`
(issue 15), with faces checked.

Run from the repository root:  python3 dev.py bench peak_bench  (options after the name)

The real `presensi serve` in a subprocess (tests/serve_harness.py) on a PostgreSQL database
of its own (created here, dropped afterwards) and a Redis database emptied before and after,
its face pool on (FACE_QUEUE=pool, a worker per core), its clock at Tuesday 24 November 2026,
07:02 WIB. The stand-in Bot API in this process answers after a realistic latency and refuses
messages beyond Telegram's ~30 a second with a 429, as Telegram does.

N staff (default 2,000; `--staff 10000` for a whole regency) of the example organisation and
generated ones, each linked to a Telegram account and enrolled with one face (shared/faces
obama_1); each sends a selfie of that face (obama_2, sized as Telegram delivers it). They
arrive on a profile: a minute at the average rate of a 10,000-staff regency's morning
(5.6 clock-ins a second), the peak minute at three times it (16.8 a second), then the average
rate until all have come. A clock-in is /masuk, a live location 2 s later, a move of it 1 s
later, the selfie 2 s after that, each POSTed to /webhooks/telegram over at most 40
connections (Telegram's default for a webhook).

Printed: the webhook's acknowledgement p50/p99; from each selfie, the time to the first reply
(the verdict, or "diterima, sedang diperiksa" when it is slow) and to the verdict, p50/p99;
how many were told to try again; how many never got a verdict (lost); messages refused with
429 and never delivered (dropped); the CPU per clock-in of the server process and of its face
workers. The goals of issue 15 at the peak: first reply p99 under 3 s, verdict p99 under 60 s,
none told to try again, none lost, none dropped; the exit status is 1 when one is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import clockin_bench as base  # noqa: E402
import httpx  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402

from core.flows.texts import t  # noqa: E402
from tests.serve_harness import (  # noqa: E402
    SECRET,
    SERVER_START,
    Employee,
    FakeBotApi,
    Server,
    real_time,
    serve_env,
)

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied before and after
SEED = 15
FACES = ROOT.parent / "shared" / "faces"
# The profile of a 10,000-staff regency's morning (issue 15): clock-ins a second.
AVERAGE, PEAK = 5.6, 16.8
PAUSES_S = (2.0, 1.0, 2.0)  # /masuk -> location -> its move -> selfie, as a person does
CONNECTIONS = 40  # Telegram's default max_connections for a webhook
GOALS = {"first reply p99 s": 3.0, "verdict p99 s": 60.0}
VERDICT_WORDS = ("tercatat", "Ditolak", "ditolak")
# What asks a person to send again or says their message waits: the busy face check, the
# liveness check's, the inbox's "sedang sibuk" and "tidak dapat diproses".
TRY_AGAIN_TEXTS = tuple(
    t("id", key)[:40]
    for key in ("face_try_again", "liveness_try_again", "inbox_wait", "inbox_given_up")
)
# Enrols every employee with one face, as an approved /wajah would, with the server's keys.
ENROLL = """
import json, sys, uuid
from datetime import UTC, datetime
from core.faces.enrollment import FaceReference, ReferenceStatus
from presensi.keys import face_cipher
from presensi.settings import get_settings
from presensi.wiring import unit_of_work

wanted = json.load(sys.stdin)
settings = get_settings()
encoding = tuple(wanted["encoding"])
with unit_of_work(settings) as uow:
    org = uow.organisation(wanted["org"])
    faces = uow.face_references(face_cipher(settings))
    now = datetime.now(UTC)
    for nip in wanted["nips"]:
        row = uow.employee_by_identifier(org.id, nip)
        faces.add(FaceReference(uuid.uuid4().hex, str(row.id), (encoding,),
                                ReferenceStatus.ACTIVE, "bench", now, "bench", now))
    uow.commit()
"""


@dataclass
class Person:
    employee: Employee
    arrives_s: float  # from the start of the profile
    acks_ms: list[float] = field(default_factory=list)
    selfie_at: float = 0.0  # monotonic, when the selfie was POSTed
    started_at: float = 0.0  # monotonic, when /masuk was POSTed
    failed: str = ""


def telegram_sized(path: Path) -> bytes:
    """A photo as Telegram delivers it: longest side 1280 px, JPEG."""
    image = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    scale = 1280 / max(image.size)
    image = image.resize((round(image.width * scale), round(image.height * scale)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=87)
    return out.getvalue()


def arrivals(staff: int, average: float, peak: float, rng: random.Random) -> list[float]:
    """When each employee starts, seconds from the start: a minute at `average`, a minute at
    `peak`, then `average` until everyone has come; Poisson arrivals at each rate."""
    times, now = [], 0.0
    while len(times) < staff:
        rate = peak if 60.0 <= now < 120.0 else average
        now += rng.expovariate(rate)
        times.append(now)
    return times


def face_encoding() -> list[float]:
    from core.faces import pipeline

    found = pipeline.enroll(telegram_sized(FACES / "obama_1.jpg"))
    assert found.encoding is not None, found.reason
    return list(found.encoding)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cpu_s(server: Server) -> tuple[float, float]:
    """CPU seconds of the server's processes (uvicorn's workers too), and of the face pools
    they started."""
    serving = server.pids if server.workers == 1 else server.pids[1:]
    serve = sum(base.stat_ms(pid) for pid in server.pids) / 1000
    faces = sum(base.stat_ms(child) for pid in serving for child in children(pid)) / 1000
    return serve, faces


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


async def clock_in(person: Person, client: httpx.AsyncClient, server: Server, start: float):
    """One person's four updates, at their arrival and with a person's pauses."""
    await asyncio.sleep(max(0.0, start + person.arrives_s - time.monotonic()))
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    for step, update in enumerate(person.employee.updates(server)):
        if step:
            await asyncio.sleep(PAUSES_S[step - 1])
        sent = time.monotonic()
        if step == 3:
            person.selfie_at = sent
        if step == 0:
            person.started_at = sent
        failed = await deliver(client, server, update, headers)
        person.acks_ms.append((time.monotonic() - sent) * 1000)
        if failed:
            person.failed = failed
            return


async def deliver(client: httpx.AsyncClient, server: Server, update: dict, headers) -> str:
    """POST one update as Telegram does: delivered again after a failure (up to 3 tries in
    all, a second apart); what the last try met, or "" once it was answered 200."""
    failed = ""
    for attempt in range(3):
        if attempt:
            await asyncio.sleep(1.0)
        try:
            answer = await client.post(f"{server.url}/webhooks/telegram", json=update,
                                       headers=headers)  # fmt: skip
        except httpx.HTTPError as error:
            failed = type(error).__name__
            continue
        if answer.status_code == 200:
            return ""
        failed = f"HTTP {answer.status_code}"
    return failed


async def replay(people: list[Person], server: Server) -> None:
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        start = time.monotonic()
        await asyncio.gather(*(clock_in(person, client, server, start) for person in people))


def replies_after(fake: FakeBotApi, people: list[Person]) -> dict[str, list[tuple[float, str]]]:
    chats = {person.employee.chat: person.selfie_at for person in people}
    found: dict[str, list[tuple[float, str]]] = {chat: [] for chat in chats}
    with fake.lock:
        calls = list(fake.calls)
    for call in calls:
        at = chats.get(call.chat)
        if call.method == "sendMessage" and at and call.at >= at:
            found[call.chat].append((call.at, str(call.params.get("text", ""))))
    return found


def wait_for_verdicts(fake: FakeBotApi, people: list[Person], drain_s: float) -> None:
    deadline = time.monotonic() + drain_s
    while time.monotonic() < deadline:
        got = replies_after(fake, people)
        if all(any(w in t for _, t in got[p.employee.chat] for w in VERDICT_WORDS) for p in people):
            return
        time.sleep(1.0)


def run(args: argparse.Namespace, workers: int) -> tuple[int, float]:
    """One replay on a server of `workers` processes: the goals' exit status, and the
    clock-ins completed a second."""
    rng = random.Random(SEED)
    people_ids, extra_csv = base.staff(args.staff + 1, rng)
    staff = base.employees(people_ids, rng)
    selfie = telegram_sized(FACES / "obama_2.jpg")
    print(f"enrolling one face for {len(staff)} staff; the selfie: obama_2, {len(selfie)} bytes")
    encoding = face_encoding()
    with (
        base.scratch(args.url, args.redis, "peak") as (database, _),
        tempfile.TemporaryDirectory(prefix="peak-") as folder,
        FakeBotApi(
            latency_s=args.latency_ms / 1000, messages_per_second=args.telegram_rate
        ) as fake,
    ):
        workdir = Path(folder)
        env = serve_env(workdir / "media", Fernet.generate_key().decode()) | {
            "DATABASE_URL": database, "REDIS_URL": args.redis,
            "FACE_QUEUE": "pool" if args.faces == "on" else "off",
        }  # fmt: skip
        server = Server(workdir, env | fake.env(), offset_s=0.0, workers=workers)
        with base.stopped_after(server):
            for employee in staff:
                fake.files[employee.selfie] = selfie
            side = base.Side("today", "", ROOT)
            began = time.perf_counter()
            base.setup(side, workdir, env, staff, extra_csv)
            _enroll(workdir, env, [e.nip for e in staff], encoding)
            print(f"  set up in {time.perf_counter() - began:.0f} s", flush=True)
            server.offset_s = SERVER_START.timestamp() - real_time()
            server.start()
            warm = Person(staff[0], 0.0)  # starts the face pool and warms the caches
            asyncio.run(replay([warm], server))
            wait_for_verdicts(fake, [warm], 60)
            starts = arrivals(args.staff, args.average, args.peak, rng)
            people = [Person(e, t) for e, t in zip(staff[1:], starts, strict=True)]
            serve_before, faces_before = cpu_s(server)
            began = time.monotonic()
            print(f"  replaying {len(people)} clock-ins over {people[-1].arrives_s:.0f} s ...",
                  flush=True)  # fmt: skip
            asyncio.run(replay(people, server))
            wait_for_verdicts(fake, people, args.drain)
            serve_after, faces_after = cpu_s(server)
            wall = time.monotonic() - began
        cpu = {"serve": serve_after - serve_before, "face": faces_after - faces_before}
        return report(people, fake, cpu, wall, args, workers)


def _enroll(workdir: Path, env: dict[str, str], nips: list[str], encoding: list[float]) -> None:
    wanted = json.dumps({"org": base.ORG, "nips": nips, "encoding": encoding})
    done = subprocess.run([sys.executable, "-c", ENROLL], cwd=workdir, env=env, input=wanted,
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"enrolling failed:\n{done.stderr}")


def busiest_minute(times: list[float]) -> int:
    """The most of `times` (sorted) inside any 60 s."""
    most, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= 60:
            first += 1
        most = max(most, last - first + 1)
    return most


def report(
    people, fake: FakeBotApi, cpu: dict[str, float], wall: float, args, workers: int
) -> tuple[int, float]:
    got = replies_after(fake, people)
    acks = [ms for person in people for ms in person.acks_ms]
    first, verdict, told_again, lost = [], [], 0, 0
    for person in people:
        said = got[person.employee.chat]
        if said:
            first.append(said[0][0] - person.selfie_at)
        verdicts = [at for at, words in said if any(w in words for w in VERDICT_WORDS)]
        if verdicts:
            verdict.append(verdicts[0] - person.selfie_at)
        else:
            lost += 1
        told_again += any(words.startswith(TRY_AGAIN_TEXTS) for _, words in said)
    with fake.lock:
        delivered = {(c.chat, str(c.params.get("text"))) for c in fake.calls}
        refused = [(c.chat, str(c.params.get("text"))) for c in fake.refused]
    dropped = sum(1 for message in set(refused) if message not in delivered)
    failed = Counter(person.failed for person in people if person.failed)
    n = len(people)
    ends = [p.selfie_at + v for p, v in _verdicts(people, got)]
    rate = len(ends) / (max(ends) - min(p.started_at for p in people)) if ends else 0.0
    print(f"\n{workers} server process(es), faces {args.faces}: {n} clock-ins ({args.average}/s, "
          f"a minute at {args.peak}/s) in {wall:.0f} s; Bot API latency {args.latency_ms:.0f} ms, "
          f"{args.telegram_rate:g} messages/s")  # fmt: skip
    print(f"  completed {rate:.1f} clock-ins/s (first /masuk to last verdict)")
    print(f"  webhook acknowledgement   p50 {percentile(acks, .5):7.0f} ms   "
          f"p99 {percentile(acks, .99):7.0f} ms")  # fmt: skip
    for label, values, goal in (
        ("selfie -> first reply  ", first, GOALS["first reply p99 s"]),
        ("selfie -> face verdict ", verdict, GOALS["verdict p99 s"]),
    ):
        print(f"  {label}   p50 {percentile(values, .5):7.1f} s    "
              f"p99 {percentile(values, .99):7.1f} s   (goal p99 < {goal:.0f} s)")  # fmt: skip
    print(f"  told to try again {told_again}, lost {lost}, dropped {dropped} "
          f"(429 answers: {len(refused)}), webhooks never answered 200 after 3 tries: "
          f"{sum(failed.values())} {dict(failed) or ''}")  # fmt: skip
    with fake.lock:
        sent_at = sorted(c.at for c in fake.calls if c.method == "sendMessage")
    busiest = busiest_minute(sent_at)
    print(f"  messages sent {len(sent_at)} ({len(sent_at) / n:.1f} per clock-in); the busiest "
          f"minute {busiest / 60:.1f}/s against Telegram's 30/s per bot")  # fmt: skip
    print(f"  CPU per clock-in: serve {cpu['serve'] / n * 1000:.0f} ms, "
          f"face workers {cpu['face'] / n * 1000:.0f} ms")  # fmt: skip
    missed = [
        name
        for name, ok in {
            "first reply p99": percentile(first, 0.99) < GOALS["first reply p99 s"],
            "verdict p99": percentile(verdict, 0.99) < GOALS["verdict p99 s"],
            "none told to try again": told_again == 0,
            "none lost": lost == 0,
            "none dropped": dropped == 0,
            "every webhook answered 200": not failed,
        }.items()
        if not ok
    ]
    print("  goals: " + ("all met" if not missed else "missed: " + ", ".join(missed)))
    return (1 if missed else 0), rate


def _verdicts(people, got) -> list[tuple[Person, float]]:
    """(person, seconds from their selfie to their verdict) of everyone who got one."""
    found = []
    for person in people:
        times = [
            at for at, words in got[person.employee.chat] if any(w in words for w in VERDICT_WORDS)
        ]
        if times:
            found.append((person, times[0] - person.selfie_at))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=2000, help="employees clocking in")
    parser.add_argument(
        "--average", type=float, default=AVERAGE, help="clock-ins/s outside the peak"
    )
    parser.add_argument("--peak", type=float, default=PEAK, help="clock-ins/s in the peak minute")
    parser.add_argument("--latency-ms", type=float, default=40.0, help="Bot API answer latency")
    parser.add_argument("--drain", type=float, default=300.0, help="s to wait for late verdicts")
    parser.add_argument(
        "--workers", type=lambda text: [int(n) for n in text.split(",")], default=[1],
        help="server processes, or several runs: 1,2",
    )  # fmt: skip
    parser.add_argument("--faces", choices=("on", "off"), default="on", help="face checks")
    parser.add_argument(
        "--telegram-rate", type=float, default=30.0, help="Bot API messages/s before 429s"
    )
    parser.add_argument("--url", default=base.ADMIN_URL, help="PostgreSQL server (admin db)")
    parser.add_argument("--redis", default=REDIS_URL, help="Redis database, emptied")
    args = parser.parse_args()
    if args.staff < 1 or args.average <= 0 or args.peak <= 0 or min(args.workers) < 1:
        parser.error("--staff, --average, --peak and --workers must be positive")
    if not (FACES / "obama_1.jpg").exists():
        print(f"face photos not found in {FACES}", file=sys.stderr)
        return 2
    results = {workers: run(args, workers) for workers in args.workers}
    if len(results) > 1:
        one = results[args.workers[0]][1]
        rates = [f"{w}: {rate:.1f}/s ({rate / one:.2f}x)" for w, (_, rate) in results.items()]
        print("\nthroughput by server processes: " + ", ".join(rates))
    return max(status for status, _ in results.values())


if __name__ == "__main__":
    sys.exit(main())
