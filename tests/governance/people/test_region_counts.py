"""Goal: the per-region counts ``totalCount`` reads (``region_counts``, kept by triggers) equal a
count of the rows, for every region of the tree and the province and city prefixes above it,
after the demo loader and after any sequence of roster changes: registering a household or a
person, ending a person (and with them their household), moving a household, splitting and
merging, importing a roster in bulk (COPY), and changes refused half-way.

Method: hypothesis draws a sequence of operations on places drawn from the tree; each example
applies them through the services, in savepoints (a refusal undoes its operation only), checks
the counts after each against ``count(*)`` over every region, and rolls back at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.people import endings, moves, registration, restructuring
from governance.people.models import EndReason, Household, Person
from governance.people.records import ResidentRecord
from governance.people.requests import (
    HouseholdMerge,
    HouseholdMove,
    HouseholdSplit,
    PersonEnd,
    PersonRegistration,
)
from governance.people.roster import RosterRejected, normalise_header
from governance.people.service import import_roster
from governance.refusals import Refusal
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.governance.people.kit import AT, admin, household, member
from tests.support.rosters import HEADER, TODAY, cells, generated_records

KINDS = ["register", "join", "end", "move", "split", "merge", "import"]
OPERATIONS = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 10_000), st.integers(0, 10_000)),
    min_size=1,
    max_size=8,
)
# Every region, and the province and city prefixes above the county.
EXPECTED = text("""
    WITH codes AS (SELECT code FROM regions UNION VALUES ('13'), ('1308'))
    SELECT code,
        (SELECT count(*) FROM persons WHERE ended_on IS NULL
            AND region_code >= code AND region_code < code || U&'\\FFFF'),
        (SELECT count(*) FROM households WHERE ended_on IS NULL
            AND region_code >= code AND region_code < code || U&'\\FFFF'),
        (SELECT coalesce(sum(persons), 0) FROM region_counts AS c WHERE c.region_code = code),
        (SELECT coalesce(sum(households), 0) FROM region_counts AS c WHERE c.region_code = code)
    FROM codes
