"""Creating users and granting roles (used by the demo loader and, later, administration)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access import repository
from governance.access.models import USERNAME_LENGTH_MAX, RoleGrant, User
from governance.access.passwords import Passwords
from governance.access.principal import Grant
from governance.access.service import normalize_username


async def create_user(
    session: AsyncSession,
    passwords: Passwords,
    *,
    username: str,
    password: str,
    display_name: str,
    grants: Sequence[Grant],
    person_id: int | None = None,
) -> User:
    name = normalize_username(username)
    assert 0 < len(name) <= USERNAME_LENGTH_MAX, username
    user = User(
        username=name,
        password_hash=await passwords.hash_async(password),
        display_name=display_name,
        person_id=person_id,
        active=True,
        failed_sign_in_count=0,
    )
    repository.add(session, user)
    await session.flush()
    repository.add(session, *(_grant_row(user.id, grant) for grant in grants))
    await session.flush()
    return user


def _grant_row(user_id: int, grant: Grant) -> RoleGrant:
    return RoleGrant(
        user_id=user_id,
        role=grant.role,
        region_code=grant.region_code,
        supermarket_id=grant.supermarket_id,
        person_id=grant.person_id,
        household_id=grant.household_id,
    )
