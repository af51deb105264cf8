"""Goal: a committee and its mediators made through the mutations take a dispute case; closing a
committee ends its mediators' terms and refuses new cases; the township indicator (two mediators
serving) counts only mediators in office on the day computed; edits carry versions and history.

Method: the app over the tiny demo (residents to appoint); 大阁镇's demo committee is closed
and replaced through GraphQL, and ``registerDispute`` is made against the new one.
"""

from __future__ import annotations

from typing import Any

from tests.support.workflows import Desk, clock, codes, people_desk, settings

__all__ = ["clock", "people_desk", "settings"]

DAGE = "130826100"
HISTORY = "history { version action changedBy reason changes { field from to } }"
COMMITTEE = f"committee {{ id endedOn version {HISTORY} }} userErrors {{ code field }}"
MEDIATOR = f"mediator {{ id role endedOn version {HISTORY} }} userErrors {{ code field }}"
CREATE = f"""mutation($input: CreateMediationCommitteeInput!) {{
  createMediationCommittee(input: $input) {{ {COMMITTEE} }} }}"""
CLOSE = f"""mutation($input: CloseMediationCommitteeInput!) {{
  closeMediationCommittee(input: $input) {{ {COMMITTEE} }} }}"""
APPOINT = f"""mutation($input: AppointMediatorInput!) {{
  appointMediator(input: $input) {{ {MEDIATOR} }} }}"""
CHANGE = f"""mutation($input: ChangeMediatorInput!) {{
  changeMediator(input: $input) {{ {MEDIATOR} }} }}"""
END = f"""mutation($input: EndMediatorInput!) {{ endMediator(input: $input) {{ {MEDIATOR} }} }}"""
REGISTER = """mutation($input: RegisterDisputeInput!) { registerDispute(input: $input) {
  disputeCase { id } userErrors { code field } } }"""
LOOKUP = """query($code: String!) {
  regionByCode(code: $code) { mediationCommittee { id version
    mediators(first: 9) { edges { node { id } } } } }
  persons(filter: {underRegion: $code}, first: 3) { edges { node { id grid { code } } } } }"""
VALUES = """query($asOf: Date!) { indicatorValues(regionCode: "130826100",
  keys: ["township_mediators"], asOf: $asOf) { numerator denominator } }"""


async def _serving(desk: Desk, as_of: str) -> int:
    data = await desk.data("county.admin", VALUES, asOf=as_of)
    [value] = data["indicatorValues"]
    assert value["denominator"] == 1
    numerator: int = value["numerator"]
    return numerator


def _dispute(committee: str, village: str, mediators: list[str]) -> dict[str, Any]:
    return {"committeeId": committee, "regionCode": village, "disputeType": "NEIGHBOURHOOD",
            "source": "PARTY_APPLICATION", "summary": "宅基地边界争执", "amountAtStakeFen": 0,
            "parties": [{"side": "APPLICANT", "name": "赵某", "organization": False},
                        {"side": "RESPONDENT", "name": "钱某", "organization": False}],
            "mediatorIds": mediators}  # fmt: skip


async def test_committee_from_mutations_takes_a_dispute(people_desk: Desk) -> None:
    desk = people_desk
    found = await desk.data("county.admin", LOOKUP, code=DAGE)
    demo = found["regionByCode"]["mediationCommittee"]
    persons = [edge["node"] for edge in found["persons"]["edges"]]
    village = persons[0]["grid"]["code"][:12]
    assert await _serving(desk, "2026-10-31") == 1
    closed = await desk.mutate(
        "dage.admin", CLOSE, committeeId=demo["id"], expectedVersion=demo["version"],
        endedOn="2026-11-01", reason="换届",
    )  # fmt: skip
    assert closed["userErrors"] == []
    assert closed["committee"]["endedOn"] == "2026-11-01"
    # Its mediators' terms ended with it: the township no longer counts them from that day.
    assert await _serving(desk, "2026-10-31") == 1
    assert await _serving(desk, "2026-11-01") == 0
    old = [edge["node"]["id"] for edge in demo["mediators"]["edges"]]
    # A closed committee takes no new case.
    stale_case = await desk.data(
        "dage.admin", REGISTER, input=_dispute(demo["id"], village, old[:1])
    )
    assert codes(stale_case["registerDispute"]) == ["ALREADY_ENDED"]

    created = await desk.mutate(
        "dage.admin",
        CREATE,
        regionCode=DAGE,
        name="大阁镇人民调解委员会",
        establishedOn="2026-11-02",
    )
    assert created["userErrors"] == []
    committee = created["committee"]
    assert committee["history"][0]["action"] == "CREATED"
    twice = await desk.mutate("dage.admin", CREATE, regionCode=DAGE, name="重复")
    assert codes(twice) == ["COMMITTEE_OPEN"]
    mediators = []
    for person, role in zip(persons[:2], ("CHAIR", "MEMBER"), strict=True):
        appointed = await desk.mutate(
            "dage.admin", APPOINT, committeeId=committee["id"], personId=person["id"],
            role=role, fullTime=True, startedOn="2026-11-02",
        )  # fmt: skip
        assert appointed["userErrors"] == []
        mediators.append(appointed["mediator"])
    again = await desk.mutate(
        "dage.admin", APPOINT, committeeId=committee["id"], personId=persons[0]["id"],
        role="MEMBER", fullTime=False, startedOn="2026-11-02",
    )  # fmt: skip
    assert codes(again) == ["ALREADY_ASSIGNED"]
    assert await _serving(desk, "2026-11-02") == 1

    change = {"mediatorId": mediators[1]["id"], "role": "VICE_CHAIR", "fullTime": False,
              "goldMedal": True, "startedOn": "2026-11-02"}  # fmt: skip
    changed = await desk.mutate("dage.admin", CHANGE, expectedVersion=1, **change)
    assert changed["userErrors"] == []
    assert changed["mediator"]["version"] == 2
    assert {c["field"]: (c["from"], c["to"]) for c in changed["mediator"]["history"][-1]["changes"]} == {
        "role": ("MEMBER", "VICE_CHAIR"), "fullTime": ("true", "false"), "goldMedal": ("false", "true"),
    }  # fmt: skip
    stale = await desk.mutate("dage.admin", CHANGE, expectedVersion=1, **change)
    assert codes(stale) == ["STALE_VERSION"]

    case = await desk.data(
        "dage.admin", REGISTER, input=_dispute(committee["id"], village, [mediators[0]["id"]])
    )
    assert case["registerDispute"]["userErrors"] == []
    assert case["registerDispute"]["disputeCase"]["id"]

    ended = await desk.mutate(
        "dage.admin", END, mediatorId=mediators[1]["id"], expectedVersion=2,
        endedOn="2026-11-20", reason="调离",
    )  # fmt: skip
    assert ended["userErrors"] == []
    assert [entry["action"] for entry in ended["mediator"]["history"]] == [
        "CREATED", "CHANGED", "ENDED",
    ]  # fmt: skip
    assert await _serving(desk, "2026-11-19") == 1
    assert await _serving(desk, "2026-11-20") == 0
    gone = await desk.data(
        "dage.admin", REGISTER, input=_dispute(committee["id"], village, [mediators[1]["id"]])
    )
    assert codes(gone["registerDispute"]) == ["MEDIATOR_NOT_ON_COMMITTEE"]
