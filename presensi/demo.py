"""`presensi demo`: a sample organisation and one working day, played through the chat flows.

A few people's conversations are printed as a transcript (registration, clock-ins that pass and
fail, a sick note approved with one tap, the head of unit's summary); everybody else clocks in
through the same bot quietly. The day ends with every employee's status.
"""

from __future__ import annotations

import asyncio
import random
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from pyproj import Geod

from core.clock import FixedClock
from core.employee_file import parse_employees_csv
from core.org.file import parse_org
from core.reports.formats import full_date, month_name
from core.reports.labels import words
from core.services.accounts import issue_code
from core.services.employees import import_employees
from core.services.orgs import load_org
from core.services.recap import day_summary
from core.storage import audit
from core.storage.database import upgrade
from core.storage.uow import UnitOfWork
from presensi.demo_chat import Chat, open_chat, selfie, tg
from presensi.demo_month import calendar_of, fill_month, work_days
from presensi.demo_people import Person, make_people
from presensi.demo_report import print_refused, print_statuses
from presensi.keys import code_key
from presensi.settings import Settings
from presensi.wiring import engine_for, sessions

ORG = "demo-sungai-penuh"
ZONE = ZoneInfo("Asia/Jakarta")
DEFAULT_DATABASE = "sqlite:///var/demo.db"


# A Tuesday that is no holiday, so that the story is the same whenever the demo runs: a work
# day with the ordinary Monday-Thursday hours (Friday ends later, Monday may have an apel).
DEMO_DAY = date(2026, 11, 24)


class DemoDayError(ValueError):
    """The chosen day is not a working day of the demo organisation."""


def run_demo(settings: Settings, size: int, out: TextIO, day: date = DEMO_DAY) -> None:
    """Start from an empty demo database, play `day`, print it all."""
    fresh_database(settings.database_url)
    upgrade(engine_for(settings.database_url))
    clock = FixedClock(datetime.combine(day, time(6, 0), ZONE))
    people = make_people(size, random.Random(day.toordinal()))
    offices = load_demo(settings, clock, people, day)
    times = day_times(settings, clock, day)
    w = words(settings.language)
    out.write(
        w["demo_intro"].format(org=ORG, day=full_date(day, settings.language), count=len(people))
        + "\n"
    )
    out.write(w["demo_chats"] + "\n\n")
    asyncio.run(_play(settings, clock, people, offices, day, times, out))
    filled = fill_month(
        lambda: UnitOfWork(sessions(settings), clock, settings.audit_key_bytes),
        clock,
        ORG,
        people,
        offices,
        day,
    )
    clock.set(datetime.combine(day, time(23, 0), ZONE))
    with UnitOfWork(sessions(settings), clock, settings.audit_key_bytes) as uow:
        report = day_summary(uow, ORG, day, now=clock.now()).lines
        refused = [
            r for r in uow.attendance([r.person.id for r in report], day, day) if not r.accepted
        ]
        print_statuses(out, day, report, settings.database_url, settings.language)
        print_refused(out, report, refused, settings.language)
        count, problems = audit.verify(uow.session, settings.audit_key_bytes)
    command = f"presensi recap --org {ORG} --month {day:%Y-%m}"
    month = month_name(day.year, day.month, settings.language)
    out.write("\n" + w["demo_month"].format(month=month, count=filled, command=command) + "\n")
    verdict = w["demo_problems"].format(count=len(problems)) if problems else w["demo_intact"]
    out.write("\n" + w["demo_audit"].format(count=count, verdict=verdict) + "\n")


def fresh_database(url: str) -> None:
    """The demo owns its SQLite file: each run starts empty (it never touches another DB)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


@dataclass(frozen=True)
class Times:
    """The day's schedule in minutes after midnight: the story is told relative to it."""

    opens: int  # check-in opens
    on_time: int  # the last on-time minute
    ends: int  # work ends: check-out from here is not early


def day_times(settings: Settings, clock: FixedClock, day: date) -> Times:
    with UnitOfWork(sessions(settings), clock, settings.audit_key_bytes) as uow:
        plan = work_days(uow, ORG, day).get(day)
        holiday = calendar_of(uow, ORG)(day)
    if plan is None:
        why = f"a holiday ({holiday})" if holiday else "not a work day"
        raise DemoDayError(f"{day:%Y-%m-%d} is {why} in {ORG}: pick a Monday-Friday")
    return Times(*plan)


