"""Goal: the till's search rule holds for any input: exactly one key is accepted, and an ID-card
suffix exactly when it is 3 digits and a digit or X (a lower-case x read as X, surrounding
spaces ignored); the low-stock rule is "a threshold, and the stock at or below it".

Method: hypothesis draws key combinations and arbitrary texts; a plain restatement of each rule
is the oracle.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.supermarkets.stock import is_low
from governance.supermarkets.till import SearchKey, TillSearchInvalid, parse_search

NAMES = ("household_number", "head_name", "id_card_last4")
texts = st.text(min_size=1, max_size=60)


@given(st.fixed_dictionaries({name: st.none() | st.just("1234") for name in NAMES}))
def test_exactly_one_key(keys: dict[str, str | None]) -> None:
    given_count = sum(value is not None for value in keys.values())
    if given_count == 1:
        assert parse_search(**keys).value == "1234"
    else:
        with pytest.raises(TillSearchInvalid):
            parse_search(**keys)


@given(st.one_of(texts, st.from_regex(r"\s*[0-9]{3}[0-9Xx]\s*", fullmatch=True)))
def test_a_suffix_is_three_digits_and_a_check_character(text: str) -> None:
    well_formed = re.fullmatch(r"[0-9]{3}[0-9X]", text.strip().upper()) is not None
    try:
        search = parse_search(household_number=None, head_name=None, id_card_last4=text)
    except TillSearchInvalid:
        assert not well_formed
    else:
        assert well_formed
        assert (search.key, search.value) == (SearchKey.ID_CARD_SUFFIX, text.strip().upper())


@given(texts)
def test_names_and_numbers_are_searched_trimmed_within_their_length(text: str) -> None:
    for name, longest in (("head_name", 50), ("household_number", 32)):
        keys: dict[str, str | None] = dict.fromkeys(NAMES)
        keys[name] = text
        try:
            search = parse_search(**keys)
        except TillSearchInvalid:
            assert not 0 < len(text.strip()) <= longest
        else:
            assert search.value == text.strip()
            assert 0 < len(search.value) <= longest


@given(st.integers(0, 10_000), st.none() | st.integers(0, 10_000))
def test_low_stock_is_at_or_below_a_threshold(stock: int, threshold: int | None) -> None:
    assert is_low(stock, threshold) == (threshold is not None and stock <= threshold)
    if threshold is not None:
        assert is_low(threshold, threshold)
        assert not is_low(threshold + 1, threshold)
