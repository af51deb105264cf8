"""Goal: a user changes their own password (the current one required, the new one meeting the
policy: at least 10 characters, not the username, not a common password), optionally ending
their other sessions; an administrator resets a password in scope to a one-time code, ending
the account's sessions, and until its owner chooses a new password their session holds no
role. No password is ever echoed or audited.

Method: the real app over the whole demo (``access_client``); every claim is checked by signing
in (or failing to) and by what the tokens may still do afterwards.
"""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest

from kit.database import to_libpq_url
from tests.support.auth import REFRESH, bearer, credentials, demo_user, login
from tests.support.graphql import GraphQLClient

ACCOUNT = "user { username }"
NEW_PASSWORD = "stable-Horse-battery-9"
VIEWER = "{ viewer { authenticated grants { role regionCode } } }"
PASSWORD_CHANGE_LOGIN = """mutation($username: String!, $password: String!) {
  login(input: {username: $username, password: $password}) {
    credentials { accessToken refreshToken passwordChangeRequired viewer { grants { role } } }
    userErrors { code }
  }
}"""


async def _mutate(
    client: GraphQLClient, headers: dict[str, str], name: str, selection: str, **input: Any
) -> dict[str, Any]:
    type_name = name[0].upper() + name[1:]
    query = (
        f"mutation($input: {type_name}Input!) {{ {name}(input: $input) "
        f"{{ {selection} userErrors {{ code field message }} }} }}"
    )
    payload: dict[str, Any] = (await client.data(query, {"input": input}, headers))[name]
    return payload


async def _change(
    client: GraphQLClient, headers: dict[str, str], old: str, new: str, **more: Any
) -> dict[str, Any]:
    return await _mutate(
        client, headers, "changePassword", ACCOUNT, oldPassword=old, newPassword=new, **more
    )


def _codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


async def _signs_in(client: GraphQLClient, username: str, password: str) -> bool:
    payload = await login(client, username, password)
    return payload["credentials"] is not None


async def _live(client: GraphQLClient, headers: dict[str, str]) -> bool:
    response = await client.post(VIEWER, None, **headers)
    assert response.status_code in (200, 401), response.text
    return response.status_code == 200


async def test_a_user_changes_their_own_password(access_client: GraphQLClient) -> None:
    old = demo_user("huashi.grid1").password
    headers = bearer((await credentials(access_client, "huashi.grid1"))["accessToken"])
    payload = await _change(access_client, headers, old, NEW_PASSWORD)
    assert payload == {"user": {"username": "huashi.grid1"}, "userErrors": []}
    assert not await _signs_in(access_client, "huashi.grid1", old)
    assert await _signs_in(access_client, "huashi.grid1", NEW_PASSWORD)
    # The session that changed it goes on, with its roles.
    assert await _live(access_client, headers)


@pytest.mark.parametrize(
    ("new", "code"),
    [
        ("short-pw9", "PASSWORD_TOO_SHORT"),
        ("x" * 129, "TOO_LONG"),
        ("Huashi.Grid1", "PASSWORD_IS_USERNAME"),
        ("1234567890", "PASSWORD_TOO_COMMON"),
        ("123456789a", "PASSWORD_TOO_COMMON"),
        ("qwertyuiop", "PASSWORD_TOO_COMMON"),
        ("WoAiNi1314", "PASSWORD_TOO_COMMON"),
        ("a123456789", "PASSWORD_TOO_COMMON"),
        ("password123", "PASSWORD_TOO_COMMON"),
    ],
)
async def test_a_new_password_outside_the_policy_is_refused_and_changes_nothing(
    access_client: GraphQLClient, new: str, code: str
) -> None:
    old = demo_user("huashi.grid1").password
    headers = bearer((await credentials(access_client, "huashi.grid1"))["accessToken"])
    response = await access_client.post(
        "mutation($input: ChangePasswordInput!) { changePassword(input: $input) "
        "{ user { username } userErrors { code field message } } }",
        {"input": {"oldPassword": old, "newPassword": new}},
        **headers,
    )
    payload = response.json()["data"]["changePassword"]
    assert payload["user"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, "newPassword")]
    # Neither password is echoed back.
    assert new not in response.text
    assert old not in response.text
    assert await _signs_in(access_client, "huashi.grid1", old)
    if len(new) <= 128:
        assert not await _signs_in(access_client, "huashi.grid1", new)


