"""Goal: every role × every mutation of the schema (sign-in aside) × an in-scope and an
out-of-scope target: a denied call answers UNAUTHENTICATED (anonymous), FORBIDDEN or the "not
found" a mutation uses to hide rows outside the caller's scope, and changes nothing; an allowed
call succeeds. A mutation added to the schema without a case here fails the test.

Method: the world of ``test_workflow_matrix`` (rows in NEAR and FAR made by the county admin,
each mutation's target in the state it acts on). Who may act is restated in ``CASES``; the
user's denied calls run first between two fingerprints of every table (the logs and sign-in
tables excepted), which must be equal; then the allowed calls, each expected to succeed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from api.schema import schema
from tests.api.access import cases_catalog, cases_orgs, cases_people
from tests.api.access.cases_institutions import mutation_calls as institution_calls
from tests.api.access.policy import (
    ADMINS,
    ANONYMOUS,
    CASHIER_OF_SUPERMARKET,
    GRID_WORKERS,
    MEDIATORS,
    OWN_HOUSEHOLD,
    OWN_PERSON,
    RESIDENT,
    USERS,
    covers,
    database_id,
)
from tests.api.access.test_workflow_matrix import build_world, headers_of
from tests.api.access.world import (
    NEAR_GRID,
    TODAY,
    YESTERDAY,
    Area,
    World,
    activity,
    assignment,
    disclosure,
    dispute,
    hearing,
    meeting,
    petition,
    reception,
)
from tests.support.auth import demo_user
from tests.support.fingerprint import fingerprint
from tests.support.graphql import GraphQLClient

# "Today" is the app clock's (GRASSROOTS_TEST_NOW): also run at calendar boundaries.
pytestmark = pytest.mark.date_sensitive

# Row-level security hides persons and households outside the caller's scope from the lookups
# these mutations start with: out of scope reads as absent.
HIDDEN_PERSON = frozenset({"PERSON_NOT_FOUND"})
HIDDEN_HOLDER = frozenset({"HOLDER_NOT_FOUND"})
FIELD_STAFF = ADMINS | GRID_WORKERS
MEDIATION = ADMINS | MEDIATORS
OWN_VILLAGE = "130826001001"


@dataclass(frozen=True)
class Call:
    """One mutation on one target: the payload field holding the result, the input, whether
    the policy allows ``user`` to make it, and the codes that stand for "not yours" here."""

    name: str
    selection: str
    input: dict[str, Any]
    allowed: Callable[[str], bool]
    hiding: frozenset[str] = frozenset()


def _calls(world: World, name: str) -> list[Call]:
    area = world.areas[name]
    return [
        *_workflow_calls(area, name),
        *_bank_calls(world, area, name),
        *_org_calls(area),
        *cases_people.calls(Call, area, name),
        # Last: the catalog ends its rule, scheme and goods.
        *(Call(*call) for call in cases_catalog.matrix_calls(area)),
    ]


def _org_calls(area: Area) -> list[Call]:
    """Institutions' records (``cases_orgs``): administrators over the record's region."""
    return [
        Call(name, selection, values, lambda u, r=region: covers(u, r, ADMINS), hiding)
        for name, selection, values, region, hiding in cases_orgs.calls(area)
    ]


def _workflow_calls(area: Area, name: str) -> list[Call]:
    ids, g, v, t = area.ids, area.grid, area.village, area.township
    own_village = name == "near" and g.startswith(OWN_VILLAGE)
    conclude = {"caseId": ids["to_conclude"], "outcome": "WITHDRAWN", "signedByParties": False}
    return [
        Call("reportGridEvent", "gridEvent", {**_event(g)},
             lambda u: covers(u, g, FIELD_STAFF) or (u == RESIDENT and own_village)),
        Call("transitionGridEvent", "gridEvent", {"eventId": ids["GridEvent"], "step": "ESCALATE"},
             lambda u: covers(u, g, FIELD_STAFF)),
        Call("escalateOverdueGridEvents", "escalated", {"underRegion": t},
             lambda u: u in ADMINS),
        Call("registerDispute", "disputeCase", dispute(area), lambda u: covers(u, v, MEDIATION)),
        Call("recordMediationSession", "disputeCase",
             {"caseId": ids["DisputeCase"], "heldOn": TODAY.isoformat(),
              "mediatorId": area.mediators[0]}, lambda u: covers(u, v, MEDIATION)),
        Call("concludeDispute", "disputeCase", conclude, lambda u: covers(u, v, MEDIATION)),
        Call("recordDisputePerformance", "disputeCase",
             {"caseId": ids["agreed"], "performance": "PERFORMED"},
             lambda u: covers(u, v, MEDIATION)),
        Call("requestJudicialConfirmation", "disputeCase", {"caseId": ids["agreed"]},
             lambda u: covers(u, v, MEDIATION)),
        Call("receivePetition", "petition", petition(area), lambda u: covers(u, t, ADMINS)),
        Call("transitionPetition", "petition", {"petitionId": ids["Petition"], "step": "ACCEPT"},
             lambda u: covers(u, t, ADMINS)),
        Call("recordPetitionHearing", "hearing", hearing(area), lambda u: covers(u, t, ADMINS)),
        Call("recordReceptionDay", "receptionDay", reception(area),
             lambda u: covers(u, t, ADMINS)),
        Call("recordDeliberationMeeting", "meeting", meeting(area),
             lambda u: covers(u, g, FIELD_STAFF)),
        Call("publishVillageDisclosure", "disclosure", disclosure(area) | {"kind": "VILLAGE_AFFAIRS"},
             lambda u: covers(u, v, ADMINS)),
        Call("assignGridWorker", "gridAssignment", assignment(area, "VILLAGER_GROUP_LEADER"),
             lambda u: covers(u, g, ADMINS), HIDDEN_PERSON),
        Call("endGridAssignment", "gridAssignment",
             {"assignmentId": ids["GridAssignment"], "expectedVersion": 1, "endedOn": TODAY.isoformat()},
             lambda u: covers(u, g, ADMINS), frozenset({"ASSIGNMENT_NOT_FOUND"})),
    ]  # fmt: skip


def _event(grid: str) -> dict[str, Any]:
    return {"gridCode": grid, "category": "SANITATION", "title": "垃圾堆积",
            "description": "村口垃圾未及时清运。", "attachmentRefs": []}  # fmt: skip


def _bank_calls(world: World, area: Area, name: str) -> list[Call]:
    ids, g, v, market = area.ids, area.grid, area.village, area.supermarket_region
    own_grid = world.own["grid"]
    cashier_here = {
        u for u, m in CASHIER_OF_SUPERMARKET.items() if m == database_id(area.supermarket)
    }
    rule = {"ruleId": ids["PointsRule"], "eventOn": YESTERDAY.isoformat()}
    redeem = {
        "supermarketId": area.supermarket,
        "accountId": world.own["account"],
        "lines": [{"goodsId": ids["Goods"], "quantity": 1}],
        "idempotencyKey": f"matrix-{name}",
    }
    calls = [
        Call("createPointsScheme", "scheme", {"regionCode": v, "name": "第二方案"},
             lambda u: covers(u, v, ADMINS)),
        Call("addPointsRule", "rule", {"schemeId": ids["PointsScheme"], "code": "M-2",
             "category": "OTHER", "title": "二", "points": 5, "evidenceRequired": False},
             lambda u: covers(u, v, ADMINS)),
        Call("proposePoints", "application", rule | {"householdId": area.household},
             lambda u: covers(u, g, FIELD_STAFF), HIDDEN_HOLDER),
        Call("reviewPointsApplication", "application",
             {"applicationId": ids["proposed"], "approve": True}, lambda u: covers(u, g, ADMINS)),
        Call("publishPointsAnnouncement", "announcement",
             {"schemeId": ids["PointsScheme"], "villageCode": v}, lambda u: covers(u, v, ADMINS)),
        # Those the entry concerns: staff covering it, residents of its village; to anyone
        # else the entry does not exist.
        Call("lodgePointsObjection", "objection",
             {"applicationId": ids["announced"], "reason": "重复申报"},
             lambda u: covers(u, g) or (u == RESIDENT and v == OWN_VILLAGE),
             frozenset({"NOT_ANNOUNCED"})),
        Call("decidePointsObjection", "objection",
             {"objectionId": ids["PointsObjection"], "uphold": False},
             lambda u: covers(u, g, ADMINS)),
        Call("createSupermarket", "supermarket", {"regionCode": v, "name": "新超市"},
             lambda u: covers(u, v, ADMINS)),
        Call("addGoods", "goods", {"supermarketId": area.supermarket, "name": "矩阵毛巾",
             "unitLabel": "条", "pricePoints": 2}, lambda u: covers(u, market, ADMINS)),
        Call("setGoodsPrice", "goods", {"goodsId": ids["Goods"], "pricePoints": 2},
             lambda u: covers(u, market, ADMINS)),
        Call("receiveStock", "goods", {"goodsId": ids["Goods"], "quantity": 5,
             "source": "PURCHASE", "receivedOn": YESTERDAY.isoformat()},
             lambda u: covers(u, market, ADMINS) or u in cashier_here),
        Call("setGoodsLowStockThreshold", "goods",
             {"goodsId": ids["Goods"], "lowStockThreshold": 3},
             lambda u: covers(u, market, ADMINS) or u in cashier_here),
        Call("redeemPoints", "receipt", redeem, lambda u: u in cashier_here),
        Call("createVolunteerActivity", "activity", activity(area),
             lambda u: covers(u, v, ADMINS)),
        Call("signUpForActivity", "signUp",
             {"activityId": ids["open_activity"], "personId": area.persons[0]},
             lambda u: covers(u, g), HIDDEN_PERSON),
        Call("recordServiceMinutes", "signUp",
             {"signUpId": ids["VolunteerSignUp"], "serviceMinutes": 30},
             lambda u: u == "county.admin" or covers(u, v, ADMINS)),
        Call("confirmService", "signUp", {"signUpId": ids["to_confirm"]},
             lambda u: u == "county.admin" or covers(u, v, ADMINS)),
        Call("issueVolunteerCertificate", "certificate",
             {"personId": ids["certified_person"]}, lambda u: covers(u, g, ADMINS),
             HIDDEN_PERSON),
    ]  # fmt: skip
    if name == "near":
        calls += [
            # The resident declares for their own household, and signs themself up (or a member
            # of their household: test_household_sign_up).
            Call("proposePoints", "application", rule | {"householdId": OWN_HOUSEHOLD},
                 lambda u: covers(u, own_grid, FIELD_STAFF) or u == RESIDENT, HIDDEN_HOLDER),
            Call("signUpForActivity", "signUp",
                 {"activityId": ids["open_activity"], "personId": OWN_PERSON},
                 lambda u: covers(u, own_grid) or u == RESIDENT, HIDDEN_PERSON),
            # Receipt demo-1 of supermarket 1: its cashier returns goods.
            Call("returnGoods", "receipt",
                 {"receiptId": world.own["receipt"], "idempotencyKey": "matrix-return"},
                 lambda u: u in cashier_here, frozenset({"RECEIPT_NOT_FOUND"})),
        ]  # fmt: skip
    # Last: a closed account takes no more movements.
    return [
        *calls,
        Call(
            "closePointsAccount",
            "account",
            {"accountId": ids["closable"]},
            lambda u: covers(u, g, ADMINS),
            frozenset({"ACCOUNT_NOT_FOUND"}),
        ),
    ]


COUNTY_CALLS = [
    Call("setGridEventDeadline", "deadline",
         {"countyCode": "130826", "category": "SANITATION", "level": "VILLAGE", "hours": 6},
         lambda u: u == "county.admin"),
]  # fmt: skip


# Accounts: demo users as targets. An account outside the caller's scope reads as absent.
HIDDEN_USER = frozenset({"USER_NOT_FOUND"})
XINFENGLU = "130826001"


def _account_calls(world: World) -> list[Call]:
    near, far = world.areas["near"].village, world.areas["far"].village
    grid_worker = {"username": "huashi.grid1", "role": "MEDIATOR"}
    mediator = {"username": "xinfenglu.mediator"}
    # huashi.grid1 works in the near grid: only admins covering it manage the account.
    manages_worker = lambda u: covers(u, NEAR_GRID, ADMINS)  # noqa: E731
    return [
        Call("createUser", "user", {"username": "matrix.account", "displayName": "矩阵"},
             lambda u: u in ADMINS),
        Call("grantRole", "user", grid_worker | {"regionCode": near},
             lambda u: manages_worker(u) and covers(u, near, ADMINS), HIDDEN_USER),
        Call("revokeRole", "user", grid_worker | {"regionCode": near},
             lambda u: manages_worker(u) and covers(u, near, ADMINS), HIDDEN_USER),
        Call("grantRole", "user", grid_worker | {"regionCode": far},
             lambda u: manages_worker(u) and covers(u, far, ADMINS), HIDDEN_USER),
        Call("deactivateUser", "user", mediator, lambda u: covers(u, XINFENGLU, ADMINS),
             HIDDEN_USER),
        Call("reactivateUser", "user", mediator, lambda u: covers(u, XINFENGLU, ADMINS),
             HIDDEN_USER),
        Call("resetPassword", "user", mediator, lambda u: covers(u, XINFENGLU, ADMINS),
             HIDDEN_USER),
        Call("endUserSessions", "user", mediator, lambda u: covers(u, XINFENGLU, ADMINS),
             HIDDEN_USER),
        # Another's session reads as absent: only its owner ends it.
        Call("endSession", "session", {"sessionId": world.own["session"]},
             lambda u: u == RESIDENT, frozenset({"SESSION_NOT_FOUND"})),
        *_password_calls(),
    ]  # fmt: skip


# An administrator, a field worker and a resident: each other's calls count as failed sign-ins
# of the caller's name (two each), and a third would start the sign-in delay (TOO_MANY_ATTEMPTS).
PASSWORD_CHANGERS = ("county.admin", "huashi.grid1", "resident.demo")


def _password_calls() -> list[Call]:
    """Each changes their own password (with their own current password); anyone else's call
    is refused: another's password is not theirs (WRONG_PASSWORD)."""
    return [
        Call("changePassword", "user",
             {"oldPassword": demo_user(name).password, "newPassword": "matrix-Password-42"},
             lambda u, name=name: u == name, frozenset({"WRONG_PASSWORD"}))
        for name in PASSWORD_CHANGERS
    ]  # fmt: skip


