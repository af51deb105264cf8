"""Goal: a petition is received (joint visits capped at 5 representatives), decided within 15
days, answered within 60 (+30 once), reviewed and re-reviewed within their windows; late
decisions and answers show as overdue; visits make "at most one trip" measurable; hearings,
consultations and reception days are recorded and the monthly hearing rule is checked.

Method: GraphQL over the real ASGI app on the Fengning regions with the demo users, a
ManualClock moved across the statutory days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kit.clock import local_day
from tests.support.clock import month_of
from tests.support.workflows import Desk, codes

# "Today" is the app clock's (GRASSROOTS_TEST_NOW): also run at calendar boundaries.
pytestmark = pytest.mark.date_sensitive

ADMIN = "xinfenglu.admin"
FIELDS = """id status receivedOn decidedOn dueOn extended repliedOn resolved visitsCount overdue
  representativesCount petitionersCount region { code } petitioners { name representative }
  visits { visitedOn visitorsCount } timeline { action fromStatus toStatus actor { username } }"""
RECEIVE = f"""mutation($input: ReceivePetitionInput!) {{ receivePetition(input: $input) {{
  petition {{ {FIELDS} }} userErrors {{ code field }} }} }}"""
STEP = f"""mutation($input: TransitionPetitionInput!) {{ transitionPetition(input: $input) {{
  petition {{ {FIELDS} }} userErrors {{ code field }} }} }}"""
HEARING = """mutation($input: RecordPetitionHearingInput!) { recordPetitionHearing(input: $input) {
  hearing { id kind heldOn chairName region { code } petition { id } } userErrors { code } } }"""
LATE = "{ petitions(filter: {overdue: true}) { totalCount edges { node { id status } } } }"


def _reception(**overrides: Any) -> dict[str, Any]:
    petitioners = [{"name": f"村民{i}", "representative": i < 5} for i in range(7)]
    values = {
        "regionCode": "130826001",
        "subject": "拆迁补偿标准",
        "content": "要求按新标准补偿",
        "major": True,
        "leaderName": "张书记",
        "leaderPost": "街道党工委书记",
        "petitioners": petitioners,
        "visitorsCount": 5,
    }
    return values | overrides


async def _receive(desk: Desk, **overrides: Any) -> dict[str, Any]:
    payload = await desk.mutate(ADMIN, RECEIVE, **_reception(**overrides))
    assert payload["userErrors"] == [], payload
    return payload["petition"]


async def _step(desk: Desk, petition: dict[str, Any], step: str, **extra: Any) -> dict[str, Any]:
    return await desk.mutate(ADMIN, STEP, petitionId=petition["id"], step=step, **extra)


def _day(desk: Desk, days: int = 0) -> str:
    return (local_day(desk.clock.now()) + dt.timedelta(days=days)).isoformat()


async def test_deadlines_extension_reply_and_review_window(desk: Desk) -> None:
    petition = await _receive(desk)
    assert (petition["representativesCount"], petition["petitionersCount"]) == (5, 7)
    assert petition["dueOn"] == _day(desk, 15)
    assert codes(await _step(desk, petition, "REPLY", replyText="x", resolved=True)) == [
        "INVALID_TRANSITION"
    ]
    desk.clock.advance(dt.timedelta(days=15))
    assert (await desk.data(ADMIN, LATE))["petitions"]["totalCount"] == 0, "day 15 is on time"
    desk.clock.advance(dt.timedelta(days=1))
    late = (await desk.data(ADMIN, LATE))["petitions"]
    assert [edge["node"]["id"] for edge in late["edges"]] == [petition["id"]]

    petition = (await _step(desk, petition, "ACCEPT", note="受理"))["petition"]
    assert (petition["status"], petition["dueOn"], petition["overdue"]) == (
        "ACCEPTED",
        _day(desk, 60),
        False,
    )
    petition = (await _step(desk, petition, "EXTEND"))["petition"]
    assert (petition["dueOn"], petition["extended"]) == (_day(desk, 90), True)
    assert codes(await _step(desk, petition, "EXTEND")) == ["ALREADY_EXTENDED"]
    assert codes(await _step(desk, petition, "REPLY", replyText="答复")) == ["RESOLVED_REQUIRED"]
    assert codes(await _step(desk, petition, "REPLY", resolved=False)) == ["REPLY_REQUIRED"]
    petition = (await _step(desk, petition, "REPLY", replyText="按规定标准补偿", resolved=False))[
        "petition"
    ]
    assert (petition["status"], petition["dueOn"]) == ("REPLIED", None)
    desk.clock.advance(dt.timedelta(days=31))
    assert codes(await _step(desk, petition, "REQUEST_REVIEW")) == ["REVIEW_WINDOW_CLOSED"]
    petition = (await _step(desk, petition, "RECORD_VISIT", visitorsCount=2))["petition"]
    assert petition["visitsCount"] == 2
    assert [v["visitorsCount"] for v in petition["visits"]] == [5, 2]
    assert [t["action"] for t in petition["timeline"]] == [
        "RECEIVE",
        "ACCEPT",
        "EXTEND",
        "REPLY",
        "RECORD_VISIT",
    ]


async def test_review_and_re_review(desk: Desk) -> None:
    petition = await _receive(desk, major=False)
    await _step(desk, petition, "ACCEPT")
    await _step(desk, petition, "REPLY", replyText="不予支持", resolved=False)
    desk.clock.advance(dt.timedelta(days=30))
    petition = (await _step(desk, petition, "REQUEST_REVIEW"))["petition"]
    assert (petition["status"], petition["dueOn"]) == ("REVIEW_REQUESTED", _day(desk, 30))
    petition = (await _step(desk, petition, "REVIEW", replyText="维持原意见", resolved=False))[
        "petition"
    ]
    await _step(desk, petition, "REQUEST_RE_REVIEW")
    petition = (
        await _step(desk, petition, "RE_REVIEW", replyText="复核：部分支持", resolved=True)
    )["petition"]
    assert (petition["status"], petition["resolved"]) == ("RE_REVIEWED", True)
    assert codes(await _step(desk, petition, "REQUEST_REVIEW")) == ["INVALID_TRANSITION"]


async def test_refusals_and_scope(desk: Desk) -> None:
    six = [{"name": f"代表{i}", "representative": True} for i in range(6)]
    assert codes(await desk.mutate(ADMIN, RECEIVE, **_reception(petitioners=six))) == [
        "TOO_MANY_REPRESENTATIVES"
    ]
    assert codes(await desk.mutate(ADMIN, RECEIVE, **_reception(visitorsCount=6))) == [
        "TOO_MANY_VISITORS"
    ]
    assert codes(await desk.mutate(ADMIN, RECEIVE, **_reception(regionCode="130826001001001"))) == [
        "NOT_A_RECEIVING_REGION"
    ]
    assert codes(
        await desk.mutate("huashi.grid1", RECEIVE, **_reception(regionCode="130826001001"))
    ) == ["FORBIDDEN"]
    assert codes(await desk.mutate("dage.admin", RECEIVE, **_reception())) == ["FORBIDDEN"]
    petition = await _receive(desk)
    assert codes(
        await desk.mutate("dage.admin", STEP, petitionId=petition["id"], step="ACCEPT")
    ) == ["FORBIDDEN"]
    listing = "{ petitions { totalCount } }"
    assert (await desk.data("huashi.grid1", listing))["petitions"]["totalCount"] == 0
    assert (await desk.data("county.admin", listing))["petitions"]["totalCount"] == 1


async def test_one_trip_share(desk: Desk) -> None:
    once = await _receive(desk)
    await _step(desk, once, "ACCEPT")
    await _step(desk, once, "REPLY", replyText="当场解决", resolved=True)
    twice = await _receive(desk)
    await _step(desk, twice, "RECORD_VISIT")
    await _step(desk, twice, "ACCEPT")
    await _step(desk, twice, "REPLY", replyText="解决", resolved=True)
    unresolved = await _receive(desk)
    await _step(desk, unresolved, "ACCEPT")
    await _step(desk, unresolved, "REPLY", replyText="不支持", resolved=False)
    query = """query($start: Date!, $end: Date!) { petitionOneTrip(start: $start, end: $end, underRegion: "130826001") {
      resolved resolvedWithOneVisit share } }"""
    measure = (await desk.data("county.admin", query, start=_day(desk), end=_day(desk)))[
        "petitionOneTrip"
    ]
    assert measure == {"resolved": 2, "resolvedWithOneVisit": 1, "share": 0.5}


async def test_hearings_monthly_rule_and_reception_days(desk: Desk) -> None:
    minor = await _receive(desk, major=False)
    major = await _receive(desk)
    hearing = {
        "regionCode": "130826",
        "kind": "HEARING",
        "heldOn": _day(desk),
        "chairName": "李主任",
        "chairPost": "信访联席会议召集人",
        "participantsCount": 12,
        "summary": "听取各方意见",
    }
    assert codes(await desk.mutate("county.admin", HEARING, **hearing, petitionId=minor["id"])) == [
        "NOT_A_MAJOR_CASE"
    ]
    assert codes(
        await desk.mutate("county.admin", HEARING, **hearing | {"heldOn": _day(desk, 1)})
    ) == ["DATE_IN_FUTURE"]
    assert codes(
        await desk.mutate("county.admin", HEARING, **hearing | {"regionCode": "130826001001"})
    ) == ["NOT_A_COUNTY_OR_TOWNSHIP"]
    assert codes(await desk.mutate(ADMIN, HEARING, **hearing)) == ["FORBIDDEN"]
    recorded = await desk.mutate("county.admin", HEARING, **hearing, petitionId=major["id"])
    assert recorded["hearing"]["petition"] == {"id": major["id"]}
    # Last month and this one, on the county's calendar: the hearing falls in this one.
    this_month, last_day = month_of(local_day(desk.clock.now()))
    last_month, _ = month_of(this_month - dt.timedelta(days=1))
    monthly = f"""{{ monthlyHearings(start: "{last_month}", end: "{last_day}") {{
      month hearings consultations met county {{ code }} }} }}"""
    months = (await desk.data("county.admin", monthly))["monthlyHearings"]
    assert [(m["month"], m["met"]) for m in months] == [
        (last_month.isoformat(), False),
        (this_month.isoformat(), False),
    ]
    await desk.mutate(
        ADMIN,
        HEARING,
        **hearing | {"regionCode": "130826001", "kind": "CONSULTATION", "chairPost": "政法委书记"},
    )
    months = (await desk.data("county.admin", monthly))["monthlyHearings"]
    assert months[1] == {
        "month": this_month.isoformat(),
        "hearings": 1,
        "consultations": 1,
        "met": True,
        "county": {"code": "130826"},
    }

    reception = """mutation($input: RecordReceptionDayInput!) { recordReceptionDay(input: $input) {
      receptionDay { heldOn leaderName petitionersReceived mattersResolvedOnSite } userErrors { code } } }"""
    day = {
        "regionCode": "130826001",
        "heldOn": _day(desk),
        "leaderName": "王县长",
        "leaderPost": "县长",
        "location": "新丰路街道综治中心",
        "petitionersReceived": 9,
        "mattersResolvedOnSite": 4,
    }
    assert codes(await desk.mutate(ADMIN, reception, **day | {"mattersResolvedOnSite": 10})) == [
        "COUNT_OUT_OF_RANGE"
    ]
    assert (await desk.mutate(ADMIN, reception, **day))["userErrors"] == []
    days = (
        await desk.data(
            "county.admin",
            '{ receptionDays(filter: {underRegion: "130826001"}) { totalCount edges { node { leaderName region { code } } } } }',
        )
    )["receptionDays"]
    assert days["totalCount"] == 1
    hearings = (
        await desk.data(
            "county.admin", "{ petitionHearings(filter: {kinds: [CONSULTATION]}) { totalCount } }"
        )
    )["petitionHearings"]
    assert hearings["totalCount"] == 1
