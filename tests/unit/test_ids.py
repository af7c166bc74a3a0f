"""NIP (18 digits, ASN) and NIK (16 digits, non-ASN) parsing: what is valid, and what each error
names."""

from __future__ import annotations

from datetime import date

import pytest

from core.ids import InvalidIdentifier, Nik, Nip, mask, parse_identity, parse_nik, parse_nip


def nip_error(text: str) -> str:
    with pytest.raises(InvalidIdentifier) as caught:
        parse_nip(text)
    return str(caught.value)


def nik_error(text: str) -> str:
    with pytest.raises(InvalidIdentifier) as caught:
        parse_nik(text)
    return str(caught.value)


# --- NIP: valid -------------------------------------------------------------------------------


def test_nip_in_printed_form_with_spaces_is_parsed():
    """The Sungai Penuh Perwal is signed off with "NIP. 19730115 200604 1 006"."""
    nip = parse_nip("19730115 200604 1 006")
    assert nip.value == "197301152006041006"
    assert nip.birth_date == date(1973, 1, 15)
    assert nip.appointment_year == 2006
    assert nip.appointment_month == 4
    assert nip.gender == 1
    assert not nip.is_pppk


def test_nip_in_compact_form_from_the_dinkes_keputusan_is_parsed():
    """000_ec26450856fff25c.txt is signed "NIP 197209282005021003"."""
    nip = parse_nip("197209282005021003")
    assert nip.birth_date == date(1972, 9, 28)
    assert (nip.appointment_year, nip.appointment_month) == (2005, 2)


def test_nip_of_a_woman_has_gender_digit_two():
    """002_390e78b142da19ec.txt is signed "NIP. 19800715 199903 2 003"."""
    nip = parse_nip("19800715 199903 2 003")
    assert nip.gender == 2
    assert nip.birth_date == date(1980, 7, 15)


def test_nip_with_dots_or_dashes_is_parsed():
    assert parse_nip("19730115.200604.1.006").value == "197301152006041006"
    assert parse_nip("19730115-200604-1-006").value == "197301152006041006"


def test_pppk_nip_with_21_in_the_month_position_is_valid_and_has_no_month():
    nip = parse_nip("19950510 202121 1 001")
    assert nip.is_pppk
    assert nip.appointment_month is None
    assert nip.appointment_year == 2021


def test_nip_appointed_in_the_month_of_the_15th_birthday_is_accepted():
    nip = parse_nip("19730115 198801 1 001")
    assert (nip.appointment_year, nip.appointment_month) == (1988, 1)


# --- NIP: invalid, each naming the wrong part --------------------------------------------------


def test_nip_too_short_names_the_length():
    message = nip_error("19730115 200604 1 00")
    assert "NIP" in message
    assert "18 digits" in message
    assert "got 17" in message


def test_nip_too_long_names_the_length():
    assert "got 19" in nip_error("1973011520060410061")


def test_nip_with_letters_is_rejected_as_not_digits():
    assert "digits only" in nip_error("19730115 2006O4 1 006")


def test_empty_nip_is_rejected():
    assert "NIP" in nip_error("")


def test_nip_with_30_february_names_the_birth_date():
    message = nip_error("19730230 200604 1 006")
    assert "birth date" in message
    assert "19730230" in message


def test_nip_with_birth_month_13_names_the_birth_date():
    assert "birth date 19731301" in nip_error("19731301 200604 1 006")


def test_nip_with_appointment_month_13_names_the_appointment_month():
    message = nip_error("19730115 200613 1 006")
    assert "appointment month" in message
    assert "13" in message


def test_nip_with_appointment_month_00_names_the_appointment_month():
    assert "appointment month 00" in nip_error("19730115 200600 1 006")


def test_nip_with_gender_digit_3_names_the_gender_digit():
    message = nip_error("19730115 200604 3 006")
    assert "gender digit" in message
    assert "3" in message


def test_nip_appointed_before_age_15_by_year_names_the_appointment():
    message = nip_error("19730115 198504 1 006")
    assert "appointment" in message
    assert "15th birthday" in message


