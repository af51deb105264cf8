"""Goal: the minimum password policy refuses what it says and nothing else: fewer than 10
characters, more than 128, the username, a common password (in any letter case).

Method: the rule directly, with Hypothesis over lengths, cases and list entries.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.access.password_policy import (
    PASSWORD_CHOSEN_LENGTH_MIN,
    check_new_password,
    common_passwords,
)
from governance.access.passwords import PASSWORD_LENGTH_MAX
from governance.refusals import Refusal

LONG_ENOUGH = [p for p in sorted(common_passwords()) if len(p) >= PASSWORD_CHOSEN_LENGTH_MIN]


def _code(password: str, username: str = "huashi.grid1") -> str | None:
    try:
        check_new_password(password, username)
    except Refusal as refusal:
        return refusal.code.value
    return None


def test_the_list_holds_the_common_chinese_favourites() -> None:
    for password in ("123456789", "1234567890", "qwertyuiop", "woaini1314", "a123456789"):
        assert password in common_passwords()
    assert len(common_passwords()) >= 300


@given(st.text(max_size=PASSWORD_CHOSEN_LENGTH_MIN - 1))
def test_shorter_than_the_minimum_is_refused(password: str) -> None:
    assert _code(password) == "PASSWORD_TOO_SHORT"


def test_longer_than_the_maximum_is_refused() -> None:
    assert _code("Zq7-" * 40) == "TOO_LONG"
    assert _code(("Zq7-" * 40)[:PASSWORD_LENGTH_MAX]) is None


@given(st.sampled_from(LONG_ENOUGH), st.lists(st.booleans(), min_size=40, max_size=40))
def test_a_common_password_is_refused_in_any_case(password: str, upper: list[bool]) -> None:
    mixed = "".join(c.upper() if up else c for c, up in zip(password, upper, strict=False))
    assert _code(mixed) == "PASSWORD_TOO_COMMON"


@pytest.mark.parametrize("password", ["Huashi.Grid1-x", "HUASHI.GRID1"])
def test_the_username_is_refused_only_as_a_whole(password: str) -> None:
    expected = "PASSWORD_IS_USERNAME" if password.casefold() == "huashi.grid1" else None
    assert _code(password) == expected


@given(st.text(alphabet="abcdefghjkmnpqrstuvwxyz23456789-", min_size=16, max_size=40))
def test_a_long_uncommon_password_is_accepted(password: str) -> None:
    if password.casefold() not in common_passwords():
        assert _code(password, "someone.else") is None
