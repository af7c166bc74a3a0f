"""The files attendance machines export, read as punches: pure functions, no storage.

Perbup Balangan 32/2020 Pasal 3 huruf d: "Admin E-Presensi bertugas untuk menarik data atau
download data pada perangkat mesin E-Presensi setiap 1 (satu) minggu 1 (satu) kali ... dan
mengupload data presensi ke Aplikasi E-Presensi (SIKEP) dari tanggal 1 s.d 5 setiap awal bulan";
huruf e: the upload is "sebagai dasar perhitungan TPP SKPD". What the admin downloads is one of:

- the ZKTeco `attlog` text export (`1_attlog.dat`, "Download attendance log" to a USB stick):
  one punch a line, tab or space separated: the machine's user id (often left-padded), the date
  and time `YYYY-MM-DD HH:MM:SS` on the device's clock, the verify mode (0 password,
  1 fingerprint, 15 face...), the in/out state (0 check-in, 1 check-out, 2-3 break, 4-5
  overtime), the work code, then reserved columns;
- a CSV, as an office's spreadsheet or the machine software's export: a header naming the
  employee column (`nip`, `user_id`, `pin`), the time column (`waktu`, `timestamp`) and
  optionally the direction (`arah`, `direction`: masuk/pulang/in/out or empty).

A line that cannot be read is a `LineError` naming its line number; the others are `Punch`es.
Which punch of a day is its check-in and which its check-out is `day_directions`'s.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.rules import Direction

# A user id longer than this is no machine's: it would also overflow the record's dedup key.
MAX_USER_ID = 40

# The attlog state column (ZKTeco's "in/out mode"); break and overtime punches say nothing of
# the day's check-in or check-out, so they are taken like a punch without a state.
ATTLOG_STATES = {"0": Direction.IN, "1": Direction.OUT}

# What a CSV's direction column may say; ZKTeco's software writes "C/In" and "C/Out".
CSV_DIRECTIONS = {
    "masuk": Direction.IN,
    "datang": Direction.IN,
    "in": Direction.IN,
    "c/in": Direction.IN,
    "pulang": Direction.OUT,
    "keluar": Direction.OUT,
    "out": Direction.OUT,
    "c/out": Direction.OUT,
    "": None,
}
ID_COLUMNS = ("nip", "user_id", "userid", "pin", "id")
TIME_COLUMNS = ("waktu", "timestamp", "time", "datetime", "tanggal_jam")
DIRECTION_COLUMNS = ("arah", "direction", "status", "state")

# Time formats of the exports seen in offices; ISO with an offset is the only one with a zone.
TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
)


@dataclass(frozen=True)
class Punch:
    line: int  # 1-based, in the file as the admin sees it
    user_id: str  # the machine's user id, or a NIP
    at: datetime  # naive: the device's wall clock; aware when the file gave an offset
    direction: Direction | None  # what the file says, None when it says nothing


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class Parsed:
    kind: str  # "attlog" or "csv"
    punches: list[Punch]
    errors: list[LineError]


class MapError(ValueError):
    """A mapping file that cannot be used at all."""


def parse_machine_file(text: str) -> Parsed:
    """The punches of an export, whichever of the two formats it is."""
    text = text.lstrip("\ufeff")  # Excel's byte order mark
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," in first or ";" in first:
        return parse_csv(text)
    return parse_attlog(text)


def parse_attlog(text: str) -> Parsed:
    """A ZKTeco attlog text export. A device whose in/out keys nobody presses writes state 0 on
    every punch: a file without any other state gives no direction, and the day's first and
    last punches decide."""
    punches: list[Punch] = []
    errors: list[LineError] = []
    states: list[str | None] = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) < 3:
            errors.append(LineError(number, "expected a user id, a date and a time"))
            continue
        user_id, stamp = fields[0], f"{fields[1]} {fields[2]}"
        at = parse_time(stamp)
        if at is None:
            errors.append(LineError(number, f"impossible time {stamp!r}"))
            continue
        if len(user_id) > MAX_USER_ID:
            errors.append(LineError(number, f"user id longer than {MAX_USER_ID} characters"))
            continue
        state = fields[4] if len(fields) > 4 else None
        states.append(state)
        punches.append(Punch(number, user_id, at, ATTLOG_STATES.get(state or "")))
    if not any(s not in (None, "0") for s in states):
        punches = [Punch(p.line, p.user_id, p.at, None) for p in punches]
    return Parsed("attlog", punches, errors)


def parse_csv(text: str) -> Parsed:
    """A CSV with a header naming the employee, time and (optional) direction columns."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Excel in Indonesian locales
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(([h.strip().lower() for h in row] for row in rows if any(row)), [])
    who, when = _column(header, ID_COLUMNS), _column(header, TIME_COLUMNS)
    if who is None or when is None:
        names = ", ".join(header)
        return Parsed("csv", [], [LineError(1, f"no nip and waktu columns in the header: {names}")])
    way = _column(header, DIRECTION_COLUMNS)
    punches: list[Punch] = []
    errors: list[LineError] = []
    for row in rows:
        number = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        punch = _csv_punch(number, row, who, when, way)
        if isinstance(punch, LineError):
            errors.append(punch)
        else:
            punches.append(punch)
    return Parsed("csv", punches, errors)


