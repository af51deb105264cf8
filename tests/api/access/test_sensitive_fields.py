"""Goal: a full ID number or phone leaves the server only for a role the field rule allows, in
scope, with a stated purpose; every request to unmask (granted or not) is in the access log,
written in one statement per request, also for GET requests; without a purpose nothing is
unmasked and nothing is logged.

Method: the real ASGI app over the demo; log rows read back from the database.
"""

from __future__ import annotations

import re
from typing import Any

import asyncpg

from kit.database import to_libpq_url
from tests.support.graphql import GraphQLClient

FULL_ID = re.compile(r"\d{17}[\dX]")
MASKED_ID = re.compile(r"130826\*{8}\d{3}[\dX]")
PERSONS = """query($purpose: DisclosurePurpose, $phonePurpose: DisclosurePurpose) {
  persons(filter: {underRegion: "130826001001001"}, first: 20) { edges { node {
    idCardNumber(purpose: $purpose, purposeDetail: "case 2026-17")
    phone(purpose: $phonePurpose) } } } }"""


async def _log(database_url: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(to_libpq_url(database_url))
    try:
        return await connection.fetch(
            "SELECT user_id, entity_kind, field, purpose, purpose_detail, granted "
            "FROM personal_data_access_log ORDER BY id"
        )
    finally:
        await connection.close()


async def _nodes(
    client: GraphQLClient, headers: dict[str, str], variables: dict[str, Any]
) -> tuple[list[dict[str, Any]], int]:
    body = await client.execute(PERSONS, variables, headers)
    statements = body["extensions"]["sql"]["statements"]
    return [edge["node"] for edge in body["data"]["persons"]["edges"]], statements


async def test_without_purpose_masked_and_unlogged(
    access_client: GraphQLClient,
    headers_by_user: dict[str, dict[str, str]],
    people_database_url: str,
) -> None:
    nodes, _ = await _nodes(access_client, headers_by_user["county.admin"], {})
    assert nodes
    assert all(MASKED_ID.fullmatch(node["idCardNumber"]) for node in nodes)
    assert await _log(people_database_url) == []


async def test_admin_unmasks_with_purpose_in_one_insert(
    access_client: GraphQLClient,
    headers_by_user: dict[str, dict[str, str]],
    people_database_url: str,
) -> None:
    variables = {"purpose": "IDENTITY_VERIFICATION"}
    nodes, statements = await _nodes(access_client, headers_by_user["huashi.admin"], variables)
    assert nodes
    assert all(FULL_ID.fullmatch(node["idCardNumber"]) for node in nodes)
    # Session check, page, log INSERT (one for the whole page), and the commit's bookkeeping.
    assert statements <= 4
    log = await _log(people_database_url)
    assert len(log) == len(nodes)
    assert {(row["field"], row["purpose"], row["granted"]) for row in log} == {
        ("ID_NUMBER", "IDENTITY_VERIFICATION", True)
    }
    assert {row["purpose_detail"] for row in log} == {"case 2026-17"}


async def test_refused_requests_stay_masked_and_are_logged(
    access_client: GraphQLClient,
    headers_by_user: dict[str, dict[str, str]],
    people_database_url: str,
) -> None:
    grid_worker = headers_by_user["huashi.grid1"]
    variables = {"purpose": "IDENTITY_VERIFICATION", "phonePurpose": "CONTACT"}
    nodes, _ = await _nodes(access_client, grid_worker, variables)
    assert nodes
    # A grid worker may call residents but not read their ID numbers.
    assert all(MASKED_ID.fullmatch(node["idCardNumber"]) for node in nodes)
    phones = [node["phone"] for node in nodes if node["phone"] is not None]
    assert phones
    assert all(re.fullmatch(r"1\d{10}", phone) for phone in phones)
    log = await _log(people_database_url)
    granted = {(row["field"], row["granted"]) for row in log}
    assert granted == {("ID_NUMBER", False), ("PHONE", True)}
    # An admin asking for the wrong purpose is refused too.
    nodes, _ = await _nodes(access_client, headers_by_user["huashi.admin"], {"purpose": "CONTACT"})
    assert all(MASKED_ID.fullmatch(node["idCardNumber"]) for node in nodes)


async def test_get_requests_commit_their_log(
    access_client: GraphQLClient,
    headers_by_user: dict[str, dict[str, str]],
    people_database_url: str,
) -> None:
    query = PERSONS.replace("$purpose", "IDENTITY_VERIFICATION", 2).replace(
        "query(IDENTITY_VERIFICATION: DisclosurePurpose, ", "query("
    )
    response = await access_client.http.get(
        "/graphql", params={"query": query}, headers=headers_by_user["county.admin"]
    )
    assert response.status_code == 200, response.text
    nodes = [edge["node"] for edge in response.json()["data"]["persons"]["edges"]]
    assert nodes
    assert all(FULL_ID.fullmatch(node["idCardNumber"]) for node in nodes)
    assert len(await _log(people_database_url)) == len(nodes)
