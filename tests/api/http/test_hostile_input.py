"""Goal: input no client should send gets a clear 4xx answer, never a 500 (issue 15).

Method: raw HTTP requests through the real ASGI app over the demo regions.
"""

from __future__ import annotations

import json

import httpx
import pytest

from tests.support.graphql import GraphQLClient

GRAPHQL_RESPONSE = "application/graphql-response+json"
QUERY_WITH_VARIABLE = "query($c: String!) { regionByCode(code: $c) { code } }"


def nested_lists(depth: int) -> str:
    return "[" * depth + '"130826"' + "]" * depth


def assert_client_error(response: httpx.Response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert "data" not in body
    assert words in body["errors"][0]["message"], body


@pytest.mark.parametrize("depth", [40, 1_000, 100_000])
async def test_deeply_nested_variables_in_a_post_are_400(client: GraphQLClient, depth: int) -> None:
    """F4: decoding 1,000 levels raised RecursionError (500); 40 decode but exceed the limit."""
    query = json.dumps(QUERY_WITH_VARIABLE)
    content = f'{{"query": {query}, "variables": {{"c": {nested_lists(depth)}}}}}'
    response = await client.http.post(
        "/graphql", content=content, headers={"content-type": "application/json"}
    )
    assert_client_error(response, 400, "nests JSON")


async def test_deeply_nested_variables_in_a_get_are_400(client: GraphQLClient) -> None:
    variables = f'{{"c": {nested_lists(5_000)}}}'
    params = {"query": QUERY_WITH_VARIABLE, "variables": variables}
    response = await client.http.get("/graphql", params=params)
    assert_client_error(response, 400, "nests JSON")


async def test_several_operations_without_an_operation_name_are_a_request_error(
    client: GraphQLClient,
) -> None:
    """The specification: which operation to run must be named; running the first is a guess."""
    body = {"query": "query A { __typename } query B { __typename }"}
    response = await client.http.post("/graphql", json=body, headers={"accept": GRAPHQL_RESPONSE})
    assert_client_error(response, 400, "operationName")


@pytest.mark.parametrize("accept", [None, "*/*", "application/*"])
async def test_no_accept_or_a_wildcard_answers_application_json(
    client: GraphQLClient, accept: str | None
) -> None:
    """The GraphQL-over-HTTP audit (graphql-http) warns unless these get application/json."""
    headers = {"content-type": "application/json"} | ({"accept": accept} if accept else {})
    content = json.dumps({"query": "{ __typename }"})
    response = await client.http.post("/graphql", content=content, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
