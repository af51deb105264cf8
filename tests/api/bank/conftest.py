"""Fixtures for the morality bank over HTTP: the whole demo (with its bank), a controllable
clock, and signing in as demo users."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.http.settlement import settle_once
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.support.auth import auth_settings, bearer, credentials
from tests.support.clock import suite_now
from tests.support.graphql import GraphQLClient, graphql_client


@dataclass
class FakeClock:
    """The time business rules see: it runs from ``suite_now()`` (the system's instant unless
    ``GRASSROOTS_TEST_NOW`` pins it); ``advance`` moves it, the database clock does not move."""

    offset: dt.timedelta = field(default_factory=dt.timedelta)
    started_at: dt.datetime = field(default_factory=suite_now)
    started_monotonic: float = field(default_factory=time.monotonic)

    def now(self) -> dt.datetime:
        elapsed = dt.timedelta(seconds=time.monotonic() - self.started_monotonic)
        return self.started_at + elapsed + self.offset

    def __call__(self) -> dt.datetime:
        return self.now()

    def advance(self, delta: dt.timedelta) -> None:
        self.offset += delta


@pytest.fixture
def settings() -> Settings:
    return auth_settings()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def bank_client(
    settings: Settings, people_database_url: str, clock: FakeClock
) -> AsyncIterator[GraphQLClient]:
    async with graphql_client(settings, people_database_url, clock) as client:
        yield client


class As:
    """A demo user's requests: ``await users.data("huashi.admin", query, variables)``."""

    def __init__(self, client: GraphQLClient) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    async def headers(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            self.tokens[username] = (await credentials(self.client, username))["accessToken"]
        return bearer(self.tokens[username])

    async def data(
        self, username: str, query: str, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return await self.client.data(query, variables, await self.headers(username))


@pytest.fixture
def users(bank_client: GraphQLClient) -> As:
    return As(bank_client)


Settler = Callable[[], Awaitable[None]]


@pytest.fixture
async def settle(
    people_database_url: str, settings: Settings, clock: FakeClock
) -> AsyncIterator[Settler]:
    """One run of the server's settlement task (``settle_once``), as its background loop does:
    reads never write, so the ledger's statement shows an outcome once this has run."""
    engine = create_engine(people_database_url, settings)
    factory = create_session_factory(engine)

    async def run() -> None:
        await settle_once(factory, clock)

    yield run
    await engine.dispose()


@pytest.fixture
async def db(people_database_url: str, settings: Settings) -> AsyncIterator[AsyncSession]:
    """A committed unit of work on the bank tests' database, for setting up through services."""
    engine = create_engine(people_database_url, settings)
    async with session_scope(create_session_factory(engine)) as session:
        yield session
    await engine.dispose()
