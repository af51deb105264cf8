"""Goal: an end day means the same for every kept record (``governance.records``): the last day
the record was in force. A service facility (closed) and a social organization (dissolved),
ended on the same day D, both still count on D and neither counts on D+1.

Method: the real ASGI app over the demo, its clock fixed (``conftest.NOW``, the county's
2026-11-20); the demo's counseling rooms of 花石社区 closed first (the facility indicator is a
share: one room is enough); both made and ended through the mutations there; their indicators
read on D and D+1 before they exist and after they end, so the demo's rows cancel out.
"""

from __future__ import annotations

from typing import Any

from tests.api.institutions.calls import codes, indicator, mutate
from tests.support.graphql import GraphQLClient

HUASHI = "130826001001"
FACILITY_KEY = "village_counseling_rooms"
D, NEXT = "2026-11-10", "2026-11-11"
KIND = "query($code: String!) { regionByCode(code: $code) { kind } }"
ROOMS = """query($code: String!) {
  serviceFacilities(filter: {underRegion: $code, kinds: [PSYCHOLOGICAL_COUNSELING_ROOM]},
    first: 50) { edges { node { id version } } } }"""


async def _counts(client: GraphQLClient, keys: tuple[str, str]) -> dict[str, tuple[int, int]]:
    """Each indicator's numerator on D and on D+1."""
    found: dict[str, tuple[int, int]] = {}
    for key in keys:
        on_d = (await indicator(client, HUASHI, key, D))[0]
        on_next = (await indicator(client, HUASHI, key, NEXT))[0]
        found[key] = (on_d, on_next)
    return found


async def test_facility_and_organization_ended_the_same_day_count_alike(
    keeper_client: GraphQLClient, as_user: Any
) -> None:
    county = await as_user("county.admin")
    rooms = (await keeper_client.data(ROOMS, {"code": HUASHI}, county))["serviceFacilities"]
    for edge in rooms["edges"]:
        room = edge["node"]
        ended = await mutate(
            keeper_client, "endServiceFacility", "facility { id }", county,
            facilityId=room["id"], expectedVersion=room["version"], endedOn="2026-09-30",
        )  # fmt: skip
        assert codes(ended) == []
    kind = (await keeper_client.data(KIND, {"code": HUASHI}))["regionByCode"]["kind"]
    prefix = "community" if kind == "COMMUNITY" else "village"
    keys = (FACILITY_KEY, f"{prefix}_social_organizations")
    before = await _counts(keeper_client, keys)

    facility = await mutate(
        keeper_client, "createServiceFacility", "facility { id }", county, regionCode=HUASHI,
        kind="PSYCHOLOGICAL_COUNSELING_ROOM", name="花石心理室", openedOn="2026-10-01",
    )  # fmt: skip
    organization = await mutate(
        keeper_client, "registerSocialOrganization", "organization { id }", county,
        villageCode=HUASHI, name="花石志愿服务队", kind="VOLUNTEER_SERVICE",
        foundedOn="2026-10-01",
    )  # fmt: skip
    assert codes(facility) == codes(organization) == []
    closed = await mutate(
        keeper_client, "endServiceFacility", "facility { endedOn }", county,
        facilityId=facility["facility"]["id"], expectedVersion=1, endedOn=D,
    )  # fmt: skip
    dissolved = await mutate(
        keeper_client, "endSocialOrganization", "organization { endedOn }", county,
        organizationId=organization["organization"]["id"], expectedVersion=1, endedOn=D,
    )  # fmt: skip
    assert closed["facility"]["endedOn"] == dissolved["organization"]["endedOn"] == D

    after = await _counts(keeper_client, keys)
    for key in keys:
        # One more on D (its last day), none more on D+1: the same for both kinds.
        assert after[key] == (before[key][0] + 1, before[key][1]), key
