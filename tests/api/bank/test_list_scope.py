"""Goal: the bank's lists show each role only its scope: the village admin of 花石社区 sees the
demo household's accounts, applications and announcements' entries; an admin of another
township sees none of them; the resident sees their own household's accounts and nobody
else's; anonymous callers see no account or application. Announcements are public notice
(issue 18): everyone lists them, but their entries only as notice lines (`noticeLines`).

Method: the real ASGI app over the demo (household 1 in 花石社区 was awarded points and
announced there), queried as demo users.
"""

from __future__ import annotations

import pytest
from strawberry import relay

from kit.settings import Settings
from tests.api.bank.conftest import As, FakeClock
from tests.api.bank.test_end_to_end import PROPOSE, RULE, SCHEME
from tests.support.auth import auth_settings
from tests.support.graphql import graphql_client

HUASHI = "130826001001"
LISTS = """query($household: ID!, $village: String!) {
  pointsAccounts(householdId: $household) { totalCount nodes { id } }
  pointsApplications(underRegion: $village, first: 50) { totalCount nodes { id } }
  pointsAnnouncements(regionCode: $village, first: 50) { totalCount nodes { id entries { id } } }
}"""
EMPTY = {"totalCount": 0, "nodes": []}


async def lists(users: As, username: str, household_id: int) -> dict[str, int]:
    """Rows per list (each list's total counts the same rows: pages of 50 hold them all);
    ``entries`` counts the announcements' entries."""
    variables = {"household": relay.to_base64("Household", household_id), "village": HUASHI}
    data = await users.data(username, LISTS, variables)
    for name, connection in data.items():
        assert connection["totalCount"] == len(connection["nodes"]), name
    entries = sum(len(a["entries"]) for a in data["pointsAnnouncements"]["nodes"])
    return {name: len(connection["nodes"]) for name, connection in data.items()} | {
        "entries": entries
    }


async def test_village_admin_sees_the_village(users: As) -> None:
    seen = await lists(users, "huashi.admin", 1)
    assert seen["pointsAccounts"] >= 1
    assert seen["pointsApplications"] >= 1
    assert seen["pointsAnnouncements"] >= 1
    assert seen["entries"] >= 1


@pytest.mark.parametrize("username", ["dage.admin", "supermarket1.cashier"])
async def test_out_of_scope_staff_see_no_applications_only_the_public_notice(
    users: As, username: str
) -> None:
    seen = await lists(users, username, 1)
    assert seen["pointsApplications"] == 0
    assert (
        seen["pointsAnnouncements"]
        == (await lists(users, "huashi.admin", 1))["pointsAnnouncements"]
    )
    assert seen["entries"] == 0
    if username == "dage.admin":
        assert seen["pointsAccounts"] == 0


async def test_resident_sees_only_their_own_household(users: As) -> None:
    own = await lists(users, "resident.demo", 1)
    assert own["pointsAccounts"] >= 1
    other = await lists(users, "resident.demo", 2)
    assert other["pointsAccounts"] == 0


async def test_anonymous_sees_only_the_public_notice(users: As) -> None:
    variables = {"household": relay.to_base64("Household", 1), "village": HUASHI}
    data = await users.client.data(LISTS, variables)
    assert (data["pointsAccounts"], data["pointsApplications"]) == (EMPTY, EMPTY)
    announcements = data["pointsAnnouncements"]
    assert announcements["nodes"], "the demo announced in 花石社区"
    assert announcements["totalCount"] == len(announcements["nodes"])
    assert all(a["entries"] == [] for a in announcements["nodes"])


@pytest.mark.parametrize("type_name", ["VolunteerSignUp", "VolunteerActivity"])
async def test_guessed_volunteer_ids_reveal_nothing_outside_scope(
    users: As, type_name: str
) -> None:
    ids = [relay.to_base64(type_name, number) for number in range(1, 6)]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    assert (await users.client.data(query, {"ids": ids}))["nodes"] == [None] * 5
    assert (await users.data("dage.admin", query, {"ids": ids}))["nodes"] == [None] * 5


@pytest.fixture
def debug_settings() -> Settings:
    return auth_settings(debug_sql=True)


