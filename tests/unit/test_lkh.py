"""The daily performance report (LKH) rule, Perbup Musi Banyuasin 9/2023 (E-Office) Pasal 8-11,
file 002_390e78b142da19ec.txt. Each test quotes the article it checks."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from core.lkh import (
    LKH_OFF,
    AbsenceSpan,
    Activity,
    BadReport,
    DayProblem,
    LkhState,
    check_activities,
    day_refusal,
    day_state,
    exemption,
    missing_percent,
    parse_activities,
)
from core.policy.config import InvalidConfig, resolve_policy
from core.presets import build_preset
from core.recap import DayEntry, Totals, totals
from core.tpp import DEFAULT_TPP, deduct

FILE = "002_390e78b142da19ec.txt"
EOFFICE = build_preset("eoffice-muba", {})
RULE = EOFFICE.lkh
MONDAY = date(2026, 11, 23)


def test_only_the_e_office_preset_asks_for_a_daily_report():
    """Pasal 8 ayat (1): "LKH wajib dilakukan oleh setiap pegawai dalam setiap hari kerja." No
    other regulation of the five asks for one."""
    assert RULE.required and RULE.rule.file == FILE
    assert (RULE.rule.pasal, RULE.rule.ayat) == ("8", "1")
    assert "setiap hari kerja" in RULE.rule.quote
    for other in ("sungai-penuh", "balangan", "konawe-kepulauan", "dinkes-muba-dinas"):
        policy = build_preset(other, {})
        assert policy.lkh == LKH_OFF and policy.tpp.lkh_weight == 0


def test_the_tpp_weight_cites_pasal_11():
    """Pasal 11: "Hasil perhitungan kehadiran dan laporan kinerja harian pada E-Office sebagai
    dasar penilaian kinerja pegawai dan perhitungan besaran TPP." The weight itself (60 %) is
    no regulation's: the citation's quote is the article's words only."""
    assert EOFFICE.tpp.lkh_weight == Decimal(60)
    assert EOFFICE.tpp.lkh_rule.pasal == "11"
    assert "laporan kinerja harian" in EOFFICE.tpp.lkh_rule.quote


# --- what a report holds ---------------------------------------------------------------------


def test_one_activity_per_line_with_its_result():
    """Pasal 8 ayat (2): "... dengan melampirkan uraian aktivitas kerja harian, deskripsi hasil
    pekerjaan dan lampiran bukti dukung kegiatan"."""
    text = (
        "1. Menyusun laporan realisasi anggaran - draf laporan selesai\n\n"
        "- Rapat koordinasi e-office – notulen rapat\n"
        "Verifikasi SPJ -> 12 berkas diverifikasi"
    )
    assert parse_activities(text, RULE) == [
        Activity("Menyusun laporan realisasi anggaran", "draf laporan selesai"),
        Activity("Rapat koordinasi e-office", "notulen rapat"),
        Activity("Verifikasi SPJ", "12 berkas diverifikasi"),
    ]


@pytest.mark.parametrize(
    ("text", "problem", "line", "limit"),
    [
        ("", "empty", 0, 0),
        ("  \n \n", "empty", 0, 0),
        ("Rapat koordinasi", "no_result", 1, 0),  # Pasal 8 ayat (2): the result is asked for
        ("Rapat - notulen\nMengetik surat -", "no_result", 2, 0),
        ("Rapat - " + "x" * 250, "too_long", 1, 250),
        ("\n".join(f"Kegiatan {n} - hasil {n}" for n in range(11)), "too_many", 11, 10),
    ],
)
def test_a_report_the_rule_refuses_names_the_line(text, problem, line, limit):
    """Pasal 8 ayat (2) asks for activities and their results; the limits are presensi's."""
    with pytest.raises(BadReport) as refused:
        parse_activities(text, RULE)
    assert (refused.value.problem, refused.value.line, refused.value.limit) == (
        problem,
        line,
        limit,
    )


def test_stored_activities_are_checked_again():
    with pytest.raises(BadReport, match="empty"):
        check_activities([], RULE)
    with pytest.raises(BadReport, match="no_result"):
        check_activities([Activity("Rapat", " ")], RULE)
    with pytest.raises(BadReport, match="too_long"):
        check_activities([Activity("Rapat", "x" * 250)], RULE)
    check_activities([Activity("Rapat", "notulen")], RULE)


