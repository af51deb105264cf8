"""Goal: a resident reports an event in a grid of their own village (source RESIDENT), sees
their own reports and nothing else, may not report elsewhere, and rates the event once staff
have closed it.

Method: GraphQL over the real ASGI app on the tiny whole demo, where the demo resident's
person exists; staff steps by the county administrator.
"""

from __future__ import annotations

from tests.support.workflows import Desk, codes

REPORT = """mutation($input: ReportGridEventInput!) { reportGridEvent(input: $input) {
  gridEvent { id source status } userErrors { code } } }"""
STEP = """mutation($input: TransitionGridEventInput!) { transitionGridEvent(input: $input) {
  gridEvent { status satisfaction } userErrors { code } } }"""
HOME = '{ node(id: "UGVyc29uOjE=") { ... on Person { village { code children(first: 1) { edges { node { code } } } } } } }'


async def test_a_resident_reports_follows_and_rates(people_desk: Desk) -> None:
    desk = people_desk
    village = (await desk.data("county.admin", HOME))["node"]["village"]
    grid = village["children"]["edges"][0]["node"]["code"]
    report = {
        "gridCode": grid,
        "category": "LIVELIHOOD",
        "title": "自来水停供",
        "description": "三天没有自来水",
    }
    elsewhere = "130826100201001" if not grid.startswith("130826100201") else "130826001001001"
    assert codes(
        await desk.mutate("resident.demo", REPORT, **report | {"gridCode": elsewhere})
    ) == ["FORBIDDEN"]
    event = (await desk.mutate("resident.demo", REPORT, **report))["gridEvent"]
    assert (event["source"], event["status"]) == ("RESIDENT", "REPORTED")
    mine = (
        await desk.data("resident.demo", "{ gridEvents { totalCount edges { node { id } } } }")
    )["gridEvents"]
    assert [edge["node"]["id"] for edge in mine["edges"]] == [event["id"]]
    assert codes(await desk.mutate("resident.demo", STEP, eventId=event["id"], step="ACCEPT")) == [
        "FORBIDDEN"
    ]
    for step, extra in (
        ("ACCEPT", {}),
        ("ASSIGN", {"assigneeDepartment": "水务站"}),
        ("START_HANDLING", {}),
        ("GIVE_FEEDBACK", {}),
        ("VERIFY", {}),
        ("CLOSE", {}),
    ):
        assert (await desk.mutate("county.admin", STEP, eventId=event["id"], step=step, **extra))[
            "userErrors"
        ] == []
    rated = await desk.mutate(
        "resident.demo", STEP, eventId=event["id"], step="EVALUATE", satisfaction=4
    )
    assert rated["gridEvent"] == {"status": "EVALUATED", "satisfaction": 4}
