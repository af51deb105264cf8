"""The rows the workflow and bank matrix probes: made through the API by the county admin.

Two areas: NEAR (花石社区第1网格, in 新丰路街道, where the resident lives and supermarket 1
serves) and FAR (a grid of 大阁镇). In each, every kind of workflow and bank row exists, and for
each mutation a fresh row in the state the mutation acts on, so an allowed call can succeed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tests.api.access import cases_people
from tests.api.access.policy import OWN_HOUSEHOLD, OWN_PERSON, Target
from tests.support.clock import suite_today
from tests.support.graphql import GraphQLClient

NEAR_GRID = "130826001001001"
DAGE = "130826100"
# The county's day at the instant the app's clock stands (``access_client``).
TODAY = suite_today()
YESTERDAY = TODAY - dt.timedelta(days=1)


@dataclass
class Area:
    grid: str
    persons: list[str]
    household: str
    committee: str = ""
    mediators: list[str] = field(default_factory=list)
    supermarket: str = ""
    supermarket_region: str = ""
    ids: dict[str, str] = field(default_factory=dict)
    household_number: str = ""

    @property
    def village(self) -> str:
        return self.grid[:12]

    @property
    def township(self) -> str:
        return self.grid[:9]


@dataclass
class World:
    areas: dict[str, Area]
    targets: list[Target] = field(default_factory=list)
    own: dict[str, str] = field(default_factory=dict)


class Actor:
    """One signed-in user's mutations, each expected to succeed."""

    def __init__(self, client: GraphQLClient, headers: dict[str, str]) -> None:
        self.client, self.headers = client, headers

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.client.data(query, variables, self.headers)

    async def do(self, name: str, selection: str, /, **values: Any) -> dict[str, Any]:
        """Run mutation ``name`` with ``values`` as its input; return the object selected."""
        query = (
            f"mutation($input: {name[0].upper()}{name[1:]}Input!) {{ {name}(input: $input) "
            f"{{ {selection} {{ id }} userErrors {{ code field message }} }} }}"
        )
        payload = (await self.data(query, {"input": values}))[name]
        assert payload["userErrors"] == [], (name, payload)
        found: dict[str, Any] = payload[selection]
        return found


AREA_LOOKUP = """query($grid: String!, $township: String!) {
  persons(filter: {underRegion: $grid}, first: 1) { edges { node { id
    household { id number } } } }
  mediationCommittees(filter: {underRegion: $township}, first: 20) { edges { node { id
    region { code } mediators(first: 2) { edges { node { id } } } } } }
  supermarkets(regionCode: $township) { nodes { id region { code } } } }"""
FAR_GRID = """{ persons(filter: {underRegion: "130826100"}, first: 1) {
  edges { node { grid { code } } } } }"""


async def _area(county: Actor, grid: str) -> Area:
    found = await county.data(AREA_LOOKUP, {"grid": grid, "township": grid[:9]})
    persons = [edge["node"] for edge in found["persons"]["edges"]]
    assert persons, "the demo has residents in every grid"
    committee = next(
        edge["node"]
        for edge in found["mediationCommittees"]["edges"]
        if edge["node"]["region"]["code"] == grid[:9]
    )
    return Area(
        grid,
        [person["id"] for person in persons],
        persons[0]["household"]["id"],
        committee["id"],
        [edge["node"]["id"] for edge in committee["mediators"]["edges"]],
        found["supermarkets"]["nodes"][0]["id"],
        found["supermarkets"]["nodes"][0]["region"]["code"],
        household_number=persons[0]["household"]["number"],
    )


async def build(client: GraphQLClient, county_headers: dict[str, str]) -> World:
    county = Actor(client, county_headers)
    far = (await county.data(FAR_GRID))["persons"]["edges"][0]["node"]["grid"]["code"]
    world = World({"near": await _area(county, NEAR_GRID), "far": await _area(county, far)})
    for name, area in world.areas.items():
        await _workflows(county, area)
        await _bank(county, area, own=name == "near")
        await cases_people.add_rows(county, area, name)
        world.targets += area_targets(area)
    return world


def _event(grid: str) -> dict[str, Any]:
    return {"gridCode": grid, "category": "LIVELIHOOD", "title": "取暖困难",
            "description": "独居老人反映冬季取暖困难。", "attachmentRefs": []}  # fmt: skip


