"""Goal: whatever a low-privilege or anonymous client sends — any query or mutation the schema
allows, invalid documents, malformed HTTP — the server answers without a 5xx, without a
traceback or SQL text, and without a full ID number (``\\d{17}[\\dXx]``) anywhere.

Method: hypothesis-graphql generates queries and mutations (valid and invalid) from the
schema; generation is separate from sending (a fixed seed, no example database, a bounded
number of examples, so CI sees the same documents every run); every document is sent through
the real ASGI app over the demo as the resident and anonymously. A hand-written list of
malformed requests follows. ``GRASSROOTS_FUZZ_EXAMPLES`` raises the count for a longer run.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import AsyncIterator
from typing import Any

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, nodes, queries

from api.schema import schema
from tests.api.access.conftest import UNLIMITED
from tests.support.auth import auth_settings, bearer, credentials
from tests.support.graphql import GraphQLClient, graphql_client

FUZZ_SEED = 20261125
EXAMPLES = int(os.environ.get("GRASSROOTS_FUZZ_EXAMPLES", "400"))
FULL_ID_NUMBER = re.compile(r"\d{17}[\dXx]")
# What must never reach a client: Python tracebacks, driver names, SQL.
LEAKS = re.compile(
    r"Traceback|File \"|sqlalchemy|asyncpg|psycopg|\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b"
    r"|\bDELETE FROM\b|\bWHERE\b"
)
# A fixed request id: random hex ids could themselves contain 18 digits in a row.
REQUEST_ID = "fuzz"
SCALARS = {
    "Date": st.dates().map(nodes.String),
    "DateTime": st.datetimes().map(lambda value: nodes.String(value.isoformat() + "Z")),
}


def generate(strategy: st.SearchStrategy[Any], count: int) -> list[str]:
    """``count`` documents drawn with a fixed seed (no shrinking: nothing fails here)."""
    drawn: list[str] = []

    @seed(FUZZ_SEED)
    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(document: Any) -> None:
        drawn.append(str(document))

    collect()
    return drawn


def documents() -> list[str]:
    graphql_schema = graphql.print_schema(schema._schema)
    common: dict[str, Any] = {"custom_scalars": SCALARS, "allow_x00": False}
    return [
        *generate(queries(graphql_schema, **common), EXAMPLES),
        *generate(mutations(graphql_schema, **common), EXAMPLES // 3),
        *generate(queries(graphql_schema, mode=Mode.NEGATIVE, **common), EXAMPLES // 3),
    ]


def assert_safe(response: httpx.Response, what: object) -> None:
    """No 5xx, no leak, no ID number other than an echo of the client's own request."""
    assert response.status_code < 500, (what, response.text)
    text = response.text
    assert not LEAKS.search(text), (what, text)
    sent = str(what)
    numbers = [number for number in FULL_ID_NUMBER.findall(text) if number not in sent]
    assert not numbers, (what, text)


@pytest.fixture
async def fuzz_client(people_database_url: str) -> AsyncIterator[GraphQLClient]:
    async with graphql_client(auth_settings(**UNLIMITED), people_database_url) as client:
        yield client


async def test_generated_documents(fuzz_client: GraphQLClient) -> None:
    resident = bearer((await credentials(fuzz_client, "resident.demo"))["accessToken"])
    viewers = [resident, {}]
    for document in documents():
        for headers in viewers:
            response = await fuzz_client.post(document, **headers, **{"x-request-id": REQUEST_ID})
            assert_safe(response, document)


GUESSES = """query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Person {
  idCardNumber(purpose: IDENTITY_VERIFICATION) phone(purpose: CONTACT)
  household { members { idCardNumber(purpose: POVERTY_RELIEF) } } } } }"""


async def test_resident_guessing_ids_sees_no_id_number(fuzz_client: GraphQLClient) -> None:
    """The resident asks for the first hundred persons by guessed id, with every purpose that
    might unmask: out-of-scope ones are null, their own household's stay masked."""

    resident = bearer((await credentials(fuzz_client, "resident.demo"))["accessToken"])
    ids = [base64.b64encode(f"Person:{i}".encode()).decode() for i in range(1, 101)]
    response = await fuzz_client.post(GUESSES, {"ids": ids}, **resident)
    assert_safe(response, "guesses")
    found = [node for node in response.json()["data"]["nodes"] if node is not None]
    assert 0 < len(found) < len(ids)


