"""Goal: a frontend pages through residents and households with filters, sees identifiers only
masked, and moves between a person, their household, village and grid.

Method: GraphQL over the real ASGI app on the demo at a tiny scale.
"""

from __future__ import annotations

import re

from tests.support.graphql import GraphQLClient

PERSONS = """query($filter: PersonFilter, $order: PersonOrder, $first: Int, $after: String) {
  persons(filter: $filter, orderBy: $order, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name birthDate idCardNumber phone tags gender
      village { code level } grid { code } household { number head { name } } } } } }"""


async def test_identifiers_are_masked(people_client: GraphQLClient) -> None:
    data = await people_client.data(PERSONS, {"first": 50})
    for edge in data["persons"]["edges"]:
        node = edge["node"]
        assert re.fullmatch(r"130826\*{8}[0-9]{3}[0-9X]", node["idCardNumber"])
        assert node["phone"] is None or re.fullmatch(r"1[0-9]{2}\*{4}[0-9]{4}", node["phone"])
        assert node["village"]["level"] == "VILLAGE"
        assert node["grid"]["code"].startswith(node["village"]["code"])


async def test_filter_under_a_township_by_tag(people_client: GraphQLClient) -> None:
    everyone = (await people_client.data(PERSONS, {"first": 0}))["persons"]["totalCount"]
    township = {"underRegion": "130826100"}
    in_township = await people_client.data(PERSONS, {"filter": township, "first": 100})
    assert 0 < in_township["persons"]["totalCount"] < everyone
    for edge in in_township["persons"]["edges"]:
        assert edge["node"]["village"]["code"].startswith("130826100")
    elders = {"underRegion": "130826100", "tagsAll": ["EMPTY_NEST_ELDER"]}
    tagged = await people_client.data(PERSONS, {"filter": elders, "first": 100})
    assert tagged["persons"]["totalCount"] <= in_township["persons"]["totalCount"]
    assert all("EMPTY_NEST_ELDER" in e["node"]["tags"] for e in tagged["persons"]["edges"])


async def test_pages_by_birth_date_cover_everyone_once(people_client: GraphQLClient) -> None:
    variables = {
        "filter": {"underRegion": "130826101"},
        "order": {"field": "BIRTH_DATE", "direction": "DESC"},
        "first": 7,
        "after": None,
    }
    seen: list[tuple[str, str]] = []
    while True:
        persons = (await people_client.data(PERSONS, variables))["persons"]
        seen += [(e["node"]["birthDate"], e["node"]["id"]) for e in persons["edges"]]
        if not persons["pageInfo"]["hasNextPage"]:
            break
        variables["after"] = persons["pageInfo"]["endCursor"]
    assert len(seen) == persons["totalCount"]
    assert len(set(seen)) == len(seen)
    dates = [birth_date for birth_date, _ in seen]
    assert dates == sorted(dates, reverse=True)


async def test_household_members_head_first(people_client: GraphQLClient) -> None:
    query = """{ households(filter: {underRegion: "130826001"}, first: 20) { totalCount edges { node {
      number village { code } head { id relationToHead } members { id relationToHead household { number } } } } } }"""
    households = (await people_client.data(query))["households"]
    assert households["totalCount"] > 0
    for edge in households["edges"]:
        node = edge["node"]
        assert node["head"]["relationToHead"] == "HEAD"
        assert node["members"][0]["id"] == node["head"]["id"]
        assert {m["household"]["number"] for m in node["members"]} == {node["number"]}


async def test_a_cursor_from_another_ordering_is_refused(people_client: GraphQLClient) -> None:
    first = await people_client.data(PERSONS, {"first": 1})
    cursor = first["persons"]["pageInfo"]["endCursor"]
    response = await people_client.post(
        PERSONS, {"first": 1, "after": cursor, "order": {"field": "NAME"}}
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_households_by_member_tag(people_client: GraphQLClient) -> None:
    query = """{ households(filter: {underRegion: "130826100", memberTagsAny: [LIFTED_OUT_OF_POVERTY]}, first: 100) {
      totalCount edges { node { members { tags } } } } }"""
    households = (await people_client.data(query))["households"]
    assert households["totalCount"] > 0
    for edge in households["edges"]:
        assert any("LIFTED_OUT_OF_POVERTY" in m["tags"] for m in edge["node"]["members"])
