"""`presensi serve --workers 2`: two server processes behind one port, on one PostgreSQL and
Redis, each update processed and answered once whichever process received it; and refused in
one line without a Redis server to share."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from cryptography.fernet import Fernet

from bot.offline import updates as tg
from tests.serve_harness import SECRET, FakeBotApi, free_port, serve_env

PEOPLE = 24
STARTUP_S = 60


def workers(pid: int) -> list[int]:
    """The server processes uvicorn's supervisor `pid` started (Linux: /proc), not
    multiprocessing's resource tracker."""
    found = [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return [
        child for child in found if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


def healthy(url: str) -> bool:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            time.sleep(0.1)
    return False


@pytest.mark.postgres
@pytest.mark.redis
def test_two_processes_answer_every_update_once(tmp_path, pg_engine, pg_url, serve_redis_url):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with FakeBotApi() as fake:
        env = serve_env(tmp_path / "media", Fernet.generate_key().decode())
        env |= fake.env() | {"DATABASE_URL": pg_url, "REDIS_URL": serve_redis_url}
        command = ["serve", "--port", str(port), "--workers", "2"]
        log = (tmp_path / "serve.log").open("wb")
        server = subprocess.Popen(
            [sys.executable, "-c", f"from presensi.cli import app; app({command!r})"],
            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            assert healthy(url), (tmp_path / "serve.log").read_text()
            assert len(workers(server.pid)) == 2
            users = [tg.user(1_600_000_000 + n, f"Pegawai{n}") for n in range(PEOPLE)]
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}

            def start(n: int) -> int:
                update = tg.command("/start", sender=users[n], update_id=70_000 + n)
                return httpx.post(f"{url}/webhooks/telegram", json=update, headers=headers,
                                  timeout=10).status_code  # fmt: skip

            with ThreadPoolExecutor(8) as posting:
                assert list(posting.map(start, range(PEOPLE))) == [200] * PEOPLE
            deadline = time.monotonic() + 30
            while fake.count() < PEOPLE and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1.0)  # a second answer to anyone would arrive meanwhile
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
        answered = sorted(int(call.chat) for call in fake.sent() if call.method == "sendMessage")
    assert answered == sorted(user["id"] for user in users)
    assert all("NIP" in call.params["text"] for call in fake.sent() if call.method == "sendMessage")


def test_several_processes_without_redis_are_refused_in_one_line(tmp_path):
    env = serve_env(tmp_path / "media", Fernet.generate_key().decode())
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"}
    done = subprocess.run(
        [sys.executable, "-c", "from presensi.cli import app; app(['serve', '--workers', '2'])"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip

    assert done.returncode == 1
    assert done.stderr.strip() == (
        "error: --workers 2 needs REDIS_URL: the processes share conversations, send limits "
        "and the minute's reminders through a Redis server"
    )
