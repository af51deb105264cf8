"""The app over the whole demo with its clock standing at ``NOW``, and signed-in headers."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest

from kit.clock import ManualClock
from kit.settings import Settings
from tests.support.auth import bearer, credentials
from tests.support.graphql import GraphQLClient, graphql_client

# The county's day is 2026-11-20 (noon in Beijing): the tests' dates are fixed, not today's.
NOW = dt.datetime(2026, 11, 20, 4, 0, tzinfo=dt.UTC)
UNLIMITED = {"rate_limit_burst_requests": 100_000, "rate_limit_refill_per_second": 10_000}


@pytest.fixture
async def keeper_client(people_database_url: str) -> AsyncIterator[GraphQLClient]:
    settings = Settings(background_tasks=False, **UNLIMITED)
    async with graphql_client(settings, people_database_url, ManualClock(NOW)) as client:
        yield client


@pytest.fixture
async def as_user(keeper_client: GraphQLClient) -> Any:
    """``await as_user("dage.admin")``: that demo user's authorization headers."""

    async def headers(username: str) -> dict[str, str]:
        return bearer((await credentials(keeper_client, username))["accessToken"])

    return headers
