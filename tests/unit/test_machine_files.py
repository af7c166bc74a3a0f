"""Reading attendance machines' exports (core.machine_files), as pure functions.

Perbup Balangan 32/2020 Pasal 3 huruf d: "Admin E-Presensi bertugas untuk menarik data atau
download data pada perangkat mesin E-Presensi setiap 1 (satu) minggu 1 (satu) kali" - what is
downloaded is read here, line by line.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from core.machine_files import (
    LineError,
    MapError,
    Punch,
    day_directions,
    parse_machine_file,
    parse_map,
    parse_time,
)
from core.rules import Direction

IN, OUT = Direction.IN, Direction.OUT
REGULATION = "/work/shared/regulations/003_1a41b21893314ce9.txt"


def test_the_regulation_quoted_is_the_one_on_file():
    try:
        with open(REGULATION, encoding="utf-8") as text:
            body = text.read()
    except FileNotFoundError:
        pytest.skip("the shared regulations are not on this machine")
    assert "menarik data atau download data pada perangkat mesin E-Presensi" in body
    assert "sebagai dasar perhitungan TPP SKPD" in body


def test_a_zkteco_attlog_with_padded_ids_tabs_and_the_default_state_gives_no_direction():
    text = (
        "        1\t2026-11-24 07:45:12\t1\t0\t0\t0\n"
        "        1\t2026-11-24 16:05:40\t1\t0\t0\t0\n"
        "\n"
        "       12 2026-11-24 07:20:00 15 0 0 0\n"
    )

    parsed = parse_machine_file(text)

    assert parsed.kind == "attlog" and parsed.errors == []
    assert parsed.punches == [
        Punch(1, "1", datetime(2026, 11, 24, 7, 45, 12), None),
        Punch(2, "1", datetime(2026, 11, 24, 16, 5, 40), None),
        Punch(4, "12", datetime(2026, 11, 24, 7, 20), None),
    ]


def test_an_attlog_whose_device_uses_the_in_out_keys_keeps_its_states():
    text = (
        "1\t2026-11-24 07:45:12\t1\t0\t0\n"
        "1\t2026-11-24 12:01:00\t1\t2\t0\n"  # a break punch: no direction
        "1\t2026-11-24 16:05:40\t1\t1\t0\n"
    )

    directions = [p.direction for p in parse_machine_file(text).punches]

    assert directions == [IN, None, OUT]


def test_impossible_and_short_attlog_lines_are_errors_by_line():
    text = "1\t2026-11-24 25:61:00\t1\t0\n2\t2026-02-30 07:00:00\t1\t0\n3\t2026-11-24\n"

    parsed = parse_machine_file(text)

    assert parsed.punches == []
    assert [str(e) for e in parsed.errors] == [
        "line 1: impossible time '2026-11-24 25:61:00'",
        "line 2: impossible time '2026-02-30 07:00:00'",
        "line 3: expected a user id, a date and a time",
    ]


@pytest.mark.parametrize(
    "header", ["nip,waktu,arah", "NIP,Waktu,Arah", "nip,timestamp,direction", "nip;waktu;arah"]
)
def test_a_csv_in_either_language_and_with_excel_semicolons(header):
    sep = ";" if ";" in header else ","
    rows = [
        sep.join(("199611302022032007", "2026-11-24 07:45", "masuk")),
        sep.join(("199611302022032007", "24/11/2026 16:05:00", "out")),
        sep.join(("199611302022032007", "2026-11-24T12:00:00+07:00", "")),
    ]
    text = "\ufeff" + "\n".join([header, *rows]) + "\n"

    parsed = parse_machine_file(text)

    assert parsed.kind == "csv" and parsed.errors == []
    wib = timezone(timedelta(hours=7))
    assert [(p.line, p.at, p.direction) for p in parsed.punches] == [
        (2, datetime(2026, 11, 24, 7, 45), IN),
        (3, datetime(2026, 11, 24, 16, 5), OUT),
        (4, datetime(2026, 11, 24, 12, 0, tzinfo=wib), None),
    ]


def test_csv_errors_by_line_and_a_header_without_the_columns():
    text = "nip,waktu,arah\n1,2026-11-24 07:45,datang2\n2,kemarin,masuk\n,2026-11-24 07:00,\n3\n"

    parsed = parse_machine_file(text)

    assert parsed.punches == []
    assert [str(e) for e in parsed.errors] == [
        "line 2: unknown direction 'datang2'; use masuk, pulang or leave it empty",
        "line 3: impossible time 'kemarin'",
        "line 4: no NIP or user id",
        "line 5: missing columns",
    ]
    bad = parse_machine_file("nama,jam\nDewi,07:45\n")
    assert bad.errors == [LineError(1, "no nip and waktu columns in the header: nama, jam")]


def test_parse_time_accepts_only_real_clock_times():
    assert parse_time("2026-11-24 07:45") == datetime(2026, 11, 24, 7, 45)
    assert parse_time("2026-11-24 24:00") is None
    assert parse_time("07:45") is None
    assert parse_time("2026-11-24T07:45:00+08:00") is not None


def test_the_map_file():
    assert parse_map("user_id,nip\n1,199611302022032007\n\n12,198203252008012004\n") == {
        "1": "199611302022032007",
        "12": "198203252008012004",
    }
    with pytest.raises(MapError, match="header must be user_id,nip"):
        parse_map("id,nip\n1,2\n")
    with pytest.raises(MapError, match="map line 3: user id 1 is mapped twice"):
        parse_map("user_id,nip\n1,199611302022032007\n1,198203252008012004\n")
    with pytest.raises(MapError, match="map line 2: expected user_id,nip"):
        parse_map("user_id,nip\n1\n")


@pytest.mark.parametrize(
    ("hints", "chosen"),
    [
        ([None], [IN]),  # one punch: a check-in only
        ([None, None], [IN, OUT]),
        ([None, None, None, None], [IN, None, None, OUT]),  # first in, last out
        ([IN, IN, OUT, OUT], [IN, None, None, OUT]),
        ([None, OUT, None], [IN, OUT, None]),  # the marked check-out is kept
        ([IN, None, None], [IN, None, OUT]),
        ([OUT], [OUT]),  # a lone marked check-out stays one
        ([OUT, None], [OUT, None]),  # nothing before the check-out to be the check-in
    ],
)
def test_day_directions_first_in_last_out(hints, chosen):
    assert day_directions(hints) == chosen
