"""TPP (tambahan penghasilan pegawai) deductions: the table a policy carries, and the arithmetic.

The monthly attendance recap is the basis of TPP pay (Perwal Sungai Penuh 12/2023 Pasal 14 ayat
(1); Perbup Musi Banyuasin 9/2023 Pasal 11). None of the five regulations states the percentages,
which each region sets in its own Perbup on TPP, so the table is data: a presensi default that an
organisation, a unit or an employee overrides with the `tpp` policy key (docs/tpp.md).
Percentages are Decimals so that 0.5 + 1.25 is exactly 1.75.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from core.citations import Citation, default
from core.config_error import InvalidConfig, check_keys
from core.lkh import missing_percent

if TYPE_CHECKING:
    from core.recap import Totals

TPP_RULE = default(
    "the four-band TPP deduction scheme common in regional TPP regulations: late (TL) and early "
    "leave (PSW) 0.5 / 1 / 1.25 / 1.5 % per occurrence by band, 3 % per day without reason "
    "(TK), 0.5 % per missed apel, a missing check-in or check-out as the last band (1.5 %), at "
    "most 100 % a month"
)

BAND_RATES = tuple(Decimal(p) for p in ("0.5", "1", "1.25", "1.5"))
KEYS = ("late", "early", "tk_day", "missed_event", "missing_in", "missing_out", "cap")


@dataclass(frozen=True)
class DeductionTable:
    """Percent of the monthly TPP deducted per occurrence, and the monthly cap."""

    late: Mapping[str, Decimal] = field(
        default_factory=lambda: dict(zip(("TL1", "TL2", "TL3", "TL4"), BAND_RATES, strict=True))
    )
    early: Mapping[str, Decimal] = field(
        default_factory=lambda: dict(zip(("PSW1", "PSW2", "PSW3", "PSW4"), BAND_RATES, strict=True))
    )
    tk_day: Decimal = Decimal("3")
    missed_event: Decimal = Decimal("0.5")
    missing_in: Decimal = Decimal("1.5")
    missing_out: Decimal = Decimal("1.5")
    cap: Decimal = Decimal("100")
    rule: Citation = TPP_RULE
    # The percent of the month's TPP that the daily performance reports (LKH) weigh, lost pro
    # rata for each due day without a verified report (core.lkh.missing_percent); 0 where the
    # policy asks for no LKH. Its own citation: the preset's, not the band table's.
    lkh_weight: Decimal = Decimal(0)
    lkh_rule: Citation | None = None

    def __hash__(self) -> int:
        return hash((tuple(self.late.items()), tuple(self.early.items()), self.tk_day, self.cap))


DEFAULT_TPP = DeductionTable()


@dataclass(frozen=True)
class Deduction:
    """An employee's TPP deduction for a month: the items, the total and its rupiah effect."""

    items: tuple[tuple[str, int, Decimal], ...]  # (what, count, percent for all of them)
    uncapped: Decimal
    percent: Decimal  # after the cap
    amount: int | None = None  # the TPP before deduction, in rupiah, when known
    rule: Citation = TPP_RULE
    lkh_rule: Citation | None = None  # where the "LKH" item's weight comes from, if any

    @property
    def rupiah(self) -> int | None:
        """The rupiah deducted (half a rupiah rounds up), or None without a TPP amount."""
        if self.amount is None:
            return None
        return int((Decimal(self.amount) * self.percent / 100).quantize(1, ROUND_HALF_UP))

    @property
    def paid(self) -> int | None:
        """The TPP after the deduction."""
        return None if self.amount is None else self.amount - (self.rupiah or 0)


def deduct(table: DeductionTable, totals: Totals, amount: int | None = None) -> Deduction:
    """The deduction for a month's totals; a band the table does not price costs nothing.

    Due days without a verified daily report (LKH) cost their share of `table.lkh_weight`
    (Perbup Musi Banyuasin 9/2023 Pasal 11: attendance and the LKH are the basis of TPP)."""
    items: list[tuple[str, int, Decimal]] = []

    def add(what: str, count: int, rate: Decimal) -> None:
        if count:
            items.append((what, count, rate * count))

    for band, count in sorted(totals.late.items()):
        add(band, count, table.late.get(band, Decimal(0)))
    for band, count in sorted(totals.early.items()):
        add(band, count, table.early.get(band, Decimal(0)))
    add("TK", totals.tk, table.tk_day)
    add("apel", totals.missed_events, table.missed_event)
    add("tanpa_absen_masuk", totals.missing_in, table.missing_in)
    add("tanpa_absen_pulang", totals.missing_out, table.missing_out)
    lkh = missing_percent(table.lkh_weight, totals.lkh_due, totals.lkh_verified)
    if lkh:
        items.append(("LKH", totals.lkh_due - totals.lkh_verified, lkh))
    uncapped = sum((pct for _, _, pct in items), Decimal(0))
    capped = min(uncapped, table.cap)
    lkh_rule = table.lkh_rule if table.lkh_weight else None
    return Deduction(tuple(items), uncapped, capped, amount, table.rule, lkh_rule)


