"""Signing in from tests: cheap password hashing, demo users, GraphQL helpers."""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr

from governance.access.demo import DEMO_USERS, DemoUser, load_demo_users
from governance.access.passwords import Passwords
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.support.graphql import GraphQLClient

TEST_JWT_SECRET = "test-only-secret-" + "0" * 32
# Argon2id at its cheapest: tests check behaviour, not cost.
FAST_HASHING: dict[str, Any] = {
    "password_hash_time_cost": 1,
    "password_hash_memory_kib": 8,
    "password_hash_parallelism": 1,
}

LOGIN = """mutation Login($username: String!, $password: String!) {
  login(input: {username: $username, password: $password}) {
    credentials { accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt
      viewer { authenticated grants { role regionCode } } }
    userErrors { code field message retryAt }
  }
}"""
REFRESH = """mutation Refresh($token: String!) {
  refreshToken(input: {refreshToken: $token}) {
    credentials { accessToken refreshToken }
    userErrors { code field message }
  }
}"""
LOGOUT = """mutation Logout($token: String!) {
  logout(input: {refreshToken: $token}) { ended userErrors { code field message } }
}"""
VIEWER = "{ viewer { authenticated user { username displayName } grants { role regionCode } } }"


def auth_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"jwt_secret": SecretStr(TEST_JWT_SECRET), **FAST_HASHING}
    return Settings(**(values | overrides))


def demo_user(username: str) -> DemoUser:
    return next(user for user in DEMO_USERS if user.username == username)


async def load_users(database_url: str, settings: Settings) -> None:
    engine = create_engine(database_url, settings)
    try:
        async with session_scope(create_session_factory(engine)) as session:
            await load_demo_users(session, Passwords.from_settings(settings))
    finally:
        await engine.dispose()


async def login(client: GraphQLClient, username: str, password: str) -> dict[str, Any]:
    variables = {"username": username, "password": password}
    payload: dict[str, Any] = (await client.data(LOGIN, variables))["login"]
    return payload


async def credentials(client: GraphQLClient, username: str) -> dict[str, Any]:
    """Sign a demo user in; return accessToken, refreshToken…"""
    payload = await login(client, username, demo_user(username).password)
    assert payload["userErrors"] == [], payload
    result: dict[str, Any] = payload["credentials"]
    return result


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}
