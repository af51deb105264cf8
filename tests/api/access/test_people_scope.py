"""Goal: persons and households are visible only within the viewer's scope, on every path —
root lists and their totals, filters pointing outside the scope, guessed global ids through
`node`/`nodes` (with aliases), and nested edges — and an out-of-scope read returns no data
rather than an error that would confirm the row exists.

Method: the real ASGI app over the demo at a tiny scale; every demo user signed in. Expected
counts come from the county admin (who sees the whole county) filtered to each user's region.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from governance.access.demo import DEMO_HOUSEHOLD_ID, DEMO_PERSON_ID
from tests.api.access.conftest import ANONYMOUS
from tests.support.graphql import GraphQLClient

COUNT = """query($filter: PersonFilter) { persons(filter: $filter, first: 0) { totalCount }
  households(first: 0) { totalCount } }"""
FIRST_UNDER = """query($code: String!) {
  persons(filter: {underRegion: $code}, first: 1) { edges { node { id household { id } } } } }"""
REGION_BY_USER = {
    "county.admin": "130826",
    "xinfenglu.admin": "130826001",
    "dage.admin": "130826100",
    "huashi.admin": "130826001001",
    "huashi.grid1": "130826001001001",
    "xinfenglu.mediator": "130826001",
}


def global_id(type_name: str, node_id: int) -> str:
    return base64.b64encode(f"{type_name}:{node_id}".encode()).decode()


async def _data(
    client: GraphQLClient,
    headers: dict[str, str],
    query: str,
    variables: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return await client.data(query, variables, headers)


async def _own_household_size(client: GraphQLClient, county: dict[str, str]) -> int:
    query = "query($id: ID!) { node(id: $id) { ... on Household { members { id } } } }"
    node = (await _data(client, county, query, {"id": global_id("Household", DEMO_HOUSEHOLD_ID)}))[
        "node"
    ]
    return len(node["members"])


async def test_totals_follow_each_scope(
    access_client: GraphQLClient, headers_by_user: dict[str, dict[str, str]]
) -> None:
    county = headers_by_user["county.admin"]
    for username, code in REGION_BY_USER.items():
        expected = await _data(access_client, county, COUNT, {"filter": {"underRegion": code}})
        seen = await _data(access_client, headers_by_user[username], COUNT)
        assert seen["persons"]["totalCount"] == expected["persons"]["totalCount"] > 0, username
    resident = await _data(access_client, headers_by_user["resident.demo"], COUNT)
    assert resident["persons"]["totalCount"] == await _own_household_size(access_client, county)
    assert resident["households"]["totalCount"] == 1
    for nobody in ("supermarket1.cashier", ANONYMOUS):
        seen = await _data(access_client, headers_by_user[nobody], COUNT)
        assert seen == {"persons": {"totalCount": 0}, "households": {"totalCount": 0}}, nobody


async def test_a_filter_outside_the_scope_finds_nothing(
    access_client: GraphQLClient, headers_by_user: dict[str, dict[str, str]]
) -> None:
    dage = {"filter": {"underRegion": "130826100"}}
    seen = await _data(access_client, headers_by_user["xinfenglu.admin"], COUNT, dage)
    assert seen["persons"]["totalCount"] == 0


@pytest.mark.parametrize("username", ["dage.admin", "huashi.grid1", "supermarket1.cashier"])
async def test_guessed_ids_of_xinfenglu_people_come_back_null(
    access_client: GraphQLClient, headers_by_user: dict[str, dict[str, str]], username: str
) -> None:
    county = headers_by_user["county.admin"]
    # A resident of 新丰路街道 outside 花石社区's first grid: out of scope for all three users.
    found = await _data(access_client, county, FIRST_UNDER, {"code": "130826001002"})
    node = found["persons"]["edges"][0]["node"]
    person_id, household_id = node["id"], node["household"]["id"]
    query = """query($p: ID!, $h: ID!) {
      a1: node(id: $p) { id } a2: node(id: $h) { id }
      nodes(ids: [$p, $h]) { id } }"""
    body = await access_client.execute(
        query, {"p": person_id, "h": household_id}, headers_by_user[username]
    )
    assert body["data"] == {"a1": None, "a2": None, "nodes": [None, None]}


async def test_resident_sees_own_household_only(
    access_client: GraphQLClient, headers_by_user: dict[str, dict[str, str]]
) -> None:
    resident = headers_by_user["resident.demo"]
    query = """{ persons(first: 100) { edges { node { id household { id members { id } } } } } }"""
    edges = (await _data(access_client, resident, query))["persons"]["edges"]
    own = global_id("Household", DEMO_HOUSEHOLD_ID)
    assert {edge["node"]["household"]["id"] for edge in edges} == {own}
    assert global_id("Person", DEMO_PERSON_ID) in {edge["node"]["id"] for edge in edges}
    other = await _data(
        access_client,
        resident,
        "query($id: ID!) { node(id: $id) { id } }",
        {"id": global_id("Household", 2)},
    )
    assert other == {"node": None}


async def test_nested_people_outside_the_scope_are_null(
    access_client: GraphQLClient, headers_by_user: dict[str, dict[str, str]]
) -> None:
    """A grid worker sees the grid's workers (assignments in scope) but not a worker who lives
    elsewhere; the mediator list (staff, county-wide) shows persons only within the scope."""
    grid1 = headers_by_user["huashi.grid1"]
    query = (
        """{ mediators(first: 100) { edges { node { person { region: village { code } } } } } }"""
    )
    edges = (await _data(access_client, grid1, query))["mediators"]["edges"]
    assert edges, "mediators are staff information, visible county-wide"
    for edge in edges:
        person = edge["node"]["person"]
        assert person is None or person["region"]["code"] == "130826001001"