def dispute(area: Area) -> dict[str, Any]:
    return {"committeeId": area.committee, "regionCode": area.village,
            "disputeType": "NEIGHBOURHOOD", "source": "PARTY_APPLICATION",
            "summary": "两户因排水沟发生争执", "amountAtStakeFen": 1000,
            "parties": [{"side": "APPLICANT", "name": "王某", "organization": False},
                        {"side": "RESPONDENT", "name": "李某", "organization": False}],
            "mediatorIds": area.mediators[:1]}  # fmt: skip


def petition(area: Area) -> dict[str, Any]:
    return {"regionCode": area.township, "subject": "道路维修", "content": "村道破损",
            "major": False, "leaderName": "张书记", "leaderPost": "党工委书记",
            "petitioners": [{"name": "村民", "representative": True}], "visitorsCount": 1}  # fmt: skip


def hearing(area: Area) -> dict[str, Any]:
    return {"regionCode": area.township, "kind": "HEARING", "heldOn": YESTERDAY.isoformat(),
            "chairName": "张书记", "chairPost": "党工委书记", "participantsCount": 9,
            "summary": "听证"}  # fmt: skip


def reception(area: Area) -> dict[str, Any]:
    return {"regionCode": area.township, "heldOn": YESTERDAY.isoformat(), "leaderName": "王县长",
            "leaderPost": "县长", "location": "综治中心", "petitionersReceived": 3,
            "mattersResolvedOnSite": 1}  # fmt: skip


def meeting(area: Area) -> dict[str, Any]:
    return {"regionCode": area.grid, "form": "VILLAGERS_TALK", "topic": "修缮村道",
            "heldOn": YESTERDAY.isoformat(), "participantsCount": 40, "quorumCount": 30}  # fmt: skip


def disclosure(area: Area) -> dict[str, Any]:
    return {"villageCode": area.village, "kind": "FINANCES", "title": "财务公开",
            "summary": "收支明细", "periodStart": "2026-10-01", "periodEnd": "2026-10-31",
            "includesDonations": False}  # fmt: skip


def assignment(area: Area, role: str = "VILLAGER_REPRESENTATIVE") -> dict[str, Any]:
    return {"gridCode": area.grid, "personId": area.persons[0], "role": role,
            "duties": ["DISPUTE_MEDIATION"], "startedOn": YESTERDAY.isoformat()}  # fmt: skip


def activity(area: Area) -> dict[str, Any]:
    start = dt.datetime.combine(YESTERDAY, dt.time(1, 0), tzinfo=dt.UTC)
    return {"schemeId": area.ids["PointsScheme"], "villageCode": area.village, "title": "巡逻",
            "category": "NEIGHBOURHOOD_WATCH", "startsAt": start.isoformat(),
            "endsAt": (start + dt.timedelta(hours=2)).isoformat(), "capacity": 10}  # fmt: skip


async def _workflows(county: Actor, area: Area) -> None:
    ids = area.ids
    ids["GridEvent"] = (await county.do("reportGridEvent", "gridEvent", **_event(area.grid)))["id"]
    ids["DisputeCase"] = (await county.do("registerDispute", "disputeCase", **dispute(area)))["id"]
    ids["to_conclude"] = (await county.do("registerDispute", "disputeCase", **dispute(area)))["id"]
    ids["agreed"] = await _agreed_case(county, area)
    ids["Petition"] = (await county.do("receivePetition", "petition", **petition(area)))["id"]
    ids["answered"] = await _answered_petition(county, area)
    ids["PetitionHearing"] = (await county.do("recordPetitionHearing", "hearing", **hearing(area)))[
        "id"
    ]
    ids["ReceptionDay"] = (
        await county.do("recordReceptionDay", "receptionDay", **reception(area))
    )["id"]
    ids["DeliberationMeeting"] = (
        await county.do("recordDeliberationMeeting", "meeting", **meeting(area))
    )["id"]
    ids["VillageDisclosure"] = (
        await county.do("publishVillageDisclosure", "disclosure", **disclosure(area))
    )["id"]
    ids["GridAssignment"] = (
        await county.do("assignGridWorker", "gridAssignment", **assignment(area))
    )["id"]


