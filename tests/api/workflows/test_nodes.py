"""Goal: every workflow type is a Relay `Node` that round-trips through `nodes(ids:)` for a
viewer in scope, comes back null for a viewer out of scope, and the demo data fills every
workflow list (so demo screens are not empty).

Method: on the tiny whole demo (workflows included), a county administrator collects one id
of each type through the lists and fetches them back; a grid worker of another township
fetches the same ids.
"""

from __future__ import annotations

from tests.support.workflows import Desk

LISTS = (
    "gridEvents",
    "disputeCases",
    "petitions",
    "petitionHearings",
    "receptionDays",
    "deliberationMeetings",
    "villageDisclosures",
)
IDS = (
    "{ "
    + " ".join(f"{name}(first: 1) {{ totalCount edges {{ node {{ id }} }} }}" for name in LISTS)
    + " }"
)
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"


async def test_every_workflow_type_round_trips(people_desk: Desk) -> None:
    data = await people_desk.data("county.admin", IDS)
    for name in LISTS:
        assert data[name]["totalCount"] > 0, name
    ids = [data[name]["edges"][0]["node"]["id"] for name in LISTS]
    nodes = (await people_desk.data("county.admin", NODES, ids=ids))["nodes"]
    assert [node["id"] for node in nodes] == ids
    assert {node["__typename"] for node in nodes} == {
        "GridEvent",
        "DisputeCase",
        "Petition",
        "PetitionHearing",
        "ReceptionDay",
        "DeliberationMeeting",
        "VillageDisclosure",
    }
    outsider = (await people_desk.data("supermarket1.cashier", NODES, ids=ids))["nodes"]
    assert outsider == [None] * len(ids)
