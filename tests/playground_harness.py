"""`presensi demo --web`'s app on a real port, in a thread: the demo organisation on the test's
database, its clock the demo day's morning (running from 07:05 WIB on 24 November 2026 at the
wall clock's pace, whatever day the tests run), the embedded Redis stand-in, as a fresh clone
runs it. People talk in the web chat as the page does: JSON and multipart POSTs."""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from cryptography.fernet import Fernet

from presensi.playground import playground_app, playground_settings
from presensi.settings import Settings
from tests.serve_harness import InThread, free_port

SIZE = 12  # heads and admins of three units, and six staff
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)


@dataclass(frozen=True)
class Row:
    """A person as the pick page lists them."""

    employee_id: int
    name: str
    role: str
    unit: str
    identifier: str
    state: str
    chat: str

    @property
    def code(self) -> str:
        found = re.search(r"(?:Kode aktivasi|Activation code): (\d+)", self.state)
        assert found, self.state
        return found.group(1)


class LivePlayground:
    """The playground served by uvicorn in a thread; `http` talks to it as the page does."""

    def __init__(self, tmp_path: Path, database_url: str | None = None, faces: str = "off"):
        self.port = free_port()
        settings = Settings(
            _env_file=None,
            database_url=database_url or f"sqlite:///{tmp_path / 'demo.db'}",
            media_dir=tmp_path / "media",
            # Keys as a server on PostgreSQL must be given them (on SQLite they would be
            # generated into files next to the database).
            secret_key="playground-test-secret",
            receipt_key="playground-receipt-key",
            face_keys=Fernet.generate_key().decode(),
            face_queue=faces,
            face_workers=1,
        )
        self.settings = playground_settings(settings, "127.0.0.1", self.port)
        app = playground_app(self.settings, SIZE)
        self.served = InThread(app, self.port)
        self.http = httpx.Client(base_url=self.url, timeout=30)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LivePlayground:
        self.served.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()
        self.served.stop()

    def people(self) -> list[Row]:
        page = self.http.get("/coba").text
        rows = []
        for employee, row in re.findall(r'<tr data-employee="(\d+)">(.*?)</tr>', page, re.S):
            cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in CELL.findall(row)]
            chat = re.search(r'href="/coba/chat/([^"]+)"', row).group(1)
            rows.append(Row(int(employee), *cells[:5], chat))
        return rows

    def someone(self, role: str, registered: bool, unit: str = "BKPSDM") -> Row:
        """The first `role` of `unit` (the demo admin's) registered or not."""
        return next(
            r
            for r in self.people()
            if r.role == role and r.unit == unit and (r.state == "Terdaftar") == registered
        )

    def send(self, chat: str, nonce: str | None = None, **body: Any) -> httpx.Response:
        body = {"nonce": nonce or secrets.token_hex(8), **body}
        return self.http.post(f"/coba/chat/{chat}/kirim", json=body)

    def says(self, chat: str, **body: Any) -> list[str]:
        """Send, and the bot's texts that came after it (at least one)."""
        before = self.last(chat)
        response = self.send(chat, **body)
        assert response.status_code == 202, response.text
        return self.answers(chat, before)

    def upload(self, chat: str, kind: str, name: str, data: bytes, **more: str) -> httpx.Response:
        form = {"jenis": kind, "nonce": secrets.token_hex(8), **more}
        return self.http.post(f"/coba/chat/{chat}/berkas", data=form,
                              files={"berkas": (name, data)})  # fmt: skip

    def messages(self, chat: str, after: str = "0-0") -> list[dict]:
        return self.http.get(f"/coba/chat/{chat}/pesan", params={"sejak": after}).json()["messages"]

    def last(self, chat: str) -> str:
        found = self.messages(chat)
        return found[-1]["id"] if found else "0-0"

    def answers(self, chat: str, after: str, timeout: float = 20) -> list[str]:
        """The bot's texts after message `after`, once one has come."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m["text"] for m in self.messages(chat, after) if not m.get("mine")]
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"no answer in {timeout} s")

    def office(self, chat: str) -> tuple[float, float]:
        page = self.http.get(f"/coba/chat/{chat}").text
        lat = re.search(r'data-lat="([^"]+)"', page).group(1)
        lon = re.search(r'data-lon="([^"]+)"', page).group(1)
        return float(lat), float(lon)

    def register(self, row: Row) -> list[str]:
        self.says(row.chat, text="/start")
        self.says(row.chat, text=row.identifier)
        return self.says(row.chat, text=row.code)
