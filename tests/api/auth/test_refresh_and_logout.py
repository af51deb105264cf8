"""Goal: refresh tokens rotate (each works once), a reused one ends its whole session, and
logout ends the session at once for both its refresh and its access tokens.

Method: sign in over GraphQL, then exchange, replay and revoke tokens, checking every token of
the session afterwards.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.auth.tokens import AccessTokens
from governance.access.service import revoke_sessions
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.support.auth import LOGOUT, REFRESH, TEST_JWT_SECRET, VIEWER, bearer, credentials
from tests.support.graphql import GraphQLClient

CODEC = AccessTokens(TEST_JWT_SECRET.encode(), timedelta(minutes=15))


async def refresh(client: GraphQLClient, token: str) -> dict[str, object]:
    payload: dict[str, object] = (await client.data(REFRESH, {"token": token}))["refreshToken"]
    return payload


def error_code(payload: dict[str, object]) -> str:
    errors = payload["userErrors"]
    assert isinstance(errors, list)
    assert payload["credentials"] is None
    return str(errors[0]["code"])


async def test_refresh_rotates(auth_client: GraphQLClient) -> None:
    first = await credentials(auth_client, "huashi.grid1")
    rotated = await refresh(auth_client, first["refreshToken"])
    assert rotated["userErrors"] == []
    new = rotated["credentials"]
    assert isinstance(new, dict)
    assert new["refreshToken"] != first["refreshToken"]
    assert new["accessToken"] != first["accessToken"]
    data = await auth_client.data(VIEWER, headers=bearer(new["accessToken"]))
    assert data["viewer"]["user"]["username"] == "huashi.grid1"
    again = await refresh(auth_client, new["refreshToken"])
    assert again["userErrors"] == []


async def test_reuse_ends_the_whole_session(auth_client: GraphQLClient) -> None:
    first = await credentials(auth_client, "huashi.grid1")
    rotated = (await refresh(auth_client, first["refreshToken"]))["credentials"]
    assert isinstance(rotated, dict)
    # The old token comes back (say, stolen): the session ends…
    assert error_code(await refresh(auth_client, first["refreshToken"])) == "REFRESH_TOKEN_REUSED"
    # …so the legitimate holder's newer tokens stop working too.
    assert error_code(await refresh(auth_client, rotated["refreshToken"])) == (
        "INVALID_REFRESH_TOKEN"
    )
    response = await auth_client.post(VIEWER, **bearer(rotated["accessToken"]))
    assert response.status_code == 401


async def test_other_sessions_survive_reuse_elsewhere(auth_client: GraphQLClient) -> None:
    phone = await credentials(auth_client, "huashi.grid1")
    laptop = await credentials(auth_client, "huashi.grid1")
    await refresh(auth_client, phone["refreshToken"])
    await refresh(auth_client, phone["refreshToken"])
    assert (await refresh(auth_client, laptop["refreshToken"]))["userErrors"] == []


async def test_unknown_refresh_token(auth_client: GraphQLClient) -> None:
    assert error_code(await refresh(auth_client, "no-such-token")) == "INVALID_REFRESH_TOKEN"
    assert error_code(await refresh(auth_client, "x" * 1000)) == "INVALID_REFRESH_TOKEN"


async def test_logout_revokes_refresh_and_access_tokens(auth_client: GraphQLClient) -> None:
    creds = await credentials(auth_client, "xinfenglu.mediator")
    payload = (await auth_client.data(LOGOUT, {"token": creds["refreshToken"]}))["logout"]
    assert payload == {"ended": True, "userErrors": []}
    response = await auth_client.post(VIEWER, **bearer(creds["accessToken"]))
    assert response.status_code == 401
    assert error_code(await refresh(auth_client, creds["refreshToken"])) == (
        "INVALID_REFRESH_TOKEN"
    )
    # Idempotent: the session stays ended.
    again = (await auth_client.data(LOGOUT, {"token": creds["refreshToken"]}))["logout"]
    assert again == {"ended": True, "userErrors": []}


async def test_logout_with_unknown_token(auth_client: GraphQLClient) -> None:
    payload = (await auth_client.data(LOGOUT, {"token": "nope"}))["logout"]
    assert payload["ended"] is False
    assert payload["userErrors"][0]["code"] == "INVALID_REFRESH_TOKEN"


async def test_revoking_a_user_ends_all_their_sessions(
    auth_client: GraphQLClient, users_database_url: str, settings: Settings
) -> None:
    phone = await credentials(auth_client, "huashi.admin")
    laptop = await credentials(auth_client, "huashi.admin")
    other = await credentials(auth_client, "county.admin")
    user_id = CODEC.read(phone["accessToken"]).user_id
    assert user_id is not None
    engine = create_engine(users_database_url, settings)
    try:
        async with session_scope(create_session_factory(engine)) as session:
            ended = await revoke_sessions(session, user_id, now=datetime.now(UTC))
    finally:
        await engine.dispose()
    assert ended == 2
    for creds in (phone, laptop):
        assert (await auth_client.post(VIEWER, **bearer(creds["accessToken"]))).status_code == 401
        assert error_code(await refresh(auth_client, creds["refreshToken"])) == (
            "INVALID_REFRESH_TOKEN"
        )
    assert (await auth_client.post(VIEWER, **bearer(other["accessToken"]))).status_code == 200