# --- which days ------------------------------------------------------------------------------


def sick(first: date, last: date, code: str = "S", subtype: str | None = None) -> AbsenceSpan:
    return AbsenceSpan(code, subtype, first, last)


def test_sick_leave_exempts_from_its_fifteenth_day():
    """Pasal 10 huruf a: "pegawai yang menjalani cuti sakit hari ke 15 (lima belas) dan
    seterusnya"; days 1-14 need a report with the evidence of Pasal 9 huruf e-f."""
    leave = [sick(MONDAY, MONDAY + timedelta(days=20))]
    assert exemption(RULE, leave, MONDAY + timedelta(days=13)) is None  # day 14
    found = exemption(RULE, leave, MONDAY + timedelta(days=14))  # day 15
    assert found is not None and found.rule.pasal == "10" and found.rule.point == "huruf a"
    as_cuti = [sick(MONDAY, MONDAY + timedelta(days=20), "C", "sakit")]
    assert exemption(RULE, as_cuti, MONDAY + timedelta(days=14)) is not None


def test_a_sick_leave_filed_in_parts_counts_from_its_first_part():
    """Pasal 10 huruf a: the 15th day of the cuti sakit, however many letters it took."""
    parts = [
        sick(MONDAY, MONDAY + timedelta(days=6)),
        sick(MONDAY + timedelta(days=7), MONDAY + timedelta(days=20)),
    ]
    assert exemption(RULE, parts, MONDAY + timedelta(days=14)) is not None
    apart = [sick(MONDAY, MONDAY + timedelta(days=5)), parts[1]]  # a day back at work between
    assert exemption(RULE, apart, MONDAY + timedelta(days=14)) is None


def test_important_reason_leave_exempts_from_its_eleventh_day():
    """Pasal 10 huruf b: "pegawai yang menjalani cuti alasan penting hari ke 11 (sebelas) dan
    seterusnya"."""
    leave = [sick(MONDAY, MONDAY + timedelta(days=15), "C", "alasan_penting")]
    assert exemption(RULE, leave, MONDAY + timedelta(days=9)) is None
    assert exemption(RULE, leave, MONDAY + timedelta(days=10)).rule.point == "huruf b"


@pytest.mark.parametrize("subtype", ["bersama", "besar", "luar_tanggungan"])
def test_joint_long_and_unpaid_leave_exempt_every_day(subtype):
    """Pasal 10 huruf c: "pegawai yang menjalani cuti bersama, cuti besar dan cuti di luar
    tanggungan negara"."""
    found = exemption(RULE, [sick(MONDAY, MONDAY, "C", subtype)], MONDAY)
    assert found is not None and found.rule.point == "huruf c"


@pytest.mark.parametrize(("code", "subtype"), [("C", "tahunan"), ("DL", None), ("T", None)])
def test_annual_leave_and_duty_still_need_a_report(code, subtype):
    """Pasal 9 huruf b-d: duty nearby, official travel and annual leave are reported in the LKH
    with their letters as evidence; Pasal 10 does not exempt them."""
    assert exemption(RULE, [sick(MONDAY, MONDAY, code, subtype)], MONDAY) is None


def test_which_days_may_be_filed():
    """Pasal 8 ayat (1): "dalam setiap hari kerja": not a day to come, not a day off; how far
    back is a presensi default (3 days)."""
    ok = {"work_day": True, "on_staff": True, "exempt": None}
    assert day_refusal(RULE, MONDAY, MONDAY, **ok) is None
    assert day_refusal(RULE, MONDAY - timedelta(days=3), MONDAY, **ok) is None
    future = day_refusal(RULE, MONDAY + timedelta(days=1), MONDAY, **ok)
    assert future.problem is DayProblem.FUTURE
    old = day_refusal(RULE, MONDAY - timedelta(days=4), MONDAY, **ok)
    assert (old.problem, old.earliest) == (DayProblem.TOO_OLD, MONDAY - timedelta(days=3))
    off = day_refusal(RULE, MONDAY, MONDAY, **{**ok, "work_day": False})
    assert off.problem is DayProblem.NOT_WORK_DAY and off.rule.pasal == "8"
    leave = exemption(RULE, [sick(MONDAY, MONDAY, "C", "besar")], MONDAY)
    exempt = day_refusal(RULE, MONDAY, MONDAY, **{**ok, "exempt": leave})
    assert exempt.problem is DayProblem.EXEMPT and exempt.rule.pasal == "10"
    assert day_refusal(LKH_OFF, MONDAY, MONDAY, **ok).problem is DayProblem.NOT_ASKED


