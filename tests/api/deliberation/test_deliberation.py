"""Goal: deliberation meetings and village-affairs disclosures are recorded by those allowed,
and the overdue query names exactly the villages late with each kind of disclosure (finances
monthly, the rest quarterly), page by page.

Method: GraphQL over the real ASGI app on the Fengning regions with the demo users, a
ManualClock moved past the monthly window.
"""

from __future__ import annotations

import datetime as dt

from tests.support.workflows import Desk, codes

VILLAGE = "130826001001"
MEETING = """mutation($input: RecordDeliberationMeetingInput!) { recordDeliberationMeeting(input: $input) {
  meeting { form topic quorate region { code } } userErrors { code } } }"""
PUBLISH = """mutation($input: PublishVillageDisclosureInput!) { publishVillageDisclosure(input: $input) {
  disclosure { kind publishedOn includesDonations village { code } } userErrors { code } } }"""
OVERDUE = """query($region: String!, $first: Int, $after: String) {
  overdueDisclosures(underRegion: $region, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { kind lastPublishedOn dueOn village { code } } } } }"""


async def test_meetings(desk: Desk) -> None:
    meeting = {
        "regionCode": VILLAGE + "001",
        "form": "VILLAGERS_TALK",
        "topic": "修缮村道",
        "heldOn": "2026-11-01",
        "participantsCount": 40,
        "quorumCount": 30,
        "decisions": "同意集资修路",
    }
    recorded = await desk.mutate("huashi.grid1", MEETING, **meeting)
    assert recorded["meeting"]["quorate"] is True
    assert codes(
        await desk.mutate("huashi.grid1", MEETING, **meeting | {"regionCode": VILLAGE + "002"})
    ) == ["FORBIDDEN"]
    assert codes(
        await desk.mutate("huashi.grid1", MEETING, **meeting | {"heldOn": "2026-12-01"})
    ) == ["DATE_IN_FUTURE"]
    short = await desk.mutate(
        "huashi.admin", MEETING, **meeting | {"regionCode": VILLAGE, "participantsCount": 10}
    )
    assert short["meeting"]["quorate"] is False
    listing = '{ deliberationMeetings(filter: {forms: [VILLAGERS_TALK], heldFrom: "2026-11-01"}) { totalCount } }'
    assert (await desk.data("huashi.admin", listing))["deliberationMeetings"]["totalCount"] == 2
    assert (await desk.data("huashi.grid1", listing))["deliberationMeetings"]["totalCount"] == 1


async def test_disclosures_and_overdue_villages(desk: Desk) -> None:
    finances = {
        "villageCode": VILLAGE,
        "kind": "FINANCES",
        "title": "10月财务公开",
        "summary": "收支明细及爱心超市捐赠",
        "periodStart": "2026-10-01",
        "periodEnd": "2026-10-31",
        "includesDonations": True,
    }
    assert codes(await desk.mutate("huashi.grid1", PUBLISH, **finances)) == ["FORBIDDEN"]
    assert codes(
        await desk.mutate("huashi.admin", PUBLISH, **finances | {"kind": "PARTY_AFFAIRS"})
    ) == ["DONATIONS_IN_FINANCES_ONLY"]
    assert codes(
        await desk.mutate(
            "huashi.admin",
            PUBLISH,
            **finances | {"periodStart": "2026-12-01", "periodEnd": "2026-12-31"},
        )
    ) == ["PERIOD_INVALID"]
    published = (await desk.mutate("huashi.admin", PUBLISH, **finances))["disclosure"]
    assert published == {
        "kind": "FINANCES",
        "publishedOn": "2026-11-02",
        "includesDonations": True,
        "village": {"code": VILLAGE},
    }

    late = (await desk.data("huashi.admin", OVERDUE, region=VILLAGE))["overdueDisclosures"]
    assert {edge["node"]["kind"] for edge in late["edges"]} == {"PARTY_AFFAIRS", "VILLAGE_AFFAIRS"}
    desk.clock.advance(dt.timedelta(days=31))
    assert (await desk.data("huashi.admin", OVERDUE, region=VILLAGE))["overdueDisclosures"][
        "totalCount"
    ] == 2
    desk.clock.advance(dt.timedelta(days=1))
    late = (await desk.data("huashi.admin", OVERDUE, region=VILLAGE))["overdueDisclosures"]
    finance = next(edge["node"] for edge in late["edges"] if edge["node"]["kind"] == "FINANCES")
    assert finance == {
        "kind": "FINANCES",
        "lastPublishedOn": "2026-11-02",
        "dueOn": "2026-12-03",
        "village": {"code": VILLAGE},
    }

    township = (await desk.data("xinfenglu.admin", OVERDUE, region="130826001", first=100))[
        "overdueDisclosures"
    ]
    villages = {edge["node"]["village"]["code"] for edge in township["edges"]}
    total = township["totalCount"]
    assert total == 3 * len(villages)
    seen, after = [], None
    while True:
        page = (
            await desk.data("xinfenglu.admin", OVERDUE, region="130826001", first=7, after=after)
        )["overdueDisclosures"]
        seen += [(e["node"]["village"]["code"], e["node"]["kind"]) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == total
    assert seen == sorted(seen)
    assert (await desk.data("dage.admin", OVERDUE, region="130826001"))["overdueDisclosures"][
        "totalCount"
    ] == 0
