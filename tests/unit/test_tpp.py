"""TPP deductions: the default table, the arithmetic, the cap, overrides and amounts."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import core.tpp
from core.policy.config import InvalidConfig, resolve_policy
from core.presets.eoffice_muba import TPP
from core.recap import Totals
from core.tpp import DEFAULT_TPP, DeductionTable, TppAmounts, deduct, rupiah


def month(**counts) -> Totals:
    return Totals(**counts)


def test_the_default_table_is_a_cited_presensi_default():
    assert DEFAULT_TPP.late == {
        "TL1": Decimal("0.5"),
        "TL2": Decimal("1"),
        "TL3": Decimal("1.25"),
        "TL4": Decimal("1.5"),
    }
    assert DEFAULT_TPP.early["PSW3"] == Decimal("1.25")
    assert (DEFAULT_TPP.tk_day, DEFAULT_TPP.missed_event, DEFAULT_TPP.cap) == (
        Decimal("3"),
        Decimal("0.5"),
        Decimal("100"),
    )
    assert DEFAULT_TPP.rule.instrument == "presensi default"
    assert resolve_policy("konawe-kepulauan", {}, []).tpp == DEFAULT_TPP


def test_each_occurrence_adds_its_percentage_exactly():
    counted = month(
        late={"TL1": 2, "TL3": 1},
        early={"PSW2": 1},
        tk=2,
        missed_events=1,
        missing_in=1,
        missing_out=1,
    )
    deduction = deduct(DEFAULT_TPP, counted, amount=5_000_000)
    # 2 x 0.5 + 1.25 + 1 + 2 x 3 + 0.5 + 1.5 + 1.5
    assert deduction.percent == Decimal("12.75")
    assert (deduction.rupiah, deduction.paid) == (637_500, 4_362_500)
    assert ("TK", 2, Decimal("6")) in deduction.items
    assert ("tanpa_absen_pulang", 1, Decimal("1.5")) in deduction.items


def test_the_month_is_capped():
    deduction = deduct(DEFAULT_TPP, month(tk=40), amount=3_000_000)
    assert (deduction.uncapped, deduction.percent, deduction.rupiah) == (
        Decimal("120"),
        Decimal("100"),
        3_000_000,
    )


def test_without_an_amount_only_the_percentage_is_known():
    deduction = deduct(DEFAULT_TPP, month(tk=1))
    assert deduction.percent == Decimal("3") and deduction.rupiah is None
    assert deduct(DEFAULT_TPP, month()).percent == 0


def test_half_a_rupiah_rounds_up():
    assert deduct(DEFAULT_TPP, month(late={"TL3": 1}), amount=3_333_333).rupiah == 41_667


def test_a_band_the_table_does_not_price_costs_nothing():
    assert deduct(DEFAULT_TPP, month(late={"TL5": 3})).percent == 0


# --- overrides ---------------------------------------------------------------------------------


def policy(tpp, bands=None):
    overrides = {"late_bands": bands} if bands else {}
    return resolve_policy("sungai-penuh", {}, [{**overrides, "tpp": tpp}])


def test_an_organisation_changes_some_rates_and_keeps_the_others():
    table = policy({"late": {"TL1": 0.25}, "tk_day": "5%", "cap": 50}).tpp
    assert table.late == {**DEFAULT_TPP.late, "TL1": Decimal("0.25")}
    assert (table.tk_day, table.cap, table.missed_event) == (
        Decimal("5"),
        Decimal("50"),
        Decimal("0.5"),
    )
    assert table.rule.quote == "set by the organisation"


def test_a_unit_overrides_the_organisation():
    table = resolve_policy(
        "sungai-penuh", {}, [{"tpp": {"cap": 50}}, {"tpp": {"missed_event": 1}}]
    ).tpp
    assert (table.cap, table.missed_event) == (Decimal("50"), Decimal("1"))


def test_bands_of_the_policy_are_priced():
    bands = [{"code": "T1", "min": 1, "max": 15}, {"code": "T2", "min": 16}]
    table = policy({"late": {"T1": 0.5, "T2": 2}}, bands).tpp
    assert table.late["T2"] == Decimal("2")


@pytest.mark.parametrize(
    ("tpp", "path", "message"),
    [
        ({"late": {"TL9": 1}}, "tpp.late.TL9", "no late band 'TL9'; the policy's bands: TL1"),
        ({"early": {"TL1": 1}}, "tpp.early.TL1", "no early-leave band"),
        ({"tk_day": -1}, "tpp.tk_day", "from 0 to 100"),
        ({"cap": 150}, "tpp.cap", "from 0 to 100"),
        ({"cap": True}, "tpp.cap", "expected a percentage"),
        ({"cap": "banyak"}, "tpp.cap", "expected a percentage"),
        ({"cap": float("nan")}, "tpp.cap", "from 0 to 100"),
        ({"late": []}, "tpp.late", "mapping of band codes"),
        ({"tk": 3}, "tpp.tk", "unknown key 'tk' (keys: late, early, tk_day,"),
        ([], "tpp", "expected a mapping"),
    ],
)
def test_a_bad_override_names_its_key(tpp, path, message):
    with pytest.raises(InvalidConfig) as refused:
        policy(tpp)
    assert refused.value.path == path
    assert message in refused.value.message


def test_the_table_is_plain_data_with_a_hash():
    assert hash(DeductionTable()) == hash(DEFAULT_TPP)


# --- amounts ------------------------------------------------------------------------------------


def test_amounts_per_employee_then_kind_then_the_default_for_asn():
    amounts = TppAmounts.parse(
        5_000_000, ["pppk=3.500.000", "199611302022032007=Rp 4.000.000", "NON_ASN=1000000"]
    )
    assert amounts.for_employee("199611302022032007", "CPNS") == 4_000_000
    assert amounts.for_employee("1", "PPPK") == 3_500_000
    assert amounts.for_employee("2", "PNS") == 5_000_000
    assert amounts.for_employee("3", "NON_ASN") == 1_000_000
    assert TppAmounts(5_000_000).for_employee("3", "NON_ASN") is None


@pytest.mark.parametrize("pair", ["PNS", "=5", "PNS=lima juta", "PNS=-5"])
def test_a_bad_amount_is_refused(pair):
    with pytest.raises(ValueError):
        TppAmounts.parse(None, [pair])


def test_rupiah_texts():
    assert rupiah("Rp 5.000.000") == rupiah("5,000,000") == rupiah("5000000") == 5_000_000
    with pytest.raises(ValueError, match="cannot be negative"):
        TppAmounts.parse(-1, [])


def test_the_tpp_basis_is_cited_where_the_e_office_preset_cites_it():
    """Perbup Musi Banyuasin 9/2023 Pasal 11: "Hasil perhitungan kehadiran ... sebagai dasar ...
    perhitungan besaran TPP" (Pasal 12 is the transitional rule for schools). The module and
    the recap docs cite the article the preset quotes, and no other."""
    assert TPP.pasal == "11" and "perhitungan besaran TPP" in TPP.quote
    root = Path(__file__).parents[2]
    for text in (core.tpp.__doc__, (root / "docs" / "tpp.md").read_text()):
        cited = re.findall(r"Musi\s+Banyuasin\s+9/2023\s+Pasal\s+(\d+)", text)
        assert cited and set(cited) == {TPP.pasal}, cited
