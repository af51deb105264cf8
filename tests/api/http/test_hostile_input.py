"""Goal: input no client should send gets a clear 4xx answer, never a 500 (issue 15).

Method: raw HTTP requests through the real ASGI app over the demo regions.
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from kit.settings import Settings
from tests.support.auth import (
    TEST_JWT_SECRET,
    VIEWER,
    auth_settings,
    bearer,
    credentials,
    load_users,
)
from tests.support.graphql import GraphQLClient, graphql_client

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


def assert_bad_user_input(response: httpx.Response, words: str) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert "data" not in body, body
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", body
    assert words in error["message"], body


async def send(client: GraphQLClient, query: str, variables: dict[str, object]) -> httpx.Response:
    # json.dumps escapes what httpx's own encoding (UTF-8) cannot carry: lone surrogates.
    content = json.dumps({"query": query, "variables": variables})
    headers = {"accept": GRAPHQL_RESPONSE, "content-type": "application/json"}
    return await client.http.post("/graphql", content=content, headers=headers)


PERSONS_UNDER = "query($r: String) { persons(first: 1, filter: {underRegion: $r}) { totalCount } }"
REPORT = """mutation($title: String!) { reportGridEvent(input: {gridCode: "130826100201001",
  category: DISPUTE, title: $title, description: "d"}) { userErrors { code } } }"""
LOGIN_AS = """mutation($u: String!) { login(input: {username: $u, password: "p"}) {
  userErrors { code } } }"""


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800"])
@pytest.mark.parametrize(
    ("query", "name"),
    [(QUERY_WITH_VARIABLE, "c"), (PERSONS_UNDER, "r"), (REPORT, "title"), (LOGIN_AS, "u")],
)
async def test_control_characters_in_variables_are_bad_user_input(
    client: GraphQLClient, query: str, name: str, character: str
) -> None:
    """F5: a NUL reached PostgreSQL (500 or INTERNAL_SERVER_ERROR); now one check before
    execution refuses every control character but tab, line feed and carriage return, and
    lone surrogates, in any variable."""
    response = await send(client, query, {name: f"130826{character}"})
    assert_bad_user_input(response, f"Variable '${name}' holds U+{ord(character):04X}")


@pytest.mark.parametrize("escape", ["\\u0000", "\\u001F", "\\u{0}"])
async def test_control_characters_in_literal_arguments_are_bad_user_input(
    client: GraphQLClient, escape: str
) -> None:
    query = f'{{ regionByCode(code: "130826{escape}") {{ code }} }}'
    assert_bad_user_input(await send(client, query, {}), "A string argument holds U+00")


async def test_tab_line_feed_and_carriage_return_are_allowed(client: GraphQLClient) -> None:
    response = await send(client, QUERY_WITH_VARIABLE, {"c": "1308\t26\r\n"})
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"regionByCode": None}


@pytest.fixture
async def production_client(demo_database_url: str) -> AsyncIterator[GraphQLClient]:
    settings = Settings(production=True, jwt_secret=SecretStr(TEST_JWT_SECRET))
    async with graphql_client(settings, demo_database_url) as client:
        yield client


LOGIN_INPUT = "mutation($i: LoginInput!) { login(input: $i) { userErrors { code } } }"
SECRET = "hunter2-秘密"
WRONG_VARIABLES = [
    (LOGIN_INPUT, {"i": {"username": "someone", "pasword": SECRET}}),
    (LOGIN_INPUT, {"i": {"username": "someone", "password": [SECRET]}}),
    (LOGIN_INPUT, {"i": SECRET}),
    (PERSONS_UNDER.replace("String", "Int"), {"r": SECRET}),
    (
        "query($f: PersonFilter) { persons(first: 1, filter: $f) { totalCount } }",
        {"f": {"underRegio": SECRET}},
    ),
]


@pytest.mark.parametrize(("query", "variables"), WRONG_VARIABLES)
async def test_variable_errors_never_echo_values_nor_suggest_in_production(
    production_client: GraphQLClient, query: str, variables: dict[str, object]
) -> None:
    """F7: variable errors quoted the submitted value (a password) and, even in production,
    suggested field names. Now: the variable and the path at fault, the type expected."""
    response = await send(production_client, query, variables)
    assert response.status_code == 400, response.text
    message = response.json()["errors"][0]["message"]
    assert message.startswith("Variable '$"), message
    assert "hunter2" not in response.text
    assert "Did you mean" not in message


async def test_variable_errors_never_echo_values_in_development(client: GraphQLClient) -> None:
    query, variables = WRONG_VARIABLES[0]
    response = await send(client, query, variables)
    messages = " ".join(error["message"] for error in response.json()["errors"])
    assert "Did you mean 'password'?" in messages
    assert "hunter2" not in response.text


def global_id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def cursor(key: str) -> str:
    return base64.urlsafe_b64encode(f"k:{key}".encode()).decode()


NOTHING_IDS = [
    "Person:abc",
    "Person:99999999999999999999",
    "Person:",
    "Person:1e5",
    "Person:-1",
    "Region:99999999999999999999",
    "Foo:1",
    "123:1",
]


@pytest.mark.parametrize("text", NOTHING_IDS)
async def test_node_is_null_for_ids_that_name_nothing(client: GraphQLClient, text: str) -> None:
    """F6: these answered INTERNAL_SERVER_ERROR; the README promises null."""
    response = await send(
        client, "query($id: ID!) { node(id: $id) { id } }", {"id": global_id(text)}
    )
    assert response.json() == {"data": {"node": None}, "extensions": response.json()["extensions"]}


async def test_nodes_keeps_order_around_ids_that_name_nothing(client: GraphQLClient) -> None:
    region = global_id("Region:1")
    ids = [global_id(text) for text in NOTHING_IDS[:4]] + [region, global_id("Foo:1")]
    response = await send(client, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    body = response.json()
    assert "errors" not in body, body
    assert body["data"]["nodes"] == [None] * 4 + [{"id": region}, None]


@pytest.mark.parametrize(
    "key", ["[99999999999999999999]", "[-99999999999999999999]", '["\\u0000"]', '["\\ud800"]']
)
async def test_cursors_holding_what_no_column_holds_are_bad_user_input(
    client: GraphQLClient, key: str
) -> None:
    query = (
        "query($a: String) { persons(first: 1, after: $a, orderBy: {field: CREATED}) "
        "{ totalCount } }"
    )
    response = await send(client, query, {"a": cursor(f'{{"id":{key}}}')})
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body


@pytest.mark.parametrize("key", ["130826\x00", "130826\ud800"])
async def test_cursors_holding_characters_no_text_holds_are_bad_user_input(
    client: GraphQLClient, key: str
) -> None:
    query = (
        'query($a: String) { regionByCode(code: "130826") { children(after: $a) { totalCount } } }'
    )
    encoded = base64.urlsafe_b64encode(f"k:{key}".encode(errors="surrogatepass")).decode()
    body = (await send(client, query, {"a": encoded})).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body


async def test_an_id_argument_naming_nothing_is_bad_user_input(client: GraphQLClient) -> None:
    query = "query($c: ID) { disputeCases(filter: {committeeId: $c}) { totalCount } }"
    committee = global_id("MediationCommittee:99999999999999999999")
    body = (await send(client, query, {"c": committee})).json()
    assert body["errors"][0]["extensions"]["code"] in {"BAD_USER_INPUT", "UNAUTHENTICATED"}, body


@pytest.fixture
async def users_client(demo_database_url: str) -> AsyncIterator[GraphQLClient]:
    settings = auth_settings(cors_origins="https://app.example.org")
    await load_users(demo_database_url, settings)
    async with graphql_client(settings, demo_database_url) as client:
        yield client


async def test_signed_in_answers_are_not_stored_by_caches(users_client: GraphQLClient) -> None:
    """What a signed-in viewer sees (unmasked personal data included) is theirs alone."""
    token = (await credentials(users_client, "county.admin"))["accessToken"]
    signed_in = await users_client.post(VIEWER, **bearer(token))
    assert signed_in.status_code == 200
    assert signed_in.headers["cache-control"] == "no-store"
    anonymous = await users_client.post(VIEWER)
    assert "cache-control" not in anonymous.headers


async def test_cors_allows_listed_origins_only(users_client: GraphQLClient) -> None:
    """A browser app on a listed origin passes the preflight (was 405); any other does not."""
    preflight = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
    }
    allowed = await users_client.http.options(
        "/graphql", headers={"origin": "https://app.example.org", **preflight}
    )
    assert allowed.status_code == 200, allowed.text
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.org"
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    other = await users_client.http.options(
        "/graphql", headers={"origin": "https://evil.example.com", **preflight}
    )
    assert "access-control-allow-origin" not in other.headers
    simple = await users_client.post("{ __typename }", origin="https://app.example.org")
    assert simple.headers["access-control-allow-origin"] == "https://app.example.org"


async def test_no_cors_by_default(client: GraphQLClient) -> None:
    response = await client.post("{ __typename }", origin="https://app.example.org")
    assert "access-control-allow-origin" not in response.headers
