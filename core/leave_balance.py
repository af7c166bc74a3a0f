"""Cuti tahunan (annual leave): the entitlement, what carries over, and a year's balance. Pure:
the service (`core.services.leave_balance`) reads the requests and the calendar.

What the regulations on file say. Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (6) huruf a
names cuti tahunan as a kind of cuti; none of the five states how many days it is. They refer
for it to the national rules, by name only (`REFERRED`): PP 11/2017 tentang Manajemen PNS as
amended by PP 17/2020 (Perbup Musi Banyuasin 9/2023, Mengingat angka 5; Perbup Konawe
Kepulauan 18/2023, Mengingat angka 5; Keputusan Kadinkes Musi Banyuasin, Mengingat angka 4),
Peraturan BKN 24/2017 on cuti PNS as amended by Peraturan BKN 7/2021 (Perbup Musi Banyuasin,
Mengingat angka 11) and, for PPPK, PP 49/2018 and Peraturan BKN 7/2022 on cuti PPPK (the same,
angka 6 and 13). Those national texts are not in shared/regulations; what they say:

- `DAYS_RULE`: 12 working days a year (PP 11/2017 Pasal 311 ayat (2)).
- `CARRY_RULE` (Peraturan BKN 24/2017, Lampiran I, cuti tahunan): days not used in a year may
  be used the next, up to 18 working days including the year's own (so at most 6 carried);
  days not used for 2 years or more in a row, up to 24 including the year's own (12 carried).
- Cuti bersama is a holiday of the calendar (`core.calendar`): it is never a working day of a
  request, so it takes nothing from the balance.

The numbers are policy data (`Policy.annual_leave`, the `annual_leave` key of an organisation
file): `days`, `carry_max`, `carry_max_idle`, per employee kind. PPPK: Peraturan BKN 7/2022
gives PPPK the same 12 days, the carry-over depending on the length of the contract, which
presensi does not hold: the default is the PNS rule, set `kinds: {PPPK: {carry_max: 0}}` for
short contracts. Non-ASN staff (pegawai tidak tetap): no national rule the regulations refer to
gives them cuti tahunan; a presensi default of 12 days without carry-over (`NON_ASN_RULE`).

Not modelled: the year of continuous service before the right arises (Pasal 311 ayat (1)), the
extra calendar days for remote places, and leave deferred by the approver (ditangguhkan).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from core.citations import Citation, default
from core.config_error import InvalidConfig, check_keys

PP_11_2017 = "PP 11/2017 tentang Manajemen PNS, diubah dengan PP 17/2020"
BKN_24_2017 = (
    "Peraturan BKN 24/2017 tentang Tata Cara Pemberian Cuti PNS, diubah dengan Peraturan BKN 7/2021"
)

DAYS_RULE = Citation(
    file="",
    instrument=PP_11_2017,
    pasal="311",
    ayat="2",
    quote="Lamanya hak atas cuti tahunan sebagaimana dimaksud pada ayat (1) adalah 12 (dua "
    "belas) hari kerja.",
)
CARRY_RULE = Citation(
    file="",
    instrument=BKN_24_2017,
    point="Lampiran I, Cuti Tahunan",
    quote="Hak atas cuti tahunan yang tidak digunakan dalam tahun yang bersangkutan, dapat "
    "digunakan dalam tahun berikutnya untuk paling lama 18 (delapan belas) hari kerja termasuk "
    "cuti tahunan dalam tahun berjalan ... Hak atas cuti tahunan yang tidak digunakan 2 (dua) "
    "tahun atau lebih berturut-turut, dapat digunakan dalam tahun berikutnya untuk paling lama "
    "24 (dua puluh empat) hari kerja termasuk hak atas cuti tahunan dalam tahun berjalan.",
)
# Where the regulations on file refer to those national rules (by name only).
REFERRED = Citation(
    file="002_390e78b142da19ec.txt",
    instrument="Perbup Musi Banyuasin 9/2023",
    point="Mengingat angka 5 dan 11",
    quote="Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil ... "
    "sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020 ...; Peraturan "
    "Badan Kepegawaian Negara Nomor 24 Tahun 2017 Tentang Tata Cara Pemberian Cuti Pegawai "
    "Negeri Sipil ... sebagaimana telah diubah dengan Peraturan Badan Kepegawaian Negara Nomor "
    "7 Tahun 2021",
)
KIND_RULE = Citation(
    file="004_484ed01ec6d6b16a.txt",
    instrument="Perbup Konawe Kepulauan 18/2023",
    pasal="10",
    ayat="6",
    point="huruf a",
    quote="Cuti sebagaimana dimaksud pada Pasal 16 ayat (1) huruf d, terdiri dari : a. cuti "
    "tahunan;",
)
NON_ASN_RULE = default(
    "non-ASN staff: 12 working days of cuti tahunan without carry-over (no national rule the "
    "regulations refer to covers them)"
)
FIRST_YEAR_RULE = default(
    "nothing is carried into the first year presensi knows the employee: it holds no record "
    "of the year before"
)

# The absence that uses the balance: C with subtype tahunan.
CODE, SUBTYPE = "C", "tahunan"
KINDS = ("PNS", "CPNS", "PPPK", "NON_ASN")


@dataclass(frozen=True)
class AnnualLeave:
    """One employee kind's cuti tahunan: days a year, the most carried into a year, the most
    carried after two or more years without any, and what the first year known starts with."""

    days: int = 12
    carry_max: int = 6  # 18 days in all
    carry_max_idle: int = 12  # 24 days in all
    first_year_carry: int = 0
    rule: Citation = DAYS_RULE


ASN = AnnualLeave()
DEFAULT_ANNUAL_LEAVE: Mapping[str, AnnualLeave] = {
    "PNS": ASN,
    "CPNS": ASN,  # "PNS dan calon PNS" (Pasal 311 ayat (1))
    "PPPK": ASN,
    "NON_ASN": AnnualLeave(12, 0, 0, 0, NON_ASN_RULE),
}


# --- the `annual_leave` policy key -----------------------------------------------------------

KEYS = ("days", "carry_max", "carry_max_idle", "first_year_carry")
MAX_DAYS = 366  # a number of working days in a year cannot be more


def parse_annual_leave(
    value: Any, path: str, base: Mapping[str, AnnualLeave], rule: Citation
) -> dict[str, AnnualLeave]:
    """An `annual_leave:` override applied to `base`: its numbers for every kind, then
    `kinds: {KIND: {...}}` for one kind; what is not named is kept."""
    check_keys(value, path, (*KEYS, "kinds"))
    common = _numbers(value, path)
    table = {kind: replace(old, **common, rule=rule) for kind, old in base.items()}
    kinds = value.get("kinds")
    if kinds is None:
        return table
    if not isinstance(kinds, Mapping) or not kinds:
        example = "like {NON_ASN: {days: 12}}"
        raise InvalidConfig(f"{path}.kinds", f"expected numbers per employee kind, {example}")
    for kind, numbers in kinds.items():
        here = f"{path}.kinds.{kind}"
        if kind not in KINDS:
            raise InvalidConfig(here, f"employee kind must be one of {', '.join(KINDS)}")
        check_keys(numbers, here, KEYS)
        table[kind] = replace(entitlement_of(table, kind), **_numbers(numbers, here), rule=rule)
    return table


def _numbers(value: Mapping[str, Any], path: str) -> dict[str, int]:
    """The whole numbers of KEYS that `value` names, each from 0 to MAX_DAYS."""
    found = {}
    for key in KEYS:
        if key not in value:
            continue
        number = value[key]
        if isinstance(number, bool) or not isinstance(number, int):
            raise InvalidConfig(f"{path}.{key}", f"expected a whole number of days, got {number!r}")
        if not 0 <= number <= MAX_DAYS:
            raise InvalidConfig(f"{path}.{key}", f"must be from 0 to {MAX_DAYS}, got {number!r}")
        found[key] = number
    return found


def entitlement_of(table: Mapping[str, AnnualLeave], kind: str) -> AnnualLeave:
    """The kind's rule; a kind the table does not name follows PNS."""
    return table.get(kind) or table.get("PNS") or ASN


