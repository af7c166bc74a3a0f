"""`presensi demo --web` as README's quick start runs it: a process on a free port that serves
the playground until it is stopped; and what it refuses, in one line."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.serve_harness import OWN_SETTINGS, free_port

CLI = [sys.executable, "-m", "presensi.cli"]


def clean_env(tmp_path: Path) -> dict[str, str]:
    """No presensi setting from the machine: the embedded defaults, as on a fresh clone."""
    env = {k: v for k, v in os.environ.items() if not OWN_SETTINGS.match(k)}
    return env | {"MEDIA_DIR": str(tmp_path / "media"), "FACE_QUEUE": "off"}


def demo_web(tmp_path: Path, *options: str) -> subprocess.Popen:
    database = f"sqlite:///{tmp_path / 'demo.db'}"
    return subprocess.Popen(
        [*CLI, "demo", "--web", "--no-browser", "--employees", "9", "--database", database,
         *options],
        env=clean_env(tmp_path), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def test_the_playground_serves_until_it_is_stopped(tmp_path):
    port = free_port()
    process = demo_web(tmp_path, "--port", str(port))
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read()
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/coba")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the playground did not start"
                time.sleep(0.2)
        assert page.status_code == 200
        assert page.text.count("Kode aktivasi: ") == 3  # nine people, six of them heads/admins
        assert "Waktu demo: 24-11-2026 07:05" in page.text
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out.splitlines()[0] == (
        f"presensi demo --web: http://127.0.0.1:{port}/coba  (Ctrl+C stops it)"
    )
    assert "Traceback" not in err


def test_a_port_in_use_is_refused_in_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = demo_web(tmp_path, "--port", str(port))
        _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.strip() == f"error: port {port} is in use: pick another with --port"


def test_a_day_off_is_refused_before_anything_is_served(tmp_path):
    process = demo_web(tmp_path, "--port", str(free_port()), "--day", "2026-11-29")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.strip() == (
        "error: 2026-11-29 is not a work day in demo-sungai-penuh: pick a Monday-Friday"
    )


def test_a_privileged_port_is_refused_by_the_option(tmp_path):
    process = demo_web(tmp_path, "--port", "80")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2 and "--port" in err
