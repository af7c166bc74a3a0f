"""`presensi demo`: a sample organisation and one working day, played through the chat flows.

A few people's conversations are printed as a transcript (registration, clock-ins that pass and
fail, a sick note approved with one tap, the head of unit's summary); everybody else clocks in
through the same bot quietly. The day ends with every employee's status.
"""

from __future__ import annotations

import asyncio
import random
import zlib
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from pyproj import Geod

from core.clock import FixedClock
from core.employee_file import parse_employees_csv
from core.orgfile import parse_org
from core.services.accounts import issue_code
from core.services.daily import day_report
from core.services.employees import import_employees
from core.services.orgs import load_org
from core.storage import audit
from core.storage.database import upgrade
from core.storage.uow import UnitOfWork
from presensi.demo_chat import Chat, open_chat, selfie, tg
from presensi.demo_people import Person, make_people
from presensi.demo_report import print_refused, print_statuses
from presensi.settings import Settings
from presensi.wiring import engine_for, sessions

ORG = "demo-sungai-penuh"
ZONE = ZoneInfo("Asia/Jakarta")
DEFAULT_DATABASE = "sqlite:///var/demo.db"


def run_demo(settings: Settings, size: int, out: TextIO) -> None:
    """Start from an empty demo database, play the last work day, print it all."""
    _fresh(settings.database_url)
    upgrade(engine_for(settings.database_url))
    day = last_work_day(datetime.now(ZONE).date())
    clock = FixedClock(datetime.combine(day, time(6, 30), ZONE))
    people = make_people(size, random.Random(day.toordinal()))
    offices = _load(settings, clock, people, day)
    out.write(f"presensi demo — {ORG}, {day:%A %d %B %Y} (WIB), {len(people)} employees\n")
    out.write("Telegram conversations (offline Bot API; no token needed):\n\n")
    asyncio.run(_play(settings, clock, people, offices, day, out))
    clock.set(datetime.combine(day, time(23, 0), ZONE))
    with UnitOfWork(sessions(settings), clock) as uow:
        report = day_report(uow, ORG, day, clock.now())
        refused = [r for r in uow.attendance([r.employee.id for r in report], day, day)
                   if not r.accepted]
        print_statuses(out, day, report, settings.database_url)
        print_refused(out, report, refused)
        count, problems = audit.verify(uow.session)
    verdict = "chain intact" if not problems else f"{len(problems)} problem(s)"
    out.write(f"\naudit log: {count} entries, {verdict}\n")


