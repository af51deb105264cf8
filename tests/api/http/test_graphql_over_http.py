"""Goal: /graphql follows the GraphQL-over-HTTP specification; bad input never yields a 500.

Method: raw HTTP requests through the real ASGI app, asserting status, media type and body shape.
"""

from __future__ import annotations

import json

import httpx
import pytest

from tests.support.graphql import GraphQLClient

GRAPHQL_RESPONSE = "application/graphql-response+json"
QUERY = '{ regionByCode(code: "130826") { code } }'


async def post(
    client: GraphQLClient, body: object, accept: str | None = GRAPHQL_RESPONSE
) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if accept is not None:
        headers["accept"] = accept
    return await client.http.post("/graphql", content=json.dumps(body), headers=headers)


async def test_success_uses_graphql_response_json(client: GraphQLClient) -> None:
    response = await post(client, {"query": QUERY})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    body = response.json()
    assert body["data"] == {"regionByCode": {"code": "130826"}}
    assert body["extensions"]["cost"]["requestedQueryCost"] == 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"query": "{ regionByCode(code: "}, "parse error"),
        ({"query": "{ unknownField }"}, "validation error"),
        (
            {
                "query": "query($c: String!) { regionByCode(code: $c) { code } }",
                "variables": {"c": 5},
            },
            "variable type",
        ),
        ({"query": "query($c: String!) { regionByCode(code: $c) { code } }"}, "missing variable"),
    ],
)
async def test_request_errors_are_400_without_data(
    client: GraphQLClient, body: object, reason: str
) -> None:
    response = await post(client, body)
    assert response.status_code == 400, reason
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    payload = response.json()
    assert "data" not in payload, reason
    assert payload["errors"]
    assert payload["errors"][0]["message"]


async def test_legacy_json_gets_200_for_request_errors(client: GraphQLClient) -> None:
    response = await post(client, {"query": "{ unknownField }"}, accept="application/json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert "data" not in response.json()


async def test_accept_preference_and_wildcards(client: GraphQLClient) -> None:
    assert (
        (await post(client, {"query": QUERY}, accept=f"{GRAPHQL_RESPONSE}, */*;q=0.5"))
        .headers["content-type"]
        .startswith(GRAPHQL_RESPONSE)
    )
    json_first = "application/json, application/graphql-response+json;q=0.9"
    assert (
        (await post(client, {"query": QUERY}, accept=json_first))
        .headers["content-type"]
        .startswith("application/json")
    )
    assert (await post(client, {"query": QUERY}, accept=None)).status_code == 200


async def test_unacceptable_accept_is_406(client: GraphQLClient) -> None:
    assert (await post(client, {"query": QUERY}, accept="text/csv")).status_code == 406


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[]", "application/json", 400),
        (b'{"query": 5}', "application/json", 400),
        (b'{"query": "{ __typename }", "variables": []}', "application/json", 400),
        (b'{"query": "{ __typename }", "operationName": 3}', "application/json", 400),
        (b"query=%7B__typename%7D", "application/x-www-form-urlencoded", 415),
        (b"\xff\xfe", "application/json", 400),
    ],
)
async def test_malformed_requests_are_4xx(
    client: GraphQLClient, content: bytes, content_type: str, status: int
) -> None:
    response = await client.http.post(
        "/graphql", content=content, headers={"content-type": content_type}
    )
    assert response.status_code == status
    assert "Traceback" not in response.text
    assert response.json()["errors"][0]["message"]


async def test_body_size_is_limited(client: GraphQLClient) -> None:
    huge = json.dumps({"query": "{ __typename }", "padding": "x" * 2_000_000})
    response = await client.http.post(
        "/graphql", content=huge, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


async def test_get_runs_queries(client: GraphQLClient) -> None:
    response = await client.http.get("/graphql", params={"query": QUERY})
    assert response.status_code == 200
    assert response.json()["data"]["regionByCode"]["code"] == "130826"


async def test_get_with_bad_variables_is_400(client: GraphQLClient) -> None:
    response = await client.http.get("/graphql", params={"query": QUERY, "variables": "{oops"})
    assert response.status_code == 400


async def test_get_refuses_mutations_with_405(client: GraphQLClient) -> None:
    response = await client.http.get("/graphql", params={"query": "mutation { __typename }"})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


async def test_unknown_operation_name_is_400(client: GraphQLClient) -> None:
    response = await post(client, {"query": "query A { __typename }", "operationName": "B"})
    assert response.status_code == 400
    assert "data" not in response.json()


async def test_graphiql_for_browsers(client: GraphQLClient) -> None:
    response = await client.http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_health_and_readiness(client: GraphQLClient) -> None:
    assert (await client.http.get("/healthz")).json() == {"status": "ok"}
    ready = await client.http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
