"""Goal: accounts and roles are managed over GraphQL by administrators within their subtree,
and every escalation is refused and changes nothing: granting above one's level, outside one's
subtree, to oneself, revoking the last county administrator, deactivating oneself.

Method: the real app over the whole demo (``access_client``); the demo's administrators act
through GraphQL; each refusal is checked for its code and for the grants and accounts left as
they were (the fingerprint leaves ``users`` out: sign-in bookkeeping lives there).
"""

from __future__ import annotations

from typing import Any

from strawberry import relay

from governance.access.demo import DEMO_HOUSEHOLD_ID, DEMO_PERSON_ID
from tests.support.auth import LOGIN, REFRESH, VIEWER, bearer, credentials
from tests.support.fingerprint import fingerprint
from tests.support.graphql import GraphQLClient

HUASHI = "130826001001"
XINFENGLU = "130826001"
DAGE = "130826100"
ACCOUNT = "user { username active grants { role regionCode supermarketNodeId personNodeId } }"
USERS = """query($search: String) { users(search: $search, first: 10) { totalCount
  edges { node { username displayName active lastSignInAt personNodeId
    grants { role regionCode supermarketNodeId personNodeId householdNodeId } } } } }"""


async def _as(client: GraphQLClient, username: str) -> dict[str, str]:
    return bearer((await credentials(client, username))["accessToken"])


async def _mutate(
    client: GraphQLClient, headers: dict[str, str], name: str, selection: str, **input: Any
) -> dict[str, Any]:
    type_name = name[0].upper() + name[1:]
    query = (
        f"mutation($input: {type_name}Input!) {{ {name}(input: $input) "
        f"{{ {selection} userErrors {{ code field }} }} }}"
    )
    payload: dict[str, Any] = (await client.data(query, {"input": input}, headers))[name]
    return payload


def _codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


async def _create(client: GraphQLClient, headers: dict[str, str], username: str) -> str:
    payload = await _mutate(
        client, headers, "createUser", f"{ACCOUNT} oneTimeCode", username=username,
        displayName="新账户",
    )  # fmt: skip
    assert payload["userErrors"] == [], payload
    assert payload["user"] == {"username": username, "active": True, "grants": []}
    code: str = payload["oneTimeCode"]
    return code


async def _listed(client: GraphQLClient, headers: dict[str, str], search: str) -> list[Any]:
    edges = (await client.data(USERS, {"search": search}, headers))["users"]["edges"]
    return [edge["node"] for edge in edges]


async def test_township_admin_creates_a_village_admin_who_signs_in_with_the_code(
    access_client: GraphQLClient,
) -> None:
    township = await _as(access_client, "xinfenglu.admin")
    code = await _create(access_client, township, "huashi.new")
    granted = await _mutate(
        access_client, township, "grantRole", ACCOUNT, username="huashi.new",
        role="VILLAGE_ADMIN", regionCode=HUASHI,
    )  # fmt: skip
    assert granted["userErrors"] == []
    assert granted["user"]["grants"] == [
        {"role": "VILLAGE_ADMIN", "regionCode": HUASHI, "supermarketNodeId": None,
         "personNodeId": None}
    ]  # fmt: skip
    # Signed in with the code, the account holds no role until it chooses a password.
    login = await access_client.data(LOGIN, {"username": "huashi.new", "password": code})
    assert login["login"]["credentials"]["viewer"]["grants"] == []
    chosen = await _mutate(
        access_client, bearer(login["login"]["credentials"]["accessToken"]), "changePassword",
        "user { username }", oldPassword=code, newPassword="huashi-New-admin-7",
    )  # fmt: skip
    assert chosen["userErrors"] == []
    login = await access_client.data(
        LOGIN, {"username": "huashi.new", "password": "huashi-New-admin-7"}
    )
    grants = login["login"]["credentials"]["viewer"]["grants"]
    assert grants == [{"role": "VILLAGE_ADMIN", "regionCode": HUASHI}]
    [listed] = await _listed(access_client, township, "huashi.new")
    assert listed["lastSignInAt"] is not None
    # The code is the password: the list never shows it, and a second create is refused.
    assert code not in str(listed)
    again = await _mutate(
        access_client, township, "createUser", "user { username }", username="HUASHI.new",
        displayName="重复",
    )  # fmt: skip
    assert _codes(again) == ["USERNAME_TAKEN"]