def load_demo(settings, clock, people: list[Person], day: date) -> dict[str, tuple[float, float]]:
    with UnitOfWork(sessions(settings), clock, settings.audit_key_bytes) as uow:
        spec = parse_org(resources.files("presensi").joinpath("demo_org.yaml").read_text(), ORG)
        load_org(uow, spec, actor="demo")
        rows = parse_employees_csv(employees_csv(people), {u.code for u in spec.units})
        import_employees(uow, ORG, rows, day.replace(day=1), actor="demo")
        uow.commit()
    return {u.code: (u.sites[0].fence.center.lat, u.sites[0].fence.center.lon) for u in spec.units}


def employees_csv(people: list[Person]) -> str:
    lines = ["nip,nik,nama,jenis,unit,atasan,peran,telepon"]
    for p in people:
        nip, nik = (p.identifier, "") if p.kind != "NON_ASN" else ("", p.identifier)
        lines.append(
            f"{nip},{nik},{p.name},{p.kind},{p.unit},{p.supervisor or ''},"
            f"{';'.join(p.roles)},{p.phone}"
        )
    return "\n".join(lines) + "\n"


class Day:
    """The people of the demo and what each does, through the chat."""

    def __init__(self, chat: Chat, settings, people, offices, day: date, times: Times) -> None:
        self.chat, self.settings, self.people, self.offices, self.day, self.times = (
            chat,
            settings,
            people,
            offices,
            day,
            times,
        )
        self.users = {
            p.identifier: tg.user(7_000_000 + i, p.name.split()[0]) for i, p in enumerate(people)
        }
        self.rng = random.Random(day.toordinal() + 1)
        for p in people:
            chat.names[self.users[p.identifier]["id"]] = p.name

    def at(self, minute_of_day: int) -> None:
        midnight = datetime.combine(self.day, time(0, 0), ZONE)
        self.chat.clock.set(midnight + timedelta(minutes=minute_of_day))

    async def say(self, person: Person, what: str, update: dict) -> list[str]:
        return await self.chat.send(self.users[person.identifier], what, update)

    async def text(self, person: Person, words: str) -> list[str]:
        maker = tg.command if words.startswith("/") else tg.text
        return await self.say(
            person, words, maker(words, sender=self._user(person), **self.chat.at())
        )

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
        update = maker(
            lat, lon, accuracy=self.rng.uniform(6, 20), sender=self._user(person), **self.chat.at()
        )
        await self.say(
            person, f"{label} ({metres_off:.0f} m dari kantor)" if metres_off else label, update
        )

    async def selfie(self, person: Person) -> None:
        file_id = f"AgACselfie{self.rng.randrange(10**9)}"
        self.chat.api.add_file(file_id, selfie(zlib.crc32(file_id.encode())))
        await self.say(
            person, "🤳 swafoto", tg.photo(file_id, sender=self._user(person), **self.chat.at())
        )

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


async def _play(settings, clock, people, offices, day, times, out) -> None:
    chat = await open_chat(settings, clock, out)
    try:
        d = Day(chat, settings, people, offices, day, times)
        cast = cast_of(people)
        featured = {p.identifier for p in cast.everyone()}
        chat.quiet = {d.users[p.identifier]["id"] for p in people if p.identifier not in featured}
        await _register(d, settings, clock, cast, people)
        leaving = await _morning(d, cast, featured)
        await _afternoon(d, cast, leaving | {cast.head.identifier, cast.admin.identifier})
    finally:
        await chat.application.shutdown()


@dataclass(frozen=True)
class Cast:
    """The head and admin of the first unit, and up to five of its staff with a story each;
    a small demo (fewer than 19 people) leaves the later stories out."""

    head: Person
    admin: Person
    on_time: Person | None  # clocks in early, out on time
    late: Person | None  # sends a pin first, then comes late
    far: Person | None  # tries 230 m away, then at the office
    sick: Person | None  # files a sick note with the doctor's letter
    early: Person | None  # leaves 40 minutes early

    def everyone(self) -> list[Person]:
        return [p for p in (self.head, self.admin, *self.stories()) if p]

    def stories(self) -> list[Person | None]:
        return [self.on_time, self.late, self.far, self.sick, self.early]


def cast_of(people: list[Person]) -> Cast:
    unit = people[0].unit
    admin = next(p for p in people if p.unit == unit and "admin" in p.roles)
    staff = [p for p in people if p.unit == unit and not p.roles][:5]
    return Cast(people[0], admin, *(staff + [None] * (5 - len(staff))))


