"""Goal: a frontend reads the plan's indicators for a region and ranks its children, with
numerator, denominator, target, met and history; the cost is one query per indicator at most,
whatever the number of children; anyone may read them (aggregates, no personal data).

Method: the hand-built county of ``tests.support.indicators`` committed to a fresh database,
then GraphQL over the real ASGI app with statement counting on.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from governance.indicators import service
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.support import indicators as fixture
from tests.support.graphql import GraphQLClient, graphql_client

VALUES = """query ($code: String!, $keys: [String!]) {
  indicatorValues(regionCode: $code, keys: $keys, asOf: "2026-11-25") {
    indicator { key target unitLevel unitKind formulaKind deadline planSentence }
    regionCode available numerator denominator units value target met deadline rank
    history { period numerator denominator value }
    children { regionCode regionName rank numerator denominator value met
      history { period value } }
  }
}"""


@pytest.fixture
async def indicator_client(database_url: str) -> AsyncIterator[GraphQLClient]:
    engine = create_engine(database_url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        await fixture.build(session)
        await service.take_snapshot(session, fixture.AS_OF)
    await engine.dispose()
    async with graphql_client(Settings(debug_sql=True), database_url) as client:
        yield client


async def test_definitions_are_listed_in_order(indicator_client: GraphQLClient) -> None:
    data = await indicator_client.data("{ indicators { key name target comparison deadline } }")
    keys = [indicator["key"] for indicator in data["indicators"]]
    assert keys[0] == "government_services"
    assert set(keys) == set(fixture.EXPECTED) | fixture.UNAVAILABLE


async def test_county_values_rank_townships(indicator_client: GraphQLClient) -> None:
    body = await indicator_client.execute(VALUES, {"code": fixture.COUNTY})
    values = {value["indicator"]["key"]: value for value in body["data"]["indicatorValues"]}
    assert set(values) == set(fixture.EXPECTED) | fixture.UNAVAILABLE
    for key, expected in fixture.EXPECTED.items():
        value = values[key]
        assert (value["numerator"], value["denominator"]) == expected[fixture.COUNTY], key
        children = {child["regionCode"]: child for child in value["children"]}
        for code in (fixture.T1, fixture.T2):
            if code in expected:
                found = (children[code]["numerator"], children[code]["denominator"])
                assert found == expected[code], (key, code)
    police = values["village_police"]
    assert police["value"] == 0.6
    assert police["target"] == 1.0
    assert police["met"] is False
    assert [(c["regionCode"], c["rank"], c["met"]) for c in police["children"]] == [
        (fixture.T1, 1, True),
        (fixture.T2, 2, False),
    ]
    assert police["history"] == [
        {"period": "2026-11-01", "numerator": 3, "denominator": 5, "value": 0.6}
    ]
    assert police["children"][0]["history"] == [{"period": "2026-11-01", "value": 1.0}]
    hearings = values["major_petition_hearings"]
    assert hearings["available"] is True
    assert (hearings["numerator"], hearings["denominator"]) == (0, 12)
    assert hearings["met"] is False
    # Region, definitions, children, one query per indicator, history (one per depth: 2),
    # and the anonymous request's switch to the row-security role.
    statements = body["extensions"]["sql"]["statements"]
    assert statements == len(values) + 5 + 1, statements


async def test_region_indicators_for_a_township_rank_its_villages(
    indicator_client: GraphQLClient,
) -> None:
    query = """{ regionByCode(code: "130899001") { indicators(keys: ["village_police", "township_courts"], asOf: "2026-11-25") {
      indicator { key } value met children { regionCode value rank } } } }"""
    data = await indicator_client.data(query)
    values = {v["indicator"]["key"]: v for v in data["regionByCode"]["indicators"]}
    assert values["village_police"]["value"] == 1.0
    assert [c["regionCode"] for c in values["village_police"]["children"]] == [
        fixture.V11,
        fixture.V12,
        fixture.C13,
    ]
    assert values["township_courts"]["met"] is True
    assert values["township_courts"]["children"] == []


async def test_statements_do_not_grow_with_regions(indicator_client: GraphQLClient) -> None:
    """Every township's indicators in one request: still one query per indicator."""
    query = """{ regionByCode(code: "130899") { children(first: 10) { edges { node {
      indicators { indicator { key } value children { value } } } } } } }"""
    body = await indicator_client.execute(query)
    edges = body["data"]["regionByCode"]["children"]["edges"]
    assert len(edges) == 2
    assert all(len(edge["node"]["indicators"]) == 16 for edge in edges)
    # Region, children page, definitions, region rows, their children, 16 calculators, and
    # the anonymous request's switch to the row-security role.
    statements = body["extensions"]["sql"]["statements"]
    assert statements == 16 + 5 + 1, statements


async def test_unknown_region_and_too_many_keys_are_refused(
    indicator_client: GraphQLClient,
) -> None:
    response = await indicator_client.post(VALUES, {"code": "999999"})
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    response = await indicator_client.post(VALUES, {"code": fixture.COUNTY, "keys": ["x"] * 51})
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_fengning_townships_cost_one_query_per_indicator(
    debug_sql_client: GraphQLClient,
) -> None:
    """All 27 townships of the real tree, each with its villages ranked: no N+1."""
    query = """{ regionByCode(code: "130826") { children(first: 30) { edges { node {
      indicators(asOf: "2026-11-25") { indicator { key } value children { regionCode value } } } } } } }"""
    body = await debug_sql_client.execute(query)
    edges = body["data"]["regionByCode"]["children"]["edges"]
    assert len(edges) == 27
    assert all(len(edge["node"]["indicators"]) == 16 for edge in edges)
    assert body["extensions"]["sql"]["statements"] == 16 + 5 + 1  # as above