async def test_granting_above_ones_level_is_forbidden(
    access_client: GraphQLClient, people_database_url: str
) -> None:
    township = await _as(access_client, "xinfenglu.admin")
    await _create(access_client, township, "climber")
    before = await fingerprint(people_database_url)
    for role, region in (("COUNTY_ADMIN", "130826"), ("TOWNSHIP_ADMIN", DAGE)):
        payload = await _mutate(
            access_client, township, "grantRole", "user { username }", username="climber",
            role=role, regionCode=region,
        )  # fmt: skip
        assert _codes(payload) == ["FORBIDDEN"], role
        assert payload["user"] is None
    village = await _as(access_client, "huashi.admin")
    payload = await _mutate(
        access_client, village, "grantRole", "user { username }", username="climber",
        role="TOWNSHIP_ADMIN", regionCode=XINFENGLU,
    )  # fmt: skip
    assert _codes(payload) == ["FORBIDDEN"]
    assert await fingerprint(people_database_url) == before
    [listed] = await _listed(access_client, township, "climber")
    assert listed["grants"] == []


async def test_granting_outside_ones_subtree_is_forbidden(access_client: GraphQLClient) -> None:
    township = await _as(access_client, "xinfenglu.admin")
    await _create(access_client, township, "wanderer")
    supermarket = relay.to_base64("Supermarket", 1)  # 花石社区's, under 新丰路街道
    dage = await _as(access_client, "dage.admin")
    for scope in (
        {"role": "VILLAGE_ADMIN", "regionCode": HUASHI},
        {"role": "SUPERMARKET_CASHIER", "supermarketId": supermarket},
        {"role": "MEDIATOR", "regionCode": XINFENGLU},
    ):
        payload = await _mutate(
            access_client, dage, "grantRole", "user { username }", username="wanderer", **scope
        )
        assert _codes(payload) == ["FORBIDDEN"], scope
    # The same grants are the township's to make.
    payload = await _mutate(
        access_client, township, "grantRole", ACCOUNT, username="wanderer",
        role="SUPERMARKET_CASHIER", supermarketId=supermarket,
    )  # fmt: skip
    assert payload["user"]["grants"][0]["supermarketNodeId"] == supermarket
    # Now that its grant lies in 新丰路街道, the account is out of 大阁镇's reach altogether.
    out = await _mutate(access_client, dage, "deactivateUser", "user { username }",
                        username="wanderer")  # fmt: skip
    assert _codes(out) == ["USER_NOT_FOUND"]
    assert await _listed(access_client, dage, "wanderer") == []


async def test_granting_to_oneself_is_refused(access_client: GraphQLClient) -> None:
    township = await _as(access_client, "xinfenglu.admin")
    payload = await _mutate(
        access_client, township, "grantRole", "user { username }", username="xinfenglu.admin",
        role="VILLAGE_ADMIN", regionCode=HUASHI,
    )  # fmt: skip
    assert _codes(payload) == ["OWN_ACCOUNT"]
    [listed] = await _listed(access_client, township, "xinfenglu.admin")
    assert [grant["role"] for grant in listed["grants"]] == ["TOWNSHIP_ADMIN"]


async def test_revoking_the_last_county_admin_is_refused(access_client: GraphQLClient) -> None:
    county = await _as(access_client, "county.admin")
    own = {"username": "county.admin", "role": "COUNTY_ADMIN", "regionCode": "130826"}
    payload = await _mutate(access_client, county, "revokeRole", "user { username }", **own)
    assert _codes(payload) == ["LAST_COUNTY_ADMIN"]
    # With a second county administrator, the first may revoke the second (not the reverse
    # of the last one standing).
    await _create(access_client, county, "county.second")
    second = {"username": "county.second", "role": "COUNTY_ADMIN", "regionCode": "130826"}
    granted = await _mutate(access_client, county, "grantRole", ACCOUNT, **second)
    assert granted["userErrors"] == []
    revoked = await _mutate(access_client, county, "revokeRole", ACCOUNT, **second)
    assert revoked["userErrors"] == []
    assert revoked["user"]["grants"] == []
    payload = await _mutate(access_client, county, "revokeRole", "user { username }", **own)
    assert _codes(payload) == ["LAST_COUNTY_ADMIN"]


async def test_deactivating_oneself_is_refused(access_client: GraphQLClient) -> None:
    for admin in ("county.admin", "xinfenglu.admin"):
        headers = await _as(access_client, admin)
        payload = await _mutate(
            access_client, headers, "deactivateUser", "user { username }", username=admin
        )
        assert _codes(payload) == ["OWN_ACCOUNT"], admin
        viewer = await access_client.data("{ viewer { authenticated } }", None, headers)
        assert viewer["viewer"]["authenticated"] is True


async def test_deactivation_ends_the_sessions_at_once(access_client: GraphQLClient) -> None:
    township = await _as(access_client, "xinfenglu.admin")
    mediator = await _as(access_client, "xinfenglu.mediator")
    payload = await _mutate(
        access_client, township, "deactivateUser", ACCOUNT, username="xinfenglu.mediator"
    )
    assert payload["user"]["active"] is False
    response = await access_client.post("{ viewer { authenticated } }", None, **mediator)
    assert response.status_code == 401
    again = await _mutate(
        access_client, township, "reactivateUser", ACCOUNT, username="xinfenglu.mediator"
    )
    assert again["user"]["active"] is True
    # Reactivation lets the account sign in again; the ended sessions stay ended.
    assert (
        await access_client.post("{ viewer { authenticated } }", None, **mediator)
    ).status_code == 401
    await _as(access_client, "xinfenglu.mediator")


