"""Receipt codes: a short code an employee keeps for a record, that anyone can check later.

A code names one audit entry (its organisation's chain and position) and carries a truncated
HMAC-SHA256, keyed with RECEIPT_KEY, over that entry's place and the digest of the row as it was
written. Whoever holds the code can later ask whether the row still stands as it was; nobody
without the key can make a code that checks, and a database owner who rewrites the entry's
digest (and re-chains the log after it) breaks every receipt handed out for it.

The layout, in Crockford base32 (no I, L, O, U: nothing to mistake when read aloud or typed;
`i`/`l` are read as 1 and `o` as 0, case is ignored, dashes and spaces are ignored):

    header (1 char) | org id (1-4 chars) | seq (1-8 chars) | MAC (at least 10 chars)

The header's 5 bits give the org id's length (2 bits) and the seq's length (3 bits), so the
position is read straight out of the code: checking it is one lookup by primary key, never a
scan. The MAC fills the code up to a whole number of 4-character groups: 16 characters
(`K7QF-3MZD-XW2P-A4RT`) while a chain has fewer than 2^20 entries, 20 after.

Why at least 50 bits of MAC: the key never leaves the server, so a MAC can only be guessed and
tried against the server, one request per guess; at 1,000 guesses a second an attacker needs
on average 2^49 / 1,000 s, about 18,000 years, to hit one valid code. A one-character change
always changes the position or the MAC, and is caught with the same odds.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
_VALUES = {c: i for i, c in enumerate(ALPHABET)} | {"I": 1, "L": 1, "O": 0}
GROUP = 4
MIN_MAC_CHARS = 10  # 50 bits: see the module's docstring
MAX_ORG_CHARS = 4  # org ids below 2^20
MAX_SEQ_CHARS = 8  # entries below 2^40 per chain
MAX_CHARS = 1 + MAX_ORG_CHARS + MAX_SEQ_CHARS + MIN_MAC_CHARS + GROUP
# Keeps receipts apart from every other use of the same secret (SECRET_KEY, when derived).
DOMAIN = b"presensi receipt v1"


class MalformedCode(ValueError):
    """Not a receipt code at all: wrong length, characters or layout (not a lookup)."""


@dataclass(frozen=True)
class Position:
    """Where a receipt's entry sits: organisation `org_id`'s chain, entry `seq`."""

    org_id: int
    seq: int


@dataclass(frozen=True)
class Code:
    position: Position
    mac: str  # the code's MAC characters


def derive_key(secret: bytes, label: bytes = DOMAIN) -> bytes:
    """A receipt key from another secret (SECRET_KEY), separated from its other uses by `label`."""
    return hmac.new(secret, label, hashlib.sha256).digest()


def _chars(value: int) -> int:
    """How many base32 characters `value` needs (at least one)."""
    return max(1, (value.bit_length() + 4) // 5)


def _encode(value: int, length: int) -> str:
    return "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(length)))


def _decode(text: str) -> int:
    value = 0
    for char in text:
        value = value * 32 + _VALUES[char]
    return value


def _mac(key: bytes, position: Position, entity: str, entity_id: str, digest: str, n: int) -> str:
    message = f"{position.org_id}|{position.seq}|{entity}|{entity_id}|{digest}".encode()
    tag = hmac.new(key, DOMAIN + b"|" + message, hashlib.sha256).digest()
    return _encode(int.from_bytes(tag, "big") >> (256 - 5 * n), n)


def make(key: bytes, position: Position, entity: str, entity_id: str, digest: str) -> str:
    """The receipt code of the entry at `position` that recorded row `entity_id` as `digest`."""
    if position.org_id < 0 or position.seq < 1:
        raise ValueError("an audit position is a chain (>= 0) and an entry (>= 1)")
    org_chars, seq_chars = _chars(position.org_id), _chars(position.seq)
    if org_chars > MAX_ORG_CHARS or seq_chars > MAX_SEQ_CHARS:
        raise ValueError("audit position too large for a receipt code")
    head = 1 + org_chars + seq_chars
    total = -(-(head + MIN_MAC_CHARS) // GROUP) * GROUP
    body = (
        ALPHABET[(org_chars - 1) << 3 | (seq_chars - 1)]
        + _encode(position.org_id, org_chars)
        + _encode(position.seq, seq_chars)
        + _mac(key, position, entity, entity_id, digest, total - head)
    )
    return shown(body)


def shown(body: str) -> str:
    """The code in groups of four: K7QF-3MZD-XW2P-A4RT."""
    return "-".join(body[i : i + GROUP] for i in range(0, len(body), GROUP))


def parse(text: str) -> Code:
    """Read a code as typed (any case, dashes or spaces anywhere); MalformedCode if it is none."""
    body = "".join(text.split()).replace("-", "").upper()
    if not body:
        raise MalformedCode("empty")
    if len(body) > MAX_CHARS or any(c not in _VALUES for c in body):
        raise MalformedCode("characters")
    if len(body) % GROUP:
        raise MalformedCode("length")
    header = _VALUES[body[0]]
    org_chars, seq_chars = (header >> 3) + 1, (header & 7) + 1
    head = 1 + org_chars + seq_chars
    # The MAC fills the code to whole groups: any other length is not a code we made.
    if len(body) != -(-(head + MIN_MAC_CHARS) // GROUP) * GROUP:
        raise MalformedCode("length")
    org_id = _decode(body[1 : 1 + org_chars])
    seq = _decode(body[1 + org_chars : head])
    if seq < 1 or _chars(org_id) != org_chars or _chars(seq) != seq_chars:
        raise MalformedCode("position")  # made codes never pad a number with zeros
    mac = "".join(ALPHABET[_VALUES[c]] for c in body[head:])  # I, L, O as 1, 1, 0
    return Code(Position(org_id, seq), mac)


def matches(key: bytes, code: Code, entity: str, entity_id: str, digest: str) -> bool:
    """Whether `code` was made with `key` for that entry and row digest (constant time)."""
    expected = _mac(key, code.position, entity, entity_id, digest, len(code.mac))
    return hmac.compare_digest(expected, code.mac)


# Verification -------------------------------------------------------------------------------

STANDS = "stands"  # the row is as its receipt recorded it
REPLACED = "replaced"  # a later, logged write took its place (a correction, a decision)
CHANGED = "changed"  # the row differs from what the log says was written: edited behind it
UNKNOWN = "unknown"  # no such entry, or not this code's (altered, or another key's)
DELETED = "deleted"  # the digest of an entry that logs a row's deletion (core.storage.audit)


# Later writes on a row that leave what its receipt says standing: the exact position expired
# or erased (UU 27/2022; the verdict and distance stay) and an admin's confirmation of a
# flagged clock-in (/tinjau). A decision, a cancellation or a correction is a replacement.
KEEPS_MEANING = frozenset({"location.expire", "privacy.erase", "attendance.review_confirm"})


@dataclass(frozen=True)
class Entry:
    """An audit entry as a receipt reads it."""

    position: Position
    entity: str
    entity_id: str
    digest: str
    action: str = ""


@dataclass(frozen=True)
class Standing:
    status: str
    # What took the record's place: the latest later entry on the same row, or the entry of a
    # row that corrects it (attendance, absences: `corrects_id`).
    by: Entry | None = None


def standing(
    key: bytes,
    code: Code,
    entry: Entry | None,
    later: Sequence[Entry],
    row_digest: str | None,
    replacements: Sequence[Entry] = (),
) -> Standing:
    """Whether the record of `code` still stands.

    `entry`: the audit entry at the code's position (None: there is none); `later`: the later
    entries on the same row, oldest first; `row_digest`: the row's digest now (None: the row is
    gone); `replacements`: the entries of rows that correct it, oldest first. An edit behind
    the log's back is reported before any replacement: it is the one fact nobody was told of.
    """
    if entry is None or not matches(key, code, entry.entity, entry.entity_id, entry.digest):
        return Standing(UNKNOWN)
    latest = later[-1] if later else entry
    logged_gone = latest.digest == DELETED
    if (row_digest is None) != logged_gone or (row_digest and row_digest != latest.digest):
        return Standing(CHANGED, latest if later else None)
    if logged_gone:
        return Standing(REPLACED, latest)  # deleted through the log: nothing stands
    if replacements:
        return Standing(REPLACED, replacements[-1])
    meant = [e for e in later if e.action not in KEEPS_MEANING]
    if meant:
        return Standing(REPLACED, meant[-1])
    return Standing(STANDS)
