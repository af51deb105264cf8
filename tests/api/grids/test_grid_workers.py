"""Goal: a frontend answers "who is responsible for this grid" and "which grids does this person
cover", and walking county → townships → villages → grids → workers costs a constant number of
SQL statements however many rows come back.

Method: GraphQL over the real ASGI app on the demo at a tiny scale, with statement counting.
"""

from __future__ import annotations

from tests.support.graphql import GraphQLClient

# Page sizes per level keep the worst case under the query-cost limit (api.extensions.query_cost).
WALK = """query($townships: Int, $villages: Int, $grids: Int, $workers: Int) {
  regionByCode(code: "130826") { children(first: $townships) { edges { node {
    code children(first: $villages) { edges { node {
      code children(first: $grids) { edges { node {
        code gridWorkers(first: $workers) { totalCount edges { node {
          role volunteerSource duties startedOn person { name idCardNumber phone } } } }
} } } } } } } } } } }"""
SMALL = {"townships": 1, "villages": 2, "grids": 1, "workers": 2}
LARGE = {"townships": 27, "villages": 10, "grids": 10, "workers": 2}


def _rows(body: dict) -> tuple[int, int]:
    """(all nodes returned, of which workers)."""
    townships = body["data"]["regionByCode"]["children"]["edges"]
    villages = [v for t in townships for v in t["node"]["children"]["edges"]]
    grids = [g for v in villages for g in v["node"]["children"]["edges"]]
    workers = [w for g in grids for w in g["node"]["gridWorkers"]["edges"]]
    return len(townships) + len(villages) + len(grids) + len(workers), len(workers)


async def test_walk_to_workers_costs_constant_statements(people_client: GraphQLClient) -> None:
    """county → townships → villages → grids → workers (and each worker's person)."""
    small = await people_client.execute(WALK, SMALL)
    large = await people_client.execute(WALK, LARGE)
    small_rows, _ = _rows(small)
    large_rows, large_workers = _rows(large)
    assert small_rows <= 10
    assert large_rows >= 1_000
    assert large_workers >= 500
    statements = small["extensions"]["sql"]["statements"]
    assert statements == large["extensions"]["sql"]["statements"]
    assert statements <= 8


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