async def _register(d: Day, settings, clock, cast: Cast, people) -> None:
    d.at(d.times.opens - 30)
    with UnitOfWork(sessions(settings), clock, settings.audit_key_bytes) as uow:
        org_id = uow.organisation(ORG).id
        key = code_key(settings)
        codes = {
            p.identifier: issue_code(
                uow, uow.employee_by_identifier(org_id, p.identifier), None, key=key
            )
            for p in people
        }
        uow.commit()
    await d.link(cast.admin, codes[cast.admin.identifier])
    shown = {cast.admin}
    first = next((p for p in cast.stories() if p), None)
    if first:  # the admin's /kode, as a new colleague would be given it
        answer = (await d.text(cast.admin, f"/kode {first.identifier}"))[-1]
        await d.link(first, answer.split(": ")[1].split()[0])
        shown.add(first)
    quiet = set(d.chat.quiet)
    d.chat.quiet = {u["id"] for u in d.users.values()}  # everyone else registers off-screen
    for person in people:
        if person not in shown:
            await d.link(person, codes[person.identifier])
    d.chat.quiet = quiet


async def _morning(d: Day, cast: Cast, featured: set[str]) -> set[str]:
    opens, on_time = d.times.opens, d.times.on_time
    d.at(opens + 3)
    await d.clock(cast.admin, "Masuk")
    if cast.on_time:
        d.at(opens + 10)
        await d.clock(cast.on_time, "Masuk")
    if cast.far:
        d.at(opens + 14)
        await d.text(cast.far, "Masuk")
        await d.live(cast.far, metres_off=230)
        d.at(opens + 19)
        await d.clock(cast.far, "Masuk")
    if cast.early:
        d.at(opens + 25)
        await d.clock(cast.early, "Masuk")
    d.at(on_time - 2)
    await d.clock(cast.head, "Masuk")
    if cast.sick:
        d.at(on_time)
        await d.text(cast.sick, "/izin")
        await _sick_note(d, cast.sick, cast.admin)
    leaving = await _everyone_else(d, featured)  # off-screen, so the transcript stays in order
    if cast.late:
        d.at(on_time + 18)
        await d.text(cast.late, "Masuk")
        await d.live(cast.late, live=False)
        await d.live(cast.late)
        await d.selfie(cast.late)
    d.at(on_time + 90)
    await d.text(cast.head, "/rekap")
    return leaving


async def _sick_note(d: Day, sick: Person, admin: Person) -> None:
    await d.say(sick, "[Sakit]", tg.callback("lt:S", sender=d._user(sick), **d.chat.at()))
    await d.text(sick, "hari ini")
    await d.text(sick, "Demam tinggi sejak semalam")
    d.chat.api.add_file("BQACsuratdokter", b"%PDF-1.4 surat keterangan dokter (demo)")
    await d.say(
        sick,
        "📄 surat-dokter.pdf",
        tg.document("BQACsuratdokter", size=40, sender=d._user(sick), **d.chat.at()),
    )
    request = [
        c
        for c in d.chat.api.calls
        if "reply_markup" in c.params and "ap:" in str(c.params["reply_markup"])
    ][-1]
    approve = request.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    d.at(d.times.on_time + 10)
    await d.say(admin, "[✅ Setujui]", tg.callback(approve, sender=d._user(admin), **d.chat.at()))


async def _everyone_else(d: Day, featured: set[str]) -> set[str]:
    """The rest of the staff: mostly on time, some late, a few absent; who will clock out."""
    others = [p for p in d.people if p.identifier not in featured]
    opens, on_time = d.times.opens, d.times.on_time
    leaving = set()
    for index, person in enumerate(sorted(others, key=lambda p: d.rng.random())):
        kind = index % 8
        if kind == 7:
            continue  # no show
        if kind < 5:
            d.at(d.rng.randint(opens, on_time - 1))
        else:
            d.at(on_time + d.rng.randint(1, 40))
        await d.clock(person, "Masuk")
        if kind != 6:  # one in eight forgets to clock out
            leaving.add(person.identifier)
    return leaving


async def _afternoon(d: Day, cast: Cast, leaving: set[str]) -> None:
    """Everyone who leaves, in the order of the clock, so the transcript reads as the day did."""
    ends = d.times.ends
    plan = [(ends - 40, cast.early)] if cast.early else []
    plan += [
        (ends + minute, person)
        for minute, person in zip((2, 9, 17), (cast.on_time, cast.late, cast.far), strict=True)
        if person
    ]
    plan += [
        (ends + d.rng.randint(0, 28), person) for person in d.people if person.identifier in leaving
    ]
    for minute, person in sorted(plan, key=lambda step: step[0]):
        d.at(minute)
        await d.clock(person, "Pulang")
