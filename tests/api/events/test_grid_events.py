"""Goal: the grid-event workflow works end to end over HTTP — report, accept, assign, handle,
feedback, rework, verify, close, evaluate, reopen —, every accepted step lands on the timeline
with its actor, invalid steps come back as userErrors and change nothing, and deadlines
escalate events level by level when they pass (and not a second before).

Method: GraphQL mutations and queries over the real ASGI app on the Fengning regions with the
demo users signed in; time is a ManualClock moved past deadlines instead of sleeping.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from kit.clock import ManualClock
from tests.support.graphql import graphql_client
from tests.support.workflows import START, Desk, codes, workflow_settings

GRID = "130826001001001"  # 花石社区第1网格, huashi.grid1's grid
OTHER_GRID = "130826100201001"
EVENT_FIELDS = """id status level category source overdue deadlineAt escalationCount reopenCount
  satisfaction assigneeDepartment availableSteps handlingRegion { code } grid { code }
  timeline(first: 50) { totalCount edges { node {
    action fromStatus toStatus fromLevel toLevel occurredAt note automatic actorRole
    actor { username } } } }"""
REPORT = f"""mutation($input: ReportGridEventInput!) {{ reportGridEvent(input: $input) {{
  gridEvent {{ {EVENT_FIELDS} }} userErrors {{ code field message }} }} }}"""
STEP = f"""mutation($input: TransitionGridEventInput!) {{ transitionGridEvent(input: $input) {{
  gridEvent {{ {EVENT_FIELDS} }} userErrors {{ code field message }} }} }}"""
SWEEP = """mutation($input: EscalateOverdueGridEventsInput!) {
  escalateOverdueGridEvents(input: $input) {
    escalatedCount escalated { id level } userErrors { code } } }"""
EVENT = f"query($id: ID!) {{ node(id: $id) {{ ... on GridEvent {{ {EVENT_FIELDS} }} }} }}"
LATE = """query($region: String!) { gridEvents(filter: {underRegion: $region, overdue: true},
  orderBy: {field: DEADLINE_AT}) { totalCount edges { node { id level } } } }"""


async def _report(desk: Desk, category: str = "LIVELIHOOD", grid: str = GRID) -> dict[str, Any]:
    payload = await desk.mutate(
        "huashi.grid1",
        REPORT,
        gridCode=grid,
        category=category,
        title="路灯损坏",
        description="花石社区第1网格主路路灯不亮，夜间出行不便。",
        attachmentRefs=["photo/2026/11/lamp-1.jpg"],
    )
    assert payload["userErrors"] == [], payload
    return payload["gridEvent"]


async def _step(desk: Desk, user: str, event_id: str, step: str, **extra: Any) -> dict[str, Any]:
    return await desk.mutate(user, STEP, eventId=event_id, step=step, **extra)


def _actions(event: dict[str, Any]) -> list[str]:
    return [edge["node"]["action"] for edge in event["timeline"]["edges"]]


async def test_the_whole_workflow_and_a_reopen(desk: Desk) -> None:
    event = await _report(desk)
    assert (event["status"], event["level"], event["source"]) == ("REPORTED", "GRID", "GRID_WORKER")
    assert event["handlingRegion"]["code"] == GRID
    steps = [
        ("ACCEPT", {}),
        ("ASSIGN", {"assigneeDepartment": "社区物业"}),
        ("START_HANDLING", {}),
        ("GIVE_FEEDBACK", {"note": "已更换灯泡"}),
        ("RETURN_FOR_REWORK", {"note": "仍有一盏不亮"}),
        ("GIVE_FEEDBACK", {}),
        ("VERIFY", {}),
        ("CLOSE", {}),
        ("EVALUATE", {"satisfaction": 5}),
        ("REOPEN", {"note": "又坏了"}),
    ]
    for step, extra in steps:
        desk.clock.advance(dt.timedelta(hours=1))
        payload = await _step(desk, "huashi.grid1", event["id"], step, **extra)
        assert payload["userErrors"] == [], (step, payload)
        event = payload["gridEvent"]
    assert (event["status"], event["reopenCount"], event["satisfaction"]) == ("ACCEPTED", 1, None)
    assert event["assigneeDepartment"] is None
    assert _actions(event) == ["REPORT"] + [step for step, _ in steps]
    assert event["timeline"]["totalCount"] == 1 + len(steps)
    last = event["timeline"]["edges"][-1]["node"]
    assert last["actor"] == {"username": "huashi.grid1"}
    assert (last["actorRole"], last["note"], last["automatic"]) == ("GRID_WORKER", "又坏了", False)
    # Reopening restarts the grid's deadline from the reopening instant.
    reopened_at = dt.datetime.fromisoformat(last["occurredAt"])
    assert dt.datetime.fromisoformat(event["deadlineAt"]) == reopened_at + dt.timedelta(hours=72)


async def test_invalid_steps_are_user_errors_and_change_nothing(desk: Desk) -> None:
    event = await _report(desk)
    refusals = [
        ("huashi.grid1", "CLOSE", {}, "INVALID_TRANSITION"),
        ("huashi.grid1", "EVALUATE", {"satisfaction": 3}, "INVALID_TRANSITION"),
        ("huashi.grid1", "ACCEPT", {"satisfaction": 3}, "SATISFACTION_NOT_ALLOWED"),
        ("huashi.grid1", "ACCEPT", {"assigneeDepartment": "x"}, "ASSIGNEE_NOT_ALLOWED"),
        ("dage.admin", "ACCEPT", {}, "FORBIDDEN"),
        ("huashi.grid1", "ACCEPT", {"note": "长" * 2_001}, "NOTE_TOO_LONG"),
    ]
    for user, step, extra, code in refusals:
        payload = await _step(desk, user, event["id"], step, **extra)
        assert codes(payload) == [code], (step, payload)
        assert payload["gridEvent"] is None
    await _step(desk, "huashi.grid1", event["id"], "ACCEPT")
    assert codes(await _step(desk, "huashi.grid1", event["id"], "ASSIGN")) == ["ASSIGNEE_REQUIRED"]
    both = {"assigneeDepartment": "城管", "assigneePersonId": "UGVyc29uOjE="}
    assert codes(await _step(desk, "huashi.grid1", event["id"], "ASSIGN", **both)) == [
        "ASSIGNEE_REQUIRED"
    ]
    unchanged = (await desk.data("huashi.grid1", EVENT, id=event["id"]))["node"]
    assert (unchanged["status"], _actions(unchanged)) == ("ACCEPTED", ["REPORT", "ACCEPT"])
    # A refused ASSIGN once committed its assignee (set before the rating was checked).
    refused = await _step(
        desk, "huashi.grid1", event["id"], "ASSIGN", assigneeDepartment="城管", satisfaction=3
    )
    assert codes(refused) == ["SATISFACTION_NOT_ALLOWED"]
    after = (await desk.data("huashi.grid1", EVENT, id=event["id"]))["node"]
    assert (after["status"], after["assigneeDepartment"]) == ("ACCEPTED", None)
    anonymous = await desk.mutate(None, STEP, eventId=event["id"], step="ASSIGN")
    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert codes(
        await desk.mutate(
            "dage.admin", REPORT, gridCode=GRID, category="SANITATION", title="t", description="d"
        )
    ) == ["FORBIDDEN"]
    assert codes(
        await desk.mutate(
            "county.admin",
            REPORT,
            gridCode="130826001001",
            category="SANITATION",
            title="t",
            description="d",
        )
    ) == ["NOT_A_GRID"]


async def test_an_overdue_event_is_escalated_when_touched(desk: Desk) -> None:
    event = await _report(desk)  # LIVELIHOOD: 72 hours at the grid
    deadline = dt.datetime.fromisoformat(event["deadlineAt"])
    assert deadline == START + dt.timedelta(hours=72)
    desk.clock.set(deadline)
    on_time = (await desk.data("xinfenglu.admin", LATE, region="130826001"))["gridEvents"]
    assert on_time["totalCount"] == 0, "exactly at the deadline is not late"

    desk.clock.advance(dt.timedelta(seconds=1))
    late = (await desk.data("xinfenglu.admin", LATE, region="130826001"))["gridEvents"]
    assert [edge["node"]["id"] for edge in late["edges"]] == [event["id"]]
    # The grid worker touches it: first escalated to the village, so no longer theirs to accept.
    refused = await _step(desk, "huashi.grid1", event["id"], "ACCEPT")
    assert codes(refused) == ["FORBIDDEN"]
    accepted = await _step(desk, "huashi.admin", event["id"], "ACCEPT", note="村里处理")
    assert accepted["userErrors"] == []
    event = accepted["gridEvent"]
    assert (event["status"], event["level"], event["escalationCount"]) == ("ACCEPTED", "VILLAGE", 1)
    assert event["handlingRegion"]["code"] == GRID[:12]
    assert event["overdue"] is False
    automatic = event["timeline"]["edges"][1]["node"]
    assert automatic["action"] == "AUTO_ESCALATE"
    assert automatic["automatic"] is True
    assert automatic["actor"] is None
    assert automatic["actorRole"] is None
    assert dt.datetime.fromisoformat(automatic["occurredAt"]) == deadline
    assert (automatic["fromLevel"], automatic["toLevel"]) == ("GRID", "VILLAGE")
    # The village's deadline started when the grid's passed: 120 hours for livelihood matters.
    assert dt.datetime.fromisoformat(event["deadlineAt"]) == deadline + dt.timedelta(hours=120)


async def test_the_sweep_escalates_level_by_level_up_to_the_county(desk: Desk) -> None:
    event = await _report(desk, category="SAFETY_HAZARD")  # urgent: 24, 48, 72 hours
    desk.clock.advance(dt.timedelta(hours=24 + 48 + 1))
    refused = await desk.mutate("huashi.grid1", SWEEP)
    assert codes(refused) == ["FORBIDDEN"]
    swept = await desk.mutate("xinfenglu.admin", SWEEP)
    assert swept["escalatedCount"] == 1
    assert swept["escalated"][0]["level"] == "TOWNSHIP"
    desk.clock.advance(dt.timedelta(days=30))
    swept = await desk.mutate("county.admin", SWEEP, underRegion="130826001")
    assert swept["escalatedCount"] == 1
    event = (await desk.data("county.admin", EVENT, id=event["id"]))["node"]
    assert (event["level"], event["status"], event["overdue"]) == ("COUNTY", "REPORTED", True)
    assert _actions(event) == ["REPORT", "AUTO_ESCALATE", "AUTO_ESCALATE", "AUTO_ESCALATE"]
    assert "ESCALATE" not in event["availableSteps"]
    assert codes(await _step(desk, "county.admin", event["id"], "ESCALATE")) == ["ALREADY_AT_TOP"]
    # Overdue at the top stays listed as late; nothing further to escalate.
    assert (await desk.mutate("county.admin", SWEEP))["escalatedCount"] == 0
    late = (await desk.data("county.admin", LATE, region="130826"))["gridEvents"]
    assert late["totalCount"] == 1


async def test_escalation_by_hand_and_configured_deadlines(desk: Desk) -> None:
    set_deadline = """mutation($input: SetGridEventDeadlineInput!) { setGridEventDeadline(input: $input) {
      deadline { category level hours configured } userErrors { code } } }"""
    rule = {"countyCode": "130826", "category": "SANITATION", "level": "VILLAGE", "hours": 6}
    assert codes(await desk.mutate("dage.admin", set_deadline, **rule)) == ["FORBIDDEN"]
    assert codes(await desk.mutate("county.admin", set_deadline, **rule | {"hours": 0})) == [
        "HOURS_OUT_OF_RANGE"
    ]
    set_rule = await desk.mutate("county.admin", set_deadline, **rule)
    assert set_rule["deadline"] == {
        "category": "SANITATION",
        "level": "VILLAGE",
        "hours": 6,
        "configured": True,
    }
    deadlines = (
        await desk.data(
            "county.admin",
            '{ gridEventDeadlines(countyCode: "130826") { category level hours configured } }',
        )
    )["gridEventDeadlines"]
    assert len(deadlines) == 24
    assert {
        "category": "SANITATION",
        "level": "VILLAGE",
        "hours": 6,
        "configured": True,
    } in deadlines

    event = await _report(desk, category="SANITATION")
    payload = await _step(desk, "huashi.grid1", event["id"], "ESCALATE", note="超出网格处置能力")
    event = payload["gridEvent"]
    assert (event["level"], event["status"]) == ("VILLAGE", "REPORTED")
    assert dt.datetime.fromisoformat(event["deadlineAt"]) == START + dt.timedelta(hours=6)
    assert codes(await _step(desk, "huashi.grid1", event["id"], "ACCEPT")) == ["FORBIDDEN"]


async def test_lists_are_scoped_to_the_viewer(desk: Desk) -> None:
    mine = await _report(desk)
    dage = await desk.mutate(
        "dage.admin",
        REPORT,
        gridCode=OTHER_GRID,
        category="DISPUTE",
        title="地界纠纷",
        description="两户地界争议",
    )
    assert dage["userErrors"] == []
    query = "{ gridEvents(first: 100) { totalCount edges { node { id } } } }"
    seen = {
        user: {e["node"]["id"] for e in (await desk.data(user, query))["gridEvents"]["edges"]}
        for user in ("huashi.grid1", "dage.admin", "county.admin", "supermarket1.cashier")
    }
    assert seen["huashi.grid1"] == {mine["id"]}
    assert seen["dage.admin"] == {dage["gridEvent"]["id"]}
    assert seen["county.admin"] == {mine["id"], dage["gridEvent"]["id"]}
    assert seen["supermarket1.cashier"] == set()
    hidden = await desk.data("huashi.grid1", EVENT, id=dage["gridEvent"]["id"])
    assert hidden["node"] is None
    filtered = await desk.data(
        "county.admin",
        """{ gridEvents(filter: {categories: [DISPUTE], statuses: [REPORTED], levels: [GRID],
          sources: [CENTER], reportedFrom: "2026-11-01T00:00:00Z", reportedBefore: "2026-11-03T00:00:00Z"})
          { totalCount } }""",
    )
    assert filtered["gridEvents"]["totalCount"] == 1


async def test_the_background_sweep_escalates_untouched_events(
    demo_database_url: str, desk: Desk
) -> None:
    event = await _report(desk)
    clock = ManualClock(START + dt.timedelta(hours=73))
    settings = workflow_settings(escalation_sweep_interval_seconds=1)
    async with graphql_client(settings, demo_database_url, clock):
        for _ in range(50):
            await asyncio.sleep(0.1)
            found = (await desk.data("county.admin", EVENT, id=event["id"]))["node"]
            if found["level"] == "VILLAGE":
                break
    assert found["level"] == "VILLAGE"
    assert _actions(found) == ["REPORT", "AUTO_ESCALATE"]


async def test_lists_cost_constant_statements(demo_database_url: str, desk: Desk) -> None:
    query = f"{{ gridEvents(first: 100) {{ totalCount edges {{ node {{ {EVENT_FIELDS} assignee {{ name }} }} }} }} }}"
    await _report(desk)
    settings = workflow_settings(debug_sql=True)
    async with graphql_client(settings, demo_database_url, desk.clock) as counting:
        headers = await desk.as_user("county.admin")
        one = await counting.execute(query, headers=headers)
        for grid in (GRID, OTHER_GRID, "130826001001002", "130826001002001"):
            event = (
                await desk.mutate(
                    "county.admin",
                    REPORT,
                    gridCode=grid,
                    category="EPIDEMIC",
                    title="排查",
                    description="返乡人员排查",
                )
            )["gridEvent"]
            await _step(desk, "county.admin", event["id"], "ACCEPT")
            await _step(desk, "county.admin", event["id"], "ASSIGN", assigneeDepartment="卫健")
        many = await counting.execute(query, headers=headers)
    assert len(many["data"]["gridEvents"]["edges"]) == 5
    statements = one["extensions"]["sql"]["statements"]
    assert statements == many["extensions"]["sql"]["statements"]
    assert statements <= 7