def test_nip_appointed_a_month_before_the_15th_birthday_is_rejected():
    # Born December 1973, appointed January 1988: 14 years and 1 month old.
    assert "15th birthday" in nip_error("19731215 198801 1 006")


def test_nip_with_sequence_000_names_the_sequence():
    assert "sequence" in nip_error("19730115 200604 1 000")


# --- NIK -----------------------------------------------------------------------------------


def test_nik_of_a_man_is_parsed():
    nik = parse_nik("1606011501900001")
    assert nik == Nik("1606011501900001", 15, 1, 90, female=False)


def test_nik_of_a_woman_has_40_added_to_the_birth_day():
    nik = parse_nik("1606015501900001")
    assert nik.female
    assert nik.birth_date_day == 15


def test_nik_of_a_woman_born_on_the_31st_is_valid():
    assert parse_nik("1606017101900001").birth_date_day == 31


def test_nik_on_29_february_of_a_leap_year_in_either_century_is_valid():
    # "00" may be 1900 (not a leap year) or 2000 (a leap year).
    assert parse_nik("1606012902000001").birth_month == 2


def test_nik_on_29_february_of_a_common_year_names_the_birth_day():
    assert "birth day 29" in nik_error("1606012902010001")


def test_nik_with_birth_month_13_names_the_birth_month():
    message = nik_error("1606011513900001")
    assert "birth month" in message
    assert "13" in message


def test_nik_with_birth_day_32_names_the_birth_day():
    assert "birth day 32" in nik_error("1606013201900001")


def test_nik_with_birth_day_00_names_the_birth_day():
    assert "birth day 00" in nik_error("1606010001900001")


def test_nik_with_day_72_for_a_woman_names_the_birth_day():
    assert "birth day 72" in nik_error("1606017201900001")


def test_nik_with_province_00_names_the_province_code():
    assert "province code" in nik_error("0006011501900001")


def test_nik_with_regency_00_names_the_regency_code():
    assert "regency code" in nik_error("1600011501900001")


def test_nik_with_sequence_0000_names_the_sequence():
    assert "sequence" in nik_error("1606011501900000")


def test_nik_wrong_length_names_the_length():
    message = nik_error("160601150190001")
    assert "NIK" in message
    assert "16 digits" in message


# --- either ---------------------------------------------------------------------------------


def test_parse_identity_tells_a_nip_from_a_nik_by_length():
    """Keputusan Kadinkes Muba Pasal 4 ayat (2): "login pada aplikasi dengan menggunakan NIP
    bagi ASN dan NIK bagi pegawai Non ASN"."""
    assert isinstance(parse_identity("19730115 200604 1 006"), Nip)
    assert isinstance(parse_identity("1606011501900001"), Nik)


def test_parse_identity_with_another_length_asks_for_a_nip_or_a_nik():
    with pytest.raises(InvalidIdentifier, match=r"NIP .*NIK"):
        parse_identity("12345")


def test_mask_keeps_only_the_last_four_digits():
    assert mask("197301152006041006") == "…1006"
    assert mask(6281273451202) == "…1202"


@pytest.mark.parametrize(
    "typed",
    [
        "12345",  # neither
        "1996113020221320x7",  # letters
        "199999999999999999",  # no such birth date
        "199611302022132007",  # month 13
        "199611302005011007",  # appointed at 8
        "199611302022013007",  # gender digit 3
        "199611302022011000",  # sequence 000
        "0071014107990001",  # province 00
        "1300014107990001",  # regency 00
        "1371014113990001",  # birth month 13
        "1371013202990001",  # 32 February
        "1371014107990000",  # sequence 0000
    ],
)
def test_every_refusal_has_words_in_both_languages(typed):
    """A chat says what is wrong in the user's language, with the part named."""
    from core.flows.texts import t

    with pytest.raises(InvalidIdentifier) as caught:
        parse_identity(typed)
    indonesian = t("id", f"id_{caught.value.why}", **caught.value.fields)
    english = t("en", f"id_{caught.value.why}", **caught.value.fields)
    assert "{" not in indonesian + english and indonesian != english
    for value in caught.value.fields.values():  # the part named, as typed
        assert str(value) in indonesian and str(value) in english
