"""Goal: the authorization matrix of the workflows (grid events, disputes, petitions,
deliberation, disclosure) and the morality bank (schemes, rules, applications, objections,
announcements, accounts, supermarkets, goods, volunteering): every role × every root query ×
an in-scope and an out-of-scope target, on every path a client can take (root fields, guessed
global ids through `node`/`nodes` with one alias per id, nested edges). Out-of-scope reads
return no data: null, empty, not counted, never an error.

Method: the county admin makes one row of every kind in NEAR (花石社区第1网格) and FAR (a grid of
大阁镇) through the API (``world.build``), the resident reports an event and is signed up; then
each user's answers are compared with the policy restated in ``policy.sees``. Mutations are in
``test_mutation_matrix``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse

from tests.api.access import cases_orgs
from tests.api.access import world as worlds
from tests.api.access.cases_institutions import build_institutions
from tests.api.access.policy import (
    ADMINS,
    ANONYMOUS,
    AUDIENCE_BY_NODE_TYPE,
    CASHIER_OF_SUPERMARKET,
    RESIDENT,
    SCOPED,
    STAFF_USERS,
    USERS,
    Target,
    covers,
    database_id,
    sees,
)
from tests.support.auth import bearer, credentials
from tests.support.graphql import GraphQLClient

# "Today" is the app clock's (GRASSROOTS_TEST_NOW): also run at calendar boundaries.
pytestmark = pytest.mark.date_sensitive


async def headers_of(client: GraphQLClient, user: str) -> dict[str, str]:
    if user == ANONYMOUS:
        return {}
    return bearer((await credentials(client, user))["accessToken"])


async def build_world(client: GraphQLClient) -> worlds.World:
    county = await headers_of(client, "county.admin")
    world = await worlds.build(client, county)
    for area in world.areas.values():
        await build_institutions(worlds.Actor(client, county), area)
        await cases_orgs.add_rows(worlds.Actor(client, county), area)
    resident = worlds.Actor(client, await headers_of(client, RESIDENT))
    await worlds.add_own_rows(worlds.Actor(client, county), resident, world)
    # A session of the resident's besides the one each test signs in with (``endSession``).
    sessions = await resident.data("{ viewer { sessions { id current } } }")
    [world.own["session"]] = [row["id"] for row in sessions["viewer"]["sessions"] if row["current"]]
    return world


def visible(user: str, target: Target) -> bool:
    return sees(user, AUDIENCE_BY_NODE_TYPE[target.type_name], target)


# Under the alias limit (30), with `nodes` itself counted.
ALIASES_PER_PROBE = 20


async def _check_nodes(
    client: GraphQLClient, headers: dict[str, str], user: str, targets: list[Target]
) -> int:
    """Guessed ids, one alias each and all in one `nodes`: only visible ones come back."""
    aliases = " ".join(f'a{i}: node(id: "{t.id}") {{ id }}' for i, t in enumerate(targets))
    ids = ", ".join(f'"{t.id}"' for t in targets)
    body = await client.execute(f"{{ {aliases} nodes(ids: [{ids}]) {{ id }} }}", None, headers)
    for i, target in enumerate(targets):
        expected = {"id": target.id} if visible(user, target) else None
        assert body["data"][f"a{i}"] == expected, (user, target)
        assert body["data"]["nodes"][i] == expected, (user, target)
    return 2 * len(targets)


# Root fields and Node types probed here (test_authorization_matrix checks none is missing).
NODE_TYPES = frozenset(AUDIENCE_BY_NODE_TYPE) - {
    "Region", "Person", "Household", "GridAssignment", "GovernanceCenter", "CenterStaffMember",
    "MediationCommittee", "Mediator", "ServiceFacility", "ServicePost", "SocialOrganization",
    "RegionDesignation",
}  # fmt: skip


# Root connections: (kind, the filter region of an area: grid, village or township).
CONNECTIONS = {
    "gridEvents": ("GridEvent", "grid"),
    "disputeCases": ("DisputeCase", "village"),
    "petitions": ("Petition", "township"),
    "petitionHearings": ("PetitionHearing", "township"),
    "receptionDays": ("ReceptionDay", "township"),
    "deliberationMeetings": ("DeliberationMeeting", "grid"),
    "villageDisclosures": ("VillageDisclosure", "village"),
}
LISTS = """query($village: String!, $township: String!, $household: ID!,
  $account: ID!, $person: ID!) {
  pointsApplications(underRegion: $village, first: 100) { totalCount nodes { id } }
  pointsAnnouncements(regionCode: $village, first: 100) { totalCount nodes { id } }
  pointsAccounts(householdId: $household) { totalCount nodes { id } }
  pointsAccount(id: $account) { id }
  pointsSchemes(regionCode: $village, first: 100) { totalCount nodes { id } }
  supermarkets(regionCode: $township, first: 100) { nodes { id goods(first: 100) { nodes { id } } } }
  volunteerRecord(personId: $person) { serviceMinutes }
  volunteerActivities(filter: {underRegion: $village}, first: 100) { totalCount
    nodes { id signUps(first: 100) { totalCount nodes { id } } } }
  volunteerCertificates(filter: {underRegion: $village}, first: 100) { totalCount nodes { id } }
  myVolunteering { confirmedMinutes signUps(first: 100) { totalCount nodes { id } }
    certificates(first: 100) { nodes { id } } }
  myPointsAccounts(first: 100) { totalCount nodes { id } } }"""


def _ids(rows: list[dict[str, Any]] | None) -> set[str]:
    return {row["id"] for row in rows or []}


def _check_scoped_list(user: str, connection: dict[str, Any], target: Target) -> None:
    """A root list holds the target exactly when the user may read it; otherwise (in the
    area's filter) nothing at all, and counts nothing."""
    found = _ids(connection["nodes"])
    assert (target.id in found) is visible(user, target), (user, target.type_name)
    if not visible(user, target):
        assert found == set(), (user, target.type_name)
        assert connection["totalCount"] == 0, (user, target.type_name)


async def _check_connections(
    client: GraphQLClient, headers: dict[str, str], user: str, area: worlds.Area
) -> int:
    """Each workflow root list filtered to the area: the row and a total only if visible."""
    places = {"grid": area.grid, "village": area.village, "township": area.township}
    selections = " ".join(
        f'{name}(filter: {{underRegion: "{places[level]}"}}, first: 100) '
        "{ totalCount edges { node { id } } }"
        for name, (_, level) in CONNECTIONS.items()
    )
    data = (await client.execute(f"{{ {selections} }}", None, headers))["data"]
    for name, (kind, _) in CONNECTIONS.items():
        target = Target(kind, area.ids[kind], _region(area, kind))
        ids = {edge["node"]["id"] for edge in data[name]["edges"]}
        if visible(user, target):
            assert target.id in ids, (user, name)
            assert data[name]["totalCount"] >= 1, (user, name)
        else:
            assert ids == set(), (user, name)
            assert data[name]["totalCount"] == 0, (user, name)
    return len(CONNECTIONS)


def _region(area: worlds.Area, kind: str) -> str:
    return next(t.grid for t in worlds.area_targets(area) if t.type_name == kind)


def _check_volunteering(
    user: str, data: dict[str, Any], world: worlds.World, targets: dict[str, Target]
) -> None:
    """The board, an activity's sign-ups, certificates and the resident's own volunteering."""
    activity, sign_up = targets["VolunteerActivity"], targets["VolunteerSignUp"]
    _check_scoped_list(user, data["volunteerActivities"], activity)
    _check_scoped_list(user, data["volunteerCertificates"], targets["VolunteerCertificate"])
    listed = {row["id"]: row for row in data["volunteerActivities"]["nodes"]}
    if activity.id in listed:
        # The world's sign-up is in the activity's list exactly for those who may read it.
        sign_ups = _ids(listed[activity.id]["signUps"]["nodes"])
        assert (sign_up.id in sign_ups) is visible(user, sign_up), user
    mine = data["myVolunteering"]
    assert (mine is not None) is (user == RESIDENT), user
    if mine is not None:
        assert world.own["sign_up"] in _ids(mine["signUps"]["nodes"]), user


async def _check_bank_lists(
    client: GraphQLClient, headers: dict[str, str], user: str, world: worlds.World, name: str
) -> int:
    area = world.areas[name]
    variables = {
        "village": area.village,
        "township": area.township,
        "household": area.household,
        "account": area.ids["PointsAccount"],
        "person": area.ids["certified_person"],
    }
    data = (await client.execute(LISTS, variables, headers))["data"]
    targets = {t.type_name: t for t in worlds.area_targets(area)}
    account = targets["PointsAccount"]
    for field, kind in (
        ("pointsApplications", "PointsApplication"),
        ("pointsAnnouncements", "PointsAnnouncement"),
    ):
        _check_scoped_list(user, data[field], targets[kind])
    # Keyed by a household: for those who may see its account (the till of a supermarket
    # serving it too: the accounts, not the household).
    account_visible = visible(user, account)
    assert (account.id in _ids(data["pointsAccounts"]["nodes"])) is account_visible, user
    if not account_visible:
        assert data["pointsAccounts"] == {"totalCount": 0, "nodes": []}, user
    assert data["pointsAccount"] == ({"id": account.id} if visible(user, account) else None)
    # The catalog is public notice: the same for everyone.
    assert targets["PointsScheme"].id in _ids(data["pointsSchemes"]["nodes"]), user
    supermarket = next(s for s in data["supermarkets"]["nodes"] if s["id"] == area.supermarket)
    assert targets["Goods"].id in _ids(supermarket["goods"]["nodes"]), user
    person = Target("Person", area.ids["certified_person"], area.grid)
    record = data["volunteerRecord"]
    assert (record is not None) is sees(user, SCOPED, person), user
    if record is not None:
        assert record["serviceMinutes"] == 60
    _check_volunteering(user, data, world, targets)
    own = _ids(data["myPointsAccounts"]["nodes"])
    assert (world.own["account"] in own) is (user == RESIDENT), user
    assert own == set() or user == RESIDENT, user
    assert data["myPointsAccounts"]["totalCount"] == len(own), user
    return 12


TILL = """query($market: ID!, $number: String!, $day: Date!) {
  tillHouseholds(supermarketId: $market, search: {householdNumber: $number},
                 purpose: SERVICE_DELIVERY) { number accounts { id } }
  supermarketDayReport(supermarketId: $market, day: $day) { day } }"""


async def _check_till(
    client: GraphQLClient, headers: dict[str, str], user: str, world: worlds.World, name: str
) -> int:
    """The till: a household only to the cashiers of a supermarket serving it (through that
    supermarket), with its accounts; the day-end report to those cashiers and the
    administrators over the supermarket's region."""
    area, near = world.areas[name], world.areas["near"]
    cashier_here = CASHIER_OF_SUPERMARKET.get(user) == database_id(area.supermarket)
    for household_area in (area, near):
        variables = {"market": area.supermarket, "number": household_area.household_number,
                     "day": worlds.TODAY.isoformat()}  # fmt: skip
        data = (await client.execute(TILL, variables, headers))["data"]
        served = household_area.grid.startswith(area.supermarket_region)
        found = data["tillHouseholds"]
        assert bool(found) is (cashier_here and served), (user, name, household_area.grid)
        if found:
            [household] = found
            assert household["number"] == household_area.household_number
            assert household_area.ids["PointsAccount"] in _ids(household["accounts"]), user
        readers = cashier_here or covers(user, area.supermarket_region, ADMINS)
        assert (data["supermarketDayReport"] is not None) is readers, (user, name)
    return 4


AGGREGATES = """query($village: String!, $township: String!, $scheme: ID!,
  $monthStart: Date!, $monthEnd: Date!) {
  gridEventDeadlines(countyCode: "130826") { hours }
  mediatorRanking(first: 100) { mediator { id } }
  villageLawsuits(underRegion: $village, start: "2026-01-01", end: "2026-12-31") {
    village { code } }
  townshipLawsuitRates(countyCode: "130826", start: "2026-01-01", end: "2026-12-31") {
    township { code } }
  monthlyHearings(start: $monthStart, end: $monthEnd) { hearings }
  petitionOneTrip(start: "2026-01-01", end: "2027-12-31", underRegion: $township) { resolved }
  overdueDisclosures(underRegion: "130826", first: 100) { totalCount
    edges { node { village { code } } } }
  pointsLeaderboard(schemeId: $scheme, villageCode: "130826001001",
    from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z", first: 100) {
    nodes { displayName } } }"""
COUNTY_SCHEME = '{ pointsSchemes(regionCode: "130826") { nodes { id region { code } } } }'


async def _check_aggregates(
    client: GraphQLClient, headers: dict[str, str], user: str, area: worlds.Area
) -> int:
    """Counts and rankings: only over rows the viewer may read; the 红榜 is public."""
    schemes = (await client.data(COUNTY_SCHEME))["pointsSchemes"]["nodes"]
    scheme = next(s["id"] for s in schemes if s["region"]["code"] == "130826")
    # The world's hearing is held yesterday (China Standard Time): ask for that month.
    month_start = worlds.YESTERDAY.replace(day=1)
    month_end = (month_start + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    variables = {"village": area.village, "township": area.township, "scheme": scheme,
                 "monthStart": month_start.isoformat(), "monthEnd": month_end.isoformat()}  # fmt: skip
    data = (await client.execute(AGGREGATES, variables, headers))["data"]
    assert len(data["gridEventDeadlines"]) == (24 if user in STAFF_USERS else 0), user
    mediators = {row["mediator"]["id"] for row in data["mediatorRanking"]}
    assert (area.mediators[0] in mediators) is covers(user, area.village), user
    assert mediators == set() or user in STAFF_USERS, user
    assert bool(data["villageLawsuits"]) is covers(user, area.village), user
    assert bool(data["townshipLawsuitRates"]) is (user == "county.admin"), user
    hearings = sum(row["hearings"] for row in data["monthlyHearings"])
    assert (hearings > 0) is (user in ADMINS and user != "huashi.admin"), user
    assert data["monthlyHearings"] == [] or user in STAFF_USERS, user
    resolved = data["petitionOneTrip"]["resolved"]
    assert (resolved > 0) is covers(user, area.township, ADMINS), user
    late = [edge["node"]["village"]["code"] for edge in data["overdueDisclosures"]["edges"]]
    # Staff see the late villages of their subtree (花石 is not late), nobody else any.
    assert all(covers(user, code) for code in late), user
    late_count = data["overdueDisclosures"]["totalCount"]
    assert late_count > 0 if user == "county.admin" else late_count == len(late), user
    names = [row["displayName"] for row in data["pointsLeaderboard"]["nodes"]]
    assert names, "the 红榜 is public notice"
    assert all(name.strip() not in ("", "户") for name in names), (user, names)
    return 10


NESTED = """query($application: ID!, $announcement: ID!, $case: ID!, $hearing: ID!,
  $account: ID!, $own: ID!, $market: ID!) {
  application: node(id: $application) { ... on PointsApplication {
    account { id household { id } } } }
  announcement: node(id: $announcement) { ... on PointsAnnouncement { entries { id }
    noticeLines { applicationId displayName } } }
  case: node(id: $case) { ... on DisputeCase { committee { id } region { code } } }
  hearing: node(id: $hearing) { ... on PetitionHearing { region { code } } }
  account: node(id: $account) { ... on PointsAccount { household { id } receipts { id } } }
  own: node(id: $own) { ... on PointsAccount { household { id } receipts { id } } }
  market: node(id: $market) { ... on Supermarket { goods(first: 100) { nodes { id } }
    region { code } } } }"""


async def _check_nested(
    client: GraphQLClient, headers: dict[str, str], user: str, world: worlds.World, name: str
) -> int:
    """Edges out of a visible row follow the rule of the row they lead to: an account seen at
    the till shows no household; institutions only to staff; the till sees its receipts."""
    area = world.areas[name]
    targets = {t.type_name: t for t in worlds.area_targets(area)}
    ids = area.ids
    variables = {"application": ids["PointsApplication"], "announcement": ids["PointsAnnouncement"],
                 "case": ids["DisputeCase"], "hearing": ids["PetitionHearing"],
                 "account": ids["PointsAccount"], "own": world.own["account"],
                 "market": ids["Supermarket"]}  # fmt: skip
    data = (await client.execute(NESTED, variables, headers))["data"]
    account, own = (
        targets["PointsAccount"],
        next(t for t in world.targets if t.id == world.own["account"]),
    )
    if visible(user, targets["PointsApplication"]):
        nested = data["application"]["account"]
        assert nested["id"] == account.id, user
        assert (nested["household"] is not None) is sees(user, SCOPED, account), user
    # The announcement is public notice: everyone sees the entry on its board (to object to
    # it), only those who may read the application see it among `entries`.
    assert visible(user, targets["PointsAnnouncement"]), user
    lines = data["announcement"]["noticeLines"]
    assert ids["PointsApplication"] in {line["applicationId"] for line in lines}, user
    assert all(line["displayName"] for line in lines), user
    entries = _ids(data["announcement"]["entries"])
    assert (ids["PointsApplication"] in entries) is visible(user, targets["PointsApplication"])
    for key, row in (("account", account), ("own", own)):
        if visible(user, row):
            household_visible = sees(user, SCOPED, row)
            assert (data[key]["household"] is not None) is household_visible, (user, key)
    own_receipts = _ids(data["own"]["receipts"]) if data["own"] else set()
    # Receipt demo-1: household 1 at supermarket 1 (its till, its members, staff of 花石).
    assert bool(own_receipts) is (visible(user, own)), user
    if visible(user, targets["DisputeCase"]):
        assert data["case"]["committee"] is not None, "staff see the committee"
    goods = data["market"]["goods"]["nodes"]
    assert [g["id"] for g in goods].count(ids["Goods"]) == 1, "public"
    return 6


def _root_fields(*documents: str) -> frozenset[str]:
    fields = set()
    for document in documents:
        [operation] = parse(document).definitions
        assert isinstance(operation, OperationDefinitionNode)
        fields |= {selection.name.value for selection in operation.selection_set.selections}  # type: ignore[attr-defined]
    return frozenset(fields)


QUERY_FIELDS = frozenset(CONNECTIONS) | _root_fields(LISTS, AGGREGATES, TILL)


@pytest.mark.parametrize("user", USERS)
async def test_reads(access_client: GraphQLClient, user: str) -> None:
    world = await build_world(access_client)
    assert {target.type_name for target in world.targets} == NODE_TYPES
    headers = await headers_of(access_client, user)
    checked = 0
    for start in range(0, len(world.targets), ALIASES_PER_PROBE):
        batch = world.targets[start : start + ALIASES_PER_PROBE]
        checked += await _check_nodes(access_client, headers, user, batch)
    for name, area in world.areas.items():
        checked += await _check_connections(access_client, headers, user, area)
        checked += await _check_bank_lists(access_client, headers, user, world, name)
        checked += await _check_aggregates(access_client, headers, user, area)
        checked += await _check_nested(access_client, headers, user, world, name)
        checked += await _check_till(access_client, headers, user, world, name)
    assert checked > 0
