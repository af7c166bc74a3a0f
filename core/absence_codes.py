"""The absence-code catalogue: one row per code, and every list of codes derived from it.

A row says what a code is called (on reports and in the chat, in Bahasa Indonesia and English),
whether its days count as present, the /rekap group it is listed under, its colour on charts,
its subtypes, and the evidence it needs where a policy names none. The rows' order is the order
of the recap's columns, the legend, the counts and the charts; the /izin menu lays them out by
group. Adding a code is adding a row (`CATALOGUE.add`) with its evidence rule; it may be asked
for up to 30 days ahead unless `leave_max_days_ahead` (`core.policy`) says otherwise, and a kind
of document not yet in `core.absence.Evidence` is one more member there.

`DayCode` and `AbsenceCode` are read from the catalogue when looked up, so a row added at run
time is a member at once: `AbsenceCode("S") is DayCode.S`, and both iterate in the table's order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from core.citations import Citation

if TYPE_CHECKING:
    from core.absence import EvidenceRule

# Duty, study and training with an assignment letter count as present (the rows' `present`).
PRESENT_RULE = Citation(
    file="001_0a3a5d99b1ed9a52.txt",
    instrument="Perwal Sungai Penuh 12/2023",
    pasal="12",
    ayat="1",
    quote="yang melaksanakan tugas kedinasan, pendidikan atau pelatihan dibuktikan dengan Surat "
    "Perintah Tugas dihitung sebagai masuk kerja",
)


@dataclass(frozen=True)
class Group:
    """A /rekap group: the heading that lists who is away for one of its codes."""

    key: str
    labels: tuple[str, str]  # (Bahasa Indonesia, English)


@dataclass(frozen=True)
class AbsenceKind:
    """One row of the catalogue."""

    code: str  # the regulations' letters; at most 3 (the absences.code column)
    title: tuple[str, str]  # on reports: (Bahasa Indonesia, English)
    chat: tuple[str, str]  # on /izin buttons and messages
    group: str  # a Group key
    colour: str  # on charts
    present: bool = False  # counts as a day present (PRESENT_RULE)
    requestable: bool = True  # False: derived (TK), never asked for with /izin
    subtypes: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()  # subtypes that excuse part of a day, not the whole day
    # Where a policy has no evidence rule for the code at all (core.absence.required_evidence).
    evidence: tuple[EvidenceRule, ...] = ()

    def label(self, language: str) -> str:
        return self.title[language == "en"]

    def chat_label(self, language: str) -> str:
        return self.chat[language == "en"]


GROUPS = (
    Group("TK", ("Tanpa keterangan", "Absent without reason")),
    Group("leave", ("Sakit/izin/cuti", "Sick, permit or leave")),
    Group("duty", ("Tugas/dinas luar/diklat", "On duty elsewhere")),
)

# Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (1) names S, I, T, C, P and TK; DL is dinas
# luar (Perbup Musi Banyuasin 9/2023 Pasal 1 angka 11). Each preset states its own evidence.
ROWS = (
    AbsenceKind("S", ("Sakit", "Sick"), ("Sakit", "Sick"), "leave", "#1565c0"),
    AbsenceKind(
        "I",
        ("Izin", "Permission"),
        ("Izin", "Permission"),
        "leave",
        "#1976d2",
        # Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (3).
        subtypes=("terlambat", "keluar_kantor", "pulang_cepat", "tidak_masuk"),
        partial=("terlambat", "keluar_kantor", "pulang_cepat"),
    ),
    AbsenceKind(
        "T",
        ("Tugas", "Duty"),
        ("Tugas", "Duty"),
        "duty",
        "#0288d1",
        present=True,
        subtypes=("dinas_dalam",),
    ),
    AbsenceKind(
        "C",
        ("Cuti", "Leave"),
        ("Cuti", "Leave"),
        "leave",
        "#0097a7",
        # Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (6); cuti bersama is announced nationally.
        subtypes=(
            "tahunan",
            "alasan_penting",
            "sakit",
            "besar",
            "melahirkan",
            "luar_tanggungan",
            "bersama",
        ),
    ),
    AbsenceKind(
        "P",
        ("Pendidikan/Pelatihan", "Study/Training"),
        ("Pendidikan/diklat", "Study/training"),
        "duty",
        "#00838f",
        present=True,
        subtypes=("tugas_belajar", "diklat"),
    ),
    AbsenceKind(
        "DL",
        ("Dinas Luar", "Official travel"),
        ("Dinas luar", "Official travel"),
        "duty",
        "#006064",
        present=True,
        subtypes=("dalam_kota", "luar_kota", "luar_negeri"),
    ),
    AbsenceKind(
        "TK",
        ("Tanpa Keterangan", "Absent without reason"),
        ("Tanpa keterangan", "Absent without reason"),
        "TK",
        "#c62828",
        requestable=False,
    ),
)

# Day codes that are not absences: present, holiday, not a work day, not over yet. With the day
# grid's own marks they may not be taken by an absence code.
_STATES = {"PRESENT": "H", "HOLIDAY": "LIBUR", "OFF": "-", "PENDING": "BELUM"}
_RESERVED = {*_STATES.values(), "L", "TAM", "TAP"}


class _Members(type):
    """Members are looked up when asked for, so that a row added later is one at once."""

    def _members(cls) -> tuple[Any, ...]:
        raise NotImplementedError

    def __iter__(cls) -> Iterator[Any]:
        return iter(cls._members())

    def __len__(cls) -> int:
        return len(cls._members())

    def __contains__(cls, value: object) -> bool:
        return value in cls._members()

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("_"):  # never a code; asked for while the class is being built
            raise AttributeError(name)
        for member in cls._members():
            if member.name == name:
                return member
        raise AttributeError(f"{cls.__name__} has no member {name!r}")


class DayCode(str, metaclass=_Members):
    """What a day is: present (H), an absence code of the catalogue, or one of _STATES."""

    __slots__ = ()
    PRESENT: ClassVar[DayCode]
    HOLIDAY: ClassVar[DayCode]
    OFF: ClassVar[DayCode]  # not a work day
    PENDING: ClassVar[DayCode]  # the day is not over and nothing is recorded yet

    def __new__(cls, value: object) -> Any:
        found = _STATE_MEMBERS.get(str(value)) or CATALOGUE.member(str(value))
        if found is None or not isinstance(found, cls):
            raise ValueError(f"{value!r} is not a valid {cls.__name__}")
        return found

    @classmethod
    def _members(cls) -> tuple[DayCode, ...]:
        states = list(_STATE_MEMBERS.values())
        return (states[0], *CATALOGUE.members(), *states[1:])

    @property
    def value(self) -> str:
        return str.__str__(self)

    @property
    def name(self) -> str:
        return _STATE_NAMES.get(self.value, self.value)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self.name}: {self.value!r}>"

    def __str__(self) -> str:
        return self.value

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.value,))


class AbsenceCode(DayCode):
    """A code of the catalogue (S, I, T, C, P, DL, TK and any row added)."""

    __slots__ = ()

    @classmethod
    def _members(cls) -> tuple[DayCode, ...]:
        return CATALOGUE.members()


_STATE_MEMBERS = {value: str.__new__(DayCode, value) for value in _STATES.values()}
_STATE_NAMES = {value: name for name, value in _STATES.items()}
for _name, _value in _STATES.items():
    setattr(DayCode, _name, _STATE_MEMBERS[_value])


class Catalogue:
    """The rows in order, their groups, and the code object of each row."""

    def __init__(self, groups: tuple[Group, ...], rows: tuple[AbsenceKind, ...]) -> None:
        self._groups: dict[str, Group] = {}
        self._rows: dict[str, AbsenceKind] = {}
        self._members: dict[str, AbsenceCode] = {}
        for group in groups:
            self.add_group(group)
        for row in rows:
            self.add(row)

    def add_group(self, group: Group) -> None:
        if group.key in self._groups:
            raise ValueError(f"group {group.key!r} already exists")
        self._groups[group.key] = group

    def add(self, row: AbsenceKind) -> AbsenceCode:
        """A new code at the end of the table; refused when it would be ambiguous."""
        if not re.fullmatch(r"[A-Z]{1,3}", row.code):
            raise ValueError(f"absence code {row.code!r}: one to three capital letters")
        if row.code in self._rows or row.code in _RESERVED:
            raise ValueError(f"absence code {row.code!r} is taken")
        if row.group not in self._groups:
            raise ValueError(f"absence code {row.code!r}: unknown group {row.group!r}")
        if not set(row.partial) <= set(row.subtypes):
            raise ValueError(f"absence code {row.code!r}: partial subtypes must be subtypes")
        if any(rule.code != row.code for rule in row.evidence):
            raise ValueError(f"absence code {row.code!r}: an evidence rule of another code")
        self._rows[row.code] = row
        member = self._members[row.code] = str.__new__(AbsenceCode, row.code)
        return member

    def remove(self, code: str) -> None:
        del self._rows[code], self._members[code]

    def remove_group(self, key: str) -> None:
        if any(row.group == key for row in self._rows.values()):
            raise ValueError(f"group {key!r} still has codes")
        del self._groups[key]

    @contextmanager
    def extended(self, row: AbsenceKind, group: Group | None = None) -> Iterator[AbsenceCode]:
        """The catalogue with one more row (and its group) while the block runs."""
        if group:
            self.add_group(group)
        try:
            yield self.add(row)
        finally:
            self._rows.pop(row.code, None)
            self._members.pop(row.code, None)
            if group:
                self.remove_group(group.key)

    def rows(self) -> tuple[AbsenceKind, ...]:
        return tuple(self._rows.values())

    def row(self, code: str) -> AbsenceKind | None:
        return self._rows.get(str(code))

    def members(self) -> tuple[AbsenceCode, ...]:
        return tuple(self._members.values())

    def member(self, code: str) -> AbsenceCode | None:
        return self._members.get(code)

    def groups(self) -> tuple[Group, ...]:
        return tuple(self._groups.values())


CATALOGUE = Catalogue(GROUPS, ROWS)


# --- what derives from the table ----------------------------------------------------------------


def rows() -> tuple[AbsenceKind, ...]:
    """Every row in the table's order, TK included."""
    return CATALOGUE.rows()


