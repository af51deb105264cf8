"""Residents' own grants follow the roster: a resident's grant covers their household, so a
person moved to another household (a split, a merge) takes the grant along, and a person whose
record ended gets no new grant (``PERSON_ENDED``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.models import RoleGrant, User
from governance.access.roles import Role
from governance.people.models import Person


async def follow_household(
    session: AsyncSession, person_ids: Sequence[int], household_id: int
) -> None:
    """Point the resident grants of ``person_ids`` at ``household_id``; their holders' tokens
    stop working (``grants_version``), so the next sign-in or refresh reads the new scope."""
    if not person_ids:
        return
    moved = await session.execute(
        update(RoleGrant)
        .where(RoleGrant.role == Role.RESIDENT, RoleGrant.person_id.in_(person_ids))
        .values(household_id=household_id)
        .returning(RoleGrant.user_id)
    )
    user_ids = sorted(set(moved.scalars()))
    if user_ids:
        await session.execute(
            update(User).where(User.id.in_(user_ids)).values(grants_version=User.grants_version + 1)
        )


async def person_ended(session: AsyncSession, person_id: int) -> bool:
    ended_on = await session.scalar(select(Person.ended_on).where(Person.id == person_id))
    return ended_on is not None
