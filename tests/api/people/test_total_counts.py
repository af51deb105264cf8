"""Goal: ``totalCount`` of persons and households is the number of rows the viewer may list,
whether it comes from the per-region counters (no filter but ``underRegion``) or from counting
rows (any other filter): a township admin's covers their township only, under a region outside
it is 0, and the counters follow a registration made by a village admin as the request role.

Method: the real ASGI app over the tiny demo with the demo users; the expected numbers are
``count(*)`` as the owner; statements per response (``debug_sql``) show the counters' read is
one statement.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from kit.database import to_libpq_url
from kit.settings import Settings
from tests.api.people.test_people_changes import member
from tests.support.workflows import Desk, workflow_settings

COUNTY = "130826"
TOWNSHIP = "130826001"  # 新丰路街道: xinfenglu.admin's
OTHER_TOWNSHIP = "130826100"  # 大阁镇
VILLAGE = "130826001001"  # 花石社区, in the township
COUNTS = """query($filter: PersonFilter, $households: HouseholdFilter) {
  persons(first: 1, filter: $filter) { totalCount }
  households(first: 1, filter: $households) { totalCount } }"""
REGISTER = """mutation($input: RegisterHouseholdInput!) {
  registerHousehold(input: $input) { household { id } userErrors { code } } }"""


@pytest.fixture
def settings() -> Settings:
    return workflow_settings(debug_sql=True)


@pytest.fixture
async def owner(people_database_url: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(to_libpq_url(people_database_url))
    yield connection
    await connection.close()


async def rows(owner: asyncpg.Connection, table: str, root: str, extra: str = "") -> int:
    found = await owner.fetchval(
        f"SELECT count(*) FROM {table} WHERE ended_on IS NULL {extra} "
        "AND region_code >= $1 AND region_code < $1 || U&'\\FFFF'",
        root,
    )
    return int(found)


async def totals(desk: Desk, user: str, under: str | None = None, **filters: Any) -> list[int]:
    person_filter = {"underRegion": under} | filters if under else filters or None
    data = await desk.data(
        user,
        COUNTS,
        filter=person_filter,
        households={"underRegion": under} if under else None,
    )
    return [data["persons"]["totalCount"], data["households"]["totalCount"]]


async def test_a_township_admin_counts_their_township_only(
    people_desk: Desk, owner: asyncpg.Connection
) -> None:
    township = [await rows(owner, "persons", TOWNSHIP), await rows(owner, "households", TOWNSHIP)]
    county = [await rows(owner, "persons", COUNTY), await rows(owner, "households", COUNTY)]
    assert township[0] < county[0]
    assert await totals(people_desk, "xinfenglu.admin") == township
    assert await totals(people_desk, "county.admin") == county
    # Under a region of theirs, the county, or a region they do not cover.
    village = [await rows(owner, "persons", VILLAGE), await rows(owner, "households", VILLAGE)]
    assert await totals(people_desk, "xinfenglu.admin", VILLAGE) == village
    assert await totals(people_desk, "xinfenglu.admin", COUNTY) == township
    assert await totals(people_desk, "xinfenglu.admin", OTHER_TOWNSHIP) == [0, 0]
    # A filter the counters cannot answer: the rows are counted, within the same scope.
    women = await rows(owner, "persons", TOWNSHIP, "AND gender = 'FEMALE'")
    [found, _] = await totals(people_desk, "xinfenglu.admin", gender="FEMALE")
    assert found == women


async def test_the_counters_are_one_statement_and_follow_a_registration(
    people_desk: Desk, owner: asyncpg.Connection
) -> None:
    before = await totals(people_desk, "county.admin")
    body = await people_desk.client.execute(
        "{ persons(first: 1) { totalCount } }", None, await people_desk.as_user("county.admin")
    )
    # The scope and session check, the page, the counters: whatever the county's size.
    assert body["extensions"]["sql"]["statements"] == 3
    members = [member(901, "HEAD"), member(902), member(903)]
    payload = await people_desk.mutate(
        "huashi.admin", REGISTER, number="COUNT-1", regionCode=VILLAGE + "001", members=members
    )
    assert payload["userErrors"] == [], payload
    assert await totals(people_desk, "county.admin") == [before[0] + 3, before[1] + 1]
    assert await totals(people_desk, "county.admin") == [
        await rows(owner, "persons", COUNTY),
        await rows(owner, "households", COUNTY),
    ]
