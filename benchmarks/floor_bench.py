"""Floor benchmark: what the channel's libraries alone cost per clock-in, with no presensi code.

Run from the repository root:  python3 dev.py bench floor_bench  (--help for options)

Issue 11 asks for at most 15 ms of server CPU per Telegram clock-in (four webhook updates: /masuk,
a live location, a live-location edit, a selfie). This measures the least that any server built
on the libraries presensi is to use (FastAPI under uvicorn, python-telegram-bot over httpx) can
spend on those four updates: a server of a few lines, in a subprocess, that receives each update
at a webhook route, parses it into a `telegram.Update`, and makes the Bot API calls a clock-in
makes, to a fake Bot API in this process (tests/serve_harness.FakeBotApi), and nothing else: no
database, no Redis, no flow. Its CPU is read from the kernel (the process's CPU clock) around
each batch of updates sent one at a time, as benchmarks/clockin_bench does for `presensi serve`.

Prints the median CPU per update with no call, with one reply, and the cost of one more Bot API
call, then the floor of a clock-in: 4 updates and the 6 calls that clockin_bench counts per
clock-in (3 replies, getFile, the download, and the answer to the live location), against the
goal.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bot.offline import updates as tg  # noqa: E402
from tests.serve_harness import TOKEN, FakeBotApi, free_port  # noqa: E402

GOAL_MS = 15.0  # issue 11, server CPU per clock-in
UPDATES, CALLS = 4, 6  # per clock-in, as benchmarks/clockin_bench counts them
CHAT = 1_234_567
# The least server: a webhook route, the update parsed, `calls` Bot API calls made (the header
# says how many; a "file" call is getFile and the download, as for a selfie).
SERVER = """
import sys
from contextlib import asynccontextmanager
import httpx
import uvicorn
from fastapi import FastAPI, Request
from telegram import Bot, Update
from telegram.request import HTTPXRequest

api, files, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
TEXT = "✅ Masuk tercatat 07:12 WIB: tepat waktu. Jangan lupa absen Pulang."
raw = httpx.AsyncClient()
bot = Bot("TOKEN", base_url=api, base_file_url=files, request=HTTPXRequest(connection_pool_size=8))

@asynccontextmanager
async def lifespan(app):
    await bot.initialize()
    yield

app = FastAPI(lifespan=lifespan)

@app.post("/hook")
async def hook(request: Request):
    update = Update.de_json(await request.json(), bot)
    calls = request.headers.get("x-calls", "0")
    chat = update.effective_chat.id
    for _ in range(int(calls)):
        await bot.send_message(chat, TEXT)
    for _ in range(int(request.headers.get("x-raw", "0"))):  # the same call without the library
        answer = await raw.post(f"{api}TOKEN/sendMessage", json={"chat_id": chat, "text": TEXT})
        answer.json()
    if request.headers.get("x-file"):
        found = await bot.get_file(request.headers["x-file"])
        await found.download_as_bytearray()
    return {}

uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
""".replace("TOKEN", TOKEN)


def cpu_ns(pid: int) -> int:
    """The CPU time of process `pid` so far (all its threads), from the kernel."""
    return time.clock_gettime_ns((~pid << 3) | 2)  # MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)


def measure(client, url: str, pid: int, updates: int, headers: dict[str, str]) -> list[float]:
    """CPU ms of each update, sent one at a time."""
    spent = []
    for n in range(updates):
        update = tg.command("/masuk", sender=tg.user(CHAT), update_id=10**8 + n)
        before = cpu_ns(pid)
        response = client.post(url, json=update, headers=headers)
        spent.append((cpu_ns(pid) - before) / 1e6)
        response.raise_for_status()
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=400, help="updates per case")
    parser.add_argument(
        "--presensi-ms", type=float, default=None, help="clockin_bench's CPU per clock-in"
    )
    args = parser.parse_args()
    with FakeBotApi() as fake:
        fake.files["selfie"] = bytes(60_000)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, fake.api_url, fake.file_url, str(port)], cwd=ROOT
        )
        try:
            return run(fake, server, port, args)
        finally:
            server.terminate()
            server.wait(timeout=10)


def run(fake: FakeBotApi, server: subprocess.Popen, port: int, args) -> int:
    url = f"http://127.0.0.1:{port}/hook"
    with httpx.Client(timeout=10) as client:
        for _ in range(200):
            try:
                client.get(f"http://127.0.0.1:{port}/docs")
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        cases = {
            "update, no call": {},
            "update, 1 reply": {"x-calls": "1"},
            "update, 3 replies": {"x-calls": "3"},
            "update, getFile + download": {"x-file": "selfie"},
            "update, 3 raw httpx posts": {"x-raw": "3"},
        }
        measure(client, url, server.pid, 50, {"x-calls": "1"})  # warm-up
        medians = {
            name: statistics.median(measure(client, url, server.pid, args.updates, headers))
            for name, headers in cases.items()
        }
    print("the least server on FastAPI/uvicorn and python-telegram-bot/httpx, CPU per update:")
    for name, ms in medians.items():
        print(f"  {name:<30} {ms:6.2f} ms")
    update = medians["update, no call"]
    call = (medians["update, 3 replies"] - update) / 3
    floor = UPDATES * update + CALLS * call
    raw = (medians["update, 3 raw httpx posts"] - update) / 3
    print(f"  one more Bot API call          {call:6.2f} ms (a raw httpx post: {raw:.2f} ms)")
    print(
        f"floor of a clock-in: {UPDATES} updates x {update:.2f} + {CALLS} calls x {call:.2f} "
        f"= {floor:.1f} ms of server CPU; goal {GOAL_MS:.0f} ms: the libraries alone take "
        f"{floor / GOAL_MS:.0%} of it"
    )
    if args.presensi_ms:
        print(
            f"presensi serve today: {args.presensi_ms:.1f} ms per clock-in, "
            f"{args.presensi_ms / floor:.1f}x the floor; its own code and the database "
            f"{args.presensi_ms - floor:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