async def test_accounts_of_a_page_load_in_one_query(
    debug_settings: Settings, people_database_url: str, clock: FakeClock
) -> None:
    """The accounts under a page of applications are read together, however long the page."""
    query = """query($n: Int!) { pointsApplications(underRegion: "130826", first: $n) {
      nodes { account { availablePoints } } } }"""
    async with graphql_client(debug_settings, people_database_url, clock) as client:
        users = As(client)
        headers = await users.headers("county.admin")
        counts = []
        for size in (1, 20):
            response = await client.post(query, {"n": size}, **headers)
            body = response.json()
            assert "errors" not in body, body
            counts.append(
                (
                    len(body["data"]["pointsApplications"]["nodes"]),
                    body["extensions"]["sql"]["statements"],
                )
            )
    (small_rows, small), (large_rows, large) = counts
    assert large_rows > small_rows >= 1
    assert large == small


ACCOUNT_PAGE = """query($first: Int, $after: String, $last: Int, $before: String) {
  myPointsAccounts(first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { id } } nodes { id } } }"""


async def _open_accounts(users: As, count: int) -> None:
    """``count`` more accounts for household 1: a scheme of 花石 each, one proposal each."""
    for number in range(count):
        scheme = {"regionCode": HUASHI, "name": f"分页方案{number}"}
        created = await users.data("huashi.admin", SCHEME, {"input": scheme})
        rule = {"schemeId": created["createPointsScheme"]["scheme"]["id"], "code": "P-1",
                "category": "OTHER", "title": "测试", "points": 1}  # fmt: skip
        rule_id = (await users.data("huashi.admin", RULE, {"input": rule}))["addPointsRule"]
        proposal = {"ruleId": rule_id["rule"]["id"], "eventOn": "2026-11-20",
                    "householdId": relay.to_base64("Household", 1)}  # fmt: skip
        proposed = await users.data("huashi.admin", PROPOSE, {"input": proposal})
        assert proposed["proposePoints"]["userErrors"] == [], proposed


async def test_own_accounts_page_by_cursor_both_ways(users: As) -> None:
    """A household's accounts are a short list read whole; its pages still follow cursors,
    forwards and backwards, to the same accounts in the same order."""
    await _open_accounts(users, 3)
    whole = (await users.data("resident.demo", ACCOUNT_PAGE, {"first": 100}))["myPointsAccounts"]
    everything = [node["id"] for node in whole["nodes"]]
    assert whole["nodes"] == [edge["node"] for edge in whole["edges"]]
    assert len(everything) == whole["totalCount"] >= 4
    for backwards in (False, True):
        seen: list[str] = []
        cursor = None
        while True:
            paging = {"last": 1, "before": cursor} if backwards else {"first": 1, "after": cursor}
            page = (await users.data("resident.demo", ACCOUNT_PAGE, paging))["myPointsAccounts"]
            ids = [node["id"] for node in page["nodes"]]
            seen = ids + seen if backwards else seen + ids
            info = page["pageInfo"]
            if not info["hasPreviousPage" if backwards else "hasNextPage"]:
                break
            cursor = info["startCursor" if backwards else "endCursor"]
        assert seen == everything, backwards
    forged = await users.client.post(
        ACCOUNT_PAGE, {"after": "azo5OTk5OTk5"}, **await users.headers("resident.demo")
    )
    assert forged.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_nested_catalog_lists_load_per_page_not_per_parent(
    debug_settings: Settings, people_database_url: str, clock: FakeClock
) -> None:
    """Goods, their price history and the stock received of every supermarket on a page, and
    the rules of every scheme: the same statements for one parent as for two."""
    query = """query($n: Int!) {
      supermarkets(regionCode: "130826", first: $n) { nodes { id
        goods(first: 50) { totalCount nodes { name priceHistory(first: 5) { nodes { pricePoints } } } }
        stockIns(first: 50) { totalCount nodes { goodsName quantity } } } }
      pointsSchemes(regionCode: "130826001001", first: $n) { nodes { rules(first: 50) {
        totalCount nodes { code } } } } }"""
    async with graphql_client(debug_settings, people_database_url, clock) as client:
        counts = []
        for size in (1, 2):
            body = (await client.post(query, {"n": size})).json()
            assert "errors" not in body, body
            markets = body["data"]["supermarkets"]["nodes"]
            assert len(markets) == size
            assert all(market["goods"]["nodes"] for market in markets), "the demo's goods"
            counts.append(body["extensions"]["sql"]["statements"])
    assert counts[0] == counts[1]
