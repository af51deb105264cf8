"""Goal: a frontend counts service facilities, appointed posts and insurance per region, which
is how the plan's targets are measured (counseling rooms in every township, 一村一警, 100% cover).

Method: GraphQL over the real ASGI app on the demo at a tiny scale.
"""

from __future__ import annotations

from tests.support.graphql import GraphQLClient


async def test_every_township_has_a_counseling_room(people_client: GraphQLClient) -> None:
    query = """{ serviceFacilities(filter: {kinds: [PSYCHOLOGICAL_COUNSELING_ROOM]}, first: 100) {
      totalCount edges { node { kind name region { level code } } } } }"""
    facilities = (await people_client.data(query))["serviceFacilities"]
    townships = {
        e["node"]["region"]["code"]
        for e in facilities["edges"]
        if e["node"]["region"]["level"] == "TOWNSHIP"
    }
    assert len(townships) == 27
    police = """{ serviceFacilities(filter: {kinds: [POLICE_POST]}) { totalCount } }"""
    assert (await people_client.data(police))["serviceFacilities"]["totalCount"] == 11


async def test_service_posts_in_a_township(people_client: GraphQLClient) -> None:
    query = """{ servicePosts(filter: {underRegion: "130826100", kinds: [COMMUNITY_POLICE_OFFICER]}, first: 100) {
      totalCount edges { node { kind organization region { code level } person { name idCardNumber } } } } }"""
    posts = (await people_client.data(query))["servicePosts"]
    assert posts["totalCount"] > 0
    for edge in posts["edges"]:
        assert edge["node"]["kind"] == "COMMUNITY_POLICE_OFFICER"
        assert edge["node"]["region"]["code"].startswith("130826100")
        assert "*" in edge["node"]["person"]["idCardNumber"]


async def test_insurance_per_village(people_client: GraphQLClient) -> None:
    query = """{ insuranceParticipation(filter: {year: 2020}, first: 100) { totalCount edges { node {
      year residentsTotal residentsInsured insuredPerMille village { level } } } } }"""
    insurance = (await people_client.data(query))["insuranceParticipation"]
    assert insurance["totalCount"] == 323
    for edge in insurance["edges"]:
        node = edge["node"]
        assert node["village"]["level"] == "VILLAGE"
        assert 0 <= node["residentsInsured"] <= node["residentsTotal"]
        assert 0 <= node["insuredPerMille"] <= 1000
