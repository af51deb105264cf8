"""Goal: every mutation of the schema refuses bad input with its documented code and changes
nothing (the logs aside); a mutation added to the schema without a case here fails the test.
Together with ``test_mutation_matrix`` (the forbidden calls) this is the refusal test of every
mutation.

Method: the world of ``test_workflow_matrix``; the county admin (allowed everywhere) sends one
malformed input per mutation between two fingerprints of every table (audit, personal-data
and sign-in logs excepted), which must be equal; each answer carries exactly the expected code
and no object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from strawberry import relay

from tests.api.access import cases_catalog, cases_orgs, cases_people
from tests.api.access.cases_institutions import bad_inputs as institution_inputs
from tests.api.access.test_mutation_matrix import schema_mutations
from tests.api.access.test_workflow_matrix import build_world, headers_of
from tests.api.access.world import (
    TODAY,
    YESTERDAY,
    World,
    activity,
    assignment,
    dispute,
    hearing,
    meeting,
    petition,
    reception,
)
from tests.support.auth import demo_user
from tests.support.fingerprint import fingerprint
from tests.support.graphql import GraphQLClient

TOMORROW = TODAY + dt.timedelta(days=1)
MISSING = 10**9  # no row has this id


@dataclass(frozen=True)
class BadInput:
    """One malformed call: the payload's object field (with its selection), the input, and the
    one code it must answer."""

    name: str
    selection: str
    input: dict[str, Any]
    code: str


def _missing(type_name: str) -> str:
    return relay.to_base64(type_name, MISSING)


def _cases(world: World) -> list[BadInput]:
    area = world.areas["near"]
    ids, g, v = area.ids, area.grid, area.village
    late = {"heldOn": TOMORROW.isoformat()}
    return [
        BadInput("login", "credentials { accessToken }",
                 {"username": "county.admin", "password": "wrong"}, "INVALID_CREDENTIALS"),
        BadInput("refreshToken", "credentials { accessToken }", {"refreshToken": "bogus"},
                 "INVALID_REFRESH_TOKEN"),
        BadInput("logout", "ended", {"refreshToken": "bogus"}, "INVALID_REFRESH_TOKEN"),
        BadInput("assignGridWorker", "gridAssignment { id }",
                 assignment(area, "VILLAGER_GROUP_LEADER") | {"duties": []}, "DUTIES_REQUIRED"),
        BadInput("endGridAssignment", "gridAssignment { id }",
                 {"assignmentId": ids["GridAssignment"], "expectedVersion": 1,
                  "endedOn": (YESTERDAY - dt.timedelta(days=10)).isoformat()},
                 "ENDS_BEFORE_START"),
        BadInput("reportGridEvent", "gridEvent { id }",
                 {"gridCode": g, "category": "SANITATION", "title": " ", "description": "d"},
                 "REQUIRED"),
        BadInput("transitionGridEvent", "gridEvent { id }",
                 {"eventId": ids["GridEvent"], "step": "ESCALATE", "satisfaction": 3},
                 "SATISFACTION_NOT_ALLOWED"),
        BadInput("escalateOverdueGridEvents", "escalated { id }", {"underRegion": "999999"},
                 "REGION_NOT_FOUND"),
        BadInput("setGridEventDeadline", "deadline { hours }",
                 {"countyCode": "130826", "category": "SANITATION", "level": "VILLAGE",
                  "hours": 0}, "HOURS_OUT_OF_RANGE"),
        BadInput("registerDispute", "disputeCase { id }", dispute(area) | {"summary": " "},
                 "REQUIRED"),
        BadInput("recordMediationSession", "disputeCase { id }",
                 {"caseId": ids["DisputeCase"], "mediatorId": area.mediators[0]} | late,
                 "DATE_OUT_OF_RANGE"),
        BadInput("concludeDispute", "disputeCase { id }",
                 {"caseId": ids["to_conclude"], "outcome": "WITHDRAWN", "note": "长" * 2_001},
                 "NOTE_TOO_LONG"),
        BadInput("requestJudicialConfirmation", "disputeCase { id }",
                 {"caseId": ids["DisputeCase"]}, "INVALID_TRANSITION"),
        BadInput("recordDisputePerformance", "disputeCase { id }",
                 {"caseId": ids["DisputeCase"], "performance": "PERFORMED"},
                 "INVALID_TRANSITION"),
        BadInput("receivePetition", "petition { id }", petition(area) | {"subject": " "},
                 "REQUIRED"),
        BadInput("transitionPetition", "petition { id }",
                 {"petitionId": ids["Petition"], "step": "ACCEPT", "note": "长" * 2_001},
                 "NOTE_TOO_LONG"),
        BadInput("recordPetitionHearing", "hearing { id }", hearing(area) | late,
                 "DATE_IN_FUTURE"),
        BadInput("recordReceptionDay", "receptionDay { id }", reception(area) | late,
                 "DATE_IN_FUTURE"),
        BadInput("recordDeliberationMeeting", "meeting { id }", meeting(area) | late,
                 "DATE_IN_FUTURE"),
        BadInput("publishVillageDisclosure", "disclosure { id }",
                 {"villageCode": v, "kind": "FINANCES", "title": "财务公开", "summary": "收支",
                  "periodStart": "2026-10-31", "periodEnd": "2026-10-01"}, "PERIOD_INVALID"),
        BadInput("createPointsScheme", "scheme { id }", {"regionCode": v, "name": " "},
                 "NAME_REQUIRED"),
        BadInput("addPointsRule", "rule { id }",
                 {"schemeId": ids["PointsScheme"], "code": "M-9", "category": "OTHER",
                  "title": "零", "points": 0, "evidenceRequired": False}, "POINTS_INVALID"),
        BadInput("proposePoints", "application { id }",
                 {"ruleId": ids["PointsRule"], "householdId": area.household,
                  "eventOn": TOMORROW.isoformat()}, "EVENT_IN_FUTURE"),
        BadInput("reviewPointsApplication", "application { id }",
                 {"applicationId": ids["proposed"], "approve": False}, "REASON_REQUIRED"),
        BadInput("publishPointsAnnouncement", "announcement { id }",
                 {"schemeId": ids["PointsScheme"], "villageCode": "999999999999"},
                 "VILLAGE_NOT_FOUND"),
        BadInput("lodgePointsObjection", "objection { id }",
                 {"applicationId": ids["announced"], "reason": " "}, "REASON_REQUIRED"),
        BadInput("decidePointsObjection", "objection { id }",
                 {"objectionId": _missing("PointsObjection"), "uphold": False},
                 "OBJECTION_NOT_FOUND"),
        BadInput("closePointsAccount", "account { id }",
                 {"accountId": _missing("PointsAccount")}, "ACCOUNT_NOT_FOUND"),
        BadInput("createSupermarket", "supermarket { id }", {"regionCode": v, "name": " "},
                 "NAME_REQUIRED"),
        BadInput("addGoods", "goods { id }",
                 {"supermarketId": area.supermarket, "name": "零价", "unitLabel": "个",
                  "pricePoints": 0}, "PRICE_INVALID"),
        BadInput("setGoodsPrice", "goods { id }", {"goodsId": ids["Goods"], "pricePoints": 0},
                 "PRICE_INVALID"),
        BadInput("receiveStock", "goods { id }",
                 {"goodsId": ids["Goods"], "quantity": 0, "source": "PURCHASE",
                  "receivedOn": YESTERDAY.isoformat()}, "QUANTITY_INVALID"),
        BadInput("setGoodsLowStockThreshold", "goods { id }",
                 {"goodsId": ids["Goods"], "lowStockThreshold": -1}, "QUANTITY_INVALID"),
        BadInput("redeemPoints", "receipt { id }",
                 {"supermarketId": area.supermarket, "accountId": world.own["account"],
                  "lines": [], "idempotencyKey": "bad-input"}, "LINES_INVALID"),
        BadInput("returnGoods", "receipt { id }",
                 {"receiptId": world.own["receipt"], "idempotencyKey": ""},
                 "IDEMPOTENCY_KEY_INVALID"),
        BadInput("createVolunteerActivity", "activity { id }", activity(area) | {"capacity": 0},
                 "CAPACITY_INVALID"),
        BadInput("signUpForActivity", "signUp { id }",
                 {"activityId": ids["open_activity"], "personId": _missing("Person")},
                 "PERSON_NOT_FOUND"),
        BadInput("recordServiceMinutes", "signUp { id }",
                 {"signUpId": ids["VolunteerSignUp"], "serviceMinutes": 0}, "MINUTES_INVALID"),
        BadInput("confirmService", "signUp { id }", {"signUpId": ids["VolunteerSignUp"]},
                 "MINUTES_REQUIRED"),
        BadInput("issueVolunteerCertificate", "certificate { number }",
                 {"personId": _missing("Person")}, "PERSON_NOT_FOUND"),
        BadInput("createUser", "user { username }", {"username": "x", "displayName": "名"},
                 "USERNAME_INVALID"),
        BadInput("deactivateUser", "user { username }", {"username": "nobody.here"},
                 "USER_NOT_FOUND"),
        BadInput("reactivateUser", "user { username }", {"username": "nobody.here"},
                 "USER_NOT_FOUND"),
        BadInput("grantRole", "user { username }",
                 {"username": "huashi.grid1", "role": "VILLAGE_ADMIN", "regionCode": "130826001"},
                 "SCOPE_INVALID"),
        BadInput("revokeRole", "user { username }",
                 {"username": "huashi.grid1", "role": "MEDIATOR", "regionCode": "130826001001"},
                 "GRANT_NOT_FOUND"),
        BadInput("resetPassword", "user { username }", {"username": "nobody.here"},
                 "USER_NOT_FOUND"),
        BadInput("endUserSessions", "user { username }", {"username": "nobody.here"},
                 "USER_NOT_FOUND"),
        BadInput("endSession", "session { id }", {"sessionId": _missing("SignInSession")},
                 "SESSION_NOT_FOUND"),
        BadInput("changePassword", "user { username }",
                 {"oldPassword": demo_user("county.admin").password, "newPassword": "short"},
                 "PASSWORD_TOO_SHORT"),
        *(BadInput(*case) for case in cases_orgs.bad_inputs(area)),
        *cases_people.bad_inputs(BadInput, area),
        *(BadInput(*call) for call in cases_catalog.bad_calls(area)),
    ]  # fmt: skip


async def _run(client: GraphQLClient, headers: dict[str, str], case: BadInput) -> dict[str, Any]:
    type_name = case.name[0].upper() + case.name[1:]
    query = (
        f"mutation($input: {type_name}Input!) {{ {case.name}(input: $input) "
        f"{{ {case.selection} userErrors {{ code }} }} }}"
    )
    payload: dict[str, Any] = (await client.data(query, {"input": case.input}, headers))[case.name]
    return payload


async def test_bad_input_is_refused_and_changes_nothing(
    access_client: GraphQLClient, people_database_url: str
) -> None:
    world = await build_world(access_client)
    headers = await headers_of(access_client, "county.admin")
    cases = [*_cases(world), *institution_inputs(BadInput, world.areas["near"])]
    assert sorted(case.name for case in cases) == sorted(schema_mutations())
    before = await fingerprint(people_database_url)
    for case in cases:
        payload = await _run(access_client, headers, case)
        codes = [error["code"] for error in payload["userErrors"]]
        assert codes == [case.code], (case.name, payload)
        field = case.selection.split(" ")[0]
        assert payload[field] in (None, [], False), (case.name, payload)
    assert await fingerprint(people_database_url) == before
