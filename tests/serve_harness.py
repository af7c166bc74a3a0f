"""The real `presensi serve` in a subprocess, a fake Telegram Bot API over HTTP, and clock-ins.

Shared by the kill -9 chaos test (tests/e2e/test_chaos_serve.py) and the clock-in benchmark
(benchmarks/clockin_bench.py):

* `FakeBotApi`: Telegram's Bot API and file server on 127.0.0.1, in this process; it records
  every call and serves the selfies.
* `Server`: `presensi serve` started through `WRAPPER`, a few lines that move the server's clock
  with time-machine (by `Server.offset_s`, ticking from there) and end the server if its parent
  goes away. The server imports whatever `presensi` its environment finds first, so a
  `PYTHONPATH` in its environment runs another checkout with the same interpreter.
* `SqlCounters`: with `PRESENSI_SERVE_COUNTERS` (a folder) in its environment, the wrapper
  counts, inside the server, every SQL statement (by kind), commit, rollback and pool checkout
  through SQLAlchemy's class-level events, into a memory-mapped file this process reads without
  disturbing the server; while asked, it also counts statements by their text, written to that
  folder when the server stops.
* `Employee`: one person's clock-in as Telegram sends it: /masuk, a live location, a move of
  that live location, a selfie.
"""

from __future__ import annotations

import io
import json
import mmap
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy as email_policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import time_machine
import uvicorn
from PIL import Image
from sqlalchemy import Engine, text

from bot.offline import updates as tg

EXAMPLES = Path(__file__).parents[1] / "examples"
ORG = "pemkot-sungai-penuh"
TOKEN = "123456:CHAOS-TOKEN"
SECRET = "chaos-webhook-secret"
# The server's clock starts here: Tuesday 24 November 2026, 07:02 WIB, inside the check-in
# window (07:00-07:30 on time) of the example organisation's Perwal.
SERVER_START = datetime(2026, 11, 24, 0, 2, tzinfo=UTC)
SITES = {  # the example organisation's offices (examples/org-sungai-penuh.yaml)
    "setda": (-2.06198, 101.39280), "dinkes": (-2.05870, 101.39760),
    "pkm": (-2.06840, 101.39620), "disdik": (-2.06550, 101.38990), "kec": (-2.06410, 101.39050),
}  # fmt: skip
# The unit of each office (examples/employees-sungai-penuh.csv names units by code).
UNIT_SITES = {
    "setda": "setda", "dinkes": "dinkes", "pkm-sungai-penuh": "pkm", "disdik": "disdik",
    "kec-sungai-penuh": "kec",
}  # fmt: skip
PEOPLE = [  # every employee of the example organisation (NIP or NIK) and where they work
    ("197804122005011002", "setda"), ("198203252008012004", "setda"),
    ("199005172015031001", "setda"), ("199611302022032007", "setda"),
    ("198007082006041003", "dinkes"), ("198512202010012011", "pkm"),
    ("199203152023212003", "pkm"), ("199408092023211004", "pkm"), ("1572014507950002", "pkm"),
    ("197912012005021001", "disdik"), ("199107222019032008", "disdik"),
    ("1572011203980001", "disdik"), ("198306142009011005", "kec"),
]  # fmt: skip
# The answers of one clock-in, told apart by a phrase of each (core/flows/texts.py, Indonesian).
ANSWERS = {
    "ask_location": "LOKASI TERKINI",
    "ask_selfie": "Sekarang kirim swafoto",
    "verdict": "Masuk tercatat",
    "no_face_yet": "Wajah Anda belum terdaftar",
}
STARTUP_TIMEOUT_S = 60.0
# Settings of presensi (and of this harness) that the machine's environment must not leak into
# a server started here.
OWN_SETTINGS = re.compile(
    r"^(DATABASE_URL|REDIS_URL|TELEGRAM_|WHATSAPP_|FACE_|SECRET_KEY|AUDIT_|MEDIA_DIR|LANGUAGE|"
    r"PUSH_|PRESENSI_)",
    re.IGNORECASE,
)


def real_time() -> float:
    """The machine's clock, also while the suite's own clock is moved (PRESENSI_TEST_NOW)."""
    if time_machine.escape_hatch.is_travelling():
        return time_machine.escape_hatch.time.time()
    return time.time()


