"""Goal: a governance center and its staff are kept over GraphQL: created, changed with the
change in the history (who, from → to, why), a stale change refused, ended (the center's
serving staff with it), never deleted; administrators outside the region are refused and
nothing changes.

Method: the real ASGI app over the demo, its clock fixed (``conftest.NOW``); mutations as the
county admin and as the admins of a township (新丰路街道) and a village (花石社区); tables
fingerprinted around the refused calls.
"""

from __future__ import annotations

from typing import Any

from tests.api.institutions.calls import HISTORY, codes, mutate, person_in
from tests.support.fingerprint import fingerprint
from tests.support.graphql import GraphQLClient

XINFENGLU = "130826001"
CENTER_FIELDS = f"id name establishedOn endedOn version {HISTORY} region {{ code }}"
CENTER = f"center {{ {CENTER_FIELDS} }}"
WITH_STAFF = (
    f"center {{ {CENTER_FIELDS} staff(first: 5) {{ edges {{ node {{ endedOn version "
    "history { action reason } } } } }"
)
STAFF = f"staffMember {{ id position startedOn endedOn version {HISTORY} }}"
FREE_VILLAGES = """query($code: String!) { regionByCode(code: $code) {
  children(first: 100) { edges { node { code governanceCenter { id } } } } } }"""
LISTED = """query($code: String!, $ended: Boolean!) {
  governanceCenters(filter: {underRegion: $code, includeEnded: $ended}, first: 10) {
    edges { node { id } } } }"""


async def _free_village(client: GraphQLClient, headers: dict[str, str], township: str) -> str:
    found = await client.data(FREE_VILLAGES, {"code": township}, headers)
    edges = found["regionByCode"]["children"]["edges"]
    return next(e["node"]["code"] for e in edges if e["node"]["governanceCenter"] is None)


async def test_center_and_staff_lifecycle(keeper_client: GraphQLClient, as_user: Any) -> None:
    county = await as_user("county.admin")
    village = await _free_village(keeper_client, county, XINFENGLU)
    created = await mutate(
        keeper_client, "createGovernanceCenter", CENTER, county,
        regionCode=village, name="测试综治中心", establishedOn="2026-01-05",
    )  # fmt: skip
    assert codes(created) == []
    center = created["center"]
    assert (center["version"], center["region"]["code"], center["endedOn"]) == (1, village, None)
    assert [entry["action"] for entry in center["history"]] == ["CREATED"]
    again = await mutate(
        keeper_client, "createGovernanceCenter", "center { id }", county,
        regionCode=village, name="第二个",
    )  # fmt: skip
    assert codes(again) == ["CENTER_EXISTS"]

    changed = await mutate(
        keeper_client, "changeGovernanceCenter", CENTER, county,
        centerId=center["id"], expectedVersion=1, name="新名综治中心", reason="更名",
    )  # fmt: skip
    assert codes(changed) == []
    assert (changed["center"]["name"], changed["center"]["version"]) == ("新名综治中心", 2)
    change = changed["center"]["history"][1]
    assert change["action"] == "CHANGED"
    assert change["changedBy"] == "county.admin"
    assert change["reason"] == "更名"
    assert change["changes"] == [{"field": "name", "from": "测试综治中心", "to": "新名综治中心"}]
    stale = await mutate(
        keeper_client, "changeGovernanceCenter", CENTER, county,
        centerId=center["id"], expectedVersion=1, name="过时的改名",
    )  # fmt: skip
    assert codes(stale) == ["STALE_VERSION"]
    assert stale["center"] is None

    person = await person_in(keeper_client, county, village)
    appointed = await mutate(
        keeper_client, "appointCenterStaffMember", STAFF, county,
        centerId=center["id"], personId=person, position="DIRECTOR", startedOn="2026-02-01",
    )  # fmt: skip
    assert codes(appointed) == []
    member = appointed["staffMember"]
    moved = await mutate(
        keeper_client, "changeCenterStaffMember", STAFF, county,
        staffMemberId=member["id"], expectedVersion=1, position="MEDIATION",
    )  # fmt: skip
    assert codes(moved) == []
    assert moved["staffMember"]["position"] == "MEDIATION"
    assert moved["staffMember"]["history"][-1]["changes"] == [
        {"field": "position", "from": "DIRECTOR", "to": "MEDIATION"}
    ]
    # The same person may hold another position, but not one position twice.
    director = await mutate(
        keeper_client, "appointCenterStaffMember", STAFF, county,
        centerId=center["id"], personId=person, position="DIRECTOR", startedOn="2026-03-01",
    )  # fmt: skip
    assert codes(director) == []
    twice = await mutate(
        keeper_client, "changeCenterStaffMember", STAFF, county,
        staffMemberId=director["staffMember"]["id"], expectedVersion=1, position="MEDIATION",
    )  # fmt: skip
    assert codes(twice) == ["ALREADY_ASSIGNED"]

    ended = await mutate(
        keeper_client, "endGovernanceCenter", WITH_STAFF, county,
        centerId=center["id"], expectedVersion=2, endedOn="2026-11-01", reason="撤并",
    )  # fmt: skip
    assert codes(ended) == []
    assert (ended["center"]["endedOn"], ended["center"]["version"]) == ("2026-11-01", 3)
    assert ended["center"]["history"][-1]["action"] == "ENDED"
    staff = [edge["node"] for edge in ended["center"]["staff"]["edges"]]
    assert [(member["endedOn"], member["version"]) for member in staff] == [
        ("2026-11-01", 3),
        ("2026-11-01", 2),
    ]
    for member in staff:
        assert member["history"][-1] == {"action": "ENDED", "reason": "The center closed."}
    twice = await mutate(
        keeper_client, "endGovernanceCenter", "center { id }", county,
        centerId=center["id"], expectedVersion=3, endedOn="2026-11-02",
    )  # fmt: skip
    assert codes(twice) == ["ALREADY_ENDED"]

    # Closed centers are kept: listed only when asked for.
    for include_ended, expected in ((False, []), (True, [center["id"]])):
        listed = await keeper_client.data(LISTED, {"code": village, "ended": include_ended}, county)
        assert [e["node"]["id"] for e in listed["governanceCenters"]["edges"]] == expected