async def test_the_current_password_is_required(access_client: GraphQLClient) -> None:
    headers = bearer((await credentials(access_client, "huashi.grid1"))["accessToken"])
    payload = await _change(access_client, headers, "not-the-password", NEW_PASSWORD)
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("WRONG_PASSWORD", "oldPassword")
    ]
    assert not await _signs_in(access_client, "huashi.grid1", NEW_PASSWORD)
    assert await _signs_in(access_client, "huashi.grid1", demo_user("huashi.grid1").password)


async def test_wrong_passwords_count_as_failed_sign_ins(access_client: GraphQLClient) -> None:
    old = demo_user("huashi.grid1").password
    headers = bearer((await credentials(access_client, "huashi.grid1"))["accessToken"])
    codes = [
        _codes(await _change(access_client, headers, f"guess-{n}-wrong", NEW_PASSWORD))
        for n in range(3)
    ]
    assert codes == [["WRONG_PASSWORD"]] * 3
    # The third failure starts the sign-in delay (three free: ``sign_in_failures_free``): even
    # the right password waits now, here and at login, and nothing changed.
    assert _codes(await _change(access_client, headers, old, NEW_PASSWORD)) == ["TOO_MANY_ATTEMPTS"]
    refused = await login(access_client, "huashi.grid1", old)
    assert [e["code"] for e in refused["userErrors"]] == ["TOO_MANY_ATTEMPTS"]


async def test_anonymous_cannot_change_a_password(access_client: GraphQLClient) -> None:
    payload = await _change(access_client, {}, "whatever-it-is", NEW_PASSWORD)
    assert _codes(payload) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize("end_others", [True, False])
async def test_changing_the_password_ends_the_other_sessions_when_asked(
    access_client: GraphQLClient, end_others: bool
) -> None:
    old = demo_user("huashi.grid1").password
    this = bearer((await credentials(access_client, "huashi.grid1"))["accessToken"])
    other = await credentials(access_client, "huashi.grid1")
    payload = await _change(access_client, this, old, NEW_PASSWORD, endOtherSessions=end_others)
    assert payload["userErrors"] == []
    assert await _live(access_client, this)
    assert await _live(access_client, bearer(other["accessToken"])) is not end_others
    refreshed = await access_client.data(REFRESH, {"token": other["refreshToken"]})
    assert (refreshed["refreshToken"]["credentials"] is not None) is not end_others


async def _reset(client: GraphQLClient, admin: str, username: str) -> dict[str, Any]:
    headers = bearer((await credentials(client, admin))["accessToken"])
    return await _mutate(
        client, headers, "resetPassword", f"{ACCOUNT} oneTimeCode", username=username
    )