async def _answered_petition(county: Actor, area: Area) -> str:
    """A petition settled by a written answer after one visit (counted by petitionOneTrip)."""
    received = (await county.do("receivePetition", "petition", **petition(area)))["id"]
    await county.do("transitionPetition", "petition", petitionId=received, step="ACCEPT")
    reply = {"petitionId": received, "step": "REPLY", "replyText": "已修复", "resolved": True}
    await county.do("transitionPetition", "petition", **reply)
    return str(received)


async def _agreed_case(county: Actor, area: Area) -> str:
    case = (await county.do("registerDispute", "disputeCase", **dispute(area)))["id"]
    mediator = area.mediators[0]
    session = {"caseId": case, "heldOn": TODAY.isoformat(), "mediatorId": mediator}
    await county.do("recordMediationSession", "disputeCase", **session)
    await county.do(
        "concludeDispute", "disputeCase", caseId=case, outcome="AGREEMENT",
        agreementText="双方同意共同清理排水沟", signedByParties=True, signingMediatorId=mediator,
    )  # fmt: skip
    return case


async def _bank(county: Actor, area: Area, *, own: bool) -> None:
    ids = area.ids
    scheme = {"regionCode": area.village, "name": "矩阵测试方案"}
    ids["PointsScheme"] = (await county.do("createPointsScheme", "scheme", **scheme))["id"]
    rule = {"schemeId": ids["PointsScheme"], "code": "M-1", "category": "OTHER",
            "title": "测试", "points": 10, "evidenceRequired": False}  # fmt: skip
    ids["PointsRule"] = (await county.do("addPointsRule", "rule", **rule))["id"]
    ids["announced"] = await _approved(county, area)
    publish = {"schemeId": ids["PointsScheme"], "villageCode": area.village}
    ids["PointsAnnouncement"] = (
        await county.do("publishPointsAnnouncement", "announcement", **publish)
    )["id"]
    ids["PointsApplication"] = ids["announced"]
    ids["approved"] = await _approved(county, area)
    ids["proposed"] = await _proposed(county, area)
    objection = {"applicationId": ids["announced"], "reason": "不属实"}
    ids["PointsObjection"] = (await county.do("lodgePointsObjection", "objection", **objection))[
        "id"
    ]
    ids["PointsAccount"] = await _account(county, area.household)
    ids["closable"] = await _closable_account(county, area)
    goods = {"supermarketId": area.supermarket, "name": "矩阵肥皂", "unitLabel": "块",
             "pricePoints": 1}  # fmt: skip
    ids["Supermarket"] = area.supermarket
    ids["Goods"] = (await county.do("addGoods", "goods", **goods))["id"]
    stock = {"goodsId": ids["Goods"], "quantity": 50, "source": "PURCHASE",
             "receivedOn": YESTERDAY.isoformat()}  # fmt: skip
    await county.do("receiveStock", "goods", **stock)
    await _volunteers(county, area)


async def _closable_account(county: Actor, area: Area) -> str:
    """The household's account under a scheme of its own whose one proposal was rejected:
    nothing in review or on a notice board, so closePointsAccount accepts it."""
    scheme = {"regionCode": area.village, "name": "矩阵销户方案"}
    scheme_id = (await county.do("createPointsScheme", "scheme", **scheme))["id"]
    rule = {"schemeId": scheme_id, "code": "C-1", "category": "OTHER", "title": "测试",
            "points": 10, "evidenceRequired": False}  # fmt: skip
    rule_id = (await county.do("addPointsRule", "rule", **rule))["id"]
    proposal = {"ruleId": rule_id, "householdId": area.household,
                "eventOn": YESTERDAY.isoformat()}  # fmt: skip
    application = (await county.do("proposePoints", "application", **proposal))["id"]
    review = {"applicationId": application, "approve": False, "reason": "矩阵测试"}
    await county.do("reviewPointsApplication", "application", **review)
    return await _account(county, area.household)


async def _proposed(county: Actor, area: Area) -> str:
    proposal = {"ruleId": area.ids["PointsRule"], "householdId": area.household,
                "eventOn": YESTERDAY.isoformat()}  # fmt: skip
    return str((await county.do("proposePoints", "application", **proposal))["id"])


async def _approved(county: Actor, area: Area) -> str:
    application = await _proposed(county, area)
    review = {"applicationId": application, "approve": True}
    await county.do("reviewPointsApplication", "application", **review)
    return application