def _fresh(url: str) -> None:
    """The demo owns its SQLite file: each run starts empty (it never touches another DB)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


def last_work_day(today: date) -> date:
    """The most recent Monday-Friday before today, so that the whole day has been lived."""
    day = today - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _load(settings, clock, people: list[Person], day: date) -> dict[str, tuple[float, float]]:
    with UnitOfWork(sessions(settings), clock) as uow:
        spec = parse_org(resources.files("presensi").joinpath("demo_org.yaml").read_text(), ORG)
        load_org(uow, spec, actor="demo")
        rows = parse_employees_csv(employees_csv(people), {u.code for u in spec.units})
        import_employees(uow, ORG, rows, day - timedelta(days=30), actor="demo")
        uow.commit()
    return {u.code: (u.sites[0].fence.center.lat, u.sites[0].fence.center.lon)
            for u in spec.units}


def employees_csv(people: list[Person]) -> str:
    lines = ["nip,nik,nama,jenis,unit,atasan,peran,telepon"]
    for p in people:
        nip, nik = (p.identifier, "") if p.kind != "NON_ASN" else ("", p.identifier)
        lines.append(f"{nip},{nik},{p.name},{p.kind},{p.unit},{p.supervisor or ''},"
                     f"{';'.join(p.roles)},{p.phone}")
    return "\n".join(lines) + "\n"


class Day:
    """The people of the demo and what each does, through the chat."""

    def __init__(self, chat: Chat, settings, people, offices, day: date) -> None:
        self.chat, self.settings, self.people, self.offices, self.day = (
            chat, settings, people, offices, day)
        self.users = {p.identifier: tg.user(7_000_000 + i, p.name.split()[0])
                      for i, p in enumerate(people)}
        self.rng = random.Random(day.toordinal() + 1)
        for p in people:
            chat.names[self.users[p.identifier]["id"]] = p.name

    def at(self, hour: int, minute: int) -> None:
        self.chat.clock.set(datetime.combine(self.day, time(hour, minute), ZONE))

    async def say(self, person: Person, what: str, update: dict) -> list[str]:
        return await self.chat.send(self.users[person.identifier], what, update)

    async def text(self, person: Person, words: str) -> list[str]:
        maker = tg.command if words.startswith("/") else tg.text
        return await self.say(person, words, maker(words, sender=self._user(person),
                                                   **self.chat.at()))

    def _user(self, person: Person) -> dict:
        return self.users[person.identifier]

    async def link(self, person: Person, code: str) -> None:
        await self.text(person, "/start")
        await self.text(person, person.identifier)
        await self.text(person, code)

    async def live(self, person: Person, metres_off: float = 0.0, live: bool = True) -> None:
        lat, lon = self._near(person, metres_off)
        maker = tg.live_location if live else tg.static_location
        label = "📍 lokasi terkini" if live else "📌 pin lokasi"
        update = maker(lat, lon, accuracy=self.rng.uniform(6, 20), sender=self._user(person),
                       **self.chat.at())
        await self.say(person, f"{label} ({metres_off:.0f} m dari kantor)" if metres_off
                       else label, update)

    async def selfie(self, person: Person) -> None:
        file_id = f"AgACselfie{self.rng.randrange(10**9)}"
        self.chat.api.add_file(file_id, selfie(zlib.crc32(file_id.encode())))
        await self.say(person, "🤳 swafoto", tg.photo(file_id, sender=self._user(person),
                                                         **self.chat.at()))

    async def clock(self, person: Person, words: str, metres_off: float = 0.0) -> None:
        await self.text(person, words)
        await self.live(person, metres_off)
        if not metres_off:
            await self.selfie(person)

    def _near(self, person: Person, metres_off: float) -> tuple[float, float]:
        lat, lon = self.offices[person.unit]
        distance = metres_off or self.rng.uniform(0, 12)  # GPS wanders a little at the desk
        lon2, lat2, _ = Geod(ellps="WGS84").fwd(lon, lat, self.rng.uniform(0, 360), distance)
        return lat2, lon2


async def _play(settings, clock, people, offices, day, out) -> None:
    chat = await open_chat(settings, clock, out)
    try:
        d = Day(chat, settings, people, offices, day)
        head, admin, a, b, c, sick, early = _cast(people)
        featured = {p.identifier for p in (head, admin, a, b, c, sick, early)}
        chat.quiet = {d.users[p.identifier]["id"] for p in people
                      if p.identifier not in featured}
        await _register(d, settings, clock, head, admin, [a, b, c, sick, early], people)
        leaving = await _morning(d, head, admin, a, b, c, sick, early, featured)
        await _afternoon(d, a, b, c, early, leaving | {head.identifier, admin.identifier})
    finally:
        await chat.application.shutdown()


def _cast(people: list[Person]):
    """The head and admin of the first unit, and five of its staff with a story each."""
    unit = people[0].unit
    staff = [p for p in people if p.unit == unit and not p.roles]
    return people[0], next(p for p in people if p.unit == unit and "admin" in p.roles), *staff[:5]


async def _register(d: Day, settings, clock, head, admin, stories, people) -> None:
    d.at(6, 30)
    with UnitOfWork(sessions(settings), clock) as uow:
        org_id = uow.organisation(ORG).id
        codes = {p.identifier: issue_code(uow, uow.employee_by_identifier(org_id, p.identifier),
                                          None) for p in people}
        uow.commit()
    await d.link(admin, codes[admin.identifier])
    code = (await d.text(admin, f"/kode {stories[0].identifier}"))[-1].split(": ")[1].split()[0]
    await d.link(stories[0], code)
    shown = set(d.chat.quiet)
    d.chat.quiet = {u["id"] for u in d.users.values()}  # everyone else registers off-screen
    for person in people:
        if person is not admin and person is not stories[0]:
            await d.link(person, codes[person.identifier])
    d.chat.quiet = shown


async def _morning(d: Day, head, admin, a, b, c, sick, early, featured) -> set[str]:
    d.at(7, 3)
    await d.clock(admin, "Masuk")
    d.at(7, 10)
    await d.clock(a, "Masuk")
    d.at(7, 14)
    await d.text(c, "Masuk")
    await d.live(c, metres_off=230)
    d.at(7, 19)
    await d.clock(c, "Masuk")
    d.at(7, 25)
    await d.clock(early, "Masuk")
    d.at(7, 30)
    await d.text(sick, "/izin")
    await _sick_note(d, sick, admin)
    leaving = await _everyone_else(d, featured, 7)
    d.at(7, 28)
    await d.clock(head, "Masuk")
    d.at(7, 48)
    await d.text(b, "Masuk")
    await d.live(b, live=False)
    await d.live(b)
    await d.selfie(b)
    d.at(9, 0)
    await d.text(head, "/rekap")
    return leaving


async def _sick_note(d: Day, sick: Person, admin: Person) -> None:
    await d.say(sick, "[Sakit]", tg.callback("lt:S", sender=d._user(sick), **d.chat.at()))
    await d.text(sick, "hari ini")
    await d.text(sick, "Demam tinggi sejak semalam")
    d.chat.api.add_file("BQACsuratdokter", b"%PDF-1.4 surat keterangan dokter (demo)")
    await d.say(sick, "📄 surat-dokter.pdf", tg.document(
        "BQACsuratdokter", size=40, sender=d._user(sick), **d.chat.at()))
    request = [c for c in d.chat.api.calls if "reply_markup" in c.params
               and "ap:" in str(c.params["reply_markup"])][-1]
    approve = request.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    d.at(7, 40)
    await d.say(admin, "[✅ Setujui]", tg.callback(approve, sender=d._user(admin),
                                                   **d.chat.at()))


async def _everyone_else(d: Day, featured: set[str], hour: int) -> set[str]:
    """The rest of the staff: mostly on time, some late, a few absent; who will clock out."""
    others = [p for p in d.people if p.identifier not in featured]
    leaving = set()
    for index, person in enumerate(sorted(others, key=lambda p: d.rng.random())):
        kind = index % 8
        if kind == 7:
            continue  # no show
        minute = d.rng.randint(0, 29) if kind < 5 else 31 + d.rng.randint(0, 40)
        d.at(hour + minute // 60, minute % 60)
        await d.clock(person, "Masuk")
        if kind != 6:  # one in eight forgets to clock out
            leaving.add(person.identifier)
    return leaving


async def _afternoon(d: Day, a, b, c, early, leaving: set[str]) -> None:
    d.at(15, 20)
    await d.clock(early, "Pulang")
    for minute, person in zip((2, 9, 17), (a, b, c), strict=True):
        d.at(16, minute)
        await d.clock(person, "Pulang")
    for person in d.people:
        if person.identifier in leaving:
            d.at(16, d.rng.randint(0, 28))
            await d.clock(person, "Pulang")