def test_a_day_s_state():
    """Filed, returned, verified; missing once the day is over; exempt; none where not asked."""
    assert day_state(False, True, False, None, True) is None
    assert day_state(True, False, False, None, True) is None  # a day off
    assert day_state(True, True, False, None, False) is LkhState.OPEN
    assert day_state(True, True, False, None, True) is LkhState.MISSING
    assert day_state(True, True, True, None, True) is LkhState.EXEMPT
    assert day_state(True, True, False, "verified", True) is LkhState.VERIFIED


# --- what missing reports cost ---------------------------------------------------------------


def test_due_days_without_a_verified_report_cost_their_share_of_the_weight():
    """Pasal 11: the LKH is a basis of TPP. 60 % (the preset's default weight) over 20 due days
    with 17 verified: 3 x 3 % = 9 %; every TPP item still adds up and is capped."""
    assert missing_percent(Decimal(60), 20, 17) == Decimal("9.00")
    assert missing_percent(Decimal(60), 22, 19) == Decimal("8.18")  # 8.1818... half up
    assert missing_percent(Decimal(60), 0, 0) == 0
    assert missing_percent(Decimal(0), 20, 0) == 0
    counted = Totals(tk=1, lkh_due=20, lkh_filed=19, lkh_verified=17)
    deduction = deduct(EOFFICE.tpp, counted, amount=5_000_000)
    assert deduction.items == (("TK", 1, Decimal("3")), ("LKH", 3, Decimal("9.00")))
    assert deduction.percent == Decimal("12.00") and deduction.rupiah == 600_000
    assert deduction.lkh_rule.pasal == "11"
    assert deduct(DEFAULT_TPP, counted).items == (("TK", 1, Decimal("3")),)


def test_the_recap_counts_due_filed_and_verified_days():
    from core.absence_codes import DayCode
    from core.day_status import DayStatus

    def day(n: int, lkh: LkhState | None) -> DayEntry:
        return DayEntry(DayStatus(MONDAY + timedelta(days=n), DayCode.PRESENT), "setda", lkh=lkh)

    states = [LkhState.VERIFIED, LkhState.FILED, LkhState.RETURNED, LkhState.MISSING]
    states += [LkhState.OPEN, LkhState.EXEMPT, None]
    counted = totals(day(n, s) for n, s in enumerate(states))
    assert (counted.lkh_due, counted.lkh_filed, counted.lkh_verified) == (4, 3, 1)


# --- the policy key --------------------------------------------------------------------------


def test_an_organisation_file_sets_its_own_lkh_rule():
    """The `lkh` policy key: required, tpp_weight_percent, max_days_back."""
    on = resolve_policy(
        "sungai-penuh", {}, [{"lkh": {"required": True, "tpp_weight_percent": "40"}}]
    )
    assert on.lkh.required and on.tpp.lkh_weight == Decimal(40)
    assert on.lkh.rule.instrument == "presensi default"  # set by the organisation
    off = resolve_policy("eoffice-muba", {}, [{"lkh": {"required": False}}])
    assert not off.lkh.required and off.lkh.exemptions == RULE.exemptions
    back = resolve_policy("eoffice-muba", {}, [{"lkh": {"max_days_back": 0}}])
    assert back.lkh.max_days_back == 0 and back.lkh.required


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ({"required": "ya"}, "lkh.required"),
        ({"tpp_weight_percent": 120}, "lkh.tpp_weight_percent"),
        ({"max_days_back": -1}, "lkh.max_days_back"),
        ({"wajib": True}, "lkh.wajib"),
        ("yes", "lkh"),
    ],
)
def test_a_bad_lkh_key_names_its_path(value, path):
    with pytest.raises(InvalidConfig) as error:
        resolve_policy("eoffice-muba", {}, [{"lkh": value}])
    assert error.value.path == path
