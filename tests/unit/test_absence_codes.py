"""The absence-code catalogue: what derives from it, and a code added as one row."""

from __future__ import annotations

import copy
import io
import pickle
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core import absence_codes
from core.absence import (
    PARTIAL_DAY,
    SUBTYPES,
    AbsenceCode,
    Evidence,
    EvidenceRule,
    check_type,
    required_evidence,
)
from core.absence_codes import CATALOGUE, AbsenceKind, DayCode
from core.day_status import Absence, DayStatus
from core.flows.summary import group_of, groups, summary_text
from core.recap import DayEntry, employee_lines, status_counts, totals, unit_recap
from core.reports.chart import day_chart
from core.reports.labels import legend, status_name, words
from core.reports.pdf import MONTH_KEYS, month_pdf
from core.reports.table import MonthTable, day_code, summary_header
from core.reports.xlsx import month_xlsx
from tests.catalogue_support import WFH, WFH_RULE, working_from_home
from tests.unit.test_day_status import status as day_status_of
from tests.unit.test_reports import STAFF, month, status, summary
from tests.unit.test_reports import recap as november

MONDAY = date(2026, 11, 23)


@pytest.fixture
def wfh():
    with working_from_home() as code:
        yield code


# --- what derives from the table ----------------------------------------------------------------


def test_the_lists_that_were_written_by_hand_come_from_the_table():
    assert absence_codes.recap_codes() == ("S", "I", "T", "C", "P", "DL")
    assert [[k.code for k in line] for line in absence_codes.menu()] == [
        ["S", "I", "C"],
        ["T", "P", "DL"],
    ]
    assert [g.key for g in absence_codes.groups()] == ["TK", "leave", "duty"]
    codes = ("H", "S", "I", "T", "C", "P", "DL", "TK")
    assert [code for code in codes if absence_codes.is_present(code)] == ["H", "T", "P", "DL"]
    assert legend("id").endswith(
        "S sakit; I izin; T tugas; C cuti; P pendidikan/pelatihan; DL dinas luar; "
        "TK tanpa keterangan; L libur; * direvisi"
    )
    assert words("en")["DL"] == "Official travel" and status_name("TK") == "Tanpa Keterangan"


def test_day_codes_are_one_object_per_code_as_the_enums_were():
    assert AbsenceCode("S") is DayCode.S is AbsenceCode.S
    assert DayCode("H") is DayCode.PRESENT and DayCode("-") is DayCode.OFF
    assert [c.value for c in DayCode] == ["H", *absence_codes.titles("id"), "LIBUR", "-", "BELUM"]
    assert list(absence_codes.titles("id")) == ["S", "I", "T", "C", "P", "DL", "TK"]
    assert DayCode.DL == "DL" and f"{DayCode.DL}" == "DL" and DayCode.PENDING.name == "PENDING"
    assert pickle.loads(pickle.dumps(DayCode.TK)) is DayCode.TK
    assert copy.deepcopy(DayCode.HOLIDAY) is DayCode.HOLIDAY
    with pytest.raises(ValueError, match="not a valid AbsenceCode"):
        AbsenceCode("H")
    with pytest.raises(AttributeError):
        _ = DayCode.WFH


@pytest.mark.parametrize(
    "change, error",
    [
        ({"code": "wfh"}, "capital letters"),
        ({"code": "WFHX"}, "capital letters"),
        ({"code": "S"}, "taken"),
        ({"code": "L"}, "taken"),  # the day grid's holiday
        ({"group": "nowhere"}, "unknown group"),
        ({"partial": ("sore",)}, "partial subtypes"),
        ({"evidence": (EvidenceRule("S", Evidence.ASSIGNMENT, WFH_RULE),)}, "another code"),
    ],
)
def test_a_row_that_would_be_ambiguous_is_refused(change, error):
    with pytest.raises(ValueError, match=error):
        CATALOGUE.add(replace(WFH, **{"group": "duty", **change}))
    assert len(CATALOGUE.rows()) == 7


def test_the_catalogue_is_as_it_was_after_an_extension():
    with working_from_home() as code:
        assert code in AbsenceCode and len(AbsenceCode) == 8
    assert "WFH" not in AbsenceCode and groups()[-2][0] == "duty"
    with pytest.raises(ValueError):
        AbsenceCode("WFH")


# --- a code added as one row plus its evidence rule ---------------------------------------------


def test_a_new_code_is_requested_and_needs_its_evidence(wfh):
    assert check_type("wfh", "penuh") == (wfh, "penuh")
    assert SUBTYPES[wfh] == ("penuh", "setengah_hari") and (wfh, "penuh") not in PARTIAL_DAY
    # A policy that names no rule for WFH falls back to the row's; one that does decides.
    assert required_evidence((), wfh, None, 1) == list(WFH.evidence)
    own = EvidenceRule("WFH", Evidence.PERMIT_LETTER, WFH_RULE, min_days=3)
    assert required_evidence((own,), wfh, None, 1) == []


def test_a_new_code_is_a_day_the_recap_counts_as_present(wfh):
    day = day_status_of(absences=[Absence(wfh, None, MONDAY, MONDAY)])
    assert day.code is DayCode.WFH and day.label == "WFH"
    counted = totals([DayEntry(day, "setda"), DayEntry(DayStatus(MONDAY, DayCode.TK), "setda")])
    assert (counted.present, counted.absences, counted.tk) == (1, {"WFH": 1}, 1)
    assert list(status_counts([day, DayStatus(MONDAY, DayCode.TK)])) == ["TK", "WFH"]
    text = summary_text("id", "Setda", "23-11-2026", [("Dewi", day)])
    assert group_of(day) == "remote" and "Kerja dari rumah (1): Dewi (WFH)" in text


def test_the_reports_label_a_new_code(wfh):
    home = status(date(2026, 11, 27), wfh)
    lines = employee_lines(STAFF, month(STAFF, "setda", {27: home}))
    recap = replace(november(), units=(unit_recap("setda", "Sekretariat Daerah", lines),))
    table = MonthTable(recap)
    columns = {c.key: c.title for c in table.columns}
    assert columns["WFH"] == "Kerja dari Rumah" and "WFH" in MONTH_KEYS
    row = dict(zip(columns, table.row(1, recap.units[0].employees[0]), strict=True))
    assert (row["WFH"], row["day27"], row["present"]) == (1, "WFH", 21)
    assert day_code(DayEntry(home, "setda")) == "WFH"
    assert "Kerja dari Rumah" in summary_header() and status_name("WFH", "en") == "Work from Home"
    sheet = load_workbook(io.BytesIO(month_xlsx(recap)))["setda"]
    cells = [str(c) for r in sheet.iter_rows(values_only=True) for c in r if c]
    assert "Kerja dari Rumah" in cells and any("WFH kerja dari rumah; L libur" in c for c in cells)
    printed = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(month_pdf(recap))).pages)
    assert "Rumah" in printed
    assert day_chart(replace(summary(), lines=summary().lines[:1])).startswith(b"\x89PNG")


def test_an_added_group_reads_in_the_rekap_order(wfh):
    assert [key for key, _ in groups()] == ["late", "TK", "leave", "duty", "remote", "BELUM"]


def test_an_added_code_may_join_a_group_that_exists():
    names = ("Kerja dari mana saja", "Work from anywhere")
    row = AbsenceKind("WFA", names, names, "duty", "#4a148c")
    with CATALOGUE.extended(row):
        assert [k.code for k in absence_codes.menu()[1]] == ["T", "P", "DL"]
        assert [k.code for k in absence_codes.menu()[2]] == ["WFA"]  # three to a line
