"""Goal: social organizations and region designations are created, changed and ended over
GraphQL with versions and history, and the plan's indicators count exactly what is in force on
the day they compute for: an organization from its founding until it is dissolved, a
designation from its award until its withdrawal.

Method: the app over the Fengning regions and demo users only (no demo organizations or
designations: every row counted is made by these mutations); values read with
``indicatorValues(asOf:)`` before, during and after.
"""

from __future__ import annotations

from tests.support.fingerprint import fingerprint
from tests.support.workflows import Desk, clock, codes, desk, settings

__all__ = ["clock", "desk", "settings"]

DAGE = "130826100"
HISTORY = "history { version action changedBy reason changes { field from to } }"
ORGANIZATION = (
    f"organization {{ id name status endedOn version {HISTORY} }} userErrors {{ code field }}"
)
REGISTER = f"""mutation($input: RegisterSocialOrganizationInput!) {{
  registerSocialOrganization(input: $input) {{ {ORGANIZATION} }} }}"""
CHANGE = f"""mutation($input: ChangeSocialOrganizationInput!) {{
  changeSocialOrganization(input: $input) {{ {ORGANIZATION} }} }}"""
END = f"""mutation($input: EndSocialOrganizationInput!) {{
  endSocialOrganization(input: $input) {{ {ORGANIZATION} }} }}"""
DESIGNATION = f"designation {{ id withdrawnOn version {HISTORY} }} userErrors {{ code field }}"
AWARD = f"""mutation($input: AwardRegionDesignationInput!) {{
  awardRegionDesignation(input: $input) {{ {DESIGNATION} }} }}"""
WITHDRAW = f"""mutation($input: WithdrawRegionDesignationInput!) {{
  withdrawRegionDesignation(input: $input) {{ {DESIGNATION} }} }}"""
VALUES = """query($code: String!, $keys: [String!]!, $asOf: Date!) {
  indicatorValues(regionCode: $code, keys: $keys, asOf: $asOf) {
    indicator { key } numerator denominator } }"""
VILLAGES = """query($code: String!) { regionByCode(code: $code) {
  children(first: 1) { edges { node { code kind } } } } }"""


async def _village(desk: Desk) -> tuple[str, str]:
    """A village of 大阁镇 and the organizations indicator that counts its kind."""
    data = await desk.data("county.admin", VILLAGES, code=DAGE)
    child = data["regionByCode"]["children"]["edges"][0]["node"]
    key = (
        "community_social_organizations"
        if child["kind"] == "COMMUNITY"
        else "village_social_organizations"
    )
    return child["code"], key


async def _tally(desk: Desk, code: str, key: str, as_of: str) -> tuple[int, int]:
    data = await desk.data("county.admin", VALUES, code=code, keys=[key], asOf=as_of)
    [value] = [v for v in data["indicatorValues"] if v["indicator"]["key"] == key]
    return value["numerator"], value["denominator"]


async def test_organization_registered_incubated_dissolved(desk: Desk) -> None:
    village, key = await _village(desk)
    before = await _tally(desk, village, key, "2026-06-01")
    registered = await desk.mutate(
        "dage.admin", REGISTER, villageCode=village, name="大阁互助养老协会", kind="ELDERLY_CARE",
        status="INCUBATING", incubatorRegionCode=DAGE, foundedOn="2026-03-01",
    )  # fmt: skip
    assert registered["userErrors"] == []
    organization = registered["organization"]
    assert organization["version"] == 1
    assert organization["history"][0]["action"] == "CREATED"
    assert organization["history"][0]["changedBy"] == "dage.admin"
    # Incubation done: registered (ACTIVE).
    change = {"organizationId": organization["id"], "name": "大阁互助养老协会",
              "kind": "ELDERLY_CARE", "status": "ACTIVE", "incubatorRegionCode": DAGE,
              "foundedOn": "2026-03-01"}  # fmt: skip
    changed = await desk.mutate("dage.admin", CHANGE, expectedVersion=1, **change)
    assert changed["userErrors"] == []
    assert changed["organization"]["version"] == 2
    last = changed["organization"]["history"][-1]
    assert last["action"] == "CHANGED"
    assert last["changes"] == [{"field": "status", "from": "INCUBATING", "to": "ACTIVE"}]
    stale = await desk.mutate("dage.admin", CHANGE, expectedVersion=1, **change)
    assert codes(stale) == ["STALE_VERSION"]
    assert stale["organization"] is None
    # Counted from its founding on.
    assert (await _tally(desk, village, key, "2026-02-28"))[0] == before[0]
    assert await _tally(desk, village, key, "2026-06-01") == (before[0] + 1, before[1])
    ended = await desk.mutate(
        "dage.admin", END, organizationId=organization["id"], expectedVersion=2,
        endedOn="2026-09-01", reason="自行解散",
    )  # fmt: skip
    assert ended["userErrors"] == []
    assert ended["organization"]["status"] == "DISSOLVED"
    assert ended["organization"]["endedOn"] == "2026-09-01"
    assert ended["organization"]["history"][-1]["reason"] == "自行解散"
    # Still counted the day before its end, no more from that day.
    assert (await _tally(desk, village, key, "2026-08-31"))[0] == before[0] + 1
    assert (await _tally(desk, village, key, "2026-09-01"))[0] == before[0]
    again = await desk.mutate(
        "dage.admin", END, organizationId=organization["id"], expectedVersion=3,
        endedOn="2026-09-02",
    )  # fmt: skip
    assert codes(again) == ["ALREADY_ENDED"]


