"""`presensi serve`'s app on a real port, in a thread, for the console's tests: the flows
harness's organisation and clock, the Telegram webhook over the offline Bot API (it records what
each chat is sent), and the console at `/admin`.

People talk to the bot as Telegram delivers updates: by POSTs to the webhook; `LiveConsole.tell`
waits until what they caused has been sent. A browser (or httpx) opens the console.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bot.offline import updates as tg
from bot.offline.api import Call
from bot.offline.api import OfflineBotApi as FakeTelegram
from core.channels import Channel
from core.services import accounts
from presensi.server import build_app
from presensi.settings import Settings
from tests.flows_harness import ORG, Harness, build
from tests.serve_harness import InThread, free_port

TOKEN = "123456:CONSOLE-TOKEN"
SECRET = "console-webhook-secret"
DEWI = tg.user(111222333, "Dewi")  # STAFF (setda)
RINA = tg.user(600600600, "Rina")  # ADMIN of setda, Dewi's supervisor
HENDRA = tg.user(700700700, "Hendra")  # HEAD of setda
# The answers to one update have all gone once no call came for this long.
QUIET_S = 0.15
LINK = re.compile(r"https?://\S+/admin/masuk\?t=\S+")


class LiveConsole:
    """The app served by uvicorn in a thread, over the harness's storage and clock."""

    def __init__(
        self,
        tmp_path: Path,
        engine: Any = None,
        database_url: str | None = None,
        public_url: str | None = None,
    ):
        self.h: Harness = build(tmp_path, engine=engine)
        self.fake = FakeTelegram()
        self.port = free_port()
        url = database_url or f"sqlite:///{tmp_path / 'flows.db'}"
        self.settings = Settings(
            _env_file=None,
            database_url=url,
            telegram_bot_token=TOKEN,
            telegram_webhook_secret=SECRET,
            public_url=public_url or self.url,
            secret_key="console-test-secret",
            media_dir=tmp_path / "media",
        )
        runner = self.h.runner

        def runner_factory(settings, fetchers):
            runner.deps.fetchers.update(fetchers)
            return runner

        app = build_app(self.settings, runner_factory, telegram_request=self.fake,
                        clock=self.h.clock)  # fmt: skip
        self.served = InThread(app, self.port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveConsole:
        self.served.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.served.stop()

    def tell(self, update: dict, chat: dict | None = None, timeout: float = 15) -> list[Call]:
        """Deliver `update` to the webhook; the calls it caused, once they stop coming (at least
        one to `chat` when given)."""
        before = len(self.fake.calls)
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        response = httpx.post(f"{self.url}/webhooks/telegram", json=update, headers=headers)
        assert response.status_code == 200, response.text
        return self.calls_after(before, chat, timeout)

    def calls_after(self, before: int, chat: dict | None = None, timeout: float = 15) -> list[Call]:
        """The calls made since `before`, once they stop coming for a moment."""
        deadline = time.monotonic() + timeout
        seen, quiet_since = -1, time.monotonic()
        while time.monotonic() < deadline:
            calls = self.fake.calls[before:]
            wanted = chat is None or any(to(c) == str(chat["id"]) for c in calls)
            if len(calls) != seen:
                seen, quiet_since = len(calls), time.monotonic()
            elif wanted and calls and time.monotonic() - quiet_since > QUIET_S:
                return calls
            time.sleep(0.05)
        raise AssertionError(f"no answer in {timeout} s: {self.fake.calls[before:]}")

    def says(self, person: dict, words: str) -> str:
        make = tg.command if words.startswith("/") else tg.text
        return texts(self.tell(make(words, sender=person, at=self.h.clock.now()), person), person)

    def link(self, person: dict, identifier: str) -> None:
        """`person`'s Telegram account linked to the employee (registration in chat has tests
        of its own: here it is only the set-up)."""
        chat = str(person["id"])
        with self.h.uow() as uow:
            employee = uow.employee_by_identifier(uow.organisation(ORG).id, identifier)
            accounts.bind(uow, Channel.TELEGRAM.value, chat, chat, employee, "id")
            uow.commit()

    def make_super_admin(self, identifier: str) -> None:
        """The employee becomes a super admin, as the HR import would make them (audited)."""
        with self.h.uow() as uow:
            employee = uow.employee_by_identifier(uow.organisation(ORG).id, identifier)
            employee.roles = f"{employee.roles},super_admin"
            uow.touch(employee, "cli", "employee.import")
            uow.commit()

    def sign_in_link(self, person: dict) -> str:
        """What /web sends `person`: their sign-in link."""
        found = LINK.search(self.says(person, "/web"))
        assert found, self.fake.texts(person["id"])
        return found.group(0)

    def clock_in(self, where: tuple[float, float]) -> str:
        """Dewi shares her live location at `where` and, if it is accepted, takes a selfie;
        what the bot told her."""
        self.says(DEWI, "/masuk")
        at = self.h.clock.now()
        said = texts(self.tell(tg.live_location(*where, sender=DEWI, at=at), DEWI), DEWI)
        if "swafoto" not in said:
            return said
        self.fake.add_file("AgACselfie", b"face:dewi|1")
        return texts(self.tell(tg.photo("AgACselfie", sender=DEWI, at=at), DEWI), DEWI)

    def sick_note(self) -> None:
        """Dewi files a sick note with her doctor's letter, through the chat."""
        at = self.h.clock.now
        self.says(DEWI, "/izin")
        self.tell(tg.callback("lt:S", sender=DEWI), DEWI)
        self.says(DEWI, "24-11-2026")
        self.says(DEWI, "Demam tinggi")
        self.fake.add_file("BQACnote1", b"%PDF-1.4 surat dokter")
        self.tell(tg.document("BQACnote1", sender=DEWI, at=at()), DEWI)


def to(call: Call) -> str:
    return str(call.params.get("chat_id"))


def texts(calls: list[Call], person: dict | None = None) -> str:
    return "\n".join(
        c.params.get("text") or c.params.get("caption") or ""
        for c in calls
        if person is None or to(c) == str(person["id"])
    )


def browser(live: LiveConsole) -> httpx.Client:
    """A browser's requests: its cookies kept, its forms sent with their own origin."""
    return httpx.Client(base_url=live.url, headers={"Origin": live.url}, timeout=20)


def sign_in(live: LiveConsole, person: dict) -> httpx.Client:
    """A browser signed in as `person` by the link /web sent them."""
    web = browser(live)
    token = live.sign_in_link(person).split("t=", 1)[1]
    signed = web.post("/admin/masuk", data={"t": token})
    assert signed.status_code == 303 and signed.headers["location"] == "/admin"
    return web


def csrf_of(page: httpx.Response) -> str:
    return re.search(r'name="csrf" value="([^"]*)"', page.text).group(1)


def form_of(page: httpx.Response) -> dict[str, str]:
    """The hidden fields every form of the console sends back."""
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', page.text).group(1)
        for name in ("csrf", "nonce")
    }


def mini_app_data(person: dict, opened: datetime, token: str = TOKEN) -> str:
    """The initData Telegram hands the Mini App `person` opened at `opened`, signed as the Bot
    API documents (core.mini_app)."""
    values = {"auth_date": str(int(opened.timestamp())), "query_id": "AAE1",
              "user": json.dumps(person, separators=(",", ":"))}  # fmt: skip
    check = "\n".join(f"{k}={values[k]}" for k in sorted(values))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    values["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(values)