async def test_a_reset_account_must_choose_a_password_before_anything_else(
    access_client: GraphQLClient,
) -> None:
    mediator = await credentials(access_client, "xinfenglu.mediator")
    old = demo_user("xinfenglu.mediator").password
    payload = await _reset(access_client, "xinfenglu.admin", "xinfenglu.mediator")
    assert payload["userErrors"] == []
    assert payload["user"] == {"username": "xinfenglu.mediator"}
    code = payload["oneTimeCode"]
    assert len(code) >= 20
    # Its sessions ended at once, and its old password no longer works.
    assert not await _live(access_client, bearer(mediator["accessToken"]))
    assert not await _signs_in(access_client, "xinfenglu.mediator", old)

    signed_in = (
        await access_client.data(
            PASSWORD_CHANGE_LOGIN, {"username": "xinfenglu.mediator", "password": code}
        )
    )["login"]["credentials"]
    assert signed_in["passwordChangeRequired"] is True
    assert signed_in["viewer"]["grants"] == []
    headers = bearer(signed_in["accessToken"])
    # No role: what a mediator may read is refused until the password changes.
    viewer = await access_client.data(VIEWER, None, headers)
    assert viewer["viewer"] == {"authenticated": True, "grants": []}
    # A refresh keeps it role-less.
    refreshed = (await access_client.data(REFRESH, {"token": signed_in["refreshToken"]}))[
        "refreshToken"
    ]["credentials"]
    headers = bearer(refreshed["accessToken"])
    assert (await access_client.data(VIEWER, None, headers))["viewer"]["grants"] == []

    changed = await _change(access_client, headers, code, NEW_PASSWORD)
    assert changed["userErrors"] == []
    # The role-less token stops; a refresh brings the roles back.
    assert not await _live(access_client, headers)
    again = (await access_client.data(REFRESH, {"token": refreshed["refreshToken"]}))[
        "refreshToken"
    ]["credentials"]
    roles = (await access_client.data(VIEWER, None, bearer(again["accessToken"])))["viewer"]
    assert roles["grants"] == [{"role": "MEDIATOR", "regionCode": "130826001"}]
    fresh = (
        await access_client.data(
            PASSWORD_CHANGE_LOGIN, {"username": "xinfenglu.mediator", "password": NEW_PASSWORD}
        )
    )["login"]["credentials"]
    assert fresh["passwordChangeRequired"] is False
    assert fresh["viewer"]["grants"] == [{"role": "MEDIATOR"}]
    assert not await _signs_in(access_client, "xinfenglu.mediator", code)


@pytest.mark.parametrize(
    ("admin", "username", "code"),
    [
        ("dage.admin", "xinfenglu.mediator", "USER_NOT_FOUND"),  # another township's account
        ("huashi.admin", "xinfenglu.mediator", "USER_NOT_FOUND"),  # above the admin's subtree
        ("xinfenglu.admin", "xinfenglu.admin", "OWN_ACCOUNT"),
        ("xinfenglu.admin", "no.such.user", "USER_NOT_FOUND"),
        ("huashi.grid1", "resident.demo", "FORBIDDEN"),
        ("supermarket1.cashier", "resident.demo", "FORBIDDEN"),
    ],
)
async def test_a_reset_outside_ones_scope_is_refused_and_changes_nothing(
    access_client: GraphQLClient, admin: str, username: str, code: str
) -> None:
    payload = await _reset(access_client, admin, username)
    assert _codes(payload) == [code]
    assert payload["user"] is None
    assert payload["oneTimeCode"] is None
    if username != "no.such.user":
        assert await _signs_in(access_client, username, demo_user(username).password)


async def test_no_password_reaches_the_audit_log(
    access_client: GraphQLClient, people_database_url: str
) -> None:
    old = demo_user("huashi.grid1").password
    headers = bearer((await credentials(access_client, "huashi.grid1"))["accessToken"])
    await _change(access_client, headers, old, "1234567890")
    await _change(access_client, headers, old, NEW_PASSWORD)
    code = (await _reset(access_client, "huashi.admin", "huashi.grid1"))["oneTimeCode"]
    assert code
    connection = await asyncpg.connect(to_libpq_url(people_database_url))
    try:
        rows = await connection.fetch(
            "SELECT operation, target_ids FROM audit_log"
            " WHERE operation IN ('changePassword', 'resetPassword') ORDER BY id"
        )
    finally:
        await connection.close()
    user_id = await _user_id(people_database_url, "huashi.grid1")
    assert [(row["operation"], list(row["target_ids"])) for row in rows] == [
        ("changePassword", [f"user:{user_id}"]),
        ("changePassword", [f"user:{user_id}"]),
        ("resetPassword", ["user:huashi.grid1"]),
    ]
    text = repr([dict(row) for row in rows])
    for secret in (old, NEW_PASSWORD, "1234567890", code):
        assert secret not in text


async def _user_id(database_url: str, username: str) -> int:
    connection = await asyncpg.connect(to_libpq_url(database_url))
    try:
        user_id: int = await connection.fetchval(
            "SELECT id FROM users WHERE username = $1", username
        )
    finally:
        await connection.close()
    return user_id