ACCOUNTS = """query($h: ID!) { pointsAccounts(householdId: $h) {
  nodes { id scheme { region { code } } } } }"""


async def _account(county: Actor, household: str, newest: bool = True) -> str:
    """The household's account in the newest scheme (or in the demo's, the oldest)."""
    accounts = (await county.data(ACCOUNTS, {"h": household}))["pointsAccounts"]["nodes"]
    assert accounts, household
    return str(accounts[-1 if newest else 0]["id"])


async def _volunteers(county: Actor, area: Area) -> None:
    """The area's resident in three activities: signed up; minutes recorded (to confirm);
    confirmed (to certify)."""
    ids, person = area.ids, area.persons[0]
    signed = []
    for _ in range(3):
        created = await county.do("createVolunteerActivity", "activity", **activity(area))
        sign_up = {"activityId": created["id"], "personId": person}
        signed.append((await county.do("signUpForActivity", "signUp", **sign_up))["id"])
        ids.setdefault("VolunteerActivity", created["id"])
    ids["VolunteerSignUp"] = signed[0]
    ids["open_activity"] = (
        await county.do("createVolunteerActivity", "activity", **activity(area))
    )["id"]
    for sign_up in signed[1:]:
        minutes = {"signUpId": sign_up, "serviceMinutes": 60}
        await county.do("recordServiceMinutes", "signUp", **minutes)
    ids["to_confirm"] = signed[1]
    await county.do("confirmService", "signUp", signUpId=signed[2])
    ids["certified_person"] = person
    certificate = await county.do("issueVolunteerCertificate", "certificate", personId=person)
    ids["VolunteerCertificate"] = certificate["id"]


def area_targets(area: Area) -> list[Target]:
    """Each row with the region its read rule scopes by (households live in grids)."""
    region_of_kind = {
        "GridEvent": area.grid,
        "DisputeCase": area.village,
        "Petition": area.township,
        "PetitionHearing": area.township,
        "ReceptionDay": area.township,
        "DeliberationMeeting": area.grid,
        "VillageDisclosure": area.village,
        "PointsScheme": area.village,
        "PointsRule": area.village,
        "PointsApplication": area.grid,
        "PointsObjection": area.grid,
        "PointsAnnouncement": area.village,
        "Supermarket": area.supermarket_region,
        "Goods": area.supermarket_region,
        "VolunteerActivity": area.village,
    }
    targets = [Target(kind, area.ids[kind], region) for kind, region in region_of_kind.items()]
    return [
        *targets,
        Target("PointsAccount", area.ids["PointsAccount"], area.grid, household=area.household),
        Target("VolunteerSignUp", area.ids["VolunteerSignUp"], area.grid, person=area.persons[0]),
        Target(
            "VolunteerCertificate",
            area.ids["VolunteerCertificate"],
            area.grid,
            person=area.ids["certified_person"],
        ),
    ]


RECEIPTS = "query($a: ID!) { node(id: $a) { ... on PointsAccount { receipts { id } } } }"
OWN_GRID = """query($p: ID!) { node(id: $p) { ... on Person { grid { code } } } }"""


async def add_own_rows(county: Actor, resident: Actor, world: World) -> None:
    """The resident's own rows: an event they reported, their account, their sign-up."""
    own_grid = (await county.data(OWN_GRID, {"p": OWN_PERSON}))["node"]["grid"]["code"]
    event = (await resident.do("reportGridEvent", "gridEvent", **_event(own_grid)))["id"]
    account = await _account(county, OWN_HOUSEHOLD, newest=False)
    near = world.areas["near"]
    sign_up = {"activityId": near.ids["VolunteerActivity"], "personId": OWN_PERSON}
    signed = (await county.do("signUpForActivity", "signUp", **sign_up))["id"]
    receipts = (await county.data(RECEIPTS, {"a": account}))["node"]["receipts"]
    world.own = {"grid": own_grid, "event": event, "account": account,
                 "receipt": receipts[0]["id"], "sign_up": signed}  # fmt: skip
    world.targets += [
        Target("GridEvent", event, own_grid, person=OWN_PERSON),
        Target("PointsAccount", account, own_grid, household=OWN_HOUSEHOLD),
        Target("VolunteerSignUp", signed, own_grid, person=OWN_PERSON),
    ]
