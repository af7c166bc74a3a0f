"""Absence codes, subtypes and evidence rules."""

from __future__ import annotations

import pytest

from core.absence import (
    PARTIAL_DAY,
    SUBTYPES,
    AbsenceCode,
    Evidence,
    EvidenceRule,
    InvalidAbsence,
    check_type,
    required_evidence,
)
from core.citations import default

RULE = default("test evidence rule")


def test_codes_are_those_of_the_regulations():
    """Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (1): "a. S (sakit) ...; b. I (Izin) ...;
    c. T (Tugas) ...; d. C (cuti) ...; e. P (Pendidikan/Diklat) ...; f. TK (Tanpa keterangan)";
    DL is dinas luar (Perbup Musi Banyuasin 9/2023 Pasal 1 angka 11)."""
    assert {c.value for c in AbsenceCode} == {"S", "I", "T", "C", "P", "DL", "TK"}


def test_permit_subtypes_are_the_four_of_konawe():
    """Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (3): "a. Ijin terlambat masuk kantor; b. Ijin
    keluar kantor; c. Ijin pulang sebelum waktunya; dan d. Ijin tidak masuk kerja."."""
    assert SUBTYPES[AbsenceCode.I] == ("terlambat", "keluar_kantor", "pulang_cepat", "tidak_masuk")


def test_leave_subtypes_include_the_six_of_konawe():
    """Perbup Konawe Kepulauan 18/2023 Pasal 10 ayat (6): "a. cuti tahunan; b. cuti karena alasan
    penting; c. cuti sakit; d. cuti besar; e. cuti melahirkan; f. cuti diluar tanggungan
    negara."."""
    six = {"tahunan", "alasan_penting", "sakit", "besar", "melahirkan", "luar_tanggungan"}
    assert six <= set(SUBTYPES[AbsenceCode.C])


def test_part_day_permits_excuse_lateness_or_leaving_not_the_whole_day():
    assert (AbsenceCode.I, "terlambat") in PARTIAL_DAY
    assert (AbsenceCode.I, "pulang_cepat") in PARTIAL_DAY
    assert (AbsenceCode.I, "tidak_masuk") not in PARTIAL_DAY


# --- check_type -------------------------------------------------------------------------------


def test_check_type_accepts_a_code_in_any_case_and_a_subtype():
    assert check_type("c", "tahunan") == (AbsenceCode.C, "tahunan")
    assert check_type("DL", "luar_kota") == (AbsenceCode.DL, "luar_kota")


def test_check_type_without_a_subtype_gives_none():
    assert check_type("S", None) == (AbsenceCode.S, None)
    assert check_type("S", "") == (AbsenceCode.S, None)


def test_unknown_code_lists_the_codes():
    with pytest.raises(InvalidAbsence, match="unknown absence code 'X'; use one of S, I, T"):
        check_type("X", None)


def test_tk_cannot_be_requested():
    """Pasal 10 ayat (8): "Tanpa Keterangan (TK) ... merupakan keterangan bahwa ASN tidak masuk
    kerja tanpa diketahui alasannya": it is derived, never asked for."""
    with pytest.raises(InvalidAbsence, match="TK"):
        check_type("tk", None)


def test_unknown_subtype_names_it_and_the_code():
    with pytest.raises(InvalidAbsence, match="unknown subtype 'liburan' for C"):
        check_type("C", "liburan")


def test_sickness_has_no_subtypes():
    with pytest.raises(InvalidAbsence, match="unknown subtype"):
        check_type("S", "tahunan")


# --- EvidenceRule -------------------------------------------------------------------------------


def test_evidence_rule_covers_its_days_inclusive():
    rule = EvidenceRule(AbsenceCode.S, Evidence.APPROVED_LEAVE, RULE, min_days=2, max_days=14)
    assert not rule.covers(AbsenceCode.S, None, 1)
    assert rule.covers(AbsenceCode.S, None, 2)
    assert rule.covers(AbsenceCode.S, None, 14)
    assert not rule.covers(AbsenceCode.S, None, 15)


def test_evidence_rule_without_an_upper_limit_covers_long_absences():
    rule = EvidenceRule(AbsenceCode.S, Evidence.DOCTOR_NOTE, RULE, min_days=3)
    assert rule.covers(AbsenceCode.S, None, 365)


def test_evidence_rule_for_a_subtype_covers_only_that_subtype():
    rule = EvidenceRule(AbsenceCode.C, Evidence.APPROVED_LEAVE, RULE, subtype="tahunan")
    assert rule.covers(AbsenceCode.C, "tahunan", 3)
    assert not rule.covers(AbsenceCode.C, "besar", 3)
    assert not rule.covers(AbsenceCode.C, None, 3)
    assert not rule.covers(AbsenceCode.S, "tahunan", 3)


def test_evidence_rule_without_a_subtype_covers_every_subtype():
    rule = EvidenceRule(AbsenceCode.C, Evidence.APPROVED_LEAVE, RULE)
    assert rule.covers(AbsenceCode.C, "besar", 30)
    assert rule.covers(AbsenceCode.C, None, 1)


def test_required_evidence_puts_the_most_specific_rule_first():
    general = EvidenceRule(AbsenceCode.C, Evidence.PERMIT_LETTER, RULE)
    long_general = EvidenceRule(AbsenceCode.C, Evidence.DOCTOR_NOTE, RULE, min_days=5)
    specific = EvidenceRule(AbsenceCode.C, Evidence.APPROVED_LEAVE, RULE, subtype="tahunan")
    found = required_evidence((general, long_general, specific), AbsenceCode.C, "tahunan", 6)
    assert found == [specific, long_general, general]


def test_required_evidence_is_empty_when_nothing_applies():
    rules = (EvidenceRule(AbsenceCode.S, Evidence.DOCTOR_NOTE, RULE, max_days=1),)
    assert required_evidence(rules, AbsenceCode.S, None, 2) == []
    assert required_evidence(rules, AbsenceCode.I, None, 1) == []