DEEP = '{ regionByCode(code: "130826") { ' + "parent { " * 40 + "code" + " }" * 41 + " }"
ALIAS_BOMB = "{ " + " ".join(f'a{i}: node(id: "UGVyc29uOjE=") {{ id }}' for i in range(200)) + " }"
COSTLY = (
    "{ persons(first: 100) { edges { node { gridAssignments(first: 100) { edges { node {"
    " person { gridAssignments(first: 100) { edges { node { id } } } } } } } } } } }"
)
TOKEN_BOMB = "{ " + "__typename " * 6000 + "}"
MALFORMED_BODIES: list[tuple[bytes, str]] = [
    (b"", "application/json"),
    (b"{", "application/json"),
    (b"[]", "application/json"),
    (b'[{"query": "{ __typename }"}]', "application/json"),
    (b'{"query": 1}', "application/json"),
    (b'{"query": "{ __typename }", "variables": "x"}', "application/json"),
    (b'{"query": "{ __typename }", "operationName": 7}', "application/json"),
    (b'{"query": "query A { __typename } query B { __typename }"}', "application/json"),
    (b'{"query": "{ persons(first: -1) { totalCount } }"}', "application/json"),
    (b'{"query": "{ persons(first: 101) { totalCount } }"}', "application/json"),
    (b'{"query": "{ persons(after: \\"not json\\") { totalCount } }"}', "application/json"),
    (b'{"query": "{ node(id: \\"!!!\\") { id } }"}', "application/json"),
    (b'{"query": "{ node(id: \\"UGVyc29uOmFiYw==\\") { id } }"}', "application/json"),
    (b'{"query": "{ nodes(ids: [\\"Tm9wZTox\\"]) { id } }"}', "application/json"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (b"query=%7B__typename%7D", "application/x-www-form-urlencoded"),
    (b"{ __typename }", "application/graphql"),
    (b'{"query": "{ __typename }"}', "text/plain"),
    (b'{"query": "' + b"a" * 1_100_000 + b'"}', "application/json"),
]


@pytest.mark.parametrize("document", [DEEP, ALIAS_BOMB, COSTLY, TOKEN_BOMB])
async def test_abusive_documents_are_refused_before_execution(
    fuzz_client: GraphQLClient, document: str
) -> None:
    response = await fuzz_client.post(document)
    assert_safe(response, document[:80])
    body = response.json()
    assert body["errors"], document[:80]
    assert body.get("data") is None


async def test_malformed_requests(fuzz_client: GraphQLClient) -> None:
    for content, content_type in MALFORMED_BODIES:
        response = await fuzz_client.http.post(
            "/graphql", content=content, headers={"content-type": content_type}
        )
        assert_safe(response, content[:80])
    for authorization in ("Bearer", "Bearer x.y.z", "Basic dXNlcjpwYXNz", "Bearer " + "a" * 5000):
        response = await fuzz_client.post("{ __typename }", authorization=authorization)
        assert_safe(response, authorization[:20])
        assert response.status_code == 401
    for params in (
        {"query": 'mutation { logout(input: {refreshToken: "x"}) { ended } }'},
        {"query": "{ __typename }", "variables": "{"},
        {"query": "{ __typename }", "extensions": "[]"},
    ):
        response = await fuzz_client.http.get("/graphql", params=params)
        assert_safe(response, params)


# Found by this fuzz test: a failing non-null root field made GraphQL cancel a sibling mid-query,
# which closed the connection and turned the commit into a 500.
SIBLING_FAILS = """{ regionByCode(code: "130826") { descendantCount(level: GRID) }
  persons(first: 1, last: 1) { totalCount } }"""


async def test_a_failing_sibling_does_not_break_the_request(fuzz_client: GraphQLClient) -> None:
    resident = bearer((await credentials(fuzz_client, "resident.demo"))["accessToken"])
    for headers in (resident, {}):
        response = await fuzz_client.post(SIBLING_FAILS, **headers)
        assert_safe(response, SIBLING_FAILS)
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


# Issue 15: strings no client should send, in every string argument of every root field.
LONG_TEXT_LENGTH = 10_000
EXAMPLES_PER_FIELD = int(os.environ.get("GRASSROOTS_FUZZ_EXAMPLES_PER_FIELD", "4"))
HOSTILE_STRINGS = st.one_of(
    st.builds(
        lambda text, control: text + control,
        st.text(max_size=8),
        # NUL is what PostgreSQL text refuses: drawn as often as all other controls together.
        st.one_of(st.just("\x00"), st.characters(categories=["Cc"])),
    ),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF).map(lambda c: f"13{c}26"),
    st.sampled_from(["1" * LONG_TEXT_LENGTH, "丰" * LONG_TEXT_LENGTH]),
)


def hostile_documents() -> list[str]:
    """A few documents per root query and mutation field, with hostile strings wherever a
    String is taken (ids and custom scalars stay as the main fuzz test makes them)."""
    graphql_schema = graphql.print_schema(schema._schema)
    scalars = {**SCALARS, "String": HOSTILE_STRINGS.map(nodes.String)}
    drawn: list[str] = []
    for root, strategy in (
        (schema._schema.query_type, queries),
        (schema._schema.mutation_type, mutations),
    ):
        assert root is not None
        for name in sorted(root.fields):
            fields_strategy = strategy(graphql_schema, fields=[name], custom_scalars=scalars)
            drawn.extend(generate(fields_strategy, EXAMPLES_PER_FIELD))
    return drawn


async def test_hostile_strings_in_every_string_argument(fuzz_client: GraphQLClient) -> None:
    """Goal: control characters, lone surrogates and 10,000-character strings in any string
    argument of any query or mutation never give a 5xx nor INTERNAL_SERVER_ERROR.
    Method: each root field's documents as the resident, sent as JSON escaped to ASCII (a lone
    surrogate cannot be encoded otherwise)."""
    resident = bearer((await credentials(fuzz_client, "resident.demo"))["accessToken"])
    headers = {"content-type": "application/json", "x-request-id": REQUEST_ID, **resident}
    for document in hostile_documents():
        content = json.dumps({"query": document})
        response = await fuzz_client.http.post("/graphql", content=content, headers=headers)
        assert_safe(response, document)
        assert "INTERNAL_SERVER_ERROR" not in response.text, (document[:300], response.text)
