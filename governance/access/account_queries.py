"""All SQL of account administration: users in an administrator's scope, grants located by
region, the county administrators left.

A grant is *located* by one region code: its own (region roles), its supermarket's (cashiers)
or its person's (residents). Persons are read under the request's row-level security, so a
resident grant whose person the caller cannot see has no location, and nobody's scope holds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.models import RoleGrant, User
from governance.access.roles import Role
from governance.people.models import Person
from governance.regions.codes import under
from governance.regions.models import Region
from governance.supermarkets.models import Supermarket


@dataclass(frozen=True, slots=True)
class LocatedGrant:
    grant: RoleGrant
    location: str | None


def _location() -> ColumnElement[str | None]:
    return func.coalesce(RoleGrant.region_code, Supermarket.region_code, Person.region_code)


def _located(statement: Select) -> Select:  # type: ignore[type-arg]
    return statement.outerjoin(Supermarket, Supermarket.id == RoleGrant.supermarket_id).outerjoin(
        Person, Person.id == RoleGrant.person_id
    )


async def located_grants(session: AsyncSession, user_ids: Sequence[int]) -> list[LocatedGrant]:
    """The grants of ``user_ids`` with their locations, by user then grant id."""
    statement = _located(select(RoleGrant, _location())).where(RoleGrant.user_id.in_(user_ids))
    rows = await session.execute(statement.order_by(RoleGrant.user_id, RoleGrant.id))
    return [LocatedGrant(grant, location) for grant, location in rows.all()]


def in_scope(roots: Sequence[str]) -> ColumnElement[bool]:
    """SQL: the user row has no grant located outside every root of ``roots`` (the SQL twin of
    ``grant_rules.may_manage_account``; ranks follow from the levels of region codes)."""
    if not roots:
        return false()
    location = _location()
    outside = and_(
        RoleGrant.user_id == User.id,
        or_(location.is_(None), not_(or_(*(under(location, root) for root in roots)))),
    )
    return not_(exists(_located(select(RoleGrant.id)).where(outside)))


def search_condition(search: str) -> ColumnElement[bool]:
    pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(User.username.ilike(pattern), User.display_name.ilike(pattern))


async def users_page(
    session: AsyncSession, conditions: list[ColumnElement[bool]], after: str | None, limit: int
) -> list[User]:
    """Users by username (the cursor), ``limit`` of them after ``after``."""
    statement = select(User).where(*conditions)
    if after is not None:
        statement = statement.where(User.username > after)
    rows = await session.execute(statement.order_by(User.username).limit(limit))
    return list(rows.scalars())


async def users_count(session: AsyncSession, conditions: list[ColumnElement[bool]]) -> int:
    statement = select(func.count()).select_from(User).where(*conditions)
    return int((await session.execute(statement)).scalar_one())


async def user_for_update(session: AsyncSession, username: str) -> User | None:
    statement = select(User).where(User.username == username).with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def matching_grant(
    session: AsyncSession, user_id: int, wanted: RoleGrant
) -> RoleGrant | None:
    statement = select(RoleGrant).where(
        RoleGrant.user_id == user_id,
        RoleGrant.role == wanted.role,
        RoleGrant.region_code.is_not_distinct_from(wanted.region_code),
        RoleGrant.supermarket_id.is_not_distinct_from(wanted.supermarket_id),
        RoleGrant.person_id.is_not_distinct_from(wanted.person_id),
    )
    return (await session.execute(statement)).scalars().first()


async def lock_county_admins(session: AsyncSession) -> dict[str, set[int]]:
    """County code → the users actively holding COUNTY_ADMIN over it. Their grant and user rows
    are locked in grant id order, before anything else a change locks: two administrators
    revoking or deactivating each other at once run one after the other, and the second sees
    the first's change (the locked rows are re-read), so both cannot pass the count."""
    statement = (
        select(RoleGrant.region_code, RoleGrant.user_id)
        .join(User, User.id == RoleGrant.user_id)
        .where(RoleGrant.role == Role.COUNTY_ADMIN, User.active)
        .order_by(RoleGrant.id)
        .with_for_update(of=(RoleGrant, User))
    )
    holders: dict[str, set[int]] = {}
    for region_code, user_id in (await session.execute(statement)).all():
        assert region_code is not None, "ck_role_grants_scope_matches_role"
        holders.setdefault(region_code, set()).add(user_id)
    return holders


async def person_location(session: AsyncSession, person_id: int) -> tuple[str, int] | None:
    """The region and household of a person the caller can see (row-level security)."""
    statement = select(Person.region_code, Person.household_id).where(Person.id == person_id)
    row = (await session.execute(statement)).one_or_none()
    return (row[0], row[1]) if row else None


async def supermarket_region(session: AsyncSession, supermarket_id: int) -> str | None:
    statement = select(Supermarket.region_code).where(Supermarket.id == supermarket_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def region_exists(session: AsyncSession, code: str) -> bool:
    statement = select(exists().where(Region.code == code))
    return bool((await session.execute(statement)).scalar())
