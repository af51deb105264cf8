"""Goal: a service facility is kept over GraphQL (created, changed with history, a stale
change refused, closed and kept), and the plan's indicator counts it while it is open: from its
opening day through its last day, not from the next day; administrators outside the region are
refused and nothing changes.

Method: the real ASGI app over the demo, its clock fixed (``conftest.NOW``); the counseling
rooms of 花石社区 (the demo's ended first, through the API) and ``village_counseling_rooms``
read for that village on the days around the opening and the closing.
"""

from __future__ import annotations

from typing import Any

from tests.api.institutions.calls import HISTORY, codes, indicator, mutate
from tests.support.fingerprint import fingerprint
from tests.support.graphql import GraphQLClient

HUASHI, DAGE_VILLAGE = "130826001001", "130826100201"
KEY = "village_counseling_rooms"
FACILITY = f"facility {{ id name kind openedOn endedOn version {HISTORY} }}"
ROOMS = """query($code: String!, $ended: Boolean!) {
  serviceFacilities(filter: {underRegion: $code, kinds: [PSYCHOLOGICAL_COUNSELING_ROOM],
    includeEnded: $ended}, first: 50) { edges { node { id version endedOn } } } }"""


async def _rooms(client: GraphQLClient, headers: dict[str, str], ended: bool) -> list[Any]:
    found = await client.data(ROOMS, {"code": HUASHI, "ended": ended}, headers)
    return [edge["node"] for edge in found["serviceFacilities"]["edges"]]


async def test_facility_counts_while_open(keeper_client: GraphQLClient, as_user: Any) -> None:
    county = await as_user("county.admin")
    for room in await _rooms(keeper_client, county, ended=False):
        ending = {"facilityId": room["id"], "expectedVersion": room["version"],
                  "endedOn": "2026-09-30"}  # fmt: skip
        assert (
            codes(await mutate(keeper_client, "endServiceFacility", FACILITY, county, **ending))
            == []
        )
    assert await indicator(keeper_client, HUASHI, KEY, "2026-10-01") == (0, 1)

    created = await mutate(
        keeper_client, "createServiceFacility", FACILITY, county, regionCode=HUASHI,
        kind="PSYCHOLOGICAL_COUNSELING_ROOM", name="花石心理室", openedOn="2026-10-02",
    )  # fmt: skip
    assert codes(created) == []
    room = created["facility"]
    assert (room["version"], room["endedOn"]) == (1, None)
    assert await indicator(keeper_client, HUASHI, KEY, "2026-10-01") == (0, 1)
    assert await indicator(keeper_client, HUASHI, KEY, "2026-10-02") == (1, 1)

    changed = await mutate(
        keeper_client, "changeServiceFacility", FACILITY, county,
        facilityId=room["id"], expectedVersion=1, name="花石社区心理咨询室", reason="规范名称",
    )  # fmt: skip
    assert codes(changed) == []
    assert changed["facility"]["history"][-1]["changes"] == [
        {"field": "name", "from": "花石心理室", "to": "花石社区心理咨询室"}
    ]
    stale = await mutate(
        keeper_client, "endServiceFacility", FACILITY, county,
        facilityId=room["id"], expectedVersion=1, endedOn="2026-11-10",
    )  # fmt: skip
    assert codes(stale) == ["STALE_VERSION"]
    ended = await mutate(
        keeper_client, "endServiceFacility", FACILITY, county,
        facilityId=room["id"], expectedVersion=2, endedOn="2026-11-10", reason="迁址",
    )  # fmt: skip
    assert codes(ended) == []
    assert (ended["facility"]["endedOn"], ended["facility"]["version"]) == ("2026-11-10", 3)
    assert [entry["action"] for entry in ended["facility"]["history"]] == [
        "CREATED",
        "CHANGED",
        "ENDED",
    ]
    # In force on its last day; from the next day no more.
    assert await indicator(keeper_client, HUASHI, KEY, "2026-11-10") == (1, 1)
    assert await indicator(keeper_client, HUASHI, KEY, "2026-11-11") == (0, 1)
    # Kept, listed when asked for.
    assert room["id"] not in {r["id"] for r in await _rooms(keeper_client, county, ended=False)}
    kept = {r["id"]: r["endedOn"] for r in await _rooms(keeper_client, county, ended=True)}
    assert kept[room["id"]] == "2026-11-10"


async def test_facilities_are_kept_within_ones_region(
    keeper_client: GraphQLClient, as_user: Any, people_database_url: str
) -> None:
    county, village_admin = await as_user("county.admin"), await as_user("huashi.admin")
    dage = await as_user("dage.admin")
    room = {"kind": "LIBRARY", "name": "图书室"}
    own = await mutate(
        keeper_client, "createServiceFacility", "facility { id }", village_admin,
        regionCode=HUASHI, **room,
    )  # fmt: skip
    assert codes(own) == []
    facility_id = own["facility"]["id"]
    before = await fingerprint(people_database_url)
    refused = [
        (village_admin, "createServiceFacility", {"regionCode": DAGE_VILLAGE, **room},
         "FORBIDDEN"),
        (village_admin, "createServiceFacility", {"regionCode": "130826001", **room},
         "FORBIDDEN"),
        (dage, "changeServiceFacility",
         {"facilityId": facility_id, "expectedVersion": 1, "name": "越权"}, "FACILITY_NOT_FOUND"),
        (dage, "endServiceFacility",
         {"facilityId": facility_id, "expectedVersion": 1, "endedOn": "2026-11-01"},
         "FACILITY_NOT_FOUND"),
    ]  # fmt: skip
    for headers, name, values, code in refused:
        payload = await mutate(keeper_client, name, "facility { id }", headers, **values)
        assert codes(payload) == [code], (name, payload)
        assert payload["facility"] is None
    assert await fingerprint(people_database_url) == before
    by_county = await mutate(
        keeper_client, "endServiceFacility", "facility { id }", county,
        facilityId=facility_id, expectedVersion=1, endedOn="2026-11-20",
    )  # fmt: skip
    assert codes(by_county) == []
    future = await mutate(
        keeper_client, "createServiceFacility", "facility { id }", county,
        regionCode=HUASHI, openedOn="2026-11-21", **room,
    )  # fmt: skip
    assert codes(future) == ["DATE_IN_FUTURE"]
