"""The demo's closing tables follow LANGUAGE, like every report."""

from __future__ import annotations


def test_the_demo_status_table_in_english(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en")
    code, out, err = cli(
        "demo", "--employees", "26", "--database", f"sqlite:///{tmp_path / 'demo.db'}"
    )
    assert code == 0, err
    _, found, table = out.partition("Status per employee, Tuesday, 24 November 2026")
    assert found, out[-2000:]
    assert "Tuesday, 24 November 2026" in out.splitlines()[0]
    assert out.rstrip().endswith("chain intact")
    assert "unit code" in table and "Status per pegawai" not in out
    assert " Sick " in table and " Absent without reason " in table and " Late " in table
    assert "Tepat Waktu" not in table and "Terlambat" not in table
    assert "refused attempts" in table and "outside the area by" in table
