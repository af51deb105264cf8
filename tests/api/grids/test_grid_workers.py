"""Goal: a frontend answers "who is responsible for this grid" and "which grids does this person
cover", and walking county → townships → villages → grids → workers costs a constant number of
SQL statements however many rows come back.

Method: GraphQL over the real ASGI app on the demo at a tiny scale, with statement counting.
"""

from __future__ import annotations

from tests.support.graphql import GraphQLClient

WALK = """query($n: Int) { regionByCode(code: "130826") { children(first: $n) { edges { node {
  code children(first: $n) { edges { node {
    code children(first: $n) { edges { node {
      code gridWorkers(first: $n) { totalCount edges { node {
        role volunteerSource duties startedOn person { name idCardNumber phone } } } }
} } } } } } } } } } }"""


def _workers(body: dict) -> list[dict]:
    return [
        worker["node"]
        for township in body["data"]["regionByCode"]["children"]["edges"]
        for village in township["node"]["children"]["edges"]
        for grid in village["node"]["children"]["edges"]
        for worker in grid["node"]["gridWorkers"]["edges"]
    ]


async def test_walk_to_workers_costs_constant_statements(people_client: GraphQLClient) -> None:
    small = await people_client.execute(WALK, {"n": 2})
    large = await people_client.execute(WALK, {"n": 100})
    assert 5 <= len(_workers(small)) <= 16
    assert len(_workers(large)) >= 1000
    statements = small["extensions"]["sql"]["statements"]
    assert statements == large["extensions"]["sql"]["statements"]
    assert statements <= 10


async def test_every_grid_has_a_worker(people_client: GraphQLClient) -> None:
    body = await people_client.execute(WALK, {"n": 100})
    grids = [
        grid["node"]
        for township in body["data"]["regionByCode"]["children"]["edges"]
        for village in township["node"]["children"]["edges"]
        for grid in village["node"]["children"]["edges"]
    ]
    assert len(grids) == 797
    assert all(grid["gridWorkers"]["totalCount"] >= 1 for grid in grids)


async def test_subdistrict_grids_have_volunteers(people_client: GraphQLClient) -> None:
    query = """{ gridAssignments(filter: {underRegion: "130826001"}, first: 100) {
      totalCount edges { node { role volunteerSource grid { code } } } } }"""
    data = (await people_client.data(query))["gridAssignments"]
    assert data["totalCount"] == 421
    for edge in data["edges"]:
        assert edge["node"]["role"] == "VOLUNTEER"
        assert edge["node"]["volunteerSource"] is not None
        assert edge["node"]["grid"]["code"].startswith("130826001")


async def test_which_grids_a_person_covers(people_client: GraphQLClient) -> None:
    query = """{ gridAssignments(filter: {roles: [TOWNSHIP_HEAD]}, first: 1) {
      edges { node { person { id name } } } } }"""
    person = (await people_client.data(query))["gridAssignments"]["edges"][0]["node"]["person"]
    covers = """query($id: ID!) { node(id: $id) { ... on Person {
      gridAssignments(first: 100) { totalCount edges { node { role grid { code level } } } } } } }"""
    assignments = (await people_client.data(covers, {"id": person["id"]}))["node"][
        "gridAssignments"
    ]
    assert assignments["totalCount"] >= 1
    assert {edge["node"]["grid"]["level"] for edge in assignments["edges"]} == {"GRID"}
    assert "TOWNSHIP_HEAD" in {edge["node"]["role"] for edge in assignments["edges"]}