# --- overrides ----------------------------------------------------------------------------


def parse_tpp(
    value: Any,
    path: str,
    base: DeductionTable,
    rule: Citation,
    late_bands: tuple[str, ...] = (),
    early_bands: tuple[str, ...] = (),
) -> DeductionTable:
    """A `tpp:` override mapping applied to `base`; bands must be among the policy's own."""
    check_keys(value, path, KEYS)
    changes: dict[str, Any] = {"rule": rule}
    for key, bands, kind in (("late", late_bands, "late"), ("early", early_bands, "early-leave")):
        if key in value:
            rates = _band_rates(value[key], f"{path}.{key}", bands, kind)
            changes[key] = {**getattr(base, key), **rates}  # the bands not named keep theirs
    for key in KEYS[2:]:
        if key in value:
            changes[key] = percent(value[key], f"{path}.{key}")
    return replace(base, **changes)


def _band_rates(value: Any, path: str, bands: tuple[str, ...], kind: str) -> dict[str, Decimal]:
    if not isinstance(value, Mapping) or not value:
        raise InvalidConfig(path, "expected a mapping of band codes to percentages, like TL1: 0.5")
    rates = {}
    for band, rate in value.items():
        if bands and band not in bands:
            raise InvalidConfig(
                f"{path}.{band}", f"no {kind} band {band!r}; the policy's bands: {', '.join(bands)}"
            )
        rates[str(band)] = percent(rate, f"{path}.{band}")
    return rates


def percent(value: Any, path: str) -> Decimal:
    """A percentage from 0 to 100, as a number or a text like '1.25'."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidConfig(path, f"expected a percentage, got {value!r}")
    try:
        number = Decimal(str(value).strip().removesuffix("%"))
    except InvalidOperation:
        raise InvalidConfig(path, f"expected a percentage, got {value!r}") from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise InvalidConfig(path, f"must be from 0 to 100, got {value!r}")
    return number


@dataclass(frozen=True)
class TppAmounts:
    """The monthly TPP in rupiah before deductions: per employee, else per kind, else a default.

    The default applies to ASN only: TPP is paid to civil servants (Perwal Sungai Penuh 12/2023
    Pasal 1 angka 18); non-ASN staff get an amount only when their kind or NIK is given.
    """

    default: int | None = None
    by_kind: Mapping[str, int] = field(default_factory=dict)
    by_employee: Mapping[str, int] = field(default_factory=dict)

    def for_employee(self, identifier: str, kind: str) -> int | None:
        if identifier in self.by_employee:
            return self.by_employee[identifier]
        if kind in self.by_kind:
            return self.by_kind[kind]
        return self.default if kind != "NON_ASN" else None

    @classmethod
    def parse(cls, default_amount: int | None, pairs: list[str]) -> TppAmounts:
        """From `--tpp-amount` and `KEY=AMOUNT` texts, KEY a kind (PNS...) or a NIP/NIK."""
        kinds, people = {}, {}
        for pair in pairs:
            key, sep, amount = pair.partition("=")
            key = key.strip()
            if not sep or not key:
                raise ValueError(f"expected KIND=AMOUNT or NIP=AMOUNT, got {pair!r}")
            if key.upper() in KINDS:
                kinds[key.upper()] = rupiah(amount)
            else:
                people[key] = rupiah(amount)
        if default_amount is not None and default_amount < 0:
            raise ValueError(f"a TPP amount cannot be negative, got {default_amount}")
        return cls(default_amount, kinds, people)


KINDS = ("PNS", "CPNS", "PPPK", "NON_ASN")


def rupiah(text: str) -> int:
    """'5000000', '5.000.000' or 'Rp 5.000.000' as whole rupiah."""
    digits = text.strip().removeprefix("Rp").strip().replace(".", "").replace(",", "")
    if not digits.isdigit():
        raise ValueError(f"not an amount in rupiah: {text!r}")
    return int(digits)


def pay_effect(table: DeductionTable, outcome: str, band: str | None) -> Decimal | None:
    """The percentage one late arrival ("late") or early leave ("left_early") in `band` costs
    under the table; None for any other outcome or a band the table does not price."""
    rates = {"late": table.late, "left_early": table.early}.get(str(outcome), {})
    return rates.get(band) if band else None
