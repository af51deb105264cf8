"""Goal: a frontend lists social organizations by region, kind, status and incubator.

Method: GraphQL over the real ASGI app on the demo at a tiny scale.
"""

from __future__ import annotations

from tests.support.graphql import GraphQLClient


async def test_filters(people_client: GraphQLClient) -> None:
    query = """query($filter: SocialOrganizationFilter) { socialOrganizations(filter: $filter, first: 100) {
      totalCount edges { node { id name kind status foundedOn village { code } incubatedBy { code level } } } } }"""
    everything = (await people_client.data(query))["socialOrganizations"]["totalCount"]
    assert everything > 323 * 2
    active_in_subdistrict = {"underRegion": "130826001", "statuses": ["ACTIVE"]}
    found = (await people_client.data(query, {"filter": active_in_subdistrict}))[
        "socialOrganizations"
    ]
    assert 0 < found["totalCount"] < everything
    for edge in found["edges"]:
        assert edge["node"]["status"] == "ACTIVE"
        assert edge["node"]["village"]["code"].startswith("130826001")
    by_county = {"incubatedUnder": "130826", "kinds": ["VOLUNTEER_SERVICE"]}
    incubated = (await people_client.data(query, {"filter": by_county}))["socialOrganizations"]
    for edge in incubated["edges"]:
        assert edge["node"]["incubatedBy"]["level"] in {"COUNTY", "TOWNSHIP"}
        assert edge["node"]["kind"] == "VOLUNTEER_SERVICE"
    node_id = found["edges"][0]["node"]["id"]
    node = await people_client.data(
        "query($id: ID!) { node(id: $id) { ... on SocialOrganization { name } } }", {"id": node_id}
    )
    assert node["node"]["name"] == found["edges"][0]["node"]["name"]
