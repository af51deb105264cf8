"""Goal: the demo users load idempotently, one per role, with grants the database accepts.

Method: `load_demo_users` twice over the demo regions; grants read back; a CHECK violation
provoked for a grant whose scope does not fit its role.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.demo import DEMO_USERS, load_demo_users
from governance.access.models import RoleGrant
from governance.access.passwords import Passwords
from governance.access.roles import Role
from governance.demo import load_demo
from kit.settings import get_settings
from tests.support.auth import FAST_HASHING


async def test_load_is_idempotent_and_covers_every_role(
    demo_session: AsyncSession, passwords: Passwords
) -> None:
    assert await load_demo_users(demo_session, passwords) == len(DEMO_USERS)
    assert await load_demo_users(demo_session, passwords) == 0
    roles = set((await demo_session.execute(select(RoleGrant.role))).scalars())
    assert roles == set(Role)


@pytest.mark.parametrize(
    "grant",
    [
        {"role": Role.TOWNSHIP_ADMIN, "region_code": "130826"},  # wrong level
        {"role": Role.SUPERMARKET_CASHIER, "region_code": "130826"},  # no supermarket
        {"role": Role.RESIDENT},  # no person
        {"role": Role.COUNTY_ADMIN, "region_code": "999999"},  # no such region
    ],
)
async def test_database_refuses_grants_that_do_not_fit_the_role(
    demo_session: AsyncSession, passwords: Passwords, grant: dict[str, object]
) -> None:
    await load_demo_users(demo_session, passwords)
    demo_session.add(RoleGrant(user_id=1, **grant))
    with pytest.raises(IntegrityError):
        await demo_session.flush()


async def test_load_demo_adds_the_users_step(
    demo_session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in FAST_HASHING.items():
        monkeypatch.setenv(f"GRASSROOTS_{name.upper()}", str(value))
    get_settings.cache_clear()
    try:
        first = await load_demo(demo_session)
        assert first["regions"] == 0
        assert first["users"] == len(DEMO_USERS)
        again = await load_demo(demo_session)
        assert set(again.values()) == {0}
    finally:
        get_settings.cache_clear()
