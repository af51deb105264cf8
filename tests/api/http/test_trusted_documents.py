"""Goal: a request naming a registered ``documentId`` (GraphQL over HTTP, persisted-documents
appendix) runs that document, by POST and GET, with the public-answer cache and the rate limit
applying as to any request; an unknown or malformed identifier gets a clear 4xx, never a 500;
``GRASSROOTS_TRUSTED_DOCUMENTS=only`` refuses unregistered query texts (a registered one runs),
``off`` refuses identifiers; a manifest whose hash is not its document's is refused.

Method: the real ASGI app over the demo database; documents registered through
``governance.documents.register``, the path ``grassroots documents register`` takes.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import pytest

from governance import documents
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.support.auth import auth_settings
from tests.support.graphql import GraphQLClient, graphql_client

REGION = '{ regionByCode(code: "130826") { name level } }'
OTHER = '{ regionByCode(code: "130826001") { name } }'
JSON = {"accept": "application/json"}


async def _register(database_url: str, *texts: str) -> list[str]:
    engine = create_engine(database_url, Settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            found = {documents.document_id_of(text): text for text in texts}
            await documents.register(session, found)
    finally:
        await engine.dispose()
    return list(found)


@pytest.fixture
async def document_id(demo_database_url: str) -> str:
    [registered] = await _register(demo_database_url, REGION)
    return registered


def _settings(**overrides: object) -> Settings:
    return auth_settings(background_tasks=False, rate_limit_sync_interval_seconds=0, **overrides)


@pytest.fixture
async def client(demo_database_url: str) -> AsyncIterator[GraphQLClient]:
    async with graphql_client(_settings(), demo_database_url) as client:
        yield client


def test_the_identifier_is_the_sha256_of_the_text() -> None:
    # The appendix's own example.
    text = "query($id:ID!){user(id:$id){name}}"
    expected = "71f7dc5758652baac68e4a10c50be732b741c892ade2883a99358f52b555286b"
    assert documents.document_id_of(text) == f"sha256:{expected}"
    assert documents.from_manifest({expected: text}) == {f"sha256:{expected}": text}
    with pytest.raises(documents.DocumentProblem, match="not the SHA-256"):
        documents.from_manifest({hashlib.sha256(b"other").hexdigest(): text})
    with pytest.raises(documents.DocumentProblem):
        documents.from_manifest({"md5-ish": text})


async def test_a_registered_document_runs_by_post_and_get(
    client: GraphQLClient, document_id: str
) -> None:
    by_text = await client.http.post("/graphql", json={"query": REGION}, headers=JSON)
    by_id = await client.http.post("/graphql", json={"documentId": document_id}, headers=JSON)
    assert by_id.status_code == 200
    assert by_id.json() == by_text.json()
    assert by_id.json()["data"]["regionByCode"]["level"] == "COUNTY"

    url = "/graphql?" + urlencode({"documentId": document_id})
    got = await client.http.get(url, headers=JSON)
    assert got.json() == by_text.json()
    # The public-answer cache applies: an ETag, and 304 when the client has the answer.
    etag = got.headers.get("etag") or (await client.http.get(url, headers=JSON)).headers["etag"]
    again = await client.http.get(url, headers={**JSON, "if-none-match": etag})
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"documentId": "sha256:" + "0" * 64}, "No document is registered as `documentId`"),
        ({"documentId": "md5:abc"}, "`documentId` must be sha256:"),
        ({"documentId": "sha256:" + "A" * 64}, "`documentId` must be sha256:"),
        ({"documentId": 7}, "`documentId` must be sha256:"),
        ({"documentId": "sha256:" + "0" * 64, "query": REGION}, "either `query` or `documentId`"),
    ],
)
async def test_unknown_or_malformed_identifiers_get_a_clear_400(
    client: GraphQLClient, body: dict[str, object], message: str
) -> None:
    response = await client.http.post("/graphql", json=body, headers=JSON)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert message in error["message"]
    assert "data" not in response.json()


async def test_only_registered_documents_run_under_only(
    demo_database_url: str, document_id: str
) -> None:
    async with graphql_client(_settings(trusted_documents="only"), demo_database_url) as client:
        refused = await client.http.post("/graphql", json={"query": OTHER}, headers=JSON)
        assert refused.status_code == 403
        [error] = refused.json()["errors"]
        assert "documentId" in error["message"]
        assert error["extensions"]["code"] == "PERSISTED_DOCUMENT_REQUIRED"
        by_id = await client.http.post("/graphql", json={"documentId": document_id}, headers=JSON)
        assert by_id.json()["data"]["regionByCode"]["name"]
        # The registered text itself, sent in full, is the same document.
        by_text = await client.http.post("/graphql", json={"query": REGION}, headers=JSON)
        assert by_text.json() == by_id.json()


async def test_identifiers_are_refused_when_off(demo_database_url: str, document_id: str) -> None:
    async with graphql_client(_settings(trusted_documents="off"), demo_database_url) as client:
        response = await client.http.post(
            "/graphql", json={"documentId": document_id}, headers=JSON
        )
    assert response.status_code == 400
    assert "send `query`" in response.json()["errors"][0]["message"]


async def test_the_rate_limit_applies_to_identifiers(
    demo_database_url: str, document_id: str
) -> None:
    settings = _settings(rate_limit_burst_requests=2, rate_limit_refill_per_second=0.01)
    async with graphql_client(settings, demo_database_url) as client:
        statuses = [
            (await client.http.post("/graphql", json={"documentId": document_id})).status_code
            for _ in range(4)
        ]
    assert statuses[:2] == [200, 200]
    assert statuses[2:] == [429, 429]
