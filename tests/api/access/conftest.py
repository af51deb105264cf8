"""Fixtures for authorization tests: the app over the whole demo and every demo user signed in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from governance.access.demo import DEMO_USERS
from kit.settings import Settings
from tests.support.auth import bearer, credentials
from tests.support.clock import suite_clock
from tests.support.graphql import GraphQLClient, graphql_client

ANONYMOUS = "anonymous"
# Every request of a test comes from one address and few users: no rate limit in the way.
UNLIMITED = {"rate_limit_burst_requests": 100_000, "rate_limit_refill_per_second": 10_000}


@pytest.fixture
async def access_client(people_database_url: str) -> AsyncIterator[GraphQLClient]:
    """The real ASGI app over the whole demo, counting statements per response."""
    # No background tasks: the ledger sealer would change the fingerprints the matrices compare
    # whenever a run takes longer than its interval (as under load).
    settings = Settings(debug_sql=True, background_tasks=False, **UNLIMITED)
    async with graphql_client(settings, people_database_url, suite_clock()) as client:
        yield client


@pytest.fixture
async def headers_by_user(access_client: GraphQLClient) -> dict[str, dict[str, str]]:
    """Authorization headers of every demo user, and none for ``ANONYMOUS``."""
    headers = {ANONYMOUS: {}}
    for user in DEMO_USERS:
        token = (await credentials(access_client, user.username))["accessToken"]
        headers[user.username] = bearer(token)
    return headers
