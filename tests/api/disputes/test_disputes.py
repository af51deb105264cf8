"""Goal: a dispute goes from registration (from an escalated grid event) through sessions to a
signed agreement, judicial confirmation within 30 days and a performance follow-up; failures
and referrals end cases too; every refusal is a userError; sensitive case notes reach only
those allowed; mediator rankings and lawsuit counts (无诉讼村, per 10,000 residents) follow.

Method: GraphQL over the real ASGI app on the tiny whole demo (committees and mediators
included), demo users signed in, a ManualClock moved across the 30-day window.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kit.clock import local_day
from tests.support.clock import month_of
from tests.support.graphql import graphql_client
from tests.support.workflows import Desk, codes, workflow_settings

# "Today" is the app clock's (GRASSROOTS_TEST_NOW): also run at calendar boundaries.
pytestmark = pytest.mark.date_sensitive

MEDIATOR = "xinfenglu.mediator"
VILLAGE = "130826001001"
CASE_FIELDS = """id status disputeType source amountAtStakeFen registeredOn concludedOn referral
  agreementSignedOn judicialConfirmationDeadline judicialConfirmationOpen
  judicialConfirmationRequestedOn performance followedUpOn
  region { code } committee { name } gridEvent { id level }
  parties { side name } mediators { lead mediator { id } } signingMediator { id }
  sessions { heldOn notes mediator { id } }
  timeline { action fromStatus toStatus actorRole actor { username } }"""
PAYLOAD = f"disputeCase {{ {CASE_FIELDS} }} userErrors {{ code field message }}"
REGISTER = (
    f"mutation($input: RegisterDisputeInput!) {{ registerDispute(input: $input) {{ {PAYLOAD} }} }}"
)
SESSION = f"mutation($input: RecordMediationSessionInput!) {{ recordMediationSession(input: $input) {{ {PAYLOAD} }} }}"
CONCLUDE = (
    f"mutation($input: ConcludeDisputeInput!) {{ concludeDispute(input: $input) {{ {PAYLOAD} }} }}"
)
CONFIRM = f"mutation($input: RequestJudicialConfirmationInput!) {{ requestJudicialConfirmation(input: $input) {{ {PAYLOAD} }} }}"
PERFORMANCE = f"mutation($input: RecordDisputePerformanceInput!) {{ recordDisputePerformance(input: $input) {{ {PAYLOAD} }} }}"
CASE = f"query($id: ID!) {{ node(id: $id) {{ ... on DisputeCase {{ {CASE_FIELDS} }} }} }}"
COMMITTEES = """query($region: String!) { mediationCommittees(filter: {underRegion: $region}, first: 2) {
  edges { node { id region { code } mediators(first: 9) { edges { node { id } } } } } } }"""
REPORT = """mutation($input: ReportGridEventInput!) { reportGridEvent(input: $input) {
  gridEvent { id } userErrors { code } } }"""
ESCALATE = """mutation($input: TransitionGridEventInput!) { transitionGridEvent(input: $input) {
  gridEvent { id level } userErrors { code } } }"""


async def _committee(desk: Desk, region: str) -> tuple[str, list[str]]:
    data = await desk.data("county.admin", COMMITTEES, region=region)
    node = next(
        edge["node"]
        for edge in data["mediationCommittees"]["edges"]
        if edge["node"]["region"]["code"] == region
    )
    return node["id"], [edge["node"]["id"] for edge in node["mediators"]["edges"]]


def _registration(committee: str, mediators: list[str], **overrides: Any) -> dict[str, Any]:
    values = {
        "committeeId": committee,
        "regionCode": VILLAGE,
        "disputeType": "NEIGHBOURHOOD",
        "source": "PARTY_APPLICATION",
        "summary": "两户因宅基地排水沟发生争执",
        "amountAtStakeFen": 350_000,
        "parties": [
            {"side": "APPLICANT", "name": "王某"},
            {"side": "RESPONDENT", "name": "李某"},
        ],
        "mediatorIds": mediators[:2],
    }
    return values | overrides


async def _registered(
    desk: Desk, committee: str, mediators: list[str], **overrides: Any
) -> dict[str, Any]:
    payload = await desk.mutate(
        MEDIATOR, REGISTER, **_registration(committee, mediators, **overrides)
    )
    assert payload["userErrors"] == [], payload
    return payload["disputeCase"]


async def _session(
    desk: Desk, case: dict[str, Any], mediator: str, notes: str | None = None
) -> dict[str, Any]:
    today = local_day(desk.clock.now()).isoformat()
    payload = await desk.mutate(
        MEDIATOR, SESSION, caseId=case["id"], heldOn=today, mediatorId=mediator, notes=notes
    )
    assert payload["userErrors"] == [], payload
    return payload["disputeCase"]


async def test_from_grid_event_to_agreement_confirmation_and_follow_up(people_desk: Desk) -> None:
    desk = people_desk
    committee, mediators = await _committee(desk, "130826001")
    event = (
        await desk.mutate(
            "huashi.grid1",
            REPORT,
            gridCode=VILLAGE + "001",
            category="DISPUTE",
            title="排水沟纠纷",
            description="邻里排水争执",
        )
    )["gridEvent"]
    escalated = await desk.mutate("huashi.grid1", ESCALATE, eventId=event["id"], step="ESCALATE")
    assert escalated["gridEvent"]["level"] == "VILLAGE"
    case = await _registered(
        desk, committee, mediators, source="GRID_EVENT", gridEventId=event["id"]
    )
    assert (case["status"], case["source"], case["gridEvent"]["id"]) == (
        "REGISTERED",
        "GRID_EVENT",
        event["id"],
    )
    assert [m["lead"] for m in case["mediators"]] == [True, False]
    assert case["mediators"][0]["mediator"]["id"] == mediators[0]

    case = await _session(desk, case, mediators[0], notes="双方同意各让一步")
    assert case["status"] == "MEDIATING"
    assert case["sessions"][0]["notes"] == "双方同意各让一步"
    village_view = (await desk.data("huashi.admin", CASE, id=case["id"]))["node"]
    assert village_view["sessions"][0]["notes"] is None, "case notes are for mediators"

    agreement = {
        "caseId": case["id"],
        "outcome": "AGREEMENT",
        "agreementText": "李某出资疏通排水沟",
    }
    assert codes(await desk.mutate(MEDIATOR, CONCLUDE, **agreement)) == ["AGREEMENT_UNSIGNED"]
    assert codes(await desk.mutate(MEDIATOR, CONCLUDE, **agreement, signedByParties=True)) == [
        "SIGNING_MEDIATOR_REQUIRED"
    ]
    case = (
        await desk.mutate(
            MEDIATOR, CONCLUDE, **agreement, signedByParties=True, signingMediatorId=mediators[1]
        )
    )["disputeCase"]
    today = local_day(desk.clock.now())
    assert case["status"] == "AGREED"
    assert case["agreementSignedOn"] == today.isoformat()
    assert case["judicialConfirmationDeadline"] == (today + dt.timedelta(days=30)).isoformat()
    assert case["judicialConfirmationOpen"] is True

    desk.clock.advance(dt.timedelta(days=30))
    case = (await desk.mutate(MEDIATOR, CONFIRM, caseId=case["id"]))["disputeCase"]
    assert case["judicialConfirmationRequestedOn"] == (today + dt.timedelta(days=30)).isoformat()
    assert codes(await desk.mutate(MEDIATOR, CONFIRM, caseId=case["id"])) == ["ALREADY_REQUESTED"]
    case = (await desk.mutate(MEDIATOR, PERFORMANCE, caseId=case["id"], performance="PERFORMED"))[
        "disputeCase"
    ]
    assert case["performance"] == "PERFORMED"
    assert [step["action"] for step in case["timeline"]] == [
        "REGISTER",
        "HOLD_SESSION",
        "REACH_AGREEMENT",
        "REQUEST_JUDICIAL_CONFIRMATION",
        "RECORD_PERFORMANCE",
    ]
    assert {step["actor"]["username"] for step in case["timeline"]} == {MEDIATOR}


async def test_the_confirmation_window_closes_after_30_days(people_desk: Desk) -> None:
    desk = people_desk
    committee, mediators = await _committee(desk, "130826001")
    case = await _registered(desk, committee, mediators)
    await _session(desk, case, mediators[0])
    await desk.mutate(
        MEDIATOR,
        CONCLUDE,
        caseId=case["id"],
        outcome="AGREEMENT",
        agreementText="还款",
        signedByParties=True,
        signingMediatorId=mediators[0],
    )
    desk.clock.advance(dt.timedelta(days=31))
    assert codes(await desk.mutate(MEDIATOR, CONFIRM, caseId=case["id"])) == [
        "JUDICIAL_CONFIRMATION_WINDOW_CLOSED"
    ]
    assert (await desk.data(MEDIATOR, CASE, id=case["id"]))["node"][
        "judicialConfirmationOpen"
    ] is False


async def test_refusals(people_desk: Desk) -> None:
    desk = people_desk
    committee, mediators = await _committee(desk, "130826001")
    other_committee, other_mediators = await _committee(desk, "130826100")
    one_side = [{"side": "APPLICANT", "name": "甲"}, {"side": "APPLICANT", "name": "乙"}]
    refusals = [
        (MEDIATOR, {"parties": one_side}, "PARTIES_ON_BOTH_SIDES"),
        (MEDIATOR, {"mediatorIds": other_mediators[:1]}, "MEDIATOR_NOT_ON_COMMITTEE"),
        (MEDIATOR, {"regionCode": "130826100201"}, "OUTSIDE_COMMITTEE_REGION"),
        (MEDIATOR, {"source": "GRID_EVENT"}, "GRID_EVENT_MISMATCH"),
        (MEDIATOR, {"amountAtStakeFen": -1}, "AMOUNT_OUT_OF_RANGE"),
        (MEDIATOR, {"mediatorIds": []}, "COUNT_OUT_OF_RANGE"),
        ("dage.admin", {}, "FORBIDDEN"),
        ("huashi.grid1", {}, "FORBIDDEN"),
    ]
    for user, overrides, code in refusals:
        payload = await desk.mutate(
            user, REGISTER, **_registration(committee, mediators, **overrides)
        )
        assert codes(payload) == [code], (overrides, payload)
    assert codes(
        await desk.mutate(
            MEDIATOR,
            REGISTER,
            **_registration(other_committee, other_mediators, regionCode="130826100"),
        )
    ) == ["FORBIDDEN"]
    case = await _registered(desk, committee, mediators)
    invalid = await desk.mutate(MEDIATOR, CONCLUDE, caseId=case["id"], outcome="FAILED")
    assert codes(invalid) == ["INVALID_TRANSITION"], "mediation fails only after a session"
    late = await desk.mutate(
        MEDIATOR, SESSION, caseId=case["id"], heldOn="2030-01-01", mediatorId=mediators[0]
    )
    assert codes(late) == ["DATE_OUT_OF_RANGE"]
    stranger = await desk.mutate(
        MEDIATOR,
        SESSION,
        caseId=case["id"],
        heldOn=local_day(desk.clock.now()).isoformat(),
        mediatorId=mediators[2] if len(mediators) > 2 else other_mediators[0],
    )
    assert codes(stranger) == ["NOT_A_CASE_MEDIATOR"]
    withdrawn = await desk.mutate(MEDIATOR, CONCLUDE, caseId=case["id"], outcome="WITHDRAWN")
    assert withdrawn["disputeCase"]["status"] == "WITHDRAWN"
    assert codes(
        await desk.mutate(MEDIATOR, PERFORMANCE, caseId=case["id"], performance="PERFORMED")
    ) == ["INVALID_TRANSITION"]


async def test_rankings_and_lawsuits(people_desk: Desk) -> None:
    desk = people_desk
    committee, mediators = await _committee(desk, "130826001")
    agreed = await _registered(desk, committee, mediators, mediatorIds=[mediators[0]])
    await _session(desk, agreed, mediators[0])
    await desk.mutate(
        MEDIATOR,
        CONCLUDE,
        caseId=agreed["id"],
        outcome="AGREEMENT",
        agreementText="赔偿",
        signedByParties=True,
        signingMediatorId=mediators[0],
    )
    sued = await _registered(desk, committee, mediators, mediatorIds=[mediators[1]])
    await _session(desk, sued, mediators[1])
    await desk.mutate(MEDIATOR, CONCLUDE, caseId=sued["id"], outcome="FAILED")
    referred = (await desk.mutate(MEDIATOR, CONCLUDE, caseId=sued["id"], outcome="LITIGATION"))[
        "disputeCase"
    ]
    assert (referred["status"], referred["referral"]) == ("REFERRED", "LITIGATION")

    # The cases were registered this month on the county's calendar (after the demo's cases).
    first, last = month_of(local_day(desk.clock.now()))
    ranking = (
        await desk.data(
            MEDIATOR,
            "query($from: Date!) { mediatorRanking(first: 5, registeredFrom: $from) { cases concluded agreements successRate mediator { id } } }",
            **{"from": first.isoformat()},
        )
    )["mediatorRanking"]
    assert ranking[0] == {
        "cases": 1,
        "concluded": 1,
        "agreements": 1,
        "successRate": 1.0,
        "mediator": {"id": mediators[0]},
    }
    assert {
        "cases": 1,
        "concluded": 1,
        "agreements": 0,
        "successRate": 0.0,
        "mediator": {"id": mediators[1]},
    } in ranking

    period = {"start": first.isoformat(), "end": last.isoformat()}
    villages = (
        await desk.data(
            MEDIATOR,
            'query($start: Date!, $end: Date!) { villageLawsuits(underRegion: "130826001", start: $start, end: $end) { lawsuits lawsuitFree village { code } } }',
            **period,
        )
    )["villageLawsuits"]
    by_code = {row["village"]["code"]: row for row in villages}
    assert by_code[VILLAGE] == {"lawsuits": 1, "lawsuitFree": False, "village": {"code": VILLAGE}}
    assert sum(row["lawsuitFree"] for row in villages) == len(villages) - 1
    rates = (
        await desk.data(
            "county.admin",
            'query($start: Date!, $end: Date!) { townshipLawsuitRates(countyCode: "130826", start: $start, end: $end) { lawsuits residents perTenThousand township { code } } }',
            **period,
        )
    )["townshipLawsuitRates"]
    assert len(rates) == 27
    xinfenglu = next(row for row in rates if row["township"]["code"] == "130826001")
    assert xinfenglu["lawsuits"] == 1
    assert xinfenglu["perTenThousand"] == 10_000 / xinfenglu["residents"]
    assert (
        await desk.data(
            "huashi.grid1",
            '{ townshipLawsuitRates(countyCode: "130826", start: "2026-01-01", end: "2026-12-31") { lawsuits } }',
        )
    )["townshipLawsuitRates"] == []


async def test_case_lists_cost_constant_statements(
    people_database_url: str, people_desk: Desk
) -> None:
    desk = people_desk
    committee, mediators = await _committee(desk, "130826001")
    first, _last = month_of(local_day(desk.clock.now()))
    query = f'{{ disputeCases(first: 100, filter: {{registeredFrom: "{first}"}}) {{ totalCount edges {{ node {{ {CASE_FIELDS.replace("notes ", "")} mediators {{ mediator {{ person {{ name }} }} }} }} }} }} }}'
    await _session(desk, await _registered(desk, committee, mediators), mediators[0])
    async with graphql_client(
        workflow_settings(debug_sql=True), people_database_url, desk.clock
    ) as counting:
        headers = await desk.as_user(MEDIATOR)
        one = await counting.execute(query, headers=headers)
        for _ in range(3):
            await _session(desk, await _registered(desk, committee, mediators), mediators[1])
        many = await counting.execute(query, headers=headers)
    assert len(many["data"]["disputeCases"]["edges"]) == 4
    statements = one["extensions"]["sql"]["statements"]
    assert statements == many["extensions"]["sql"]["statements"]
    assert statements <= 12