async def test_a_resident_grant_names_a_person_and_so_their_household(
    access_client: GraphQLClient,
) -> None:
    village = await _as(access_client, "huashi.admin")
    person = relay.to_base64("Person", DEMO_PERSON_ID)
    household = relay.to_base64("Household", DEMO_HOUSEHOLD_ID)
    await _create(access_client, village, "resident.two")
    # The demo resident lives in 花石社区 (their grid lies under it in the demo).
    payload = await _mutate(
        access_client, village, "grantRole", ACCOUNT, username="resident.two", role="RESIDENT",
        personId=person,
    )  # fmt: skip
    assert payload["userErrors"] == [], payload
    [listed] = await _listed(access_client, village, "resident.two")
    assert listed["grants"][0]["personNodeId"] == person
    assert listed["grants"][0]["householdNodeId"] == household
    twice = await _mutate(
        access_client, village, "grantRole", "user { username }", username="resident.two",
        role="RESIDENT", personId=person,
    )  # fmt: skip
    assert _codes(twice) == ["ALREADY_GRANTED"]


async def test_only_administrators_list_accounts(
    access_client: GraphQLClient,
) -> None:
    for user in ("huashi.grid1", "supermarket1.cashier", "resident.demo"):
        headers = await _as(access_client, user)
        data = (await access_client.data(USERS, {"search": None}, headers))["users"]
        assert data == {"totalCount": 0, "edges": []}, user
        payload = await _mutate(
            access_client, headers, "createUser", "user { username }", username="sneaky",
            displayName="偷偷",
        )  # fmt: skip
        assert _codes(payload) == ["FORBIDDEN"], user
    # The fingerprints leave ``users`` out (sign-in bookkeeping): check the refusals wrote none.
    county = await _as(access_client, "county.admin")
    assert await _listed(access_client, county, "sneaky") == []


async def test_viewer_gives_node_ids_that_node_accepts(access_client: GraphQLClient) -> None:
    headers = await _as(access_client, "resident.demo")
    query = """{ viewer { grants { personId personNodeId householdNodeId } } }"""
    [grant] = (await access_client.data(query, None, headers))["viewer"]["grants"]
    assert grant["personId"] == DEMO_PERSON_ID, "the old field stays (deprecated)"
    nodes = """query($p: ID!, $h: ID!) { p: node(id: $p) { id } h: node(id: $h) { id } }"""
    variables = {"p": grant["personNodeId"], "h": grant["householdNodeId"]}
    data = await access_client.data(nodes, variables, headers)
    assert data == {"p": {"id": grant["personNodeId"]}, "h": {"id": grant["householdNodeId"]}}


PERSONS = "{ persons(first: 1) { totalCount } }"


async def test_a_role_change_reaches_existing_access_tokens_at_once(
    access_client: GraphQLClient,
) -> None:
    """The grants version rides on the session check: a token issued before the change is
    refused (401) at its next request, with no extra statement; a refresh brings the new
    grants."""
    signed_in = await credentials(access_client, "huashi.grid1")
    worker = bearer(signed_in["accessToken"])
    before = await access_client.execute(PERSONS, None, worker)
    county = await _as(access_client, "county.admin")
    granted = await _mutate(
        access_client, county, "grantRole", ACCOUNT, username="huashi.grid1", role="MEDIATOR",
        regionCode=HUASHI,
    )  # fmt: skip
    assert granted["userErrors"] == []
    assert (await access_client.post(PERSONS, None, **worker)).status_code == 401
    refreshed = await access_client.data(REFRESH, {"token": signed_in["refreshToken"]})
    renewed = refreshed["refreshToken"]["credentials"]
    after = await access_client.execute(PERSONS, None, bearer(renewed["accessToken"]))
    statements = after["extensions"]["sql"]["statements"]
    assert statements == before["extensions"]["sql"]["statements"], "no statement added"
    viewer = await access_client.data(VIEWER, None, bearer(renewed["accessToken"]))
    roles = {grant["role"] for grant in viewer["viewer"]["grants"]}
    assert roles == {"GRID_WORKER", "MEDIATOR"}
    # Revoking reaches the renewed token the same way.
    await _mutate(
        access_client, county, "revokeRole", ACCOUNT, username="huashi.grid1", role="MEDIATOR",
        regionCode=HUASHI,
    )  # fmt: skip
    response = await access_client.post(PERSONS, None, **bearer(renewed["accessToken"]))
    assert response.status_code == 401
