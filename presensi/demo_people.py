"""Made-up staff for the demo: plausible names and valid, fictitious NIPs and NIKs."""

from __future__ import annotations

import random
from dataclasses import dataclass

FIRST = (
    "Ahmad",
    "Siti",
    "Budi",
    "Dewi",
    "Rizki",
    "Nur",
    "Eko",
    "Rina",
    "Andi",
    "Fitri",
    "Hendra",
    "Yulia",
    "Agus",
    "Wulan",
    "Dedi",
    "Maya",
    "Irwan",
    "Lestari",
    "Joko",
    "Ayu",
    "Fajar",
    "Indah",
    "Rahmat",
    "Sari",
)
LAST = (
    "Saputra",
    "Rahmawati",
    "Hidayat",
    "Kurniawan",
    "Lestari",
    "Pratama",
    "Wahyuni",
    "Syahputra",
    "Handayani",
    "Nasution",
    "Siregar",
    "Putri",
    "Santoso",
    "Marlina",
    "Firmansyah",
    "Yusuf",
)
UNITS = ("bkpsdm", "diskominfo", "dinkes")


@dataclass(frozen=True)
class Person:
    identifier: str
    name: str
    kind: str
    unit: str
    roles: tuple[str, ...]
    supervisor: str | None
    phone: str


def make_people(size: int, rng: random.Random) -> list[Person]:
    """`size` people over three units; each unit gets a head (manager) and an admin."""
    if size < len(UNITS) * 2:
        raise ValueError(f"the demo needs at least {len(UNITS) * 2} employees")
    people: list[Person] = []
    heads: dict[str, str] = {}
    for index in range(size):
        unit = UNITS[index % len(UNITS)]
        kind = "PNS" if index < len(UNITS) * 2 else rng.choice(("PNS", "PNS", "PPPK", "NON_ASN"))
        female = rng.random() < 0.5
        identifier = _nik(rng, female) if kind == "NON_ASN" else _nip(rng, female, kind, index)
        roles = ("manager",) if unit not in heads else ("admin",) if index < 6 else ()
        supervisor = heads.get(unit)
        heads.setdefault(unit, identifier)
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        phone = f"+628{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}"
        people.append(Person(identifier, name, kind, unit, roles, supervisor, phone))
    return people


def _nip(rng: random.Random, female: bool, kind: str, index: int) -> str:
    born = (rng.randint(1968, 1996), rng.randint(1, 12), rng.randint(1, 28))
    appointed_year = min(born[0] + rng.randint(22, 30), 2024)
    month = "21" if kind == "PPPK" else f"{rng.randint(1, 12):02d}"
    gender = 2 if female else 1
    return f"{born[0]}{born[1]:02d}{born[2]:02d}{appointed_year}{month}{gender}{index + 1:03d}"


def _nik(rng: random.Random, female: bool) -> str:
    day = rng.randint(1, 28) + (40 if female else 0)
    born = f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(70, 99):02d}"
    return f"157201{born}{rng.randint(1, 9999):04d}"
