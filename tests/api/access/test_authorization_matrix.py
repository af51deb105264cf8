"""Goal: every role × every root query (and the sign-in mutations; the others are refused in
``test_mutation_matrix``) × an in-scope and an out-of-scope target
is allowed or denied as the policy (README "Who sees what") says, on every path a client can
take: root lists and their totals, guessed global ids through `node`/`nodes` with alias
enumeration, and nested edges. Out-of-scope reads return no data (null, empty, not counted),
never an error that would confirm the row exists.

Method: the policy restated independently (``policy.sees``) is the oracle. Targets are real rows
of the demo, picked by the county admin in four grids (花石社区第1网格, another grid of the same
village, of the same township, of 大阁镇) and the resident's own grid. The cases are keyed by
the schema's root fields: a root field or a Node type without a case fails the test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from api.schema import schema
from tests.api.access import test_mutation_matrix as mutation_matrix
from tests.api.access import test_workflow_matrix as workflow_matrix
from tests.api.access.policy import (
    ADMINS,
    ANONYMOUS,
    AUDIENCE_BY_NODE_TYPE,
    OWN_HOUSEHOLD,
    OWN_PERSON,
    REGION_OF_USER,
    SCOPED,
    SERVED_BY_CASHIER,
    STAFF,
    USERS,
    Target,
    covers,
    sees,
)
from tests.support.auth import bearer, credentials
from tests.support.graphql import GraphQLClient

GRID1 = "130826001001001"
HUASHI = "130826001001"
XINFENGLU = "130826001"
DAGE = "130826100"

# (in-scope area, out-of-scope area) per user, by name (resolved to grid codes below).
AREAS = {
    "county.admin": ("grid1", "dage"),  # the county covers everything: both are in scope
    "xinfenglu.admin": ("grid1", "dage"),
    "dage.admin": ("dage", "grid1"),
    "huashi.admin": ("grid1", "same_township"),
    "huashi.grid1": ("grid1", "same_village"),
    "xinfenglu.mediator": ("grid1", "dage"),
    "supermarket1.cashier": ("grid1", "dage"),  # sees no resident anywhere
    "resident.demo": ("own", "dage"),
    ANONYMOUS: ("grid1", "dage"),
}

# Root list fields: the entity kind they return and its audience.
LIST_FIELDS = {
    "persons": ("Person", SCOPED),
    "households": ("Household", SCOPED),
    "gridAssignments": ("GridAssignment", SCOPED),
    "governanceCenters": ("GovernanceCenter", STAFF),
    "serviceFacilities": ("ServiceFacility", STAFF),
    "servicePosts": ("ServicePost", STAFF),
    "insuranceParticipation": ("InsuranceParticipation", STAFF),
    "socialOrganizations": ("SocialOrganization", STAFF),
    "mediationCommittees": ("MediationCommittee", STAFF),
    "mediators": ("Mediator", STAFF),
}
# Root fields with their own case below.
OTHER_QUERY_FIELDS = frozenset(
    {
        "regionByCode",
        "viewer",
        "node",
        "nodes",
        "indicators",
        "indicatorValues",
        "bankHealth",
        "users",
        "regionDesignations",
    }
)
# The sign-in mutations, probed here; every other mutation has its cases (forbidden, bad
# input) in test_mutation_matrix and test_bad_input, which check the schema themselves.
MUTATION_FIELDS = mutation_matrix.SIGN_IN
# Node types probed here (the workflow and bank ones in test_workflow_matrix).
NODE_TYPES = frozenset(
    {"Region", "Person", "Household", "GridAssignment", "GovernanceCenter", "CenterStaffMember",
     "MediationCommittee", "Mediator", "ServiceFacility", "ServicePost", "SocialOrganization",
     "RegionDesignation"}
)  # fmt: skip


@dataclass
class World:
    grids: dict[str, str]
    targets: dict[str, list[Target]] = field(default_factory=dict)
    own_assignments: int = 0


def test_every_root_field_and_node_type_has_a_case() -> None:
    """No exemptions: each root field and Node type is probed here or in the workflow and bank
    matrices (``test_workflow_matrix``, ``test_mutation_matrix``)."""
    graphql_schema = schema._schema
    assert graphql_schema.query_type is not None
    assert graphql_schema.mutation_type is not None
    queries = set(graphql_schema.query_type.fields)
    covered = set(LIST_FIELDS) | OTHER_QUERY_FIELDS | workflow_matrix.QUERY_FIELDS
    assert queries == covered, "add a matrix case for new fields"
    assert set(graphql_schema.mutation_type.fields) >= MUTATION_FIELDS
    node_types = {
        name
        for name, graphql_type in graphql_schema.type_map.items()
        if any(i.name == "Node" for i in getattr(graphql_type, "interfaces", ()))
    }
    assert node_types == set(AUDIENCE_BY_NODE_TYPE), "add a read rule and a matrix case"
    assert set(AUDIENCE_BY_NODE_TYPE) == NODE_TYPES | workflow_matrix.NODE_TYPES


# --- building the world (as the county admin) -----------------------------------------------

GRIDS_UNDER = """query($code: String!) { persons(filter: {underRegion: $code}, first: 100) {
  edges { node { grid { code } } } } }"""
OWN = """query($p: ID!) { node(id: $p) { ... on Person { grid { code }
  gridAssignments(first: 0) { totalCount } } } }"""
PEOPLE_IN = """query($code: String!) {
  persons(filter: {underRegion: $code}, first: 1) { edges { node { id household { id } } } }
  gridAssignments(filter: {underRegion: $code}, first: 1) { edges { node { id person { id } } } }
  regionByCode(code: $code) { id } }"""
STAFF_IN = """query($code: String!) {
  governanceCenters(filter: {underRegion: $code}, first: 1) {
    edges { node { id staff(first: 1) { edges { node { id } } } } } }
  mediationCommittees(filter: {underRegion: $code}, first: 1) {
    edges { node { id mediators(first: 1) { edges { node { id } } } } } }
  serviceFacilities(filter: {underRegion: $code}, first: 1) { edges { node { id } } }
  servicePosts(filter: {underRegion: $code}, first: 1) { edges { node { id } } }
  socialOrganizations(filter: {underRegion: $code}, first: 1) { edges { node { id } } } }"""


async def _grid_under(
    client: GraphQLClient, county: dict[str, str], code: str, avoid: str | None = None
) -> str:
    edges = (await client.data(GRIDS_UNDER, {"code": code}, county))["persons"]["edges"]
    grids = [edge["node"]["grid"]["code"] for edge in edges]
    found = next(grid for grid in grids if avoid is None or not grid.startswith(avoid))
    assert found is not None
    return str(found)


def _first(data: dict[str, Any], name: str) -> dict[str, Any]:
    edges = data[name]["edges"]
    assert edges, f"the demo has no {name} here: the matrix would be vacuous"
    node: dict[str, Any] = edges[0]["node"]
    return node


async def _targets_in(client: GraphQLClient, county: dict[str, str], grid: str) -> list[Target]:
    people = await client.data(PEOPLE_IN, {"code": grid}, county)
    person, assignment = _first(people, "persons"), _first(people, "gridAssignments")
    staff = await client.data(STAFF_IN, {"code": grid[:9]}, county)
    center, committee = _first(staff, "governanceCenters"), _first(staff, "mediationCommittees")
    staff_targets = [
        ("GovernanceCenter", center),
        ("CenterStaffMember", _first(center, "staff")),
        ("MediationCommittee", committee),
        ("Mediator", _first(committee, "mediators")),
        ("ServiceFacility", _first(staff, "serviceFacilities")),
        ("ServicePost", _first(staff, "servicePosts")),
        ("SocialOrganization", _first(staff, "socialOrganizations")),
    ]
    household = person["household"]["id"]
    return [
        Target("Region", people["regionByCode"]["id"], grid),
        Target("Person", person["id"], grid, person=person["id"], household=household),
        Target("Household", household, grid, household=household),
        Target("GridAssignment", assignment["id"], grid, person=assignment["person"]["id"]),
        *(Target(type_name, row["id"], grid) for type_name, row in staff_targets),
    ]


async def _world(client: GraphQLClient, county: dict[str, str]) -> World:
    own = (await client.data(OWN, {"p": OWN_PERSON}, county))["node"]
    grids = {
        "grid1": GRID1,
        "same_village": await _grid_under(client, county, HUASHI, avoid=GRID1),
        "same_township": await _grid_under(client, county, XINFENGLU, avoid=HUASHI),
        "dage": await _grid_under(client, county, DAGE),
        "own": own["grid"]["code"],
    }
    assert not grids["own"].startswith(DAGE)
    world = World(grids, own_assignments=own["gridAssignments"]["totalCount"])
    for name, grid in grids.items():
        world.targets[name] = await _targets_in(client, county, grid)
    world.targets["own"] += [
        Target("Person", OWN_PERSON, grids["own"], person=OWN_PERSON, household=OWN_HOUSEHOLD),
        Target("Household", OWN_HOUSEHOLD, grids["own"], household=OWN_HOUSEHOLD),
    ]
    return world


async def _headers(client: GraphQLClient, user: str) -> dict[str, str]:
    if user == ANONYMOUS:
        return {}
    return bearer((await credentials(client, user))["accessToken"])


# --- the probes -------------------------------------------------------------------------------


async def _check_lists(
    client: GraphQLClient, headers: dict[str, str], user: str, world: World, area: str
) -> int:
    """Each root list filtered to the area: rows and total only if the policy allows."""
    grid = world.grids[area]
    selections = " ".join(
        f"{name}(filter: {{underRegion: $code{'' if audience == SCOPED else 'Township'}}}, "
        "first: 5) { totalCount edges { cursor } }"
        for name, (_, audience) in LIST_FIELDS.items()
    )
    query = f"query($code: String!, $codeTownship: String!) {{ {selections} }}"
    body = await client.execute(query, {"code": grid, "codeTownship": grid[:9]}, headers)
    for name, (kind, audience) in LIST_FIELDS.items():
        expected = _list_expected(user, kind, audience, grid, world)
        connection = body["data"][name]
        assert (connection["totalCount"] > 0) is expected, (user, name, area)
        assert bool(connection["edges"]) is expected, (user, name, area)
    return len(LIST_FIELDS)


def _list_expected(user: str, kind: str, audience: str, grid: str, world: World) -> bool:
    if user == "resident.demo" and audience == SCOPED:
        in_own_grid = grid == world.grids["own"]
        return in_own_grid and (kind != "GridAssignment" or world.own_assignments > 0)
    return sees(user, audience, Target(kind, "", grid))


async def _check_nodes(
    client: GraphQLClient, headers: dict[str, str], user: str, targets: list[Target]
) -> int:
    """Guessed ids, one alias each and all in one `nodes`: only visible ones come back."""
    aliases = " ".join(f'a{i}: node(id: "{t.id}") {{ id }}' for i, t in enumerate(targets))
    ids = ", ".join(f'"{t.id}"' for t in targets)
    body = await client.execute(f"{{ {aliases} nodes(ids: [{ids}]) {{ id }} }}", None, headers)
    for i, target in enumerate(targets):
        visible = sees(user, AUDIENCE_BY_NODE_TYPE[target.type_name], target)
        expected = {"id": target.id} if visible else None
        assert body["data"][f"a{i}"] == expected, (user, target)
        assert body["data"]["nodes"][i] == expected, (user, target)
    return 2 * len(targets)


NESTED = """query($grid: String!, $township: String!, $person: ID!, $household: ID!) {
  grid: regionByCode(code: $grid) { code gridWorkers(first: 20) { totalCount edges { cursor } } }
  township: regionByCode(code: $township) { governanceCenter { id }
    mediationCommittee { mediators(first: 5) { totalCount } } }
  person: node(id: $person) { ... on Person { household { id } } }
  household: node(id: $household) { ... on Household { members { id } head { id } } } }"""


async def _check_nested(
    client: GraphQLClient, headers: dict[str, str], user: str, world: World, area: str
) -> int:
    """Region.gridWorkers, Region.governanceCenter / mediationCommittee, Person.household,
    Household.members: scoped like the lists they come from."""
    targets = {t.type_name: t for t in world.targets[area]}
    grid, person, household = world.grids[area], targets["Person"], targets["Household"]
    variables = {
        "grid": grid,
        "township": grid[:9],
        "person": person.id,
        "household": household.id,
    }
    data = (await client.execute(NESTED, variables, headers))["data"]
    assignment = Target("GridAssignment", "", grid)
    workers_visible = _list_expected(user, "GridAssignment", SCOPED, grid, world)
    assert data["grid"]["code"] == grid, "regions are public"
    assert (data["grid"]["gridWorkers"]["totalCount"] > 0) is workers_visible, (user, area)
    assert bool(data["grid"]["gridWorkers"]["edges"]) is workers_visible, (user, area)
    staff = sees(user, STAFF, assignment)
    assert (data["township"]["governanceCenter"] is not None) is staff, (user, area)
    assert (data["township"]["mediationCommittee"] is not None) is staff, (user, area)
    if sees(user, SCOPED, person):
        assert data["person"] == {"household": {"id": person.household}}, (user, area)
    else:
        assert data["person"] is None, (user, area)
    if sees(user, SCOPED, household):
        members = {member["id"] for member in data["household"]["members"]}
        assert person.id in members or household.id != person.household, (user, area)
    else:
        assert data["household"] is None, (user, area)
    return 6


PUBLIC_FIELDS = """query($code: String!) { regionByCode(code: $code) { code }
  viewer { authenticated grants { role } sessions { current } }
  indicators { key }
  indicatorValues(regionCode: "130826", keys: ["village_police"]) { regionCode value }
  regionDesignations(filter: {includeWithdrawn: true}, first: 1) { totalCount
    edges { node { id kind } } } }"""
DESIGNATION_NODE = "query($id: ID!) { node(id: $id) { id ... on RegionDesignation { kind } } }"
AUTH_MUTATIONS = """mutation {
  login(input: {username: "nobody.matrix", password: "wrong-password"}) {
    credentials { accessToken } userErrors { code } }
  refreshToken(input: {refreshToken: "not-a-token"}) { credentials { accessToken } userErrors { code } }
  logout(input: {refreshToken: "not-a-token"}) { ended userErrors { code } } }"""


async def _check_public(
    client: GraphQLClient, headers: dict[str, str], user: str, world: World, area: str
) -> int:
    """Regions and the viewer are public; sign-in mutations answer anyone, refusing junk."""
    data = await client.data(PUBLIC_FIELDS, {"code": world.grids[area]}, headers)
    assert data["regionByCode"] == {"code": world.grids[area]}
    assert data["viewer"]["authenticated"] is (user != ANONYMOUS)
    # Only one's own sessions, the current one marked; none when anonymous.
    currents = [row["current"] for row in data["viewer"]["sessions"]]
    assert currents.count(True) == (user != ANONYMOUS), (user, currents)
    # The plan's indicators are public aggregates: the same for everyone.
    assert len(data["indicators"]) == 18
    [police] = data["indicatorValues"]
    assert police["regionCode"] == "130826"
    assert police["value"] is not None
    # Designations are public notice: listed and read by id alike for everyone.
    designations = data["regionDesignations"]
    assert designations["totalCount"] > 0, user
    [designation] = [edge["node"] for edge in designations["edges"]]
    node = (await client.data(DESIGNATION_NODE, {"id": designation["id"]}, headers))["node"]
    assert node == designation, user
    mutations = await client.data(AUTH_MUTATIONS, None, headers)
    for name in ("login", "refreshToken"):
        assert mutations[name]["credentials"] is None
        assert mutations[name]["userErrors"], name
    assert mutations["logout"]["ended"] is False
    return 9


async def _check_bank_health(client: GraphQLClient, headers: dict[str, str], user: str) -> int:
    """Settlement's health is for administrators (the demo has nothing set aside); null for
    anyone else (test_reads_are_pure shows entries set aside and their scope)."""
    data = await client.data("{ bankHealth { entriesSetAside { reason } } }", None, headers)
    expected = {"entriesSetAside": []} if user in ADMINS else None
    assert data["bankHealth"] == expected, user
    return 1


USERS_LIST = "{ users(first: 100) { totalCount edges { node { username } } } }"


def _account_location(account: str, world: World) -> str:
    """Where a demo account's one grant lies: its region, its supermarket's, its person's."""
    if account == "resident.demo":
        return world.grids["own"]
    return REGION_OF_USER.get(account) or SERVED_BY_CASHIER[account]


async def _check_users(
    client: GraphQLClient, headers: dict[str, str], user: str, world: World
) -> int:
    """Administrators list the accounts whose grants lie in their subtree; nobody else any."""
    data = (await client.data(USERS_LIST, None, headers))["users"]
    listed = {edge["node"]["username"] for edge in data["edges"]}
    expected = {
        account
        for account in USERS
        if account != ANONYMOUS and covers(user, _account_location(account, world), ADMINS)
    }
    assert listed & set(USERS) == expected, user
    assert (data["totalCount"] > 0) is (user in ADMINS), user
    return 1


@pytest.mark.parametrize("user", USERS)
async def test_matrix(access_client: GraphQLClient, user: str) -> None:
    county = await _headers(access_client, "county.admin")
    world = await _world(access_client, county)
    headers = await _headers(access_client, user)
    checked = 0
    for area in AREAS[user]:
        checked += await _check_lists(access_client, headers, user, world, area)
        checked += await _check_nodes(access_client, headers, user, world.targets[area])
        checked += await _check_nested(access_client, headers, user, world, area)
        checked += await _check_public(access_client, headers, user, world, area)
    checked += await _check_bank_health(access_client, headers, user)
    checked += await _check_users(access_client, headers, user, world)
    assert checked > 0
