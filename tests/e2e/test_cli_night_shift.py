"""A night shift's punches from the attendance machine and its correction from the command line,
and the machine upload held to the revisions window.

Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf g and Pasal 17 ayat (2) huruf a: the
rota's shift hours (the example's Puskesmas Langara: M is 21:00-07:00, check-out 07:00-09:00,
WITA); Pasal 13 ayat (4): revisions on the 1st-4th of the next month. Perbup Balangan 32/2020
Pasal 3 huruf d-e: the machine's data is uploaded "dari tanggal 1 s.d 5 setiap awal bulan".
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.e2e.conftest import EXAMPLES

WITA = ZoneInfo("Asia/Makassar")
KONKEP, BALANGAN = "pemkab-konkep", "pemkab-balangan"
NURSE, DOCTOR = "199001012015032001", "198505052010011002"
CLERK = "199203152015031004"  # Diskominfo Balangan
ROTA_RULE = "Perbup Konawe Kepulauan 18/2023, Pasal 6 ayat (3) huruf g; Pasal 17 ayat (2) huruf a"


def at(text: str):
    return time_machine.travel(datetime.fromisoformat(text).replace(tzinfo=WITA), tick=False)


@pytest.fixture
def konkep(cli, tmp_path):
    """Puskesmas Langara's nurse on a night shift on Tuesday 3 November, off on the 4th."""
    staff = tmp_path / "staff.csv"
    staff.write_text(
        "nip,nik,nama,jenis,unit,atasan,peran,telepon,aktif_sejak\n"
        f"{NURSE},,Wa Ode Sitti,PNS,pkm-langara,,,,2026-10-01T07:00+08:00\n"
        f"{DOCTOR},,dr. La Ode Hasan,PNS,pkm-langara,,admin,,2026-10-01T07:00+08:00\n"
    )
    rota = tmp_path / "rota.csv"
    rota.write_text(
        "nip," + ",".join(str(d) for d in range(1, 31)) + f"\n{NURSE},,,M,L" + "," * 26 + "\n"
    )
    with at("2026-11-01 06:00"):
        assert cli("db", "upgrade")[0] == 0
        assert cli("org", "load", str(EXAMPLES / "org-konawe-kepulauan.yaml"))[0] == 0
        assert cli("employees", "import", str(staff), "--org", KONKEP)[0] == 0
        code, _, err = cli("rota", "import", str(rota), "--org", KONKEP, "--month", "2026-11")
        assert code == 0, err
    return cli


def upload(cli, tmp_path, org: str, body: str):
    path = tmp_path / "punches.csv"
    path.write_text(body)
    return cli("attendance", "import", str(path), "--org", org)


def records(database) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT direction, work_date, outcome, source, rule FROM attendance ORDER BY id"
        ).fetchall()


NIGHT = f"nip,waktu\n{NURSE},2026-11-03 20:55\n{NURSE},2026-11-04 07:05\n"


def test_the_mornings_punch_is_the_night_shifts_check_out_citing_the_rota_article(konkep, tmp_path):
    with at("2026-11-04 10:00"):
        code, out, err = upload(konkep, tmp_path, KONKEP, NIGHT)

    assert (code, err) == (0, "")
    assert "written: 2 new records (1 check-ins, 1 check-outs)\n" in out
    assert records(konkep.database) == [
        ("in", "2026-11-03", "on_time", "machine", ROTA_RULE),
        ("out", "2026-11-03", "on_time", "machine", ROTA_RULE),
    ]


def test_a_night_shifts_check_out_is_corrected_to_the_next_morning(konkep, tmp_path):
    with at("2026-11-04 10:00"):
        upload(konkep, tmp_path, KONKEP, NIGHT)
        code, out, err = konkep(
            "attendance", "correct", NURSE, "--org", KONKEP, "--date", "2026-11-03",
            "--direction", "pulang", "--at", "07:30", "--reason", "antre", "--by", DOCTOR,
        )  # fmt: skip

    assert (code, err) == (0, "")
    assert out.startswith(
        "corrected: Wa Ode Sitti out 2026-11-03 from record 2 to 2026-11-04 07:30"
    )
    assert records(konkep.database)[-1][:3] == ("out", "2026-11-03", "on_time")


