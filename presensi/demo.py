"""`presensi demo`: a sample organisation and one realistic day, played through the use cases."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import TextIO
from zoneinfo import ZoneInfo

from core.absence import Evidence
from core.clock import FixedClock
from core.employee_file import parse_employees_csv
from core.geo import Point
from core.orgfile import parse_org
from core.rules import Direction
from core.services.absences import AbsenceRequest, decide, request_absence
from core.services.attendance import CheckRequest, record_check
from core.services.daily import day_report
from core.services.employees import import_employees
from core.services.orgs import load_org
from core.storage.database import upgrade
from core.storage.uow import UnitOfWork
from presensi.demo_people import Person, make_people
from presensi.settings import Settings
from presensi.wiring import engine_for, sessions

ORG = "demo-sungai-penuh"
ZONE = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class Step:
    """One thing a person does during the day, at a local minute of the day."""

    minute: int
    action: str  # "in", "out", "sick"
    metres_off: float = 0.0  # how far outside the office they stand


def run_demo(settings: Settings, size: int, out: TextIO) -> None:
    """Load the sample organisation, play the last work day, print every status."""
    engine = engine_for(settings.database_url)
    upgrade(engine)
    day = last_work_day(datetime.now(ZONE).date())
    clock = FixedClock(datetime.combine(day, time(6, 0), ZONE))
    people = make_people(size, random.Random(day.toordinal()))
    with UnitOfWork(sessions(settings), clock) as uow:
        spec = parse_org(resources.files("presensi").joinpath("demo_org.yaml").read_text(), ORG)
        load_org(uow, spec, actor="demo")
        rows = parse_employees_csv(employees_csv(people), {u.code for u in spec.units})
        import_employees(uow, ORG, rows, day - timedelta(days=30), actor="demo")
        uow.commit()
        offices = {u.code: u.sites[0].fence.center for u in spec.units}
        _play(uow, clock, people, offices, day)
        uow.commit()
        clock.set(datetime.combine(day, time(23, 0), ZONE))
        report = day_report(uow, ORG, day, clock.now())
        refused = [r for r in uow.attendance([r.employee.id for r in report], day, day)
                   if not r.accepted]
        _print(out, day, report, settings)
        _print_refused(out, report, refused)


def last_work_day(today: date) -> date:
    """The most recent Monday-Friday before today, so that the whole day has been lived."""
    day = today - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def plan(index: int, rng: random.Random) -> list[Step]:
    """A believable day: most on time, some late, a few outside the area, sick, or absent."""
    arrive = 7 * 60 + rng.randint(0, 29)
    leave = 16 * 60 + rng.randint(0, 25)
    kind = index % 13
    if kind <= 5:
        return [Step(arrive, "in"), Step(leave, "out")]
    if kind <= 7:
        return [Step(7 * 60 + 31 + rng.randint(0, 50), "in"), Step(leave, "out")]
    if kind == 8:  # first from the parking lot across the road, then at the office
        return [Step(arrive, "in", rng.uniform(60, 400)), Step(arrive + 4, "in"),
                Step(leave, "out")]
    if kind == 9:
        return [Step(6 * 60 + 50, "sick")]
    if kind == 10:
        return [Step(arrive, "in"), Step(15 * 60 + rng.randint(0, 40), "out")]
    if kind == 11:  # tries from home, twice, and gives up
        return [Step(arrive, "in", rng.uniform(800, 3000)), Step(arrive + 9, "in", 650)]
    return []  # no show


def _play(uow, clock, people: list[Person], offices: dict[str, Point], day: date) -> None:
    rng = random.Random(day.toordinal() + 1)
    kinds = list(range(len(people)))
    rng.shuffle(kinds)  # so that no unit gets all the sick or all the absent
    steps = sorted(
        ((step, person) for person, kind in zip(people, kinds, strict=True)
         for step in plan(kind, rng)),
        key=lambda pair: pair[0].minute,
    )
    org_id = uow.organisation(ORG).id
    for step, person in steps:
        clock.set(datetime.combine(day, time(), ZONE) + timedelta(minutes=step.minute))
        employee = uow.employee_by_identifier(org_id, person.identifier)
        if step.action == "sick":
            _sick_note(uow, employee, person, day)
            continue
        where = _offset(offices[person.unit], step.metres_off, rng)
        record_check(uow, CheckRequest(
            employee.id, Direction(step.action), where, accuracy_m=rng.uniform(5, 25),
            source="demo", dedup_key=f"demo:{day}:{person.identifier}:{step.action}:{step.minute}",
        ))


def _sick_note(uow, employee, person: Person, day: date) -> None:
    absence = request_absence(uow, AbsenceRequest(
        employee.id, "S", None, day, day, "Demam, istirahat sesuai anjuran dokter",
        evidence=[{"kind": Evidence.DOCTOR_NOTE.value, "media": "demo:surat-dokter.pdf"}],
        dedup_key=f"demo:{day}:{person.identifier}:sakit",
    ))
    if absence.status == "pending":
        decide(uow, absence.id, absence.approver_id, approve=True)


def _offset(center: Point, metres: float, rng: random.Random) -> Point:
    from pyproj import Geod

    inside = rng.uniform(0, 12)  # GPS wanders a little even at the desk
    lon, lat, _ = Geod(ellps="WGS84").fwd(center.lon, center.lat, rng.uniform(0, 360),
                                           metres + (0 if metres else inside))
    return Point(lat, lon)


def employees_csv(people: list[Person]) -> str:
    lines = ["nip,nik,nama,jenis,unit,atasan,peran,telepon"]
    for p in people:
        nip, nik = (p.identifier, "") if p.kind != "NON_ASN" else ("", p.identifier)
        lines.append(f"{nip},{nik},{p.name},{p.kind},{p.unit},{p.supervisor or ''},"
                     f"{';'.join(p.roles)},{p.phone}")
    return "\n".join(lines) + "\n"


def _print(out: TextIO, day: date, report, settings: Settings) -> None:
    out.write(f"presensi demo — {ORG}, {day:%A %d %B %Y} (WIB)\n")
    out.write(f"database: {settings.database_url}\n\n")
    header = f"{'unit':<12} {'nama':<28} {'status':<16} {'masuk':<6} {'pulang':<6} detail"
    out.write(header + "\n" + "-" * len(header) + "\n")
    counts: dict[str, int] = {}
    for row in report:
        status = row.status
        counts[status.label] = counts.get(status.label, 0) + 1
        check_in = _clock(row.check_in.at) if row.check_in else "-"
        check_out = _clock(row.check_out.at) if row.check_out else "-"
        out.write(f"{row.unit_code:<12} {row.employee.name[:28]:<28} {status.label:<16} "
                  f"{check_in:<6} {check_out:<6} {_detail(status)}\n")
    out.write("\n" + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + "\n")


def _clock(at: datetime) -> str:
    return at.astimezone(ZONE).strftime("%H:%M")


def _detail(status) -> str:
    parts = []
    if status.late_minutes:
        parts.append(f"terlambat {status.late_minutes} mnt ({status.late_band})")
    if status.early_minutes:
        parts.append(f"pulang cepat {status.early_minutes} mnt ({status.early_band})")
    if status.missing_out:
        parts.append(f"tidak absen pulang ({status.early_band})")
    if status.missed_events:
        parts.append("tidak ikut " + ", ".join(status.missed_events))
    return "; ".join(parts)


def _print_refused(out: TextIO, report, refused) -> None:
    names = {r.employee.id: r.employee.name for r in report}
    out.write(f"\nrefused attempts ({len(refused)}):\n")
    for row in refused:
        where = f" by {row.distance_m} m" if row.distance_m else ""
        out.write(f"  {_clock(row.at)} {names[row.employee_id]}: {row.outcome}{where} "
                  f"[{row.rule}]\n")
