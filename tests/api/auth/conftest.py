"""Fixtures for authentication tests: the app over the demo regions and demo users."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from kit.settings import Settings
from tests.support.auth import auth_settings, load_users
from tests.support.graphql import GraphQLClient, graphql_client


@pytest.fixture
def settings() -> Settings:
    return auth_settings()


@pytest.fixture
async def users_database_url(demo_database_url: str, settings: Settings) -> str:
    await load_users(demo_database_url, settings)
    return demo_database_url


@pytest.fixture
async def auth_client(settings: Settings, users_database_url: str) -> AsyncIterator[GraphQLClient]:
    async with graphql_client(settings, users_database_url) as client:
        yield client
