"""Employee files: CSV or XLSX with a header row, checked row by row before anything is written.

Every problem is collected as (line, column, message), line numbers as the file shows them (the
header is line 1). If there is any, `ImportErrors` lists them all and no row is returned: the
caller imports the whole file or nothing. The format is documented in docs/org-format.md.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from core.employee_overrides import check as check_overrides
from core.employee_overrides import merged, parse_policy_cell
from core.ids import InvalidIdentifier, parse_nik
from core.org import EmployeeKind, Role, check_employee_id
from core.policy import Policy

# Header names (lower case, spaces as "_") and the field each fills; Indonesian names first.
COLUMNS = {
    "nip": "nip",
    "nik": "nik",
    "nama": "name",
    "name": "name",
    "jenis": "kind",
    "jenis_pegawai": "kind",
    "kind": "kind",
    "unit": "unit",
    "unit_kerja": "unit",
    "kode_unit": "unit",
    "atasan": "supervisor",
    "nip_atasan": "supervisor",
    "atasan_langsung": "supervisor",
    "supervisor": "supervisor",
    "peran": "roles",
    "roles": "roles",
    "role": "roles",
    "telepon": "phone",
    "no_hp": "phone",
    "hp": "phone",
    "phone": "phone",
    "aktif_sejak": "active_from",
    "active_from": "active_from",
    # Perbup Konawe Kepulauan 18/2023 Pasal 6 ayat (3) huruf d: the position (jabatan).
    "jabatan": "position",
    "position": "position",
    # An employee's own policy (core.employee_overrides): a fixed shift and policy overrides.
    "shift": "shift",
    "jadwal": "shift",
    "kebijakan": "policy",
    "policy": "policy",
}
MAX_POSITION = 200  # the column's length
# A row-number column that spreadsheets often start with.
IGNORED_COLUMNS = {"no"}
REQUIRED = ("name", "kind", "unit")
KINDS = {
    "pns": EmployeeKind.PNS,
    "cpns": EmployeeKind.CPNS,
    "pppk": EmployeeKind.PPPK,
    "p3k": EmployeeKind.PPPK,
    "non_asn": EmployeeKind.NON_ASN,
    "nonasn": EmployeeKind.NON_ASN,
    "honorer": EmployeeKind.NON_ASN,
    "ptt": EmployeeKind.NON_ASN,
    "pegawai_tidak_tetap": EmployeeKind.NON_ASN,
    "thl": EmployeeKind.NON_ASN,
}
ROLES = {
    "employee": Role.EMPLOYEE,
    "pegawai": Role.EMPLOYEE,
    "admin": Role.ADMIN,
    "operator": Role.ADMIN,
    "pengelola": Role.ADMIN,
    "manager": Role.MANAGER,
    "kepala": Role.MANAGER,
    "pimpinan": Role.MANAGER,
    "super_admin": Role.SUPER_ADMIN,
    "superadmin": Role.SUPER_ADMIN,
}
# Digits beyond what a spreadsheet number keeps exactly (a double has 15-16 significant digits).
EXACT_DIGITS = 15


@dataclass(frozen=True)
class EmployeeRow:
    line: int
    kind: EmployeeKind
    identifier: str  # the NIP for ASN, the NIK for non-ASN, digits only
    nip: str | None
    nik: str | None
    name: str
    unit: str
    supervisor: str | None  # the supervisor's NIP or NIK
    # Always starting with Role.EMPLOYEE; None: the file has no roles column (keep what is).
    roles: tuple[Role, ...] | None
    phone: str | None  # +62...
    active_from: datetime | None = None  # aware
    position: str | None = None  # jabatan; None: the file has no such column (keep what is)
    # The fixed shift's code ("": none) and the policy overrides ({}: none); None: no column,
    # the stored ones are kept.
    shift: str | None = None
    policy: dict[str, Any] | None = None


class RowError(NamedTuple):
    line: int  # 0: the file as a whole
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}: {self.field}: {self.message}"


class ImportErrors(ValueError):
    """Every problem found in an employee file; nothing from it may be imported."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.line)
        super().__init__("\n".join(str(e) for e in self.errors))


class Stored(NamedTuple):
    """What the organisation holds that a row's own policy is checked against (read only)."""

    policies: Mapping[str, Policy] = {}  # unit code -> the unit's policy
    overrides: Mapping[str, Mapping[str, Any]] = {}  # identifier -> the stored overrides


