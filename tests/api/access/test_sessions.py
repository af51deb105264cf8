"""Goal: a user lists their live sign-in sessions (the current one marked) and ends one of
them; another's session reads as absent; an administrator ends every session of an account in
their scope, none outside it and not their own. An ended session's access token answers 401
at the next request and its refresh token no longer refreshes.

Method: the real app over the whole demo (``access_client``); each claim is checked by what
the tokens may still do afterwards.
"""

from __future__ import annotations

from typing import Any

from tests.support.auth import REFRESH, bearer, credentials
from tests.support.graphql import GraphQLClient

SESSIONS = "{ viewer { sessions { id createdAt lastRefreshedAt current } } }"
END_SESSION = """mutation($id: ID!) {
  endSession(input: {sessionId: $id}) { session { id current } userErrors { code field } }
}"""
END_USER_SESSIONS = """mutation($username: String!) {
  endUserSessions(input: {username: $username}) {
    user { username } endedCount userErrors { code field }
  }
}"""
MEDIATOR = "xinfenglu.mediator"


async def _sign_in(client: GraphQLClient, username: str) -> tuple[dict[str, str], str]:
    signed_in = await credentials(client, username)
    return bearer(signed_in["accessToken"]), signed_in["refreshToken"]


async def _sessions(client: GraphQLClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (await client.data(SESSIONS, None, headers))["viewer"]["sessions"]
    return rows


async def _live(client: GraphQLClient, headers: dict[str, str]) -> bool:
    response = await client.post(SESSIONS, None, **headers)
    assert response.status_code in (200, 401), response.text
    return response.status_code == 200


async def _refreshes(client: GraphQLClient, refresh_token: str) -> bool:
    payload = (await client.data(REFRESH, {"token": refresh_token}))["refreshToken"]
    return payload["credentials"] is not None


async def _end_session(
    client: GraphQLClient, headers: dict[str, str], session_id: str
) -> dict[str, Any]:
    payload: dict[str, Any] = (await client.data(END_SESSION, {"id": session_id}, headers))[
        "endSession"
    ]
    return payload


async def _end_user_sessions(
    client: GraphQLClient, headers: dict[str, str], username: str
) -> dict[str, Any]:
    payload: dict[str, Any] = (
        await client.data(END_USER_SESSIONS, {"username": username}, headers)
    )["endUserSessions"]
    return payload


async def test_a_user_lists_their_sessions_marking_the_current_one(
    access_client: GraphQLClient,
) -> None:
    first, _ = await _sign_in(access_client, MEDIATOR)
    second, _ = await _sign_in(access_client, MEDIATOR)
    from_first, from_second = (
        await _sessions(access_client, first),
        await _sessions(access_client, second),
    )
    assert [row["id"] for row in from_first] == [row["id"] for row in from_second]
    [current_first] = [row["id"] for row in from_first if row["current"]]
    [current_second] = [row["id"] for row in from_second if row["current"]]
    assert current_first != current_second
    # Newest first; every listed session was refreshed (signed in) at least once.
    assert from_second[0]["id"] == current_second
    assert all(row["lastRefreshedAt"] is not None for row in from_first)
    # Another user's sessions are not listed.
    other, _ = await _sign_in(access_client, "huashi.grid1")
    others = {row["id"] for row in await _sessions(access_client, other)}
    assert not others & {row["id"] for row in from_first}
    # Anonymous: none.
    assert await _sessions(access_client, {}) == []


async def test_ending_an_own_session_revokes_it_at_once(access_client: GraphQLClient) -> None:
    kept, _ = await _sign_in(access_client, MEDIATOR)
    doomed, doomed_refresh = await _sign_in(access_client, MEDIATOR)
    [doomed_id] = [row["id"] for row in await _sessions(access_client, doomed) if row["current"]]
    payload = await _end_session(access_client, kept, doomed_id)
    assert payload == {"session": {"id": doomed_id, "current": False}, "userErrors": []}
    assert not await _live(access_client, doomed)
    assert not await _refreshes(access_client, doomed_refresh)
    assert await _live(access_client, kept)
    assert doomed_id not in {row["id"] for row in await _sessions(access_client, kept)}
    # Ended already: absent.
    again = await _end_session(access_client, kept, doomed_id)
    refused = [{"code": "SESSION_NOT_FOUND", "field": "sessionId"}]
    assert again == {"session": None, "userErrors": refused}


async def test_ending_the_current_session_signs_out(access_client: GraphQLClient) -> None:
    headers, refresh = await _sign_in(access_client, MEDIATOR)
    [current] = [row["id"] for row in await _sessions(access_client, headers) if row["current"]]
    payload = await _end_session(access_client, headers, current)
    assert payload == {"session": {"id": current, "current": True}, "userErrors": []}
    assert not await _live(access_client, headers)
    assert not await _refreshes(access_client, refresh)


async def test_another_users_session_reads_as_absent(access_client: GraphQLClient) -> None:
    victim, _ = await _sign_in(access_client, MEDIATOR)
    [victim_id] = [row["id"] for row in await _sessions(access_client, victim) if row["current"]]
    for intruder in ("huashi.grid1", "county.admin"):
        headers, _ = await _sign_in(access_client, intruder)
        payload = await _end_session(access_client, headers, victim_id)
        assert [error["code"] for error in payload["userErrors"]] == ["SESSION_NOT_FOUND"]
        assert payload["session"] is None
    assert await _live(access_client, victim)


async def test_an_admin_ends_every_session_of_an_account_in_scope(
    access_client: GraphQLClient,
) -> None:
    signed_in = [await _sign_in(access_client, MEDIATOR) for _ in range(2)]
    admin, _ = await _sign_in(access_client, "xinfenglu.admin")
    payload = await _end_user_sessions(access_client, admin, MEDIATOR)
    assert payload["userErrors"] == []
    assert payload["user"] == {"username": MEDIATOR}
    assert payload["endedCount"] == len(signed_in)
    for headers, refresh in signed_in:
        assert not await _live(access_client, headers)
        assert not await _refreshes(access_client, refresh)
    assert await _live(access_client, admin)
    # Nothing left to end: none ended, no refusal.
    again = await _end_user_sessions(access_client, admin, MEDIATOR)
    assert (again["endedCount"], again["userErrors"]) == (0, [])
    # A fresh sign-in works.
    fresh, _ = await _sign_in(access_client, MEDIATOR)
    assert await _live(access_client, fresh)


async def test_end_user_sessions_refusals(access_client: GraphQLClient) -> None:
    victim, _ = await _sign_in(access_client, MEDIATOR)
    cases = [
        ("dage.admin", MEDIATOR, "USER_NOT_FOUND"),  # another township: outside their scope
        ("huashi.grid1", MEDIATOR, "FORBIDDEN"),  # not an administrator
        ("xinfenglu.admin", "xinfenglu.admin", "OWN_ACCOUNT"),
    ]
    for caller, target, code in cases:
        headers, _ = await _sign_in(access_client, caller)
        payload = await _end_user_sessions(access_client, headers, target)
        assert [error["code"] for error in payload["userErrors"]] == [code], (caller, payload)
        assert (payload["user"], payload["endedCount"]) == (None, 0)
        assert await _live(access_client, headers)
    assert await _live(access_client, victim)
