"""Goal: a frontend lists governance centers at each level with their staff, filtered by region,
and reaches a region's center from the region.

Method: GraphQL over the real ASGI app on the demo at a tiny scale.
"""

from __future__ import annotations

from tests.support.graphql import GraphQLClient


async def test_three_levels_of_centers(people_client: GraphQLClient) -> None:
    query = """query($levels: [RegionLevel!]) { governanceCenters(filter: {levels: $levels}, first: 100) {
      totalCount edges { node { name region { level } } } } }"""
    for level, expected in (("COUNTY", 1), ("TOWNSHIP", 27)):
        centers = (await people_client.data(query, {"levels": [level]}))["governanceCenters"]
        assert centers["totalCount"] == expected
        assert {e["node"]["region"]["level"] for e in centers["edges"]} == {level}
    villages = (await people_client.data(query, {"levels": ["VILLAGE"]}))["governanceCenters"]
    assert 0 < villages["totalCount"] < 323


async def test_township_center_staff_batched(people_client: GraphQLClient) -> None:
    query = """query($n: Int) { regionByCode(code: "130826") { children(first: $n) { edges { node {
      governanceCenter { name staff(first: 10) { totalCount edges { node { position person { name } } } } }
    } } } } }"""
    small = await people_client.execute(query, {"n": 2})
    large = await people_client.execute(query, {"n": 27})
    townships = large["data"]["regionByCode"]["children"]["edges"]
    assert len(townships) == 27
    for township in townships:
        staff = township["node"]["governanceCenter"]["staff"]
        positions = {edge["node"]["position"] for edge in staff["edges"]}
        assert {"DIRECTOR", "POLITICAL_LEGAL", "PETITION", "MEDIATION"} <= positions
    assert small["extensions"]["sql"]["statements"] == large["extensions"]["sql"]["statements"]


async def test_centers_under_a_township(people_client: GraphQLClient) -> None:
    query = """{ governanceCenters(filter: {underRegion: "130826100"}, first: 100) {
      edges { node { region { code } } } } }"""
    edges = (await people_client.data(query))["governanceCenters"]["edges"]
    codes = [edge["node"]["region"]["code"] for edge in edges]
    assert "130826100" in codes
    assert all(code.startswith("130826100") for code in codes)