async def test_designation_counts_until_withdrawn(desk: Desk) -> None:
    village, _ = await _village(desk)
    award = {"regionCode": village, "kind": "CIVILIZED", "awardedBy": "县文明委",
             "awardedOn": "2026-01-01"}  # fmt: skip
    awarded = await desk.mutate("county.admin", AWARD, **award)
    assert awarded["userErrors"] == []
    designation = awarded["designation"]
    twice = await desk.mutate("county.admin", AWARD, **(award | {"awardedOn": "2026-05-01"}))
    assert codes(twice) == ["DESIGNATION_IN_FORCE"]
    assert await _tally(desk, village, "civilized_villages", "2025-12-31") == (0, 1)
    assert await _tally(desk, village, "civilized_villages", "2026-06-01") == (1, 1)
    withdrawn = await desk.mutate(
        "dage.admin", WITHDRAW, designationId=designation["id"], expectedVersion=1,
        withdrawnOn="2026-10-01", reason="复查未通过",
    )  # fmt: skip
    assert withdrawn["userErrors"] == []
    history = withdrawn["designation"]["history"]
    assert [entry["action"] for entry in history] == ["CREATED", "ENDED"]
    assert history[-1]["changes"] == [{"field": "withdrawnOn", "from": None, "to": "2026-10-01"}]
    assert await _tally(desk, village, "civilized_villages", "2026-09-30") == (1, 1)
    assert await _tally(desk, village, "civilized_villages", "2026-10-01") == (0, 1)
    # Public notice, but who changed it is for staff.
    read = (
        "query($id: ID!) { node(id: $id) { ... on RegionDesignation { kind history { action } } } }"
    )
    public = await desk.data(None, read, id=designation["id"])
    assert public["node"] == {"kind": "CIVILIZED", "history": None}
    staff = await desk.data("dage.admin", read, id=designation["id"])
    assert len(staff["node"]["history"]) == 2


async def test_out_of_scope_writes_change_nothing(desk: Desk, demo_database_url: str) -> None:
    village, _ = await _village(desk)
    made = await desk.mutate(
        "county.admin", REGISTER, villageCode=village, name="平安巡逻队", kind="PUBLIC_SAFETY"
    )
    organization = made["organization"]
    before = await fingerprint(demo_database_url)
    # 新丰路街道's administrator: 大阁镇 is outside their regions.
    refused = await desk.mutate(
        "xinfenglu.admin", REGISTER, villageCode=village, name="越权", kind="CHARITY"
    )
    assert codes(refused) == ["FORBIDDEN"]
    hidden = await desk.mutate(
        "xinfenglu.admin", END, organizationId=organization["id"], expectedVersion=1,
        endedOn="2026-10-01",
    )  # fmt: skip
    assert codes(hidden) == ["ORGANIZATION_NOT_FOUND"]
    award = {"regionCode": village, "kind": "CIVILIZED", "awardedBy": "县文明委",
             "awardedOn": "2026-01-01"}  # fmt: skip
    assert codes(await desk.mutate("xinfenglu.admin", AWARD, **award)) == ["FORBIDDEN"]
    assert await fingerprint(demo_database_url) == before