async def test_admins_write_only_in_their_regions(
    keeper_client: GraphQLClient, as_user: Any, people_database_url: str
) -> None:
    """A village admin cannot open its township's center (nor another village's); a township
    admin cannot touch another township's; the township's own admin and the county's can."""
    county, township = await as_user("county.admin"), await as_user("xinfenglu.admin")
    village_admin, dage = await as_user("huashi.admin"), await as_user("dage.admin")
    village = await _free_village(keeper_client, county, XINFENGLU)
    dage_center = (
        await keeper_client.data(
            '{ regionByCode(code: "130826100") { governanceCenter { id version } } }',
            None,
            county,
        )
    )["regionByCode"]["governanceCenter"]
    before = await fingerprint(people_database_url)
    refused = [
        (village_admin, "createGovernanceCenter", {"regionCode": village, "name": "越权"},
         "FORBIDDEN"),
        (dage, "createGovernanceCenter", {"regionCode": village, "name": "越权"}, "FORBIDDEN"),
        (township, "changeGovernanceCenter",
         {"centerId": dage_center["id"], "expectedVersion": dage_center["version"],
          "name": "越权"}, "CENTER_NOT_FOUND"),
        (village_admin, "endGovernanceCenter",
         {"centerId": dage_center["id"], "expectedVersion": dage_center["version"],
          "endedOn": "2026-11-01"}, "CENTER_NOT_FOUND"),
    ]  # fmt: skip
    for headers, name, values, code in refused:
        payload = await mutate(keeper_client, name, "center { id }", headers, **values)
        assert codes(payload) == [code], (name, payload)
        assert payload["center"] is None
    assert await fingerprint(people_database_url) == before
    allowed = await mutate(
        keeper_client, "createGovernanceCenter", "center { id }", township,
        regionCode=village, name="本镇村综治中心",
    )  # fmt: skip
    assert codes(allowed) == []
    changed = await mutate(
        keeper_client, "changeGovernanceCenter", "center { id }", dage,
        centerId=dage_center["id"], expectedVersion=dage_center["version"], name="大阁镇中心",
    )  # fmt: skip
    assert codes(changed) == []
