"""Goal: volunteer service from activity to certificate: sign-up within capacity, minutes
recorded by the organizer (at most the activity's length: travel excluded), confirmation only
once the activity is over, posting minutes to the volunteer's VOLUNTEER_MINUTES account and the
scheme's points (10 per hour in the demo) to the household; the service record and a numbered
PDF certificate, visible to the volunteer and staff of their region only.

Method: the real ASGI app over the demo, as huashi.admin (organizer) and resident.demo
(person 1 of household 1); the controllable clock passes the activity's end; balances and the
record read over GraphQL; the PDF downloaded with bearer tokens.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from strawberry import relay

from kit.clock import local_day
from tests.api.bank.conftest import As, FakeClock

# Activity days and the certificate's year are the county's: also run at calendar boundaries.
pytestmark = pytest.mark.date_sensitive

CREATE = """mutation($input: CreateVolunteerActivityInput!) { createVolunteerActivity(input: $input) {
  activity { id capacity } userErrors { code message } } }"""
SIGN_UP = """mutation($input: SignUpForActivityInput!) { signUpForActivity(input: $input) {
  signUp { id serviceMinutes confirmedAt } userErrors { code message } } }"""
RECORD = """mutation($input: RecordServiceMinutesInput!) { recordServiceMinutes(input: $input) {
  signUp { id serviceMinutes } userErrors { code message } } }"""
CONFIRM = """mutation($input: ConfirmServiceInput!) { confirmService(input: $input) {
  signUp { id confirmedAt } userErrors { code message } } }"""
CERTIFY = """mutation($input: IssueVolunteerCertificateInput!) { issueVolunteerCertificate(input: $input) {
  certificate { number serviceMinutes activities downloadPath } userErrors { code message } } }"""
RECORD_QUERY = """query($id: ID!) { volunteerRecord(personId: $id) { personName serviceMinutes
  entries { activityTitle category organizer serviceMinutes } } }"""
MINE = """{ myPointsAccounts {
  nodes { availablePoints volunteerMinutes volunteerHours scheme { name } } } }"""


def person(person_id: int) -> str:
    return relay.to_base64("Person", person_id)


def _codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


async def _county_scheme(users: As) -> str:
    schemes = await users.data(
        "huashi.admin", '{ pointsSchemes(regionCode: "130826001001") { nodes { id name } } }'
    )
    return next(
        s["id"] for s in schemes["pointsSchemes"]["nodes"] if s["name"] == "丰宁县道德银行积分方案"
    )


async def _county_account(users: As) -> dict[str, Any]:
    mine = (await users.data("resident.demo", MINE))["myPointsAccounts"]["nodes"]
    return next(a for a in mine if a["scheme"]["name"] == "丰宁县道德银行积分方案")


async def test_service_from_activity_to_certificate(users: As, clock: FakeClock) -> None:
    start = clock() + dt.timedelta(hours=1)
    activity = {"schemeId": await _county_scheme(users), "villageCode": "130826001001",
                "title": "探访空巢老人", "category": "EMPTY_NEST_ELDERS",
                "startsAt": start.isoformat(), "endsAt": (start + dt.timedelta(hours=2)).isoformat(),
                "capacity": 2}  # fmt: skip
    created = (await users.data("huashi.admin", CREATE, {"input": activity}))[
        "createVolunteerActivity"
    ]
    activity_id = created["activity"]["id"]
    before = await _county_account(users)

    own = await users.data(
        "resident.demo", SIGN_UP, {"input": {"activityId": activity_id, "personId": person(1)}}
    )
    sign_up = own["signUpForActivity"]["signUp"]
    assert _codes(
        (
            await users.data(
                "resident.demo",
                SIGN_UP,
                {"input": {"activityId": activity_id, "personId": person(4)}},
            )
        )["signUpForActivity"]
    ) == ["PERSON_NOT_FOUND"], "another household's member is hidden by row-level security"
    assert _codes(
        (
            await users.data(
                "huashi.admin",
                SIGN_UP,
                {"input": {"activityId": activity_id, "personId": person(1)}},
            )
        )["signUpForActivity"]
    ) == ["ALREADY_SIGNED_UP"]
    neighbour = await users.data(
        "huashi.admin", SIGN_UP, {"input": {"activityId": activity_id, "personId": person(4)}}
    )
    neighbour_sign_up = neighbour["signUpForActivity"]["signUp"]["id"]
    full = await users.data(
        "huashi.admin", SIGN_UP, {"input": {"activityId": activity_id, "personId": person(7)}}
    )
    assert _codes(full["signUpForActivity"]) == ["ACTIVITY_FULL"]

    too_long = {"signUpId": sign_up["id"], "serviceMinutes": 121}
    assert _codes(
        (await users.data("huashi.admin", RECORD, {"input": too_long}))["recordServiceMinutes"]
    ) == ["MINUTES_INVALID"]
    recorded = await users.data(
        "huashi.admin", RECORD, {"input": {"signUpId": sign_up["id"], "serviceMinutes": 90}}
    )
    assert recorded["recordServiceMinutes"]["signUp"]["serviceMinutes"] == 90
    early = await users.data("huashi.admin", CONFIRM, {"input": {"signUpId": sign_up["id"]}})
    assert _codes(early["confirmService"]) == ["ACTIVITY_NOT_OVER"]
    clock.advance(dt.timedelta(hours=4))
    confirmed = await users.data("huashi.admin", CONFIRM, {"input": {"signUpId": sign_up["id"]}})
    assert confirmed["confirmService"]["signUp"]["confirmedAt"] is not None
    again = await users.data("huashi.admin", CONFIRM, {"input": {"signUpId": sign_up["id"]}})
    # Person 4 lives in household 2: their minutes are not household 1's.
    await users.data(
        "huashi.admin", RECORD, {"input": {"signUpId": neighbour_sign_up, "serviceMinutes": 60}}
    )
    await users.data("huashi.admin", CONFIRM, {"input": {"signUpId": neighbour_sign_up}})
    assert _codes(again["confirmService"]) == ["ALREADY_CONFIRMED"]

    after = await _county_account(users)
    assert after["availablePoints"] == before["availablePoints"] + 15
    assert after["volunteerMinutes"] == before["volunteerMinutes"] + 90
    record = (await users.data("resident.demo", RECORD_QUERY, {"id": person(1)}))["volunteerRecord"]
    assert record["serviceMinutes"] == 90
    assert record["entries"][0]["activityTitle"] == "探访空巢老人"
    assert (await users.data("dage.admin", RECORD_QUERY, {"id": person(1)}))[
        "volunteerRecord"
    ] is None

    assert _codes(
        (await users.data("resident.demo", CERTIFY, {"input": {"personId": person(1)}}))[
            "issueVolunteerCertificate"
        ]
    ) == ["FORBIDDEN"]
    issued = (await users.data("huashi.admin", CERTIFY, {"input": {"personId": person(1)}}))[
        "issueVolunteerCertificate"
    ]
    certificate = issued["certificate"]
    # The county's year (the year-end run of the date-sensitive tests issues it on 1 January
    # before 08:00 in Beijing).
    assert certificate["number"].startswith(f"ZY-130826001001-{local_day(clock()).year}-")
    assert (certificate["serviceMinutes"], certificate["activities"]) == (90, 1)
    pdf = await users.client.http.get(
        certificate["downloadPath"], headers=await users.headers("resident.demo")
    )
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    stranger = await users.client.http.get(
        certificate["downloadPath"], headers=await users.headers("dage.admin")
    )
    assert stranger.status_code == 404