def row(code: str) -> AbsenceKind | None:
    return CATALOGUE.row(code)


def requestable() -> tuple[AbsenceKind, ...]:
    """The codes staff ask for with /izin, which the recap counts in a column each."""
    return tuple(r for r in CATALOGUE.rows() if r.requestable)


def recap_codes() -> tuple[str, ...]:
    """The recap's absence columns in order (TK has its own, priced by the TPP table)."""
    return tuple(r.code for r in requestable())


def is_present(code: str) -> bool:
    """H, or an absence that counts as present (PRESENT_RULE)."""
    if code == "H":
        return True
    found = CATALOGUE.row(code)
    return found is not None and found.present


def group_of(code: str) -> str | None:
    found = CATALOGUE.row(code)
    return found.group if found else None


def groups() -> tuple[Group, ...]:
    return CATALOGUE.groups()


def menu(per_row: int = 3) -> list[list[AbsenceKind]]:
    """The /izin menu: a line per group in the groups' order, `per_row` buttons at most."""
    lines: list[list[AbsenceKind]] = []
    for group in CATALOGUE.groups():
        kinds = [r for r in requestable() if r.group == group.key]
        lines += [kinds[i : i + per_row] for i in range(0, len(kinds), per_row)]
    return lines


def titles(language: str) -> dict[str, str]:
    """Each code's report title: {'S': 'Sakit', ...}."""
    return {r.code: r.label(language) for r in CATALOGUE.rows()}


def legend(language: str) -> str:
    """'S sakit; I izin; ...; TK tanpa keterangan' for the day grid's legend."""
    return "; ".join(f"{r.code} {r.label(language).lower()}" for r in CATALOGUE.rows())


def colours() -> dict[str, str]:
    return {r.code: r.colour for r in CATALOGUE.rows()}