def test_a_night_check_out_correction_before_its_time_is_refused(konkep, tmp_path):
    with at("2026-11-04 07:10"):
        upload(konkep, tmp_path, KONKEP, NIGHT)
        code, out, err = konkep(
            "attendance", "correct", NURSE, "--org", KONKEP, "--date", "2026-11-03",
            "--direction", "pulang", "--at", "08:30", "--reason", "antre", "--by", DOCTOR,
        )  # fmt: skip

    assert (code, out) == (1, "")
    assert err == (
        "error: 2026-11-04 08:30 has not come yet: only times that have passed are corrected\n"
    )
    assert len(records(konkep.database)) == 2


def test_a_closed_months_punches_are_refused_after_konawes_window_citing_it(konkep, tmp_path):
    with at("2026-12-07 09:00"):
        code, out, err = upload(konkep, tmp_path, KONKEP, NIGHT)

    assert code == 1
    assert "refused: 2: closed_month 2 (line 2, 3)\n" in out
    assert err == (
        "error: punches.csv: 2026-11 is closed: its punches are taken only from 2026-12-01 to "
        "2026-12-04 (Perbup Konawe Kepulauan 18/2023, Pasal 13 ayat (4))\n"
    )
    assert records(konkep.database) == []


@pytest.fixture
def balangan(cli, tmp_path):
    staff = tmp_path / "staff.csv"
    staff.write_text(
        "nip,nik,nama,jenis,unit,atasan,peran,telepon,aktif_sejak\n"
        f"{CLERK},,Muhammad Rafi,PNS,diskominfo,,,,2026-10-01T07:00+08:00\n"
    )
    with at("2026-10-01 06:00"):
        assert cli("db", "upgrade")[0] == 0
        assert cli("org", "load", str(EXAMPLES / "org-balangan.yaml"))[0] == 0
        assert cli("employees", "import", str(staff), "--org", BALANGAN)[0] == 0
    return cli


# Tuesday 24 November, in at 07:30 and out at 16:45 (WITA, the machine's clock).
NOVEMBER = f"nip,waktu\n{CLERK},2026-11-24 07:30\n{CLERK},2026-11-24 16:45\n"


@pytest.mark.parametrize("day", ["2026-11-25", "2026-12-01", "2026-12-05"])
def test_balangan_takes_the_months_upload_until_the_5th_of_the_next(balangan, tmp_path, day):
    with at(f"{day} 10:00"):
        code, out, err = upload(balangan, tmp_path, BALANGAN, NOVEMBER)
    assert (code, err) == (0, "")
    assert "written: 2 new records" in out


def test_balangan_refuses_it_on_the_6th_citing_pasal_3(balangan, tmp_path):
    with at("2026-12-06 08:00"):
        code, out, err = upload(balangan, tmp_path, BALANGAN, NOVEMBER)

    assert code == 1
    assert "written: 0 new records" in out and "closed_month 2 (line 2, 3)" in out
    assert err == (
        "error: punches.csv: 2026-11 is closed: its punches are taken only from 2026-12-01 to "
        "2026-12-05 (Perbup Balangan 32/2020, Pasal 3 huruf d-e)\n"
    )
    assert records(balangan.database) == []


def test_an_upload_of_two_months_takes_the_open_one_and_names_the_closed_one(balangan, tmp_path):
    body = NOVEMBER + f"{CLERK},2026-10-27 07:30\n"  # a Tuesday of October, closed since 5 Nov
    with at("2026-12-03 10:00"):
        code, out, err = upload(balangan, tmp_path, BALANGAN, body)

    assert code == 0
    assert "written: 2 new records" in out and "closed_month 1 (line 4)" in out
    assert err.startswith("error: punches.csv: 2026-10 is closed: its punches are taken only")
    assert [r[1] for r in records(balangan.database)] == ["2026-11-24", "2026-11-24"]
