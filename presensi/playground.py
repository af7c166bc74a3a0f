"""`presensi demo --web`: the demo organisation served on this machine, with a web chat to talk
to the flows as any of its people and the console beside it, signed in as the demo's admin.

The web chat is the `web` channel: the same inbox, flows and delivery port as Telegram and
WhatsApp. The demo's month so far is recorded, heads and admins are linked already, and everyone
else registers with the activation code the pick page shows. The clock is the demo day's,
from 07:05 WIB at the wall clock's pace: a clock-in in the first 25 minutes is on time.
"""

from __future__ import annotations

import random
import socket
import threading
import webbrowser
from datetime import date, datetime, time, timedelta
from importlib.util import find_spec

from fastapi import FastAPI

from core.channels import Channel
from core.clock import FixedClock, ShiftedClock
from core.services import accounts
from core.services.accounts import issue_code
from core.services.console import console_identity
from core.storage.database import upgrade
from core.storage.uow import UnitOfWork
from presensi.demo import DEMO_DAY, ORG, ZONE, cast_of, day_times, fresh_database, load_demo
from presensi.demo_month import fill_month
from presensi.demo_people import Person, make_people
from presensi.keys import code_key
from presensi.server import build_app
from presensi.settings import Settings
from presensi.wiring import engine_for, sessions
from webhooks.parts import PlaygroundParts

# Where the demo day starts: a few minutes after check-in opens, so there is time to register.
START_AFTER_OPENING = timedelta(minutes=5)


def prepare(
    settings: Settings, size: int, day: date = DEMO_DAY
) -> tuple[PlaygroundParts, datetime]:
    """An empty demo database with the organisation, its people and the month before `day`;
    heads and admins linked to their web chats; the others' activation codes. Returns the
    playground's parts and the moment its clock starts at."""
    fresh_database(settings.database_url)
    upgrade(engine_for(settings.database_url))
    clock = FixedClock(datetime.combine(day, time(6, 0), ZONE))
    people = make_people(size, random.Random(day.toordinal()))
    offices = load_demo(settings, clock, people, day)
    times = day_times(settings, clock, day)  # a DemoDayError when `day` is no work day
    units = lambda: UnitOfWork(sessions(settings), clock, settings.audit_key_bytes)  # noqa: E731
    fill_month(units, clock, ORG, people, offices, day, only_before=True)
    start = datetime.combine(day, time(0, 0), ZONE) + timedelta(minutes=times.opens)
    clock.set(start)
    with units() as uow:
        codes, admin_id = _link_or_code(uow, settings, people)
        uow.commit()
    return PlaygroundParts(ORG, codes, admin_id, zone=str(ZONE)), start + START_AFTER_OPENING


def _link_or_code(uow: UnitOfWork, settings: Settings, people: list[Person]):
    """Heads and admins get their web chat (the one the console signs in with); everyone else
    an activation code, as an admin's /kode would give them."""
    org_id = uow.organisation(ORG).id
    key = code_key(settings)
    codes: dict[int, str] = {}
    for person in people:
        employee = uow.employee_by_identifier(org_id, person.identifier)
        if person.roles:
            identity = console_identity(employee.id)
            accounts.bind(uow, Channel.WEB.value, identity, identity, employee, settings.language)
        else:
            codes[employee.id] = issue_code(uow, employee, None, key=key)
    admin = uow.employee_by_identifier(org_id, cast_of(people).admin.identifier)
    return codes, admin.id


def playground_settings(settings: Settings, host: str, port: int) -> Settings:
    """The demo's own: served at `host:port`, no bot of any platform (the web chat is the
    channel), faces matched where the face extra is installed."""
    faces = settings.face_queue if find_spec("face_recognition") else "off"
    return settings.model_copy(
        update={
            "public_url": f"http://{host}:{port}",
            "telegram_bot_token": None,
            "telegram_webhook_secret": None,
            "whatsapp_access_token": None,
            "whatsapp_app_secret": None,
            "face_queue": "off" if faces == "arq" else faces,
        }
    )


def playground_app(settings: Settings, size: int, day: date = DEMO_DAY) -> FastAPI:
    """The app `presensi demo --web` serves (PUBLIC_URL set by `playground_settings`)."""
    parts, start = prepare(settings, size, day)
    return build_app(settings, clock=ShiftedClock(start), playground=parts)


def serve_playground(
    settings: Settings, size: int, port: int, open_browser: bool, day: date = DEMO_DAY
) -> None:
    """Build the demo, serve it on localhost until Ctrl+C, open the browser on its pick page."""
    import uvicorn

    host = "127.0.0.1"  # never beyond this machine: the playground signs anyone in
    _free(host, port)
    settings = playground_settings(settings, host, port)
    app = playground_app(settings, size, day)
    url = f"{settings.public_url}/coba"
    print(f"presensi demo --web: {url}  (Ctrl+C stops it)", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, [url]).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _free(host: str, port: int) -> None:
    """Refuse a port already taken before building anything (uvicorn would say so later)."""
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise ValueError(f"port {port} is in use: pick another with --port") from None