def _csv_punch(
    number: int, row: list[str], who: int, when: int, way: int | None
) -> Punch | LineError:
    if len(row) <= max(who, when):
        return LineError(number, "missing columns")
    user_id, stamp = row[who].strip(), row[when].strip()
    if not user_id:
        return LineError(number, "no NIP or user id")
    if len(user_id) > MAX_USER_ID:
        return LineError(number, f"user id longer than {MAX_USER_ID} characters")
    at = parse_time(stamp)
    if at is None:
        return LineError(number, f"impossible time {stamp!r}")
    said = row[way].strip().lower() if way is not None and way < len(row) else ""
    if said not in CSV_DIRECTIONS:
        return LineError(number, f"unknown direction {said!r}; use masuk, pulang or leave it empty")
    return Punch(number, user_id, at, CSV_DIRECTIONS[said])


def _column(header: list[str], names: Sequence[str]) -> int | None:
    return next((header.index(n) for n in names if n in header), None)


def parse_time(text: str) -> datetime | None:
    """A punch's time: naive on the device's clock, or aware when it carries an offset
    (`2026-11-24T07:45:00+08:00`); None for what no clock shows (`25:61`, 30 February)."""
    text = text.strip()
    for form in TIME_FORMATS:
        try:
            return datetime.strptime(text, form)
        except ValueError:
            continue
    if "T" in text:
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    return None


def parse_map(text: str) -> dict[str, str]:
    """A `user_id,nip` CSV: which NIP each machine user id stands for."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["user_id", "nip"]:
        raise MapError("the map's header must be user_id,nip")
    mapping: dict[str, str] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise MapError(f"map line {number}: expected user_id,nip")
        user_id = row[0].strip()
        if user_id in mapping and mapping[user_id] != row[1].strip():
            raise MapError(f"map line {number}: user id {user_id} is mapped twice")
        mapping[user_id] = row[1].strip()
    return mapping


def day_directions(hints: Sequence[Direction | None]) -> list[Direction | None]:
    """Which of one employee's punches of a day, in time order, is the check-in and which the
    check-out (None: a punch between them, not recorded). A direction the file gives is kept:
    the first punch marked in and the last marked out; without one, the first punch is the
    check-in and the last the check-out, and a single punch is a check-in only."""
    chosen: list[Direction | None] = [None] * len(hints)
    ins = [i for i, h in enumerate(hints) if h is Direction.IN]
    outs = [i for i, h in enumerate(hints) if h is Direction.OUT]
    free = [i for i, h in enumerate(hints) if h is None]
    check_in = ins[0] if ins else next((i for i in free if not outs or i < outs[-1]), None)
    after = [i for i in free if check_in is None or i > check_in]
    check_out = outs[-1] if outs else (after[-1] if after else None)
    if check_in is not None:
        chosen[check_in] = Direction.IN
    if check_out is not None:
        chosen[check_out] = Direction.OUT
    return chosen
