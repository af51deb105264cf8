"""Goal: every governance type is a Relay `Node`: its global id, fetched back through
`nodes(ids:)`, returns the same object, and a mixed batch costs one query per type.

Method: collect one id of each type through the lists, then fetch them all at once with
statement counting on.
"""

from __future__ import annotations

from tests.support.graphql import GraphQLClient

IDS = """{
  persons(first: 1) { edges { node { id household { id } } } }
  gridAssignments(first: 1) { edges { node { id } } }
  governanceCenters(first: 1) { edges { node { id staff(first: 1) { edges { node { id } } } } } }
  serviceFacilities(first: 1) { edges { node { id } } }
  servicePosts(first: 1) { edges { node { id } } }
  socialOrganizations(first: 1) { edges { node { id } } }
  mediationCommittees(first: 1) { edges { node { id mediators(first: 1) { edges { node { id } } } } } }
}"""
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"


async def test_every_type_round_trips(people_client: GraphQLClient) -> None:
    data = await people_client.data(IDS)
    person = data["persons"]["edges"][0]["node"]
    center = data["governanceCenters"]["edges"][0]["node"]
    committee = data["mediationCommittees"]["edges"][0]["node"]
    ids = [
        person["id"],
        person["household"]["id"],
        center["id"],
        center["staff"]["edges"][0]["node"]["id"],
        committee["id"],
        committee["mediators"]["edges"][0]["node"]["id"],
        *(
            data[name]["edges"][0]["node"]["id"]
            for name in (
                "gridAssignments",
                "serviceFacilities",
                "servicePosts",
                "socialOrganizations",
            )
        ),
    ]
    body = await people_client.execute(NODES, {"ids": ids})
    nodes = body["data"]["nodes"]
    assert [node["id"] for node in nodes] == ids
    assert {node["__typename"] for node in nodes} == {
        "Person",
        "Household",
        "GovernanceCenter",
        "CenterStaffMember",
        "MediationCommittee",
        "Mediator",
        "GridAssignment",
        "ServiceFacility",
        "ServicePost",
        "SocialOrganization",
    }
    # One statement per type, plus the check that the signed-in session is still live.
    assert body["extensions"]["sql"]["statements"] <= len(ids) + 1
