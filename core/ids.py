"""Civil-service identifiers: NIP (ASN, 18 digits) and NIK (population number, 16 digits).

A NIP reads YYYYMMDD (birth) YYYYMM (appointment; PPPK put "21" where the month goes) G (gender)
NNN (sequence). A NIK reads PPKKCC (region) DDMMYY (birth; women add 40 to the day) SSSS.
Both are personal data: never log them whole (see `mask`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

PPPK_MARKER = 21
MIN_AGE_AT_APPOINTMENT = 15


class InvalidIdentifier(ValueError):
    """The text is not a valid NIP or NIK; the message says which part is wrong.

    The message is English, for the command line and files; a chat says `why` with `fields` in
    the user's language (core.flows.texts_identity).
    """

    def __init__(self, why: str, message: str, **fields: object) -> None:
        super().__init__(message)
        self.why = why
        self.fields = fields


@dataclass(frozen=True)
class Nip:
    value: str
    birth_date: date
    appointment_year: int
    appointment_month: int | None  # None for PPPK, whose NIP carries the "21" marker instead
    gender: int  # 1 male, 2 female

    @property
    def is_pppk(self) -> bool:
        return self.appointment_month is None


@dataclass(frozen=True)
class Nik:
    value: str
    birth_date_day: int
    birth_month: int
    birth_year_2d: int
    female: bool


def _digits(text: str, length: int, label: str) -> str:
    compact = re.sub(r"[\s.\-]", "", str(text))
    if not compact.isdigit():
        raise InvalidIdentifier("digits_only", f"{label} must contain digits only", label=label)
    if len(compact) != length:
        raise InvalidIdentifier(
            "length",
            f"{label} must have {length} digits, got {len(compact)}",
            label=label,
            length=length,
            got=len(compact),
        )
    return compact


def parse_nip(text: str) -> Nip:
    """Parse and check an 18-digit NIP, accepting the printed form with spaces."""
    digits = _digits(text, 18, "NIP")
    try:
        birth = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise InvalidIdentifier(
            "nip_birth", f"NIP birth date {digits[0:8]} is not a real date", value=digits[0:8]
        ) from None
    year, month = int(digits[8:12]), int(digits[12:14])
    if month != PPPK_MARKER and not 1 <= month <= 12:
        raise InvalidIdentifier(
            "nip_month",
            f"NIP appointment month {digits[12:14]} is not a month (01-12)",
            value=digits[12:14],
        )
    # A PPPK NIP has no appointment month: compare years only.
    appointed = (year, 12 if month == PPPK_MARKER else month)
    if appointed < (birth.year + MIN_AGE_AT_APPOINTMENT, birth.month):
        raise InvalidIdentifier(
            "nip_young",
            f"NIP appointment {digits[8:14]} is before the holder's 15th birthday "
            f"(born {birth.isoformat()})",
            value=digits[8:14],
            born=f"{birth:%d-%m-%Y}",
        )
    gender = int(digits[14])
    if gender not in (1, 2):
        raise InvalidIdentifier(
            "nip_gender", f"NIP gender digit must be 1 or 2, got {gender}", value=gender
        )
    if digits[15:] == "000":
        raise InvalidIdentifier("nip_sequence", "NIP sequence number cannot be 000")
    return Nip(digits, birth, year, None if month == PPPK_MARKER else month, gender)


def parse_nik(text: str) -> Nik:
    """Parse and check a 16-digit NIK."""
    digits = _digits(text, 16, "NIK")
    if digits[0:2] == "00":
        raise InvalidIdentifier("nik_province", "NIK province code (digits 1-2) cannot be 00")
    if digits[2:4] == "00":
        raise InvalidIdentifier("nik_regency", "NIK regency code (digits 3-4) cannot be 00")
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    female = day > 40
    day -= 40 if female else 0
    if not 1 <= month <= 12:
        raise InvalidIdentifier(
            "nik_month",
            f"NIK birth month {digits[8:10]} is not a month (01-12)",
            value=digits[8:10],
        )
    # The two-digit year could be 19YY or 20YY; a day valid in either century is accepted.
    longest = max(
        calendar.monthrange(1900 + year, month)[1], calendar.monthrange(2000 + year, month)[1]
    )
    if not 1 <= day <= longest:
        raise InvalidIdentifier(
            "nik_day",
            f"NIK birth day {digits[6:8]} is not a day of month {month}",
            value=digits[6:8],
            month=month,
        )
    if digits[12:] == "0000":
        raise InvalidIdentifier("nik_sequence", "NIK sequence number cannot be 0000")
    return Nik(digits, day, month, year, female)


def parse_identity(text: str) -> Nip | Nik:
    """Parse a NIP (18 digits) or NIK (16 digits), as staff type it into the bot."""
    compact = re.sub(r"[\s.\-]", "", str(text))
    if len(compact) == 18:
        return parse_nip(compact)
    if len(compact) == 16:
        return parse_nik(compact)
    raise InvalidIdentifier("either", "expected a NIP (18 digits) or a NIK (16 digits)")


def mask(identifier: str | int) -> str:
    """The last four characters of a NIP, NIK, phone number or chat id, for logs: enough to
    tell people apart, not enough to find them (the length is hidden too)."""
    return f"…{str(identifier)[-4:]}"


# Row ids are INTEGER columns: 32-bit signed on PostgreSQL (64-bit on SQLite). A 63-bit bound
# would still let `ap:9999999999` reach PostgreSQL and fail there ("integer out of range").
MAX_ROW_ID = 2**31 - 1


def row_id(text: str) -> int | None:
    """A database row id written in text (button data, a command), or None if it cannot be one.

    The one place such text becomes an id: ASCII digits only, 1 to MAX_ROW_ID, so that a forged
    `ap:99999999999999999999` is an unknown button, not an overflow in the database driver.
    """
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ROW_ID else None