""")


@pytest.fixture
async def people(people_database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_engine(people_database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        yield session
    await engine.dispose()


async def check_counts(session: AsyncSession) -> None:
    rows = (await session.execute(EXPECTED)).all()
    wrong = [row for row in rows if (row[1], row[2]) != (row[3], row[4])]
    assert not wrong, wrong[:5]
    assert any(row[0] == "13" and row[1] > 0 for row in rows), "the province counts everyone"


async def test_the_demo_loader_leaves_the_counts_right(people: AsyncSession) -> None:
    await check_counts(people)


class Roster:
    """The operations, drawn by index over what is current in the database."""

    def __init__(self, session: AsyncSession, viewer: Viewer, pool: list[ResidentRecord]) -> None:
        self.session = session
        self.viewer = viewer
        self.pool = pool
        self.sequence = 600  # kit.member: sequences up to 999
        self.imported = 0

    async def places(self) -> list[str]:
        codes = await self.session.scalars(
            text("SELECT code FROM regions WHERE length(code) IN (12, 15) ORDER BY code")
        )
        return list(codes)

    async def households(self) -> list[Household]:
        statement = select(Household).where(Household.ended_on.is_(None)).order_by(Household.id)
        return list(await self.session.scalars(statement))

    async def members(self, household_id: int) -> list[Person]:
        statement = (
            select(Person)
            .where(Person.household_id == household_id, Person.ended_on.is_(None))
            .order_by(Person.id)
        )
        return list(await self.session.scalars(statement))

    def next_sequence(self, size: int = 1) -> int:
        self.sequence += size
        return self.sequence - size

    async def apply(self, kind: str, first: int, second: int) -> None:
        action: Callable[[], Awaitable[object]] = getattr(self, kind)(first, second)
        try:
            async with self.session.begin_nested():
                await action()
        except (Refusal, RosterRejected):
            pass  # refused: the savepoint undid whatever it wrote

    def register(self, first: int, second: int) -> Callable[[], Awaitable[object]]:
        async def action() -> object:
            places = await self.places()
            size = 1 + second % 4
            request = household(
                f"RC-{self.sequence}", self.next_sequence(size), size, places[first % len(places)]
            )
            return await registration.register_household(self.session, self.viewer, request, at=AT)

        return action

    def join(self, first: int, _second: int) -> Callable[[], Awaitable[object]]:
        async def action() -> object:
            households = await self.households()
            target = households[first % len(households)]
            request = PersonRegistration(target.id, member(self.next_sequence()))
            return await registration.register_person(self.session, self.viewer, request, at=AT)

        return action

    def end(self, first: int, second: int) -> Callable[[], Awaitable[object]]:
        async def action() -> object:
            households = await self.households()
            target = households[first % len(households)]
            members = await self.members(target.id)
            # The last member of a household ends it; a head with others is refused.
            person = members[second % len(members)]
            ended_on = max(person.birth_date, AT.date() - dt.timedelta(days=1))
            request = PersonEnd(person.id, person.version, ended_on, EndReason.DIED)
            return await endings.end_person(self.session, self.viewer, request, at=AT)

        return action

    def move(self, first: int, second: int) -> Callable[[], Awaitable[object]]:
        async def action() -> object:
            households = await self.households()
            target = households[first % len(households)]
            places = await self.places()
            request = HouseholdMove(target.id, target.version, places[second % len(places)])
            return await moves.move_household(self.session, self.viewer, request, at=AT)

        return action

    def split(self, first: int, second: int) -> Callable[[], Awaitable[object]]:
        async def action() -> object:
            households = await self.households()
            target = households[first % len(households)]
            members = await self.members(target.id)
            others = [p.id for p in members if p.id != target.head_person_id]
            if not others:
                return None
            leaving = others[: 1 + second % len(others)]
            number = f"RC-S{self.next_sequence()}"
            request = HouseholdSplit(target.id, target.version, number, leaving, leaving[-1])
            return await restructuring.split_household(self.session, self.viewer, request, at=AT)

        return action

    def merge(self, first: int, second: int) -> Callable[[], Awaitable[object]]:
        async def action() -> object:
            households = await self.households()
            surviving = households[first % len(households)]
            others = [h for h in households if h.id != surviving.id]
            absorbed = others[second % len(others)]
            request = HouseholdMerge(surviving.id, surviving.version, absorbed.id, absorbed.version)
            return await restructuring.merge_households(self.session, self.viewer, request, at=AT)

        return action

    def import_(self, _first: int, second: int) -> Callable[[], Awaitable[object]]:
        async def action() -> object:
            # The next whole households of the pool, as `grassroots import people` reads them.
            start = self.imported
            end = min(len(self.pool), start + 1 + second % 12)
            while end < len(self.pool) and (
                self.pool[end].household_number == self.pool[end - 1].household_number
            ):
                end += 1
            self.imported = end
            keys = normalise_header(HEADER)
            rows = [
                (number, dict(zip(keys, cells(record), strict=True)))
                for number, record in enumerate(self.pool[start:end], start=2)
            ]
            return await import_roster(self.session, rows, TODAY) if rows else None

        return action

    def __getattr__(self, name: str) -> object:
        if name == "import":
            return self.import_
        raise AttributeError(name)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
async def test_the_counts_follow_every_roster_change(
    people: AsyncSession, operations: list[tuple[str, int, int]]
) -> None:
    viewer = await admin(people)
    pool = await generated_records(people, 60, seed=23, prefix="RC")
    async with people.begin_nested() as savepoint:
        roster = Roster(people, viewer, pool)
        for kind, first, second in operations:
            await roster.apply(kind, first, second)
            await check_counts(people)
        await savepoint.rollback()
