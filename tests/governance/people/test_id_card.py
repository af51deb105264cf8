"""Goal: ID-card numbers are accepted exactly when the GB 11643 checksum and birth date hold,
and personal identifiers are only ever displayed masked.

Method: hypothesis generates valid numbers (then corrupts one character) and arbitrary
strings; known published examples pin the checksum.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from governance.people.id_card import InvalidIdCard, check_character, make_id_card, parse_id_card
from governance.people.masking import disclose, mask_id_card, mask_phone
from governance.people.models import Gender

TODAY = dt.date(2026, 11, 25)
birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(0, 999)


def test_known_number() -> None:
    # The standard's own example: 11010519491231002X.
    assert check_character("11010519491231002") == "X"
    card = parse_id_card("11010519491231002x", TODAY)
    assert card.birth_date == dt.date(1949, 12, 31)
    assert card.gender is Gender.FEMALE


@given(birth_dates, sequences)
def test_generated_numbers_parse_back(birth_date: dt.date, sequence: int) -> None:
    number = make_id_card("130826", birth_date, sequence)
    card = parse_id_card(number, TODAY)
    assert card.birth_date == birth_date
    assert card.region_code == "130826"
    assert (card.gender is Gender.MALE) == (sequence % 2 == 1)


@given(birth_dates, sequences, st.integers(0, 16), st.integers(1, 9))
def test_one_wrong_digit_is_caught(
    birth_date: dt.date, sequence: int, position: int, shift: int
) -> None:
    number = make_id_card("130826", birth_date, sequence)
    digit = (int(number[position]) + shift) % 10
    corrupted = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(InvalidIdCard):
        parse_id_card(corrupted, TODAY)


def test_impossible_birth_date_is_refused() -> None:
    body = "13082619990230123"  # 30 February
    with pytest.raises(InvalidIdCard, match="impossible birth date"):
        parse_id_card(body + check_character(body), TODAY)


def test_future_birth_date_is_refused() -> None:
    number = make_id_card("130826", dt.date(2030, 1, 1), 1)
    with pytest.raises(InvalidIdCard, match="out of range"):
        parse_id_card(number, TODAY)


@given(st.text(max_size=30))
def test_arbitrary_text_never_crashes(text: str) -> None:
    with contextlib.suppress(InvalidIdCard):
        parse_id_card(text, TODAY)


@given(birth_dates, sequences)
def test_masked_number_hides_the_birth_date(birth_date: dt.date, sequence: int) -> None:
    number = make_id_card("130826", birth_date, sequence)
    masked = mask_id_card(number)
    assert masked == number[:6] + "*" * 8 + number[-4:]
    assert f"{birth_date:%Y%m%d}" not in masked


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_masked_phone(phone: str) -> None:
    assert mask_phone(phone) == phone[:3] + "****" + phone[-4:]


@given(st.text(max_size=10))
def test_short_values_are_masked_whole(value: str) -> None:
    assert set(mask_id_card(value)) <= {"*"}


def test_disclose_masks_without_a_grant() -> None:
    identifiers = disclose(1, "130826199001011234", "13812345678")
    assert identifiers.id_card_number == "130826********1234"
    assert identifiers.phone == "138****5678"
    assert disclose(1, "130826199001011234", None).phone is None


# The standard's weights and check characters, written out as an oracle independent of stdnum.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


@given(st.from_regex(r"[0-9]{17}", fullmatch=True))
def test_check_character_matches_the_standard(body: str) -> None:
    total = sum(int(digit) * weight for digit, weight in zip(body, WEIGHTS, strict=True))
    assert check_character(body) == CHECK_CHARACTERS[total % 11]


def test_numbers_issued_after_the_county_code_are_accepted() -> None:
    """stdnum's own ``validate`` refuses this real shape of number (a Fengning resident born
    before the county's code existed, 1993): why only its checksum and date are used."""
    number = make_id_card("130826", dt.date(1960, 5, 17), 11)
    assert parse_id_card(number, TODAY).birth_date == dt.date(1960, 5, 17)
    assert not ric.is_valid(number)