def parse_employees_file(
    path: Path,
    known_units: set[str],
    known_identifiers: frozenset[str] = frozenset(),
    stored: Stored | None = None,
) -> list[EmployeeRow]:
    """Read a .csv or .xlsx file by its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        hint = " (save it as .xlsx or .csv)" if suffix == ".xls" else ""
        raise ImportErrors([RowError(0, "file", f"expected a .csv or .xlsx file, got {path.name}"
                                                f"{hint}")])  # fmt: skip
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportErrors([RowError(0, "file", f"cannot read {path}: {error}")]) from None
    if suffix == ".xlsx":
        return parse_employees_xlsx(data, known_units, known_identifiers, stored)
    return parse_employees_csv(_decode(data), known_units, known_identifiers, stored)


def parse_employees_csv(
    text: str,
    known_units: set[str],
    known_identifiers: frozenset[str] = frozenset(),
    stored: Stored | None = None,
) -> list[EmployeeRow]:
    """Rows of a CSV text (comma, semicolon or tab separated) with a header line."""
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return _parse(_csv_rows(text, delimiter), known_units, known_identifiers, stored)


def parse_employees_xlsx(
    data: bytes,
    known_units: set[str],
    known_identifiers: frozenset[str] = frozenset(),
    stored: Stored | None = None,
) -> list[EmployeeRow]:
    """Rows of the first sheet of an XLSX workbook with a header row."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike for a bad file
        raise ImportErrors([RowError(0, "file", f"not a readable XLSX workbook: {error}")]) \
            from None  # fmt: skip
    try:
        sheet = book.worksheets[0]
        rows = [(n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        book.close()
    return _parse(iter(rows), known_units, known_identifiers, stored)


def _decode(data: bytes) -> str:
    """CSV bytes as text."""
    # Excel's "CSV UTF-8" has a BOM; its plain "CSV" is the Windows code page.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[Any]]]:
    """(line where the record starts, cells) for each CSV record."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def _parse(
    rows: Iterator[tuple[int, list[Any]]],
    known_units: set[str],
    known: frozenset[str],
    stored: Stored | None = None,
) -> list[EmployeeRow]:
    """Check the header, then every row; raise with all problems, or return every row."""
    errors: list[RowError] = []
    header_line, header = next(rows, (1, []))
    columns = _columns(header, header_line, errors)
    if errors:
        raise ImportErrors(errors)
    parsed: list[EmployeeRow] = []
    present: dict[str, int] = {}  # every row's NIP and NIK, valid or not -> its first line
    for line, cells in rows:
        if all(_blank(c) for c in cells):
            continue
        if len(cells) > len(header) and not all(_blank(c) for c in cells[len(header) :]):
            errors.append(RowError(line, "row", f"{len(cells)} cells, the header has "
                                                f"{len(header)}"))  # fmt: skip
            continue
        values = {f: cells[i] if i < len(cells) else None for f, i in columns.items()}
        _check_repeated(line, values, present, errors)
        row = _row(line, values, known_units, errors)
        if row is not None and _own_policy(row, stored or Stored(), errors):
            parsed.append(row)
    _check_phones(parsed, errors)
    _check_supervisors(parsed, known | set(present), errors)
    if errors:
        raise ImportErrors(errors)
    if not parsed:
        raise ImportErrors([RowError(0, "file", "no employee rows below the header")])
    return parsed


def _columns(header: list[Any], line: int, errors: list[RowError]) -> dict[str, int]:
    """Field -> column index; unknown, repeated or missing columns are errors on the header."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = re.sub(r"[\s\-]+", "_", str(cell or "").strip().lower()).strip("._")
        if not name or name in IGNORED_COLUMNS:
            continue
        target = COLUMNS.get(name)
        if target is None:
            accepted = ", ".join(sorted(COLUMNS))
            errors.append(RowError(line, "header", f"unknown column {cell!r}; columns: {accepted}"))
        elif target in columns:
            errors.append(RowError(line, "header", f"column {cell!r} repeats the {target} column"))
        else:
            columns[target] = index
    for field in REQUIRED:
        if field not in columns:
            errors.append(RowError(line, "header", f"missing the {field} column"))
    if "nip" not in columns and "nik" not in columns:
        errors.append(RowError(line, "header", "missing a nip or nik column"))
    return columns


def _row(
    line: int, values: dict[str, Any], known_units: set[str], errors: list[RowError]
) -> EmployeeRow | None:
    """One row, or None after recording its errors."""
    found: list[RowError] = []

    def fail(field: str, message: str) -> None:
        """Record a problem in this row."""
        found.append(RowError(line, field, message))

    kind = _kind(_text(values.get("kind"), "kind", fail), fail)
    nip = _identifier(values.get("nip"), "nip", fail)
    nik = _identifier(values.get("nik"), "nik", fail)
    unreadable = bool(found)  # a NIP or NIK cell a spreadsheet rounded: no second error on it
    identifier = _check_ids(kind, nip, nik, fail) if kind and not unreadable else None
    name = re.sub(r"\s+", " ", _text(values.get("name"), "name", fail))
    if not name:
        fail("name", "empty name")
    unit = _text(values.get("unit"), "unit", fail)
    if unit not in known_units:
        known = ", ".join(sorted(known_units)[:12]) or "none; load the organisation first"
        fail("unit", f"unknown unit {unit!r}; units: {known}" if unit else "empty unit")
    supervisor = _identifier(values.get("supervisor"), "supervisor", fail) or None
    # No peran column: None, the stored roles are kept (admins set in chat stay admins).
    roles = _roles(_text(values.get("roles"), "roles", fail), fail) if "roles" in values else None
    phone = _phone(values.get("phone"), fail)
    active_from = _timestamp(values.get("active_from"), "active_from", fail)
    # No jabatan column: None, the stored position is kept; an empty cell: "", it is cleared.
    position = None
    if "position" in values:
        position = re.sub(r"\s+", " ", _text(values.get("position"), "position", fail))
    if position and len(position) > MAX_POSITION:
        fail("position", f"at most {MAX_POSITION} characters, got {len(position)}")
    # No shift or kebijakan column: None, the stored ones are kept; an empty cell clears them.
    shift = _text(values.get("shift"), "shift", fail) if "shift" in values else None
    policy = None
    if "policy" in values:
        policy = parse_policy_cell(_text(values.get("policy"), "policy", fail), fail)
    errors.extend(found)
    if found or kind is None or identifier is None:
        return None
    return EmployeeRow(
        line, kind, identifier, nip or None, nik or None, name, unit, supervisor, roles, phone,
        active_from, position, shift, policy,
    )  # fmt: skip


def _own_policy(row: EmployeeRow, stored: Stored, errors: list[RowError]) -> bool:
    """Whether the row's shift and overrides, as they will be stored, suit its unit's policy."""
    if row.shift is None and row.policy is None:
        return True
    found: list[RowError] = []
    overrides = merged(stored.overrides.get(row.identifier), row.shift, row.policy)
    unit_policy = stored.policies.get(row.unit)
    check_overrides(unit_policy, overrides, lambda f, m: found.append(RowError(row.line, f, m)))
    errors.extend(found)
    return not found


def _blank(cell: Any) -> bool:
    """Whether a cell is empty."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _text(value: Any, field: str, fail) -> str:
    """A cell as stripped text; a date cell in a text column is an error."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        fail(field, f"expected text, got the date {value.isoformat()}")
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _identifier(value: Any, field: str, fail) -> str:
    """A NIP or NIK cell as digits; a long number a spreadsheet rounded is an error."""
    if isinstance(value, float) and (not value.is_integer() or value >= 10**EXACT_DIGITS):
        fail(field, "stored as a number, which loses digits: format the column as text")
        return ""
    return re.sub(r"[\s.\-]", "", _text(value, field, fail))


def _kind(text: str, fail) -> EmployeeKind | None:
    """PNS, CPNS, PPPK or NON_ASN from the cell or its aliases."""
    key = re.sub(r"[\s\-]+", "_", text.lower())
    if key in KINDS:
        return KINDS[key]
    shown = f"unknown kind {text!r}" if text else "empty kind"
    fail("kind", f"{shown}; use PNS, CPNS, PPPK or NON_ASN (also honorer, PTT)")
    return None


def _check_ids(kind: EmployeeKind, nip: str, nik: str, fail) -> str | None:
    """The identifier the kind requires (NIP for ASN, NIK otherwise); checks the other one too."""
    if not kind.is_asn and nip:
        fail("nip", "non-ASN staff have no NIP: leave it empty and give the NIK")
        return None
    try:
        identifier = check_employee_id(kind, nip or None, nik or None)
    except InvalidIdentifier as error:
        fail("nip" if kind.is_asn else "nik", str(error))
        return None
    if kind.is_asn and nik:
        try:
            parse_nik(nik)
        except InvalidIdentifier as error:
            fail("nik", str(error))
    return identifier


def _roles(text: str, fail) -> tuple[Role, ...]:
    """'admin;manager' as roles, always with employee first."""
    roles = {Role.EMPLOYEE}
    for token in re.split(r"[;,|/]", text):
        key = re.sub(r"[\s\-]+", "_", token.strip().lower())
        if not key:
            continue
        if key not in ROLES:
            fail("roles", f"unknown role {token.strip()!r}; roles: employee, admin, manager, "
                          "super_admin")  # fmt: skip
            continue
        roles.add(ROLES[key])
    return tuple(r for r in Role if r in roles)


def _phone(value: Any, fail) -> str | None:
    """An Indonesian mobile number in international form: 0812... and 812... -> +62812..."""
    text = re.sub(r"[\s().\-]", "", _text(value, "phone", fail))
    if not text:
        return None
    if text.startswith("+"):
        digits = text[1:]
    elif text.startswith("00"):
        digits = text[2:]
    elif text.startswith("0"):
        digits = "62" + text[1:]
    elif text.startswith("8"):  # a spreadsheet number column dropped the leading 0
        digits = "62" + text
    else:
        digits = text
    national = digits[2:] if digits.startswith("62") else None
    valid = digits.isdigit() and (
        (national is not None and national.startswith("8") and 9 <= len(national) <= 12)
        or (national is None and 8 <= len(digits) <= 15)
    )
    if not valid:
        fail("phone", f"not a mobile number: {text!r} (write 08xx-xxxx-xxxx or +628...)")
        return None
    return "+" + digits


def mobile_number(text: str) -> str | None:
    """`text` as the employee file stores a phone number (+628...), None when blank; ValueError
    when it is not an Indonesian mobile number (the console's edit form)."""
    problems: list[str] = []
    number = _phone(text, lambda _field, problem: problems.append(problem))
    if problems:
        raise ValueError(problems[0])
    return number


def _timestamp(value: Any, field: str, fail) -> datetime | None:
    """An ISO timestamp with its zone or offset; a timestamp without one is ambiguous."""
    if _blank(value):
        return None
    text = value.isoformat() if isinstance(value, datetime) else str(value).strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        fail(field, f"not an ISO timestamp: {text!r} (write 2025-01-02T07:30+07:00)")
        return None
    if parsed.tzinfo is None:
        fail(field, f"timestamp without a zone: {text!r} (write 2025-01-02T07:30+07:00)")
        return None
    return parsed


def _check_repeated(
    line: int, values: dict[str, Any], first: dict[str, int], errors: list[RowError]
) -> None:
    """A NIP or NIK given on an earlier row is an error on this one, naming that row."""
    for field in ("nip", "nik"):
        value = values.get(field)
        digits = re.sub(r"[\s.\-]", "", str(value)) if not _blank(value) else ""
        if not digits:
            continue
        if digits in first:
            errors.append(RowError(line, field, f"{digits} is already on line {first[digits]}"))
        else:
            first[digits] = line


def _check_phones(rows: list[EmployeeRow], errors: list[RowError]) -> None:
    """A phone number identifies one person on WhatsApp: the second use is an error."""
    seen: dict[str, int] = {}
    for row in rows:
        if row.phone in seen:
            errors.append(RowError(row.line, "phone", f"{row.phone} is already on line "
                                                      f"{seen[row.phone]}"))  # fmt: skip
        elif row.phone:
            seen[row.phone] = row.line


def _check_supervisors(rows: list[EmployeeRow], known: Set[str], errors: list) -> None:
    """Supervisors exist (in the file or already stored), are not oneself, and form no loop."""
    boss_of = {r.identifier: r.supervisor for r in rows}
    for row in rows:
        if row.supervisor is None:
            continue
        if row.supervisor == row.identifier:
            errors.append(RowError(row.line, "supervisor", "an employee cannot supervise "
                                                           "themselves"))  # fmt: skip
        elif row.supervisor not in boss_of and row.supervisor not in known:
            errors.append(
                RowError(
                    row.line,
                    "supervisor",
                    f"no employee {row.supervisor} in "
                    "the file or the organisation (give "
                    "the NIP of an ASN supervisor)",
                )
            )
        elif _loops(row.identifier, boss_of):
            errors.append(RowError(row.line, "supervisor", "supervisors form a loop"))


def _loops(start: str, boss_of: dict[str, str | None]) -> bool:
    """Whether following supervisors from `start` comes back to it."""
    seen, current = {start}, boss_of.get(start)
    while current is not None:
        if current in seen:
            return current == start
        seen.add(current)
        current = boss_of.get(current)
    return False
