"""Goal: passwords are stored as argon2id hashes that verify only the right password, with
documented length limits and rehashing when the configured cost changes.

Method: hash and verify directly, at the test suite's cheap cost and at a higher one.
"""

from __future__ import annotations

import pytest

from governance.access.passwords import (
    PASSWORD_LENGTH_MAX,
    PASSWORD_LENGTH_MIN,
    PasswordRejected,
    Passwords,
)
from tests.support.auth import auth_settings


def test_hash_is_argon2id_and_salted(passwords: Passwords) -> None:
    first = passwords.hash("correct horse battery")
    second = passwords.hash("correct horse battery")
    assert first.startswith("$argon2id$")
    assert first != second
    assert "correct horse" not in first


def test_verify(passwords: Passwords) -> None:
    stored = passwords.hash("correct horse battery")
    assert passwords.verify(stored, "correct horse battery")
    assert not passwords.verify(stored, "correct horse batterY")
    assert not passwords.verify(stored, "")
    assert not passwords.verify("not a hash", "correct horse battery")
    assert not passwords.verify(stored, "x" * (PASSWORD_LENGTH_MAX + 1))


@pytest.mark.parametrize("length", [PASSWORD_LENGTH_MIN - 1, PASSWORD_LENGTH_MAX + 1])
def test_new_passwords_outside_the_limits_are_refused(passwords: Passwords, length: int) -> None:
    with pytest.raises(PasswordRejected):
        passwords.hash("p" * length)


@pytest.mark.parametrize("length", [PASSWORD_LENGTH_MIN, PASSWORD_LENGTH_MAX])
def test_passwords_at_the_limits_are_accepted(passwords: Passwords, length: int) -> None:
    assert passwords.verify(passwords.hash("p" * length), "p" * length)


def test_a_raised_cost_asks_for_rehash(passwords: Passwords) -> None:
    stored = passwords.hash("correct horse battery")
    assert not passwords.needs_rehash(stored)
    stronger = Passwords.from_settings(auth_settings(password_hash_time_cost=2))
    assert stronger.needs_rehash(stored)
    assert stronger.verify(stored, "correct horse battery")


async def test_async_forms_agree(passwords: Passwords) -> None:
    stored = await passwords.hash_async("correct horse battery")
    assert await passwords.verify_async(stored, "correct horse battery")
    await passwords.burn_async("anything")
