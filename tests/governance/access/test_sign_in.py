"""Goal: failed sign-ins are counted in the database and impose a doubling delay, then a
lockout; attempts during a delay are refused without checking the password; success resets.

Method: the domain service with an explicit clock stepping past each `retry_at`; the delay
policy alone checked against a hand-written table and, with hypothesis, for monotonicity.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.attempts import AttemptedUsernames
from governance.access.errors import InvalidCredentials, SignInDelayed
from governance.access.passwords import Passwords
from governance.access.policy import SignInPolicy
from governance.access.principal import Grant
from governance.access.repository import user_by_username
from governance.access.roles import Role
from governance.access.service import SignedIn, sign_in
from governance.access.users import create_user

POLICY = SignInPolicy(
    failures_free=2,
    backoff_base_seconds=1,
    backoff_max_seconds=8,
    lockout_failures=7,
    lockout_minutes=15,
)
ATTEMPTS = AttemptedUsernames(POLICY, keys_max=100)
START = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
PASSWORD = "right-password"


def test_delay_table() -> None:
    delays = [POLICY.delay_after(failures).total_seconds() for failures in range(9)]
    assert delays == [0, 0, 1, 2, 4, 8, 8, 900, 900]


@given(st.integers(min_value=0, max_value=10_000))
def test_delay_never_shrinks_and_is_bounded(failures: int) -> None:
    assert POLICY.delay_after(failures) <= POLICY.delay_after(failures + 1)
    assert POLICY.delay_after(failures) <= timedelta(minutes=POLICY.lockout_minutes)


@pytest.fixture(autouse=True)
def fresh_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no failed sign-in remembered."""
    monkeypatch.setattr(sys.modules[__name__], "ATTEMPTS", AttemptedUsernames(POLICY, 100))


async def attempt(
    session: AsyncSession, passwords: Passwords, password: str, now: datetime
) -> SignedIn:
    return await sign_in(
        session,
        passwords,
        POLICY,
        ATTEMPTS,
        username="clerk",
        password=password,
        now=now,
        refresh_lifetime=timedelta(days=1),
    )


@pytest.fixture
async def clerk(demo_session: AsyncSession, passwords: Passwords) -> None:
    grant = Grant(Role.VILLAGE_ADMIN, "130826001001")
    await create_user(
        demo_session,
        passwords,
        username="clerk",
        password=PASSWORD,
        display_name="Clerk",
        grants=[grant],
    )


@pytest.mark.usefixtures("clerk")
async def test_backoff_then_lockout_then_recovery(
    demo_session: AsyncSession, passwords: Passwords
) -> None:
    now = START
    for failures in range(1, POLICY.lockout_failures + 1):
        with pytest.raises(InvalidCredentials):
            await attempt(demo_session, passwords, "wrong", now)
        user = await user_by_username(demo_session, "clerk")
        assert user is not None
        assert user.failed_sign_in_count == failures
        delay = POLICY.delay_after(failures)
        if delay:
            assert user.locked_until == now + delay
            # Even the right password is refused until then, without being checked.
            with pytest.raises(SignInDelayed) as refused:
                await attempt(demo_session, passwords, PASSWORD, now + delay - timedelta(seconds=1))
            assert refused.value.retry_at == now + delay
            assert refused.value.locked is POLICY.is_lockout(failures)
            assert user.failed_sign_in_count == failures
        now += delay
    signed_in = await attempt(demo_session, passwords, PASSWORD, now)
    assert signed_in.viewer.grants == (Grant(Role.VILLAGE_ADMIN, "130826001001"),)
    user = await user_by_username(demo_session, "clerk")
    assert user is not None
    assert (user.failed_sign_in_count, user.locked_until, user.signed_in_at) == (0, None, now)


@pytest.mark.usefixtures("clerk")
async def test_inactive_user_gets_the_same_error(
    demo_session: AsyncSession, passwords: Passwords
) -> None:
    user = await user_by_username(demo_session, "clerk")
    assert user is not None
    user.active = False
    with pytest.raises(InvalidCredentials):
        await attempt(demo_session, passwords, PASSWORD, START)


async def test_unknown_user(demo_session: AsyncSession, passwords: Passwords) -> None:
    with pytest.raises(InvalidCredentials):
        await attempt(demo_session, passwords, PASSWORD, START)
