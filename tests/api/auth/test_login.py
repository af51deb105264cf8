"""Goal: `login` signs demo users in, refuses wrong credentials without telling unknown users
from wrong passwords, and delays repeated failures; the access token then identifies the viewer.

Method: GraphQL over the real ASGI app, demo users loaded with cheap argon2 parameters.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from governance.access.demo import DEMO_USERS, DemoUser
from tests.support.auth import LOGIN, VIEWER, bearer, credentials, demo_user, login
from tests.support.graphql import GraphQLClient


@pytest.mark.parametrize("user", DEMO_USERS, ids=lambda user: user.username)
async def test_every_demo_user_signs_in_and_is_recognised(
    auth_client: GraphQLClient, user: DemoUser
) -> None:
    username = user.username
    creds = await credentials(auth_client, username)
    assert creds["viewer"]["authenticated"] is True
    data = await auth_client.data(VIEWER, headers=bearer(creds["accessToken"]))
    viewer = data["viewer"]
    assert viewer["authenticated"] is True
    assert viewer["user"]["username"] == username
    assert [g["role"] for g in viewer["grants"]] == [demo_user(username).grant.role.value]


async def test_anonymous_viewer(auth_client: GraphQLClient) -> None:
    data = await auth_client.data(VIEWER)
    assert data["viewer"] == {"authenticated": False, "user": None, "grants": []}


async def test_grant_exposes_its_region(auth_client: GraphQLClient) -> None:
    creds = await credentials(auth_client, "xinfenglu.admin")
    query = "{ viewer { grants { role regionCode region { name level } } } }"
    data = await auth_client.data(query, headers=bearer(creds["accessToken"]))
    assert data["viewer"]["grants"] == [
        {
            "role": "TOWNSHIP_ADMIN",
            "regionCode": "130826001",
            "region": {"name": "新丰路街道", "level": "TOWNSHIP"},
        }
    ]


async def test_username_is_case_and_space_insensitive(auth_client: GraphQLClient) -> None:
    payload = await login(auth_client, "  County.Admin ", demo_user("county.admin").password)
    assert payload["userErrors"] == []


async def test_unknown_user_and_wrong_password_are_indistinguishable(
    auth_client: GraphQLClient,
) -> None:
    wrong_password = await login(auth_client, "county.admin", "not-the-password")
    unknown_user = await login(auth_client, "nobody.here", "not-the-password")
    too_long = await login(auth_client, "x" * 500, "y" * 500)
    assert wrong_password == unknown_user == too_long
    assert wrong_password["credentials"] is None
    assert wrong_password["userErrors"] == [
        {
            "code": "INVALID_CREDENTIALS",
            "field": ["input"],
            "message": "Wrong username or password.",
            "retryAt": None,
        }
    ]


async def test_repeated_failures_delay_even_the_right_password(
    auth_client: GraphQLClient,
) -> None:
    """Defaults: 3 free failures, then a delay; the 4th attempt comes too soon."""
    for _ in range(3):
        payload = await login(auth_client, "dage.admin", "wrong-password")
        assert payload["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    payload = await login(auth_client, "dage.admin", demo_user("dage.admin").password)
    (error,) = payload["userErrors"]
    assert error["code"] == "TOO_MANY_ATTEMPTS"
    assert datetime.fromisoformat(error["retryAt"]) > datetime.fromisoformat(
        "2000-01-01T00:00:00+00:00"
    )
    assert payload["credentials"] is None


async def test_login_needs_post(auth_client: GraphQLClient) -> None:
    response = await auth_client.http.get(
        "/graphql", params={"query": LOGIN.replace("mutation", "mutation", 1)}
    )
    assert response.status_code == 405


async def test_repeated_failures_answer_the_same_for_real_and_unknown_usernames(
    auth_client: GraphQLClient,
) -> None:
    """Issue 15, F3: from the 4th failure a real username answered TOO_MANY_ATTEMPTS with
    `retryAt` and an unknown one INVALID_CREDENTIALS, so usernames could be enumerated. Method:
    the same failures, interleaved, against a real and an unknown name; the answers must match
    (`retryAt` to the second it was computed in)."""
    answers: dict[str, list[tuple[str, bool]]] = {"dage.admin": [], "no.such.user": []}
    for _ in range(6):
        for username, seen in answers.items():
            (error,) = (await login(auth_client, username, "wrong-password"))["userErrors"]
            seen.append((error["code"], error["retryAt"] is not None))
    assert answers["dage.admin"] == answers["no.such.user"]
    assert ("TOO_MANY_ATTEMPTS", True) in answers["no.such.user"]
