"""Goal: a frontend can walk county → township → village → grid with the counts the plan gives.

Method: GraphQL over the real ASGI app on a database loaded with the Fengning divisions.
"""

from __future__ import annotations

from tests.support.graphql import GraphQLClient

COUNTY_QUERY = """
{ regionByCode(code: "130826") {
    name level kind
    children { totalCount }
    descendantCount(level: GRID)
    villages: descendantCount(level: VILLAGE)
} }
"""


async def test_county_counts(client: GraphQLClient) -> None:
    region = (await client.data(COUNTY_QUERY))["regionByCode"]
    assert region == {
        "name": "丰宁满族自治县",
        "level": "COUNTY",
        "kind": "COUNTY",
        "children": {"totalCount": 27},
        "descendantCount": 797,
        "villages": 323,
    }


async def test_subdistrict_has_421_grids(client: GraphQLClient) -> None:
    query = (
        '{ regionByCode(code: "130826001") { kind descendantCount(level: GRID) parent { code } } }'
    )
    region = (await client.data(query))["regionByCode"]
    assert region == {"kind": "SUBDISTRICT", "descendantCount": 421, "parent": {"code": "130826"}}


async def test_unknown_code_is_null(client: GraphQLClient) -> None:
    assert (await client.data('{ regionByCode(code: "999999") { id } }')) == {"regionByCode": None}


async def test_children_pages_forward_and_backward(client: GraphQLClient) -> None:
    page_query = """query($after: String, $before: String, $first: Int, $last: Int) {
      regionByCode(code: "130826") { children(first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { code } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    } } }"""
    codes: list[str] = []
    after = None
    while True:
        data = await client.data(page_query, {"first": 10, "after": after})
        children = data["regionByCode"]["children"]
        codes += [edge["node"]["code"] for edge in children["edges"]]
        if not children["pageInfo"]["hasNextPage"]:
            break
        after = children["pageInfo"]["endCursor"]
    assert len(codes) == 27
    assert codes == sorted(codes)
    last_page = await client.data(page_query, {"last": 5})
    tail = [e["node"]["code"] for e in last_page["regionByCode"]["children"]["edges"]]
    assert tail == codes[-5:]
    assert last_page["regionByCode"]["children"]["pageInfo"]["hasPreviousPage"] is True
    before = last_page["regionByCode"]["children"]["pageInfo"]["startCursor"]
    previous = await client.data(page_query, {"last": 3, "before": before})
    assert [e["node"]["code"] for e in previous["regionByCode"]["children"]["edges"]] == codes[
        -8:-5
    ]


async def test_node_round_trip(client: GraphQLClient) -> None:
    region = (await client.data('{ regionByCode(code: "130826100") { id name } }'))["regionByCode"]
    query = "query($id: ID!) { node(id: $id) { id ... on Region { name code } } }"
    node = (await client.data(query, {"id": region["id"]}))["node"]
    assert node == {"id": region["id"], "name": region["name"], "code": "130826100"}
    nodes = await client.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [region["id"]]}
    )
    assert nodes == {"nodes": [{"id": region["id"]}]}


async def test_page_size_is_capped(client: GraphQLClient) -> None:
    response = await client.post(
        '{ regionByCode(code: "130826") { children(first: 101) { totalCount } } }'
    )
    body = response.json()
    assert response.status_code == 200
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "100" in body["errors"][0]["message"]


async def test_malformed_cursor_is_a_user_error(client: GraphQLClient) -> None:
    response = await client.post(
        '{ regionByCode(code: "130826") { children(after: "%%%") { totalCount } } }'
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_walk_to_grids_costs_constant_statements(debug_sql_client: GraphQLClient) -> None:
    """The tree walk batches per level: the statement count does not grow with the rows."""
    query = """query($n: Int) { regionByCode(code: "130826") { children(first: $n) { totalCount edges { node {
      name descendantCount(level: GRID) children(first: $n) { totalCount edges { node {
        code children(first: $n) { totalCount edges { node { code parent { code } } } } } } } } } } } }"""
    small = await debug_sql_client.execute(query, {"n": 2})
    large = await debug_sql_client.execute(query, {"n": 30})
    grids = [
        grid
        for township in large["data"]["regionByCode"]["children"]["edges"]
        for village in township["node"]["children"]["edges"]
        for grid in village["node"]["children"]["edges"]
    ]
    assert len(grids) > 700
    assert small["extensions"]["sql"]["statements"] == large["extensions"]["sql"]["statements"]
    assert large["extensions"]["sql"]["statements"] <= 12


async def test_nodes_takes_at_most_100_ids(client: GraphQLClient) -> None:
    region = (await client.data('{ regionByCode(code: "130826") { id } }'))["regionByCode"]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    exactly = await client.data(query, {"ids": [region["id"]] * 100})
    assert len(exactly["nodes"]) == 100
    response = await client.post(query, {"ids": [region["id"]] * 101})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "100" in error["message"]


async def test_first_and_last_together_is_a_user_error(client: GraphQLClient) -> None:
    """The paging arguments are added once (api.pagination.PagingArguments) and still checked."""
    response = await client.post(
        '{ regionByCode(code: "130826") { children(first: 2, last: 2) { totalCount } } }'
    )
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "not both" in error["message"]


async def test_a_region_reached_from_another_area_has_every_areas_fields(
    people_client: GraphQLClient,
) -> None:
    """Goal: `Region` is one type whichever area hands it out (composed in api.nodes, built
    through api.common). Method: reach the same region from the root and through a
    governance center, and ask both for fields the grid, center and mediation areas add."""
    fields = "code parent { code } gridWorkers(first: 1) { totalCount } governanceCenter { name }"
    root = (await people_client.data(f'{{ regionByCode(code: "130826001") {{ {fields} }} }}'))[
        "regionByCode"
    ]
    via_center = (
        await people_client.data(
            f'{{ regionByCode(code: "130826001") {{ governanceCenter {{ region {{ {fields} }} }} }} }}'
        )
    )["regionByCode"]["governanceCenter"]["region"]
    assert root["governanceCenter"] is not None
    assert via_center == root
