"""Workflow tests: the app over the demo regions and demo users, with a clock tests move.

Each test signs users in (cheap hashing) and moves ``clock`` instead of sleeping. The
background sweep is off unless a test turns it on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from kit.clock import ManualClock
from kit.settings import Settings
from tests.support.auth import auth_settings, bearer, credentials, load_users
from tests.support.clock import suite_clock
from tests.support.graphql import GraphQLClient, graphql_client

START = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)


@dataclass
class Desk:
    """A client over the app, the clock it reads, and tokens of signed-in demo users."""

    client: GraphQLClient
    clock: ManualClock
    tokens: dict[str, str]

    async def as_user(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            signed_in = await credentials(self.client, username)
            self.tokens[username] = signed_in["accessToken"]
        return bearer(self.tokens[username])

    async def data(self, username: str | None, query: str, **variables: Any) -> dict[str, Any]:
        headers = await self.as_user(username) if username else None
        return await self.client.data(query, variables or None, headers)

    async def mutate(self, username: str | None, mutation: str, **input: Any) -> dict[str, Any]:
        """Run a one-field mutation with ``input``; return its payload."""
        data = await self.data(username, mutation, input=input)
        payload: dict[str, Any] = next(iter(data.values()))
        return payload


def workflow_settings(**overrides: Any) -> Settings:
    return auth_settings(**({"escalation_sweep_interval_seconds": 0} | overrides))


@pytest.fixture
def settings() -> Settings:
    return workflow_settings()


@pytest.fixture
def clock() -> ManualClock:
    """Standing at ``START``, or at ``GRASSROOTS_TEST_NOW`` when the date-boundary runs pin it."""
    return suite_clock(START)


@pytest.fixture
async def desk(
    demo_database_url: str, settings: Settings, clock: ManualClock
) -> AsyncIterator[Desk]:
    """The app over the Fengning regions with the demo users (no residents)."""
    await load_users(demo_database_url, settings)
    async with graphql_client(settings, demo_database_url, clock) as client:
        yield Desk(client, clock, {})


def codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


@pytest.fixture
async def people_desk(
    people_database_url: str, settings: Settings, clock: ManualClock
) -> AsyncIterator[Desk]:
    """The app over the whole tiny demo (residents, committees, mediators, demo users)."""
    async with graphql_client(settings, people_database_url, clock) as client:
        yield Desk(client, clock, {})