class InThread:
    """An app served by uvicorn on 127.0.0.1:`port` in a thread of this process."""

    def __init__(self, app: Any, port: int) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise AssertionError("the app did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_env(media_dir: Path, face_keys: str) -> dict[str, str]:
    """The machine's environment without any presensi setting, then a server's own: faces
    off, Indonesian, no reminders."""
    env = {k: v for k, v in os.environ.items() if not OWN_SETTINGS.match(k)}
    return env | {
        "SECRET_KEY": "chaos-activation-code-key",
        "FACE_KEYS": face_keys,
        "FACE_QUEUE": "off",
        "MEDIA_DIR": str(media_dir),
        "LANGUAGE": "id",
        "PUSH_REMINDER_MINUTES": "0",
    }


# The Bot API ------------------------------------------------------------------------------------


@dataclass
class Call:
    seq: int
    method: str
    params: dict[str, Any]
    at: float = 0.0  # time.monotonic() when it arrived

    @property
    def chat(self) -> str:
        return str(self.params.get("chat_id", ""))


class FakeBotApi:
    """Telegram's Bot API and file server on 127.0.0.1: records every call, serves the files.

    As the real one under load, optionally: each answer after `latency_s`, and messages beyond
    `messages_per_second` (Telegram's ~30 per bot) refused with a 429, kept in `refused`."""

    def __init__(self, latency_s: float = 0.0, messages_per_second: float | None = None) -> None:
        self.latency_s, self.messages_per_second = latency_s, messages_per_second
        self.refused: list[Call] = []
        self._window: list[float] = []  # when the messages of the last second were sent
        self.calls: list[Call] = []
        self.files: dict[str, bytes] = {}
        self.downloads: list[str] = []
        self.unknown: list[str] = []
        self.lock = threading.Lock()
        self._message_ids = iter(range(70_000, 10**9))
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # {base_file_url}{token}/{file_path}
                file_id = self.path.rsplit("/", 1)[-1].removesuffix(".jpg")
                with api.lock:
                    api.downloads.append(file_id)
                    data = api.files.get(file_id)
                if data is None:
                    self._answer(404, b"Not Found", "text/plain")
                else:
                    self._answer(200, data, "image/jpeg")

            def do_POST(self) -> None:  # {base_url}{token}/{method}
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                method = self.path.rsplit("/", 1)[-1]
                kind = self.headers.get("Content-Type", "")
                arrived = time.monotonic()
                if api.latency_s:
                    time.sleep(api.latency_s)
                status, payload = api.answer(method, kind, body, arrived)
                self._answer(status, json.dumps(payload).encode(), "application/json")

            def _answer(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def env(self) -> dict[str, str]:
        """A server's settings for talking to this Bot API."""
        return {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "TELEGRAM_API_BASE_URL": self.api_url,
            "TELEGRAM_FILE_BASE_URL": self.file_url,
        }

    def __enter__(self) -> FakeBotApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(
        self, method: str, kind: str, body: bytes, arrived: float | None = None
    ) -> tuple[int, dict[str, Any]]:
        params = _parameters(kind, body)
        with self.lock:
            call = Call(len(self.calls), method, params, arrived or time.monotonic())
            if method in {"sendMessage", "sendDocument"} and self._flooded(call.at):
                self.refused.append(call)
                flood = {"retry_after": 1}
                return 429, {"ok": False, "error_code": 429, "parameters": flood,
                             "description": "Too Many Requests: retry after 1"}  # fmt: skip
            self.calls.append(call)
            if method == "getMe":
                return 200, {"ok": True, "result": tg_bot_user()}
            if method in {"sendMessage", "sendDocument"}:
                chat_id = int(params["chat_id"])
                message = {
                    "message_id": next(self._message_ids),
                    "from": tg_bot_user(),
                    "chat": {"id": chat_id, "type": "private"},
                    "date": int(time.time()),
                    "text": params.get("text") or params.get("caption") or "",
                }
                return 200, {"ok": True, "result": message}
            if method == "getFile":
                file_id = str(params.get("file_id"))
                if file_id not in self.files:
                    return 400, {"ok": False, "error_code": 400, "description": "invalid file_id"}
                result = {
                    "file_id": file_id,
                    "file_unique_id": f"u-{file_id}",
                    "file_size": len(self.files[file_id]),
                    "file_path": f"photos/{file_id}.jpg",
                }
                return 200, {"ok": True, "result": result}
            if method not in {"answerCallbackQuery", "setMyCommands", "deleteMyCommands"}:
                self.unknown.append(method)
            return 200, {"ok": True, "result": True}

    def _flooded(self, now: float) -> bool:
        """Whether a message now would be beyond `messages_per_second` (a one-second window)."""
        if self.messages_per_second is None:
            return False
        self._window = [at for at in self._window if now - at < 1.0]
        if len(self._window) >= self.messages_per_second:
            return True
        self._window.append(now)
        return False

    def count(self, method: str = "sendMessage") -> int:
        with self.lock:
            return sum(1 for call in self.calls if call.method == method)

    def sent(self) -> list[Call]:
        with self.lock:
            return [call for call in self.calls if call.method == "sendMessage"]


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client killed in the middle of a call (that is the test) is not worth a trace."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def tg_bot_user() -> dict[str, Any]:
    return {"id": tg.BOT_ID, "is_bot": True, "first_name": "Presensi", "username": tg.BOT_USERNAME}


def _parameters(content_type: str, body: bytes) -> dict[str, Any]:
    """The call's parameters: python-telegram-bot posts a form, each non-text value as JSON;
    an upload (a document) as multipart, whose text fields are kept and files named."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/json":
        return json.loads(body or b"{}")
    if kind == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = BytesParser(policy=email_policy.HTTP).parsebytes(head + body)
        found: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            found[name] = filename if filename else part.get_content()
        return found
    return {key: values[0] for key, values in parse_qs(body.decode()).items()}


def answer_of(message: str) -> str | None:
    found = [name for name, phrase in ANSWERS.items() if phrase in message]
    return found[0] if len(found) == 1 else None


# SQL counted inside the server --------------------------------------------------------------------

# The slots of the counters file, one unsigned 64-bit integer each.
COUNTERS = (
    "statements", "select", "insert", "update", "delete", "other",
    "commits", "rollbacks", "checkouts", "connects",
)  # fmt: skip
SHAPES_SLOT = 15  # a byte this process sets while the server should count statements by text
COUNTERS_SIZE = 8 * 16

# Run by WRAPPER before the server starts when PRESENSI_SERVE_COUNTERS names a folder. The
# listeners are on the classes, so every engine and pool the server makes is counted; each
# event costs the server about a microsecond, the same for any code it runs.
COUNTING = """
def count_sql(folder):
    import collections, json, mmap, struct
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.pool import Pool

    with open(os.path.join(folder, "counters"), "r+b") as file:
        board = mmap.mmap(file.fileno(), 0)
    counts = [0] * 16
    shapes = collections.Counter()
    lock = threading.Lock()
    verbs = {"SELECT": 1, "INSERT": 2, "UPDATE": 3, "DELETE": 4}

    def bump(*slots):
        with lock:
            for slot in slots:
                counts[slot] += 1
                struct.pack_into("<Q", board, 8 * slot, counts[slot])

    def statement(conn, cursor, sql, parameters, context, executemany):
        bump(0, verbs.get(sql.lstrip()[:6].upper(), 5))
        if board[SHAPES_FLAG]:
            with lock:
                shapes[sql] += 1

    def commit(*args):
        bump(6)

    def rollback(*args):
        bump(7)

    def checkout(*args):
        bump(8)

    def connect(*args):
        bump(9)

    event.listen(Engine, "before_cursor_execute", statement)
    event.listen(Engine, "commit", commit)
    event.listen(Engine, "rollback", rollback)
    event.listen(Pool, "checkout", checkout)
    event.listen(Pool, "connect", connect)

    def dump():
        with lock:
            found = dict(shapes)
        with open(os.path.join(folder, "shapes.json"), "w") as out:
            json.dump(found, out)

    return dump
""".replace("SHAPES_FLAG", str(8 * SHAPES_SLOT))


class SqlCounters:
    """This side of the counters file the server writes (see COUNTING)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "counters"
        path.write_bytes(bytes(COUNTERS_SIZE))
        with path.open("r+b") as file:
            self.board = mmap.mmap(file.fileno(), 0)

    def env(self) -> dict[str, str]:
        return {"PRESENSI_SERVE_COUNTERS": str(self.folder)}

    def read(self) -> dict[str, int]:
        values = struct.unpack_from(f"<{len(COUNTERS)}Q", self.board)
        return dict(zip(COUNTERS, values, strict=True))

    def count_shapes(self, on: bool) -> None:
        """Start or stop counting statements by their text (written when the server stops)."""
        self.board[8 * SHAPES_SLOT] = 1 if on else 0

    def shapes(self) -> dict[str, int]:
        path = self.folder / "shapes.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def close(self) -> None:
        self.board.close()


# The server -------------------------------------------------------------------------------------

# `presensi serve`, its clock moved by PRESENSI_SERVE_OFFSET_S seconds and ticking from there;
# it ends itself if the process that started it goes away without stopping it.
# With several workers (uvicorn starts them as fresh interpreters) the clock is moved in every
# process as it starts, by SITE (a sitecustomize on the server's PYTHONPATH) instead.
SITE = """
import os, time
offset = os.environ.get("PRESENSI_SERVE_OFFSET_S")
if offset:
    import time_machine
    time_machine.travel(time.time() + float(offset), tick=True).start()
"""
WRAPPER = (
    """
import os, sys, threading, time
import time_machine

def orphaned(parent=os.getppid()):
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)

threading.Thread(target=orphaned, daemon=True).start()
"""
    + COUNTING
    + """
dump = None
if os.environ.get("PRESENSI_SERVE_COUNTERS"):
    import signal
    dump = count_sql(os.environ["PRESENSI_SERVE_COUNTERS"])
    # uvicorn raises a SIGTERM again once it has stopped: end through `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
if not os.environ.get("PRESENSI_SERVE_SITE"):  # else every process moved its clock at start
    offset = float(os.environ["PRESENSI_SERVE_OFFSET_S"])
    time_machine.travel(time.time() + offset, tick=True).start()
from presensi.cli import app
try:
    app(["serve", "--host", "127.0.0.1", "--port", sys.argv[1], "--workers", sys.argv[2]],
        prog_name="presensi")
finally:
    if dump is not None:
        dump()
"""
)


class Server:
    """`presensi serve` as a subprocess: started, killed with SIGKILL, started again."""

    def __init__(
        self, workdir: Path, env: dict[str, str], offset_s: float, workers: int = 1
    ) -> None:
        self.workdir = workdir
        self.env = env
        self.workers = workers
        self.offset_s = offset_s  # server clock = machine clock + offset (only ever grows)
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.logs: list[Path] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def now(self) -> datetime:
        """The server's clock, read from this process."""
        return datetime.fromtimestamp(real_time() + self.offset_s, UTC)

    def start(self) -> None:
        for _ in range(3):
            log = self.workdir / f"server-{len(self.logs) + 1}.log"
            self.logs.append(log)
            env = {**self.env, "PRESENSI_SERVE_OFFSET_S": repr(self.offset_s)}
            if self.workers > 1:
                env |= self._site(env)
            with log.open("wb") as out:
                self.process = subprocess.Popen(
                    [sys.executable, "-c", WRAPPER, str(self.port), str(self.workers)],
                    cwd=self.workdir,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            if self._healthy():
                return
            self.stop()
            if "address already in use" not in log.read_text(errors="replace").lower():
                break
            self.port = free_port()  # taken meanwhile by someone else: another one
        raise AssertionError(f"presensi serve did not start:\n{self.tail()}")

    def _site(self, env: dict[str, str]) -> dict[str, str]:
        """A sitecustomize that moves each worker process's clock as it starts."""
        site = self.workdir / "site"
        site.mkdir(exist_ok=True)
        (site / "sitecustomize.py").write_text(SITE)
        path = os.pathsep.join(part for part in (str(site), env.get("PYTHONPATH", "")) if part)
        return {"PYTHONPATH": path, "PRESENSI_SERVE_SITE": "1"}

    @property
    def pids(self) -> list[int]:
        """The server's processes: itself, and with several workers those it started."""
        found = [self.pid]
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        if self.workers > 1 and children.exists():
            found += [int(child) for child in children.read_text().split()]
        return found

    def _healthy(self) -> bool:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        return False

    def kill(self) -> None:
        """kill -9: nothing is drained, closed or flushed."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """The end of the test: ask politely, then insist."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines: int = 60) -> str:
        """The end of each start's output, without the requests that were answered 200."""
        parts = []
        for log in self.logs:
            said = log.read_text(errors="replace").splitlines() if log.exists() else []
            said = [line for line in said if '" 200 OK' not in line]
            parts.append(f"--- {log} ---\n" + "\n".join(said[-lines:]))
        return "\n".join(parts)


# The employees ----------------------------------------------------------------------------------


@dataclass
class Employee:
    nip: str
    site: str
    user: dict[str, Any]
    update_ids: list[int]
    selfie: str  # file id
    acknowledged: int = 0
    refusals: list[int] = field(default_factory=list)  # HTTP statuses other than 200

    @property
    def chat(self) -> str:
        return str(self.user["id"])

    def updates(self, server: Server):
        """The clock-in, each update written when it is first sent (its date on the server's
        clock); a redelivery sends the same update again."""
        lat, lon = SITES[self.site]
        masuk, share, move, selfie = self.update_ids
        yield tg.command("/masuk", sender=self.user, at=server.now(), update_id=masuk)
        shared_at = server.now()
        yield tg.live_location(
            lat, lon, sender=self.user, at=shared_at, update_id=share, message_id=share % 10**6
        )
        yield tg.edited_live_location(
            lat + 0.00003,
            lon - 0.00002,
            edited_at=server.now(),
            sender=self.user,
            at=shared_at,
            update_id=move,
            message_id=share % 10**6,
        )
        yield tg.photo(self.selfie, sender=self.user, at=server.now(), update_id=selfie)


def selfie_jpeg(rng: random.Random) -> bytes:
    """A small JPEG of its own noise: no face (matching is off), no two alike (replay guard)."""
    side = 48
    image = Image.frombytes(
        "RGB", (side, side), bytes(rng.randrange(256) for _ in range(3 * side**2))
    )
    out = io.BytesIO()
    image.resize((192, 256)).save(out, "JPEG", quality=80)
    return out.getvalue()


# The database, read from outside ----------------------------------------------------------------


def inbox(engine: Engine, redis_url: str | None = None) -> list[dict[str, Any]]:
    """The Telegram rows of the inbox: the database's table, and with `redis_url` the rows the
    server keeps in Redis (core.inbox.redis_scripts names the keys)."""
    rows = _table_inbox(engine)
    if redis_url:
        rows += _redis_inbox(redis_url)
    return rows


def _redis_inbox(url: str, prefix: str = "presensi:inbox:telegram") -> list[dict[str, Any]]:
    import redis

    client = redis.Redis.from_url(url, decode_responses=True)
    try:
        rows = []
        for name in client.scan_iter(match=f"{prefix}:key:*", count=500):
            key, id_ = name[len(prefix) + 5 :], client.get(name)
            if id_ is None:
                continue
            if id_ == "0":  # finished: processed and delivered
                done = {"processed_at": "done", "delivered_at": "done", "sent": 0}
                rows.append({"id": key, "key": key, **done, "outcome": None, "attempts": None,
                             "error": None})  # fmt: skip
                continue
            row = client.hgetall(f"{prefix}:row:{id_}")
            outcome = row.get("outcome")
            rows.append({
                "id": int(id_), "key": key, "processed_at": row.get("processed_at") or None,
                "delivered_at": None, "sent": int(row.get("sent") or 0),
                "outcome": json.loads(outcome) if outcome else None,
                "attempts": int(row.get("attempts") or 0), "error": row.get("error") or None,
            })  # fmt: skip
        return rows
    finally:
        client.close()


def _table_inbox(engine: Engine) -> list[dict[str, Any]]:
    query = text(
        "SELECT id, key, processed_at, delivered_at, sent, outcome, attempts, error "
        "FROM inbox WHERE channel = 'telegram' ORDER BY id"
    )
    with engine.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(query)]
    for row in rows:
        if isinstance(row["outcome"], str):
            row["outcome"] = json.loads(row["outcome"])
    return rows


def check_ins(engine: Engine) -> list[dict[str, Any]]:
    query = text(
        "SELECT e.identifier, a.direction, a.accepted, a.outcome, a.dedup_key "
        "FROM attendance a JOIN employees e ON e.id = a.employee_id ORDER BY a.id"
    )
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]