async def _run(client: GraphQLClient, headers: dict[str, str], call: Call) -> dict[str, Any]:
    type_name = call.name[0].upper() + call.name[1:]
    query = (
        f"mutation($input: {type_name}Input!) {{ {call.name}(input: $input) "
        f"{{ {call.selection} {{ __typename }} userErrors {{ code }} }} }}"
    )
    payload: dict[str, Any] = (await client.data(query, {"input": call.input}, headers))[call.name]
    return payload


def schema_mutations() -> frozenset[str]:
    """Every mutation of the schema, read from the schema: a new one needs its cases here."""
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    return frozenset(mutation_type.fields)


# Anyone may call these; they refuse bad credentials only (``test_bad_input``), with their own
# error types, and write the sign-in bookkeeping the fingerprint leaves out.
SIGN_IN = frozenset({"login", "refreshToken", "logout"})


def _cases(world: World) -> list[Call]:
    institutions = [call for area in world.areas.values() for call in institution_calls(Call, area)]
    return [
        *_calls(world, "near"),
        *_calls(world, "far"),
        *COUNTY_CALLS,
        *_account_calls(world),
        *institutions,
    ]


@pytest.mark.parametrize("user", USERS)
async def test_mutations(access_client: GraphQLClient, people_database_url: str, user: str) -> None:
    world = await build_world(access_client)
    headers = await headers_of(access_client, user)
    calls = _cases(world)
    assert {call.name for call in calls} == schema_mutations() - SIGN_IN
    denied = [call for call in calls if not call.allowed(user)]
    before = await fingerprint(people_database_url)
    for call in denied:
        payload = await _run(access_client, headers, call)
        codes = [error["code"] for error in payload["userErrors"]]
        assert len(codes) == 1, (user, call.name, codes)
        expected = {"UNAUTHENTICATED"} if user == ANONYMOUS else {"FORBIDDEN"} | call.hiding
        assert codes[0] in expected, (user, call.name, codes)
        assert payload[call.selection] in (None, []), (user, call.name)
    assert await fingerprint(people_database_url) == before, (user, "a denied call wrote")
    for call in calls:
        if call.allowed(user):
            payload = await _run(access_client, headers, call)
            assert payload["userErrors"] == [], (user, call.name, call.input, payload)
            assert payload[call.selection] is not None, (user, call.name)
    assert denied or user == "county.admin", "every other user is denied something"
    assert (len(denied) < len(calls)) is (user != ANONYMOUS), "every signed-in role acts somewhere"
