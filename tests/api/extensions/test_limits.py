"""Goal: documents beyond the published limits are refused before execution, with a 400.

Method: hostile documents (deep, alias-heavy, token-heavy, costly) sent over HTTP; cost figures
checked against a hand count.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from api.extensions.hardening import ALIASES_MAX, QUERY_DEPTH_MAX, TOKENS_MAX
from api.extensions.query_cost import QUERY_COST_MAX
from kit.settings import Settings
from tests.support.auth import TEST_JWT_SECRET
from tests.support.graphql import GraphQLClient, graphql_client


async def refused(
    client: GraphQLClient, query: str, variables: dict[str, object] | None = None
) -> str:
    response = await client.post(query, variables)
    assert response.status_code == 400, response.text
    body = response.json()
    assert "data" not in body
    return str(body["errors"][0]["message"])


async def test_depth_limit(client: GraphQLClient) -> None:
    deep = (
        '{ regionByCode(code: "130826") { '
        + "parent { " * QUERY_DEPTH_MAX
        + "code"
        + " }" * QUERY_DEPTH_MAX
        + " } }"
    )
    assert "depth" in (await refused(client, deep)).lower()


async def test_alias_limit(client: GraphQLClient) -> None:
    aliases = " ".join(
        f'a{n}: regionByCode(code: "130826") {{ code }}' for n in range(ALIASES_MAX + 1)
    )
    assert "alias" in (await refused(client, "{ " + aliases + " }")).lower()


async def test_token_limit(client: GraphQLClient) -> None:
    fields = " ".join(["__typename"] * (TOKENS_MAX + 1))
    assert "token" in (await refused(client, "{ " + fields + " }")).lower()


async def test_cost_is_reported_and_matches_a_hand_count(client: GraphQLClient) -> None:
    query = """{ regionByCode(code: "130826") { children(first: 10) { edges { node {
      children(first: 5) { totalCount edges { node { code } } } } } } } }"""
    body = await client.execute(query)
    # region 1 + townships connection 1 + 10 townships + 10 village connections + 50 villages
    assert body["extensions"]["cost"] == {
        "requestedQueryCost": 72,
        "maximumAvailable": QUERY_COST_MAX,
    }


async def test_costly_query_is_refused(client: GraphQLClient) -> None:
    query = """query($n: Int) { regionByCode(code: "130826") { children(first: $n) { edges { node {
      children(first: $n) { edges { node { children(first: $n) { edges { node { code } } } } } } } } } } }"""
    message = await refused(client, query, {"n": 100})
    assert str(QUERY_COST_MAX) in message


@pytest.fixture
async def production_client(demo_database_url: str) -> AsyncIterator[GraphQLClient]:
    settings = Settings(production=True, jwt_secret=SecretStr(TEST_JWT_SECRET))
    async with graphql_client(settings, demo_database_url) as client:
        yield client


async def test_production_disables_introspection_and_suggestions(
    production_client: GraphQLClient,
) -> None:
    assert (
        "introspection"
        in (await refused(production_client, "{ __schema { types { name } } }")).lower()
    )
    message = await refused(production_client, '{ regionByCod(code: "1") { code } }')
    assert "Did you mean" not in message
    response = await production_client.http.get("/graphql", headers={"accept": "text/html"})
    assert "graphiql" not in response.text.lower()


async def test_development_keeps_suggestions(client: GraphQLClient) -> None:
    assert "Did you mean" in await refused(client, '{ regionByCod(code: "1") { code } }')
