"""Goal: a frontend checks the plan's staffing of mediation committees (at least 2 mediators per
township committee; 3–9 members by law) and lists mediators by region and recognition.

Method: GraphQL over the real ASGI app on the demo at a tiny scale.
"""

from __future__ import annotations

from tests.support.graphql import GraphQLClient


async def test_township_committees_have_at_least_two_mediators(
    people_client: GraphQLClient,
) -> None:
    query = """{ mediationCommittees(filter: {levels: [TOWNSHIP]}, first: 100) { totalCount edges { node {
      name region { level } mediators(first: 10) { totalCount edges { node { role fullTime person { name } } } } } } } }"""
    committees = (await people_client.data(query))["mediationCommittees"]
    assert committees["totalCount"] == 27
    for edge in committees["edges"]:
        mediators = edge["node"]["mediators"]
        assert 3 <= mediators["totalCount"] <= 9
        assert [m["node"]["role"] for m in mediators["edges"]][:2] == ["CHAIR", "VICE_CHAIR"]


async def test_mediators_filtered(people_client: GraphQLClient) -> None:
    query = """{ mediators(filter: {underRegion: "130826100", fullTime: false}, first: 100) {
      totalCount edges { node { fullTime committee { region { code } } } } } }"""
    mediators = (await people_client.data(query))["mediators"]
    assert mediators["totalCount"] > 0
    for edge in mediators["edges"]:
        assert edge["node"]["fullTime"] is False
        assert edge["node"]["committee"]["region"]["code"].startswith("130826100")


async def test_region_to_committee(people_client: GraphQLClient) -> None:
    query = '{ regionByCode(code: "130826100") { mediationCommittee { name region { code } } } }'
    committee = (await people_client.data(query))["regionByCode"]["mediationCommittee"]
    assert committee["region"]["code"] == "130826100"