@dataclass(frozen=True)
class Use:
    """A year's cuti tahunan in working days: approved, and filed but not yet decided."""

    taken: int = 0
    pending: int = 0

    @property
    def used(self) -> int:
        return self.taken + self.pending


@dataclass(frozen=True)
class Balance:
    """A year's cuti tahunan: the entitlement, what was carried in, what is taken or waiting,
    and what is left (below zero after an admin recorded more than the balance)."""

    year: int
    entitlement: int
    carried: int
    taken: int
    pending: int
    rule: AnnualLeave = field(default=ASN)
    calendar_settled: bool = True  # the year's holidays and cuti bersama are decreed

    @property
    def total(self) -> int:
        return self.entitlement + self.carried

    @property
    def remaining(self) -> int:
        return self.total - self.taken - self.pending

    def after(self, days: int) -> int:
        """What would be left with `days` more."""
        return self.remaining - days


def balance(
    rule: AnnualLeave, year: int, first_year: int, uses: Mapping[int, Use], settled: bool = True
) -> Balance:
    """The balance of `year` for someone known since `first_year`, from each year's use.

    Each year carries into the next what it left unused (never less than nothing), up to
    `carry_max`, or up to `carry_max_idle` when neither of the two years before it used any
    (CARRY_RULE). A year before `first_year` has no balance: the first carries
    `first_year_carry`.
    """
    carried = rule.first_year_carry if year >= first_year else 0
    for past in range(first_year, year):
        left = rule.days + carried - uses.get(past, Use()).used
        idle = past - 1 >= first_year and not uses.get(past, Use()).used
        idle = idle and not uses.get(past - 1, Use()).used
        cap = rule.carry_max_idle if idle else rule.carry_max
        carried = max(0, min(left, cap))
    use = uses.get(year, Use())
    entitlement = rule.days if year >= first_year else 0
    return Balance(year, entitlement, carried, use.taken, use.pending, rule, settled)


# --- working days ---------------------------------------------------------------------------


def counts_as_work(has_schedule: bool, holiday: str | None, rota_day: bool) -> bool:
    """Whether a day of cuti costs a working day: one with a schedule that is not a holiday
    (cuti bersama included); a rota's shift on a holiday is worked, so it costs one, as the
    day's status counts it (`core.day_status`)."""
    return has_schedule and (holiday is None or rota_day)


def work_days_by_year(first: date, last: date, is_work: Callable[[date], bool]) -> dict[int, int]:
    """The working days from `first` to `last`, per calendar year (a request over New Year
    takes from both years)."""
    found: dict[int, int] = {}
    day = first
    while day <= last:
        if is_work(day):
            found[day.year] = found.get(day.year, 0) + 1
        day += timedelta(days=1)
    return found


@dataclass(frozen=True)
class Shortfall:
    """A request beyond the balance: the year, the working days asked and the balance."""

    year: int
    asked: int
    balance: Balance

    @property
    def short(self) -> int:
        return self.asked - self.balance.remaining


def shortfall(asked: Mapping[int, int], balances: Mapping[int, Balance]) -> Shortfall | None:
    """The first year whose balance the asked working days exceed, or None."""
    for year in sorted(asked):
        if asked[year] > balances[year].remaining:
            return Shortfall(year, asked[year], balances[year])
    return None
