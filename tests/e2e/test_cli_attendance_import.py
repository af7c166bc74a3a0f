"""`presensi attendance import`: a machine's download uploaded from the command line.

Perbup Balangan 32/2020 Pasal 3 huruf d: the admin "mengupload data presensi ke Aplikasi
E-Presensi (SIKEP) dari tanggal 1 s.d 5 setiap awal bulan sebagai bahan laporan presensi SKPD".
A file with a bad line writes nothing unless --skip-bad; a re-import adds nothing.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import text

from tests.e2e.conftest import EXAMPLES, load_example

WIB = ZoneInfo("Asia/Jakarta")
ORG = "pemkot-sungai-penuh"
DEWI, AHMAD = "199611302022032007", "199005172015031001"  # setda staff
ZULKIFLI = "198306142009011005"  # kec-sungai-penuh
JOINED = datetime(2026, 11, 24, 6, 0, tzinfo=WIB)  # a Tuesday: the staff join that day
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=WIB)  # the download is uploaded the next morning
MAP = "user_id,nip\n1,199611302022032007\n2,199005172015031001\n"
# Dewi (machine user 1) in at 07:45 (late: on time until 07:30), out at 16:05 after a lunch
# punch; Ahmad (user 2) in at 07:20 only. The device never had its in/out keys pressed.
ATTLOG = (
    "        1\t2026-11-24 07:45:12\t1\t0\t0\t0\n"
    "        1\t2026-11-24 12:01:03\t1\t0\t0\t0\n"
    "        1\t2026-11-24 16:05:40\t1\t0\t0\t0\n"
    "        2\t2026-11-24 07:20:00\t15\t0\t0\t0\n"
)


@pytest.fixture
def run(cli, tmp_path):
    with time_machine.travel(JOINED, tick=False):
        load_example(cli)
    (tmp_path / "map.csv").write_text(MAP)
    with time_machine.travel(NOW, tick=False):
        yield cli


def upload(run, tmp_path, body: str, *extra: str, name: str = "1_attlog.dat"):
    path = tmp_path / name
    path.write_text(body)
    return run("attendance", "import", str(path), "--org", ORG, *extra)


def mapped(run, tmp_path, body: str, *extra: str):
    return upload(run, tmp_path, body, "--map", str(tmp_path / "map.csv"), *extra)


def records(database) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        query = (
            "SELECT e.identifier, a.direction, a.outcome, a.minutes, a.source "
            "FROM attendance a JOIN employees e ON e.id = a.employee_id ORDER BY a.at"
        )
        return connection.execute(query).fetchall()


def test_an_attlog_first_punch_in_last_punch_out_judged_and_audited(run, tmp_path):
    code, out, err = mapped(run, tmp_path, ATTLOG)

    assert (code, err) == (0, "")
    assert out == (
        "read 4 punches of 2 employees (attlog)\n"
        "written: 3 new records (2 check-ins, 1 check-outs)\n"
        "already imported: 0\n"
        "between a day's first and last punch, not recorded: 1\n"
        "refused: 0\n"
    )
    assert records(run.database) == [
        (AHMAD, "in", "on_time", 0, "machine"),
        (DEWI, "in", "late", 15, "machine"),
        (DEWI, "out", "on_time", 0, "machine"),
    ]
    with sqlite3.connect(run.database) as connection:
        audit = connection.execute(
            "SELECT actor, action FROM audit_log WHERE entity = 'attendance'"
        ).fetchall()
    assert sorted(audit) == [("cli", "attendance.in")] * 2 + [("cli", "attendance.out")]


def test_a_re_import_adds_nothing(run, tmp_path):
    mapped(run, tmp_path, ATTLOG)

    code, out, err = mapped(run, tmp_path, ATTLOG)

    assert (code, err) == (0, "")
    assert "written: 0 new records" in out and "already imported: 3\n" in out
    assert len(records(run.database)) == 3


def test_a_csv_of_nips_with_directions_and_the_dry_run(run, tmp_path):
    body = f"nip,waktu,arah\n{DEWI},2026-11-24 07:29,masuk\n{DEWI},2026-11-24 16:05,pulang\n"

    dry = upload(run, tmp_path, body, "--dry-run", name="presensi.csv")
    assert dry[0] == 0 and "would write: 2 new records" in dry[1]
    assert records(run.database) == []

    code, out, _ = upload(run, tmp_path, body, name="presensi.csv")
    assert code == 0 and out.startswith("read 2 punches of 1 employees (csv)\n")
    assert [r[1:3] for r in records(run.database)] == [("in", "on_time"), ("out", "on_time")]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("9\t2026-11-24 07:40:00\t1\t0", "line 5: unknown user id 9: not in the map"),
        ("1\t2026-11-24 25:61:00\t1\t0", "line 5: impossible time '2026-11-24 25:61:00'"),
        ("1\t2026-11-25 09:00:00\t1\t0", "line 5: 2026-11-25 09:00:00 has not come yet"),
        ("1\t2026-11-24 07:45:12\t1\t0", "line 5: duplicate punch: the same as line 1"),
        ("1\t24-11-2026", "line 5: expected a user id, a date and a time"),
    ],
)
def test_a_bad_line_writes_nothing_and_is_named_by_its_number(run, tmp_path, line, said):
    code, out, err = mapped(run, tmp_path, ATTLOG + line + "\n")

    assert code == 1
    assert err.startswith("error: 1_attlog.dat ") and said in err and err.count("\n") == 1
    assert out.endswith("bad lines: 1: nothing written; fix them or give --skip-bad\n")
    assert records(run.database) == []


def test_skip_bad_writes_the_good_lines_and_lists_the_bad_ones(run, tmp_path):
    bad = "7\t2026-11-24 07:40:00\t1\t0\n1\t2026-11-24 31:00:00\t1\t0\n"

    code, out, err = mapped(run, tmp_path, ATTLOG + bad, "--skip-bad")

    assert code == 0
    assert err.splitlines() == [
        "error: 1_attlog.dat line 5: unknown user id 7: not in the map, and no employee of "
        "pemkot-sungai-penuh has it as NIP",
        "error: 1_attlog.dat line 6: impossible time '2026-11-24 31:00:00'",
    ]
    assert "written: 3 new records" in out and out.endswith("bad lines: 2, skipped\n")
    assert len(records(run.database)) == 3


def test_nothing_importable_exits_1_even_with_skip_bad(run, tmp_path):
    code, out, err = upload(run, tmp_path, "5\t2026-11-24 07:40:00\t1\t0\n", "--skip-bad")

    assert code == 1 and "unknown user id 5" in err and "written: 0 new records" in out


def test_a_mapped_nip_that_is_no_employee(run, tmp_path):
    (tmp_path / "map.csv").write_text("user_id,nip\n1,199611302022039999\n")

    code, _, err = mapped(run, tmp_path, "1\t2026-11-24 07:40:00\t1\t0\n")

    assert code == 1
    assert "user id 1 maps to NIP 199611302022039999, who is no employee" in err


def test_refused_punches_are_counted_with_their_reasons(run, tmp_path):
    # 05:00 is before the check-in window opens; Sunday the 22nd is no work day.
    body = f"nip,waktu\n{DEWI},2026-11-24 05:00\n{AHMAD},2026-11-22 07:30\n"

    code, out, err = upload(run, tmp_path, body, name="p.csv")

    assert (code, err) == (0, "")
    assert "refused: 2: not_work_day 1 (line 3); too_early 1 (line 2)\n" in out
    assert records(run.database) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--map", "MISSING"), "error: no file MISSING\n"),
        (("--device-zone", "Mars/Olympus"), "unknown time zone 'Mars/Olympus'"),
        (("--org", "pemkab-entah"), "error: no organisation 'pemkab-entah'\n"),
    ],
)
def test_bad_options_are_one_line_and_exit_1(run, tmp_path, args, said):
    path = tmp_path / "1_attlog.dat"
    path.write_text(ATTLOG)

    code, out, err = run("attendance", "import", str(path), "--org", ORG, *args)

    assert code == 1 and out == "" and said in err and err.count("\n") == 1


def test_bad_files_are_one_line_and_exit_1(run, tmp_path):
    binary = tmp_path / "attlog.dat"
    binary.write_bytes(b"\x01\x00\xff\xfe\x90\x80")
    (tmp_path / "bad-map.csv").write_text("id,nip\n1,2\n")

    cases = [
        run("attendance", "import", str(binary), "--org", ORG),
        upload(run, tmp_path, "\n\n", name="empty.dat"),
        upload(run, tmp_path, ATTLOG, "--map", str(tmp_path / "bad-map.csv")),
    ]

    assert [c[0] for c in cases] == [1, 1, 1]
    assert "is not a text export" in cases[0][2]
    assert "no punches in" in cases[1][2]
    assert "bad-map.csv: the map's header must be user_id,nip" in cases[2][2]
    assert all(c[2].count("\n") == 1 and "Traceback" not in c[2] for c in cases)


def test_a_punch_in_another_zone_needs_the_device_zone(cli, tmp_path):
    # The kecamatan keeps WITA in this copy of the organisation: a time without an offset
    # could be either clock, so the import asks rather than shift the day by an hour.
    org = (EXAMPLES / "org-sungai-penuh.yaml").read_text()
    unit = "  - code: kec-sungai-penuh\n"
    org = org.replace(unit, unit + "    zone: WITA\n")
    (tmp_path / "org.yaml").write_text(org)
    with time_machine.travel(JOINED, tick=False):
        assert cli("db", "upgrade")[0] == 0
        assert cli("org", "load", str(tmp_path / "org.yaml"))[0] == 0
        staff = str(EXAMPLES / "employees-sungai-penuh.csv")
        assert cli("employees", "import", staff, "--org", ORG)[0] == 0
    body = f"nip,waktu\n{ZULKIFLI},2026-11-24 07:20\n"
    with time_machine.travel(NOW, tick=False):
        refused = upload(cli, tmp_path, body, name="kec.csv")
        offset = upload(cli, tmp_path, f"nip,waktu\n{ZULKIFLI},2026-11-24T08:25:00+08:00\n")
        zoned = upload(cli, tmp_path, body, "--device-zone", "WITA", name="kec.csv")

    assert refused[0] == 1
    assert refused[2] == (
        "error: kec.csv line 2: Zulkifli S.STP's unit keeps Asia/Makassar time, not "
        "Asia/Jakarta, and the time has no offset: give --device-zone\n"
    )
    assert offset[0] == 0 and "written: 1 new records" in offset[1]
    assert zoned[0] == 0 and "written: 0 new records" in zoned[1]  # 07:20 WITA: in already


def test_the_day_lists_name_the_machine_in_both_languages(run, tmp_path):
    mapped(run, tmp_path, ATTLOG)
    table = tmp_path / "harian.csv"
    day = ("recap", "--org", ORG, "--day", "2026-11-24", "--unit", "setda")

    code, out, _ = run(*day)
    assert run(*day, "--out", str(table), "--lang", "en")[0] == 0

    assert code == 0 and "(Masuk: mesin presensi; Pulang: mesin presensi)" in out
    [dewi] = [
        r for r in csv.DictReader(io.StringIO(table.read_text())) if r["Name"].startswith("Dewi")
    ]
    assert dewi["Notes"] == "In: attendance machine; Out: attendance machine"


def test_on_postgresql(pg_cli, tmp_path):
    with time_machine.travel(JOINED, tick=False):
        load_example(pg_cli)
    (tmp_path / "map.csv").write_text(MAP)
    with time_machine.travel(NOW, tick=False):
        first = mapped(pg_cli, tmp_path, ATTLOG)
        again = mapped(pg_cli, tmp_path, ATTLOG)

    assert first[0] == 0 and "written: 3 new records" in first[1]
    assert again[0] == 0 and "written: 0 new records" in again[1]
    with pg_cli.engine.connect() as connection:
        rows = connection.execute(text("SELECT source, count(*) FROM attendance GROUP BY source"))
        assert [tuple(r) for r in rows] == [("machine", 3)]
