"""The employee file's `shift` and `kebijakan` columns: read, checked against the unit's policy
(Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf g, Pasal 17 ayat (2)), every problem on
its line, and a fixed shift that replaces a working day's hours but not a day off."""

from __future__ import annotations

from datetime import date

import pytest

from core.employee_file import ImportErrors, RowError, Stored, parse_employees_csv
from core.employee_overrides import merged
from core.policy.config import apply_overrides
from core.presets import build_preset

SHIFTS = {
    "shifts": {
        "P": {"work": "07:00-14:00"},
        "M": {"work": "21:00-07:00", "check_in": "20:00-21:30", "on_time_until": "21:15",
              "check_out": "07:00-09:00"},
        "L": "off",
    }
}  # fmt: skip
UNIT = apply_overrides(build_preset("konawe-kepulauan", {}), SHIFTS, where="test")
STORED = Stored({"setda": UNIT}, {"198203252008012004": {"radius_m": 150, "fixed_shift": "P"}})
HEAD = "nip,nama,jenis,unit,jadwal,kebijakan"
GUARD = "197804122005011002"
OTHER = "198203252008012004"


def parse(*rows: str, head: str = HEAD, stored: Stored = STORED):
    return parse_employees_csv("\n".join([head, *rows]) + "\n", {"setda"}, stored=stored)


def errors(*rows: str, head: str = HEAD) -> list[RowError]:
    with pytest.raises(ImportErrors) as caught:
        parse(*rows, head=head)
    return caught.value.errors


def test_a_shift_and_overrides_are_read():
    [row] = parse(f'{GUARD},Satpam,PNS,setda,M,"{{""radius_m"": 50}}"')
    assert (row.shift, row.policy) == ("M", {"radius_m": 50})


def test_empty_cells_clear_and_missing_columns_keep():
    [row] = parse(f"{GUARD},Satpam,PNS,setda,,")
    assert (row.shift, row.policy) == ("", {})
    [row] = parse(f"{GUARD},Satpam,PNS,setda", head="nip,nama,jenis,unit")
    assert (row.shift, row.policy) == (None, None)
    [row] = parse(f"{GUARD},Satpam,PNS,setda,M", head="nip,nama,jenis,unit,shift")
    assert (row.shift, row.policy) == ("M", None)


def test_what_is_stored_merges_the_file_with_the_stored_overrides():
    stored = {"radius_m": 150, "fixed_shift": "P"}
    assert merged(stored, "M", None) == {"radius_m": 150, "fixed_shift": "M"}
    assert merged(stored, None, {"approver": "admin"}) == {"approver": "admin", "fixed_shift": "P"}
    assert merged(stored, "", {}) == {}
    assert merged(None, "M", {}) == {"fixed_shift": "M"}


def test_every_bad_cell_is_an_error_on_its_line():
    found = errors(
        f"{GUARD},Satpam,PNS,setda,X,",
        f'{OTHER},Rina,PNS,setda,,"{{""radius"": 5}}"',
        '199005172015031001,Ahmad,PNS,setda,,"{radius_m: 5}"',
        '199611302022032007,Dewi,CPNS,setda,,"{""radius_m"": -5}"',
        '199203152023212003,Nur,PPPK,setda,L,"[1]"',
        '199203152023212004,Ani,PPPK,setda,,"{""fixed_shift"": ""M""}"',
    )
    assert [str(e) for e in errors_sorted(found)] == [
        "line 2: shift: unknown shift code 'X'; codes: P, M, L",
        "line 3: policy: radius: unknown policy key 'radius'; did you mean 'radius_m'? (keys: "
        + ", ".join(_keys())
        + ")",
        "line 4: policy: not valid JSON (Expecting property name enclosed in double quotes at "
        'character 2): write an object like {"radius_m": 150}',
        "line 5: policy: radius_m: must be more than 0, got -5",
        "line 6: policy: expected a JSON object like {\"radius_m\": 150}, got '[1]'",
        "line 7: policy: fixed_shift: give the fixed shift in the shift column",
    ]


def errors_sorted(found: list[RowError]) -> list[RowError]:
    return sorted(found, key=lambda e: (e.line, e.field))


def _keys() -> list[str]:
    from core.policy.config import _HANDLERS

    return list(_HANDLERS)


def test_a_day_off_code_is_no_fixed_shift():
    assert [str(e) for e in errors(f"{GUARD},Satpam,PNS,setda,L,")] == [
        "line 2: shift: shift 'L' is a day off, not hours to keep every day"
    ]


def test_a_shift_the_file_own_overrides_add_is_accepted():
    cell = '"{""shifts"": {""J"": {""work"": ""22:00-06:00""}}}"'
    [row] = parse(f"{GUARD},Satpam,PNS,setda,J,{cell}")
    assert row.shift == "J"


def test_the_shift_column_alone_is_checked_with_the_stored_overrides():
    # The stored overrides are kept (no kebijakan column): the shift must suit them.
    [row] = parse(f"{OTHER},Rina,PNS,setda,M", head="nip,nama,jenis,unit,shift")
    assert row.shift == "M"


def test_a_fixed_shift_replaces_working_days_hours_and_a_rota_entry_wins():
    policy = apply_overrides(UNIT, {"fixed_shift": "M"}, where="employee 1")
    tuesday, saturday = date(2026, 11, 24), date(2026, 11, 28)
    night = policy.day_schedule(tuesday)
    assert night is not None and night.label == "shift M"
    assert night.work.start == 21 * 60
    assert night.in_rule == UNIT.rota_rule
    assert policy.day_schedule(saturday) is None  # Konawe's week: Saturday stays off
    morning = UNIT.shifts["P"]
    assert policy.with_rota({tuesday: morning}).day_schedule(tuesday) is morning
