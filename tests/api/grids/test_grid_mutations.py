"""Goal: assigning a worker to a grid and ending the assignment work end to end, and every
business refusal comes back as `userErrors` data with a stable code, changing nothing.

Method: GraphQL mutations over the real ASGI app (which commits per request) on the demo at a
tiny scale; follow-up queries read what was committed.
"""

from __future__ import annotations

from typing import Any

from strawberry import relay

from tests.support.graphql import GraphQLClient

ASSIGN = """mutation($input: AssignGridWorkerInput!) { assignGridWorker(input: $input) {
  gridAssignment { id role duties startedOn endedOn active person { id } grid { code } }
  userErrors { code field message } } }"""
END = """mutation($input: EndGridAssignmentInput!) { endGridAssignment(input: $input) {
  gridAssignment { id endedOn active } userErrors { code field message } } }"""
GRID = "130826100201001"


async def _person_id(client: GraphQLClient) -> str:
    query = '{ persons(filter: {underRegion: "130826100201"}, first: 1) { edges { node { id } } } }'
    return (await client.data(query))["persons"]["edges"][0]["node"]["id"]


def _input(person_id: str, **overrides: Any) -> dict[str, Any]:
    values = {
        "gridCode": GRID,
        "personId": person_id,
        "role": "VILLAGER_REPRESENTATIVE",
        "duties": ["DISPUTE_MEDIATION", "SAFETY_HAZARDS", "DISPUTE_MEDIATION"],
        "startedOn": "2026-01-01",
    }
    return {"input": values | overrides}


async def _codes(client: GraphQLClient, mutation: str, variables: dict[str, Any]) -> list[str]:
    payload = next(iter((await client.data(mutation, variables)).values()))
    assert payload["gridAssignment"] is None
    return [error["code"] for error in payload["userErrors"]]


async def test_assign_then_end(people_client: GraphQLClient) -> None:
    person_id = await _person_id(people_client)
    payload = (await people_client.data(ASSIGN, _input(person_id)))["assignGridWorker"]
    assert payload["userErrors"] == []
    assignment = payload["gridAssignment"]
    assert assignment["duties"] == ["DISPUTE_MEDIATION", "SAFETY_HAZARDS"]
    assert assignment["grid"]["code"] == GRID
    workers = f'{{ regionByCode(code: "{GRID}") {{ gridWorkers(first: 100) {{ edges {{ node {{ id }} }} }} }} }}'
    listed = (await people_client.data(workers))["regionByCode"]["gridWorkers"]["edges"]
    assert assignment["id"] in {edge["node"]["id"] for edge in listed}

    too_early = {
        "input": {"assignmentId": assignment["id"], "expectedVersion": 1, "endedOn": "2025-12-31"}
    }
    assert await _codes(people_client, END, too_early) == ["ENDS_BEFORE_START"]
    ended = await people_client.data(
        END,
        {
            "input": {
                "assignmentId": assignment["id"],
                "expectedVersion": 1,
                "endedOn": "2026-06-30",
            }
        },
    )
    assert ended["endGridAssignment"]["gridAssignment"]["active"] is False
    again = {
        "input": {"assignmentId": assignment["id"], "expectedVersion": 2, "endedOn": "2026-07-01"}
    }
    assert await _codes(people_client, END, again) == ["ALREADY_ENDED"]


async def test_refusals(people_client: GraphQLClient) -> None:
    person_id = await _person_id(people_client)
    assert await _codes(people_client, ASSIGN, _input(person_id, gridCode="130826100201")) == [
        "NOT_A_GRID"
    ]
    assert await _codes(people_client, ASSIGN, _input(person_id, gridCode="130826100201999")) == [
        "GRID_NOT_FOUND"
    ]
    assert await _codes(people_client, ASSIGN, _input(person_id, role="VOLUNTEER")) == [
        "VOLUNTEER_SOURCE_REQUIRED"
    ]
    assert await _codes(people_client, ASSIGN, _input(person_id, volunteerSource="UNEMPLOYED")) == [
        "VOLUNTEER_SOURCE_NOT_ALLOWED"
    ]
    assert await _codes(people_client, ASSIGN, _input(person_id, duties=[])) == ["DUTIES_REQUIRED"]
    await people_client.data(ASSIGN, _input(person_id))
    assert await _codes(people_client, ASSIGN, _input(person_id)) == ["ALREADY_ASSIGNED"]
    nobody = relay.to_base64("Person", 10**12)
    assert await _codes(people_client, ASSIGN, _input(nobody)) == ["PERSON_NOT_FOUND"]


