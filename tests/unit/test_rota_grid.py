"""A month's rota as the grid `presensi rota show` prints (core.rota_grid)."""

from __future__ import annotations

from core.rota_grid import Grid, GridRow, grid_lines


def test_each_employee_is_a_line_and_each_day_a_column_with_weekdays_and_a_legend():
    grid = Grid("rota konkep 2026-02", 2026, 2)  # 28 days, starting on a Sunday
    grid.rows = [
        GridRow("199001012015032001", "Wa Ode Sitti", {1: "P", 2: "M", 3: "L"}),
        GridRow("198505052010011002", "dr. La Ode Hasan", {28: "S"}),
    ]
    grid.codes = {"P": "07:00-14:00", "M": "21:00-07:00 (+1)", "L": "day off", "S": "14:00-21:00"}
    lines = grid_lines(grid)

    assert lines[0] == "rota konkep 2026-02"
    assert lines[1].startswith("NIP/NIK             name              1  2  3  4")
    assert lines[1].endswith("27 28")
    assert lines[2].strip().startswith("Su Mo Tu We")
    assert lines[3] == "199001012015032001  Wa Ode Sitti      P  M  L" + "  ." * 25
    assert lines[4] == "198505052010011002  dr. La Ode Hasan  " + ".  " * 27 + "S"
    assert lines[5] == (
        "codes: L day off; M 21:00-07:00 (+1); P 07:00-14:00; S 14:00-21:00; "
        ". the weekday's schedule"
    )


def test_long_codes_widen_the_columns_and_long_names_are_cut():
    grid = Grid("rota", 2026, 11)
    grid.rows = [GridRow("1234", "A" * 40, {1: "MALAM"})]
    lines = grid_lines(grid)
    assert lines[3].startswith("1234     " + "A" * 27 + "~  MALAM .     .     .")
