"""Residents' own grants follow the roster: a resident's grant covers their household, so a
person moved to another household (a split, a merge) takes the grant along, and a person whose
record ended (died, moved away) loses the grants they hold and gets no new one
(``PERSON_ENDED``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select, update
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
    await _grants_changed(session, moved.scalars())


async def end_grants(session: AsyncSession, person_ids: Sequence[int]) -> None:
    """Revoke the resident grants of ``person_ids``, whose records ended: their households'
    points and members are no longer theirs to read. Their tokens stop working at once."""
    if not person_ids:
        return
    revoked = await session.execute(
        delete(RoleGrant)
        .where(RoleGrant.role == Role.RESIDENT, RoleGrant.person_id.in_(person_ids))
        .returning(RoleGrant.user_id)
    )
    await _grants_changed(session, revoked.scalars())


async def _grants_changed(session: AsyncSession, user_ids: Iterable[int]) -> None:
    """Bump the users' ``grants_version``: tokens carrying the old grants are refused."""
    changed = sorted(set(user_ids))
    if changed:
        await session.execute(
            update(User).where(User.id.in_(changed)).values(grants_version=User.grants_version + 1)
        )


async def person_ended(session: AsyncSession, person_id: int) -> bool:
    ended_on = await session.scalar(select(Person.ended_on).where(Person.id == person_id))
    return ended_on is not None