async def test_an_id_of_the_wrong_type_is_a_request_error(people_client: GraphQLClient) -> None:
    region = (await people_client.data('{ regionByCode(code: "130826") { id } }'))["regionByCode"]
    response = await people_client.post(ASSIGN, _input(region["id"]))
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


CHANGE = """mutation($input: ChangeGridAssignmentInput!) { changeGridAssignment(input: $input) {
  gridAssignment { id version role person { id }
    history { version action changedBy changes { field from to } } }
  userErrors { code field message } } }"""
TWO_PEOPLE = (
    '{ persons(filter: {underRegion: "130826100201"}, first: 2) { edges { node { id } } } }'
)


async def test_leader_changes_hands_with_history(people_client: GraphQLClient) -> None:
    """包联: the township official in charge of a grid is handed over; the history keeps both."""
    edges = (await people_client.data(TWO_PEOPLE))["persons"]["edges"]
    first, second = (edge["node"]["id"] for edge in edges)
    assigned = await people_client.data(
        ASSIGN, _input(first, role="TOWNSHIP_PARTY_SECRETARY", duties=["INFORMATION_AND_PUBLICITY"])
    )
    assignment = assigned["assignGridWorker"]["gridAssignment"]
    change = {
        "assignmentId": assignment["id"],
        "personId": second,
        "role": "TOWNSHIP_PARTY_SECRETARY",
        "duties": ["INFORMATION_AND_PUBLICITY", "SAFETY_HAZARDS"],
    }
    changed = await people_client.data(CHANGE, {"input": change | {"expectedVersion": 1}})
    payload = changed["changeGridAssignment"]
    assert payload["userErrors"] == []
    row = payload["gridAssignment"]
    assert row["version"] == 2
    assert row["person"]["id"] == second
    created, handed = row["history"]
    assert created["action"] == "CREATED"
    assert handed["action"] == "CHANGED"
    fields = {c["field"]: (c["from"], c["to"]) for c in handed["changes"]}
    assert fields["personId"] == (
        str(relay.GlobalID.from_id(first).node_id),
        str(relay.GlobalID.from_id(second).node_id),
    )
    assert fields["duties"][1] == "INFORMATION_AND_PUBLICITY, SAFETY_HAZARDS"
    stale = await people_client.data(CHANGE, {"input": change | {"expectedVersion": 1}})
    assert [e["code"] for e in stale["changeGridAssignment"]["userErrors"]] == ["STALE_VERSION"]


OFFICIAL = """mutation($input: AssignGridWorkerInput!) { assignGridWorker(input: $input) {
  gridAssignment { id officialName officialPost person { id } }
  userErrors { code field message } } }"""


async def test_named_official_in_charge(people_client: GraphQLClient) -> None:
    """A township official not on any roster takes charge of a grid by name; later a resident
    takes the grid over in the same assignment, the history keeping both."""
    person_id = await _person_id(people_client)
    official = {"officialName": "张建国", "officialPost": "乡镇党委副书记"}
    by_name = {"personId": None, "role": "TOWNSHIP_HEAD"} | official
    made = await people_client.data(OFFICIAL, {"input": _input(person_id)["input"] | by_name})
    payload = made["assignGridWorker"]
    assert payload["userErrors"] == []
    row = payload["gridAssignment"]
    assert row == {"id": row["id"], "person": None} | official
    both = {"input": _input(person_id)["input"] | {"role": "TOWNSHIP_HEAD"} | official}
    village_role = {"input": _input(person_id)["input"] | {"personId": None} | official}
    neither = {"input": _input(person_id)["input"] | {"personId": None}}
    for variables in (both, village_role, neither):
        refused = (await people_client.data(OFFICIAL, variables))["assignGridWorker"]
        assert [e["code"] for e in refused["userErrors"]] == ["HOLDER_INVALID"], variables
    handed = {
        "assignmentId": row["id"],
        "expectedVersion": 1,
        "personId": person_id,
        "role": "TOWNSHIP_HEAD",
        "duties": ["DISPUTE_MEDIATION"],
    }
    changed = (await people_client.data(CHANGE, {"input": handed}))["changeGridAssignment"]
    assert changed["userErrors"] == []
    fields = {
        c["field"]: (c["from"], c["to"])
        for c in changed["gridAssignment"]["history"][-1]["changes"]
    }
    assert fields["officialName"] == ("张建国", None)
    assert fields["officialPost"] == ("乡镇党委副书记", None)
    assert fields["personId"][0] is None
