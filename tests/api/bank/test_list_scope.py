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
from tests.support.auth import auth_settings
from tests.support.graphql import graphql_client

HUASHI = "130826001001"
LISTS = """query($household: ID!, $village: String!) {
  pointsAccounts(householdId: $household) { id }
  pointsApplications(underRegion: $village, first: 50) { id }
  pointsAnnouncements(regionCode: $village, first: 50) { id entries { id } }
}"""


async def lists(users: As, username: str, household_id: int) -> dict[str, int]:
    """How many rows each list shows; ``entries`` counts the announcements' entries."""
    variables = {"household": relay.to_base64("Household", household_id), "village": HUASHI}
    data = await users.data(username, LISTS, variables)
    entries = sum(len(a["entries"]) for a in data["pointsAnnouncements"])
    return {name: len(rows) for name, rows in data.items()} | {"entries": entries}


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
    assert (data["pointsAccounts"], data["pointsApplications"]) == ([], [])
    assert data["pointsAnnouncements"], "the demo announced in 花石社区"
    assert all(a["entries"] == [] for a in data["pointsAnnouncements"])


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
      account { availablePoints } } }"""
    async with graphql_client(debug_settings, people_database_url, clock) as client:
        users = As(client)
        headers = await users.headers("county.admin")
        counts = []
        for size in (1, 20):
            response = await client.post(query, {"n": size}, **headers)
            body = response.json()
            assert "errors" not in body, body
            counts.append(
                (len(body["data"]["pointsApplications"]), body["extensions"]["sql"]["statements"])
            )
    (small_rows, small), (large_rows, large) = counts
    assert large_rows > small_rows >= 1
    assert large == small
