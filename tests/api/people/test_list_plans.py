"""Goal: a page of persons or households under a region reads about a page of rows, whatever the
size of the subtree: an index range scan under a LIMIT, never a scan or a sort of the subtree,
for the first page and for a page after a cursor, over the county and over one village.

Method: the real ASGI app over the demo at scale 0.02 (built by the demo loader: ~8,000
residents, ~300 in the village, so a page is a small part of either subtree), signed in as the
demo county admin and a village admin; the SQL the app sends for the page is captured and explained
(EXPLAIN ANALYZE, FORMAT JSON) under row security as the request role with the viewer's scope,
both as a custom plan and as the generic plan a prepared statement switches to after five runs
(the generic plan is what chose a sort of the whole county before the lists were keyed by
region: it cannot see that the range covers every row).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import asyncpg
import pytest
from sqlalchemy import Engine, event

from governance.access.row_security import REQUEST_ROLE
from governance.demo import load_demo
from kit.clock import ManualClock
from kit.database import (
    create_engine,
    create_session_factory,
    session_scope,
    to_libpq_url,
    with_database,
)
from kit.settings import Settings
from tests.support import databases
from tests.support.graphql import graphql_client
from tests.support.workflows import Desk

PAGE = 50
COUNTY = "130826"
VILLAGE = "130826001001"  # 花石社区: the village admin's
PERSONS = """query($first: Int!, $after: String, $under: String) {
  persons(first: $first, after: $after, filter: {underRegion: $under}) {
    pageInfo { endCursor } nodes { id } } }"""
HOUSEHOLDS = """query($first: Int!, $after: String, $under: String) {
  households(first: $first, after: $after, filter: {underRegion: $under}) {
    pageInfo { endCursor } nodes { id } } }"""
LISTS = {"persons": PERSONS, "households": HOUSEHOLDS}
# What reading the whole subtree looks like in a plan.
WHOLE_SUBTREE_NODES = {"Seq Scan", "Sort", "Incremental Sort", "Bitmap Heap Scan"}


SCALE = 0.02


@pytest.fixture(scope="module")
def lists_database_url(pg_url: str, demo_template: str) -> Iterator[str]:
    """The demo at ``SCALE``, shared by this module's tests (they only read)."""
    name = databases.create_database_from(pg_url, demo_template, prefix="lists_")
    url = with_database(pg_url, name)

    async def load() -> None:
        engine = create_engine(url, Settings())
        async with session_scope(create_session_factory(engine)) as session:
            await load_demo(session, scale=SCALE)
        await engine.dispose()

    asyncio.run(load())
    yield url
    databases.drop_database(pg_url, name)


@pytest.fixture
async def lists_desk(
    lists_database_url: str, settings: Settings, clock: ManualClock
) -> AsyncIterator[Desk]:
    async with graphql_client(settings, lists_database_url, clock) as client:
        yield Desk(client, clock, {})


@pytest.fixture
async def owner(lists_database_url: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(to_libpq_url(lists_database_url))
    # As autovacuum does on a live database: plans are judged with statistics.
    await connection.execute("ANALYZE persons; ANALYZE households")
    yield connection
    await connection.close()


@contextmanager
def captured(table: str) -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """The page statements (SQL, parameters) the app sends for ``table`` meanwhile."""
    statements: list[tuple[str, tuple[Any, ...]]] = []

    def keep(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_rest: Any) -> None:
        if f"FROM {table}" in sql and "LIMIT" in sql:
            statements.append((sql, tuple(parameters or ())))

    event.listen(Engine, "before_cursor_execute", keep)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", keep)


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool | int):
        return str(value).lower() if isinstance(value, bool) else str(value)
    return "'" + str(value).replace("'", "''") + "'"


async def plans(
    owner: asyncpg.Connection, sql: str, parameters: tuple[Any, ...], roots: str
) -> list[dict[str, Any]]:
    """The statement's custom and generic plans, executed as the request role scoped to
    ``roots`` (what ``governance.access.row_security`` sets for the viewer)."""
    found = []
    for mode in ("force_custom_plan", "force_generic_plan"):
        async with owner.transaction():
            await owner.execute(
                "SELECT set_config('grassroots.scope_regions', $1, true), "
                "set_config('grassroots.scope_household', '', true), "
                "set_config('grassroots.scope_served_regions', '', true)",
                roots,
            )
            await owner.execute(f"SET LOCAL role {REQUEST_ROLE}")
            await owner.execute(f"SET LOCAL plan_cache_mode = {mode}")
            await owner.execute(f"PREPARE page AS {sql}")
            arguments = ", ".join(_literal(value) for value in parameters)
            text = await owner.fetchval(
                f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE page({arguments})"
            )
            await owner.execute("DEALLOCATE page")
            found.append(json.loads(text)[0]["Plan"])
    return found


def nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def assert_reads_a_page(plan: dict[str, Any], index: str, returned: int) -> None:
    kinds = {node["Node Type"] for node in nodes(plan)}
    assert not kinds & WHOLE_SUBTREE_NODES, json.dumps(plan, indent=1)
    assert plan["Node Type"] == "Limit", plan
    [scan] = [node for node in nodes(plan) if node.get("Relation Name") in LISTS]
    assert scan["Node Type"] == "Index Scan", scan
    assert scan["Index Name"] == index, scan
    read = scan["Actual Rows"] + scan.get("Rows Removed by Filter", 0)
    # The page, the one extra row that says whether more follow, nothing else.
    assert read <= PAGE + 1, scan
    assert scan["Actual Rows"] == returned, scan


INDEXES = {
    "persons": "ix_persons_region_code_id",
    "households": "ix_households_region_code_number_id",
}


@pytest.mark.parametrize("table", ["persons", "households"])
@pytest.mark.parametrize(
    ("username", "under"),
    [("county.admin", None), ("county.admin", VILLAGE), ("huashi.admin", None)],
)
async def test_a_page_under_a_region_is_an_index_range_scan_that_stops_after_it(
    lists_desk: Desk, owner: asyncpg.Connection, table: str, username: str, under: str | None
) -> None:
    roots = COUNTY if username == "county.admin" else VILLAGE
    subtree = under or roots
    total = await owner.fetchval(
        f"SELECT count(*) FROM {table} WHERE ended_on IS NULL "
        "AND region_code >= $1 AND region_code < $1 || U&'\\FFFF'",
        subtree,
    )
    after = None
    for _page in range(2):  # the first page, then the one after its cursor
        with captured(table) as statements:
            data = await lists_desk.data(
                username, LISTS[table], first=PAGE, after=after, under=under
            )
        listed = data[table]
        [(sql, parameters)] = statements
        returned = min(PAGE + 1, total)
        for plan in await plans(owner, sql, parameters, roots):
            assert_reads_a_page(plan, INDEXES[table], returned)
        assert len(listed["nodes"]) == min(PAGE, total)
        total -= len(listed["nodes"])
        after = listed["pageInfo"]["endCursor"]
        if total <= 0:
            break
