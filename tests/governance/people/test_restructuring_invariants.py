"""Goal: any sequence of splits and merges conserves the roster and the points — no member is
lost or doubled, every current household has exactly one head (a current member, related as
HEAD), and the points of all accounts of the scheme, with its expiry account, stay the same;
the ledger verifies clean afterwards.

Method: hypothesis draws household sizes, balances and a sequence of operations; each example
registers the households, funds their accounts, applies the operations through the services
and checks the invariants after each, inside a savepoint rolled back at the end.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.principal import Viewer
from governance.bank.models import Scheme
from governance.people import registration, restructuring
from governance.people.models import Household, Person, RelationToHead
from governance.people.requests import HouseholdMerge, HouseholdSplit
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.governance.people.kit import AT, admin, balance, fund, holders, household, scheme

SIZES = st.lists(st.integers(min_value=1, max_value=4), min_size=2, max_size=4)
POINTS = st.integers(min_value=0, max_value=500)
# (kind, which household, how many members / which other household), indexes taken modulo.
OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["split", "merge"]), st.integers(0, 20), st.integers(0, 20)),
    max_size=6,
)


@pytest.fixture
async def people(people_database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(people_database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        yield session
    await engine.dispose()


async def _current(session: AsyncSession, ids: list[int]) -> dict[int, list[Person]]:
    """Current households among ``ids`` and their current members (fresh from the database)."""
    households = (
        await session.execute(
            select(Household.id).where(Household.id.in_(ids), Household.ended_on.is_(None))
        )
    ).scalars()
    members: dict[int, list[Person]] = {household_id: [] for household_id in households}
    statement = (
        select(Person)
        .where(Person.household_id.in_(ids), Person.ended_on.is_(None))
        .order_by(Person.id)
    )
    for person in (await session.execute(statement)).scalars():
        assert person.household_id in members, "a current person in an ended household"
        members[person.household_id].append(person)
    return members


async def _version(session: AsyncSession, household_id: int) -> tuple[int, int | None]:
    row = (
        await session.execute(
            select(Household.version, Household.head_person_id).where(Household.id == household_id)
        )
    ).one()
    return row[0], row[1]


async def _points(session: AsyncSession, bank: Scheme) -> int:
    wallets = [holder.points_account_id for holder in await holders(session, bank.id)]
    return sum([await balance(session, a) for a in wallets]) + await balance(
        session, bank.expiry_account_id
    )


async def _check(session: AsyncSession, ids: list[int], everyone: set[int]) -> None:
    current = await _current(session, ids)
    assert {p.id for members in current.values() for p in members} == everyone
    for household_id, members in current.items():
        assert members, "a current household without members"
        heads = [p.id for p in members if p.relation_to_head is RelationToHead.HEAD]
        assert heads == [(await _version(session, household_id))[1]]


async def _apply(
    session: AsyncSession, viewer: Viewer, ids: list[int], operation: tuple[str, int, int]
) -> None:
    kind, first, second = operation
    current = await _current(session, ids)
    order = sorted(current)
    target = order[first % len(order)]
    version, head = await _version(session, target)
    if kind == "split":
        others = [p.id for p in current[target] if p.id != head]
        if not others:
            return
        leaving = others[: 1 + second % len(others)]
        number = f"T-{len(ids) + 1}"
        split = HouseholdSplit(target, version, number, leaving, leaving[-1])
        new = await restructuring.split_household(session, viewer, split, at=AT)
        ids.append(new.id)
        return
    if len(order) < 2:
        return
    absorbed = [h for h in order if h != target][second % (len(order) - 1)]
    absorbed_version, _ = await _version(session, absorbed)
    merge = HouseholdMerge(target, version, absorbed, absorbed_version)
    await restructuring.merge_households(session, viewer, merge, at=AT)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sizes=SIZES, points=st.lists(POINTS, min_size=4, max_size=4), operations=OPERATIONS)
async def test_splits_and_merges_conserve_members_heads_and_points(
    people: AsyncSession,
    sizes: list[int],
    points: list[int],
    operations: list[tuple[str, int, int]],
) -> None:
    viewer = await admin(people)
    async with people.begin_nested() as savepoint:
        bank = await scheme(people, viewer, "130826001")
        ids: list[int] = []
        for index, size in enumerate(sizes):
            request = household(f"T-H{index}", 10 * index + 1, size)
            created = await registration.register_household(people, viewer, request, at=AT)
            ids.append(created.id)
            await fund(people, bank, created.id, points[index] or 1)
        everyone = {p.id for members in (await _current(people, ids)).values() for p in members}
        total = await _points(people, bank)
        for operation in operations:
            await _apply(people, viewer, ids, operation)
            await _check(people, ids, everyone)
            assert await _points(people, bank) == total
        assert (await ledger.verify(people)).violations == []
        await savepoint.rollback()
