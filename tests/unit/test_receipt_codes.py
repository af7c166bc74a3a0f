"""Receipt codes (core.receipts): their layout, their MAC and what a check makes of them."""

from __future__ import annotations

import pytest

from core import receipts
from core.receipts import (
    CHANGED,
    REPLACED,
    STANDS,
    UNKNOWN,
    Entry,
    MalformedCode,
    Position,
    make,
    parse,
    standing,
)

KEY = b"unit-receipt-key"
DIGEST = "a" * 64


def code_for(org_id: int = 1, seq: int = 42, digest: str = DIGEST, key: bytes = KEY) -> str:
    return make(key, Position(org_id, seq), "attendance", "7", digest)


def entry(seq: int = 42, digest: str = DIGEST, action: str = "attendance.in") -> Entry:
    return Entry(Position(1, seq), "attendance", "7", digest, action)


def test_a_code_is_four_character_groups_of_crockford_base32() -> None:
    code = code_for()
    groups = code.split("-")
    assert len(code) == 19 and [len(g) for g in groups] == [4, 4, 4, 4]
    assert set(code.replace("-", "")) <= set(receipts.ALPHABET)
    assert not set(code) & set("ILOU")  # nothing to misread aloud


def test_the_position_is_read_from_the_code_and_the_mac_fills_the_groups() -> None:
    assert parse(code_for(3, 42)).position == Position(3, 42)
    small, large = code_for(1, 5), code_for(1, 5_000_000)
    assert len(small.replace("-", "")) == 16 and len(large.replace("-", "")) == 20
    assert parse(large).position == Position(1, 5_000_000)
    assert len(parse(small).mac) >= receipts.MIN_MAC_CHARS  # 50 bits at least


def test_a_code_is_read_as_typed() -> None:
    code = code_for()
    typed = code.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    assert parse(typed) == parse(code)
    assert receipts.matches(KEY, parse(typed), "attendance", "7", DIGEST)


def test_the_mac_binds_key_row_and_digest() -> None:
    code = parse(code_for())
    assert receipts.matches(KEY, code, "attendance", "7", DIGEST)
    assert not receipts.matches(b"another key", code, "attendance", "7", DIGEST)
    assert not receipts.matches(KEY, code, "attendance", "8", DIGEST)
    assert not receipts.matches(KEY, code, "absences", "7", DIGEST)
    assert not receipts.matches(KEY, code, "attendance", "7", "b" * 64)


def test_every_one_character_change_is_caught() -> None:
    body = code_for().replace("-", "")
    for i, char in enumerate(body):
        for other in receipts.ALPHABET:
            if other == char:
                continue
            altered = body[:i] + other + body[i + 1 :]
            try:
                found = parse(altered)
            except MalformedCode:
                continue  # the header no longer fits the length: not a code at all
            mine = found.position == Position(1, 42)
            assert not (mine and receipts.matches(KEY, found, "attendance", "7", DIGEST)), altered


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "----",
        "K7QF-3MZD-XW2P",  # 12: too short for any code
        "K7QF-3MZD-XW2P-A4R",  # not whole groups
        "K7QF-3MZD-XW2P-A4RT-9BCE-Q",  # too long
        "K7QF-3MZD-XW2P-A4R!",  # not base32
        "K7QF-3MZD-XW2P-A4RU",  # U is not in Crockford's alphabet
        "0000-0000-0000-0000",  # entry 0 of a chain
    ],
)
def test_malformed_codes_are_refused(text: str) -> None:
    with pytest.raises(MalformedCode):
        parse(text)


def test_a_number_padded_with_zeros_is_not_a_code_we_made() -> None:
    body = code_for(1, 42).replace("-", "")
    # Header: org in 1 char, seq in 2; the same seq padded to 3 chars is another layout.
    padded = receipts.ALPHABET[0 << 3 | 2] + body[1:2] + "0" + body[2:4] + body[4:15]
    with pytest.raises(MalformedCode):
        parse(padded)


def test_positions_a_code_cannot_hold_are_refused_when_making_one() -> None:
    with pytest.raises(ValueError):
        make(KEY, Position(1, 0), "attendance", "7", DIGEST)
    with pytest.raises(ValueError):
        make(KEY, Position(2**20, 1), "attendance", "7", DIGEST)


def test_derived_keys_differ_by_label_and_secret() -> None:
    key = receipts.derive_key(b"secret")
    assert key == receipts.derive_key(b"secret") and key != b"secret"
    assert key != receipts.derive_key(b"secret", b"another use")
    assert key != receipts.derive_key(b"other secret")


def test_standing_of_an_untouched_record() -> None:
    code = parse(code_for())
    assert standing(KEY, code, entry(), [], DIGEST).status == STANDS


def test_standing_of_an_unknown_or_altered_code() -> None:
    code = parse(code_for())
    assert standing(KEY, code, None, [], DIGEST).status == UNKNOWN
    # The entry's digest rewritten (and the chain re-hashed): the receipt no longer checks.
    assert standing(KEY, code, entry(digest="b" * 64), [], "b" * 64).status == UNKNOWN


def test_standing_of_a_corrected_record_names_the_correction() -> None:
    code = parse(code_for())
    fix = Entry(Position(1, 50), "attendance", "9", "c" * 64, "attendance.correct")
    found = standing(KEY, code, entry(), [], DIGEST, [fix])
    assert found.status == REPLACED and found.by == fix


def test_standing_of_a_row_decided_again() -> None:
    code = parse(code_for())
    cancelled = entry(60, "d" * 64, "absence.cancelled")
    found = standing(KEY, code, entry(), [cancelled], "d" * 64)
    assert found.status == REPLACED and found.by == cancelled


def test_standing_of_a_row_edited_behind_the_log() -> None:
    code = parse(code_for())
    assert standing(KEY, code, entry(), [], "e" * 64).status == CHANGED
    assert standing(KEY, code, entry(), [], None).status == CHANGED  # deleted, unlogged
    later = entry(60, "d" * 64, "absence.cancelled")
    assert standing(KEY, code, entry(), [later], "e" * 64).status == CHANGED


def test_standing_of_a_row_deleted_through_the_log() -> None:
    code = parse(code_for())
    gone = entry(70, receipts.DELETED, "privacy.erase")
    assert standing(KEY, code, entry(), [gone], None).status == REPLACED


def test_housekeeping_and_confirmation_leave_a_record_standing() -> None:
    code = parse(code_for())
    expired = entry(80, "f" * 64, "location.expire")  # the position purged, the verdict stays
    confirmed = entry(81, "g" * 64, "attendance.review_confirm")
    assert standing(KEY, code, entry(), [expired, confirmed], "g" * 64).status == STANDS
    cancelled = entry(82, "h" * 64, "absence.cancelled")
    found = standing(KEY, code, entry(), [expired, cancelled, confirmed], "g" * 64)
    assert found.status == REPLACED and found.by == cancelled
