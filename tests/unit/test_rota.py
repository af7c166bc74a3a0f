"""Shift codes in the organisation file and the rota table, checked before anything is written.

Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf g: the pengelola "menentukan pengaturan
shift"; Pasal 17 ayat (2) huruf a: "Ketentuan jam kerja khusus diberlakukan untuk: tenaga
kesehatan yang melaksanakan shift". Perbup Balangan 32/2020 Pasal 5: shift staff clock in and out
"berdasarkan jam kerja yang di atur oleh RSUD".
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.org.file import parse_org
from core.policy.config import InvalidConfig
from core.rota import InvalidRota, parse_rota, read_table, schedule_of, stored
from core.schedule import DAY

EXAMPLE = Path(__file__).parents[2] / "examples" / "org-konawe-kepulauan.yaml"
NURSE = "199001012015032001"
DOCTOR = "198505052010011002"


@pytest.fixture(scope="module")
def policy():
    return parse_org(EXAMPLE.read_text()).policy_for("pkm-langara")


def staff(policy):
    return {NURSE: policy, DOCTOR: policy}


def csv(*lines: str) -> list:
    return read_table(("\n".join(lines) + "\n").encode(), "rota.csv")


def header(days: int = 30) -> str:
    return "nip," + ",".join(str(d) for d in range(1, days + 1))


def row(nip: str, cells: dict[int, str], days: int = 30) -> str:
    return nip + "," + ",".join(cells.get(d, "") for d in range(1, days + 1))


def problems(lines, policy, year=2026, month=11) -> list[str]:
    with pytest.raises(InvalidRota) as caught:
        parse_rota(lines, year, month, staff(policy), "rota.csv")
    return caught.value.problems


# --- shift codes in the organisation file -----------------------------------------------------


def test_a_night_shift_crosses_midnight_and_windows_follow_the_work_hours(policy):
    night = policy.shifts["M"]
    assert (night.work.start, night.work.end) == (21 * 60, DAY + 7 * 60)
    assert night.check_out.start == DAY + 7 * 60  # the next morning belongs to the evening
    morning = policy.shifts["P"]  # windows left out: the weekday's distances (an hour before)
    assert (morning.check_in.start, morning.on_time_until) == (6 * 60, 7 * 60)
    assert policy.shifts["L"] is None


def test_a_stored_shift_reads_back_as_the_same_schedule(policy):
    for code, schedule in policy.shifts.items():
        back = schedule_of(stored(code, schedule))
        if schedule is None:
            assert back is None
            continue
        assert (back.work, back.check_in, back.on_time_until, back.check_out) == (
            schedule.work, schedule.check_in, schedule.on_time_until, schedule.check_out,
        )  # fmt: skip
    assert stored("M", policy.shifts["M"])["work"] == "21:00-07:00"


@pytest.mark.parametrize(
    ("shift", "path", "words"),
    [
        ('M: {work: "25:00-07:00"}', "policy.shifts.M.work", "not a clock time"),
        ('M: {work: "21:00-07:00", start: "21:00"}', "policy.shifts.M.start", "unknown key"),
        ("M: {check_in: 20:00-21:00}", "policy.shifts.M.work", "required"),
        ('"P 1": {work: "07:00-14:00"}', "policy.shifts.P 1", "a shift code is"),
        ("M: night", "policy.shifts.M", "expected 'off' or a mapping"),
    ],
)
def test_a_bad_shift_names_its_path_and_line(shift, path, words):
    text = EXAMPLE.read_text().replace(
        "policy:\n  events:", f"policy:\n  shifts:\n    {shift}\n  events:", 1
    )
    with pytest.raises(InvalidConfig) as caught:
        parse_org(text)
    message = str(caught.value)
    assert "\n" not in message
    assert "line 21: " in message and path in message and words in message


# --- the table ----------------------------------------------------------------------------


def test_a_rota_maps_each_listed_day_to_its_shift(policy):
    lines = csv(header(), row(NURSE, {1: "P", 2: "S", 3: "M", 4: "L", 5: "L"}))
    rota = parse_rota(lines, 2026, 11, staff(policy), "rota.csv")
    days = rota.days[NURSE]
    assert sorted(days) == [date(2026, 11, d) for d in range(1, 6)]
    assert days[date(2026, 11, 3)] == ("M", policy.shifts["M"])
    assert days[date(2026, 11, 4)] == ("L", None)


def test_an_xlsx_rota_reads_as_the_csv_does(policy):
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", *range(1, 31)])
    sheet.append([NURSE, "P", None, "M", "L"])
    buffer = io.BytesIO()
    book.save(buffer)
    rota = parse_rota(read_table(buffer.getvalue(), "rota.xlsx"), 2026, 11, staff(policy))
    assert rota.days[NURSE] == {
        date(2026, 11, 1): ("P", policy.shifts["P"]),
        date(2026, 11, 3): ("M", policy.shifts["M"]),
        date(2026, 11, 4): ("L", None),
    }


def test_every_bad_cell_is_reported_by_line_and_column(policy):
    lines = csv(
        header(31),
        row("199909092020121001", {1: "P"}, 31),
        row(NURSE, {2: "X"}, 31),
        row(NURSE, {}, 31),
        row(DOCTOR, {3: "M", 4: "P"}, 31),
    )
    found = problems(lines, policy)
    assert found == [
        "rota.csv line 1, column 32: day 31 is beyond this month's 30 days",
        "rota.csv line 2, column 1: no employee 199909092020121001 in this organisation",
        "rota.csv line 3, column 3: undefined shift code 'X'; codes: P, S, M, L",
        f"rota.csv line 4, column 1: {NURSE} is already listed on line 3",
        "rota.csv line 5, column 5: shift P on the 4 opens at 06:00, before shift M of the 3 "
        "closes at 09:00: the shifts overlap (a clock-in then could be either's)",
    ]


def test_a_night_shift_before_a_weekday_without_entry_overlaps_its_check_in(policy):
    # Monday 2026-11-02 keeps the weekday's 07:30 day (check-in from 06:30): after a night
    # shift whose check-out runs until 09:00 the rota must give that day off.
    found = problems(csv(header(), row(NURSE, {1: "M"})), policy)
    assert found == [
        "rota.csv line 2, column 3: the weekday's schedule on the 2 opens at 06:30, before "
        "shift M of the 1 closes at 09:00: the shifts overlap (a clock-in then could be either's)"
    ]


def test_back_to_back_shifts_that_meet_without_overlap_are_accepted(policy):
    lines = csv(header(), row(NURSE, {1: "P", 2: "S", 3: "M", 4: "M", 5: "S", 6: "L"}))
    assert len(parse_rota(lines, 2026, 11, staff(policy)).days[NURSE]) == 6


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "neither a CSV (UTF-8 text) nor an XLSX file"),
        (b"PK\x03\x04not really a zip", "neither a CSV (UTF-8 text) nor an XLSX file"),
    ],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(data, words):
    with pytest.raises(InvalidRota) as caught:
        read_table(data, "rota.pdf")
    assert caught.value.problems == [f"rota.pdf: {words}"]


def test_a_header_without_nip_and_a_rounded_excel_nip_are_refused(policy):
    lines = [*csv("name,1,2"), *csv(f"{NURSE},P")]
    assert (
        problems(lines, policy)[0]
        == "rota.csv line 1, column 1: the first line is nip,1,2,...,30; got 'name'"
    )
    book = read_table(b"nip;1\n1.99e17;P\n", "rota.csv")  # ';' as Indonesian Excel writes CSV
    assert problems(book, policy) == [
        "rota.csv line 2, column 1: a NIP or NIK of digits, got '1.99e17'"
    ]


# Found by a bad-input probe ----------------------------------------------------------------------


def test_merged_day_cells_are_refused_rather_than_read_as_one_day(policy):
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", *range(1, 31)])
    sheet.append([NURSE, "P", None, None])
    sheet.merge_cells("B2:D2")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(InvalidRota) as refused:
        read_table(buffer.getvalue(), "rota.xlsx")
    assert refused.value.problems == [
        "rota.xlsx: cells B2:D2 are merged: unmerge them and write the shift code in each "
        "day's cell"
    ]


def test_a_header_without_employees_and_dates_as_headers_are_explained(policy):
    with pytest.raises(InvalidRota) as empty:
        parse_rota(csv(header()), 2026, 11, staff(policy), "rota.csv")
    assert empty.value.problems == ["rota.csv: the file lists no employee under its header line"]
    dated = csv("nip,2026-11-01 00:00:00", row(NURSE, {1: "P"}))
    with pytest.raises(InvalidRota) as refused:
        parse_rota(dated, 2026, 11, staff(policy), "rota.csv")
    assert "(write plain day numbers, not dates)" in refused.value.problems[0]
