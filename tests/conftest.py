"""Fixtures shared by the whole suite: real PostgreSQL databases, sessions, the ASGI app."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from governance.demo import load_demo
from governance.regions.service import load_fengning
from kit.database import create_engine, create_session_factory, session_scope, with_database
from kit.settings import Settings
from tests.support import databases
from tests.support.auth import bearer, credentials
from tests.support.graphql import GraphQLClient, graphql_client


@pytest.fixture(scope="session")
def pg_url() -> str:
    return databases.server_url()


@pytest.fixture(scope="session")
def migrated_template(pg_url: str) -> str:
    return databases.ensure_migrated_template(pg_url)


@pytest.fixture(scope="session")
def demo_template(pg_url: str, migrated_template: str) -> Iterator[str]:
    """A template holding the Fengning regions, loaded through the same code as `load-demo`."""
    name = databases.create_database_from(pg_url, migrated_template, prefix="demo_tpl_")

    async def load() -> None:
        engine = create_engine(with_database(pg_url, name), Settings())
        async with session_scope(create_session_factory(engine)) as session:
            await load_fengning(session)
        await engine.dispose()

    asyncio.run(load())
    yield name
    databases.drop_database(pg_url, name)


# Enough for every village to have households and every grid a worker, yet fast (~1 s).
PEOPLE_SCALE = 0.002


@pytest.fixture(scope="session")
def people_template(pg_url: str, demo_template: str) -> Iterator[str]:
    """A template holding the whole demo (regions, residents, workers…) at a tiny scale."""
    name = databases.create_database_from(pg_url, demo_template, prefix="people_tpl_")

    async def load() -> None:
        engine = create_engine(with_database(pg_url, name), Settings())
        async with session_scope(create_session_factory(engine)) as session:
            await load_demo(session, scale=PEOPLE_SCALE)
        await engine.dispose()

    asyncio.run(load())
    yield name
    databases.drop_database(pg_url, name)


@pytest.fixture
async def database_url(pg_url: str, migrated_template: str) -> AsyncIterator[str]:
    """A fresh, empty, migrated database for one test."""
    name = await databases.create_database_from_async(pg_url, migrated_template)
    yield with_database(pg_url, name)
    await databases.drop_database_async(pg_url, name)


@pytest.fixture
async def demo_database_url(pg_url: str, demo_template: str) -> AsyncIterator[str]:
    """A fresh database holding the Fengning regions and grids, for one test."""
    name = await databases.create_database_from_async(pg_url, demo_template)
    yield with_database(pg_url, name)
    await databases.drop_database_async(pg_url, name)


@pytest.fixture
def settings() -> Settings:
    return Settings(graphiql=True, production=False, debug_sql=False)


@pytest.fixture
async def engine(database_url: str, settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, settings)
    yield engine
    await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
async def session(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with session_scope(session_factory) as session:
        yield session


@pytest.fixture
async def client(settings: Settings, demo_database_url: str) -> AsyncIterator[GraphQLClient]:
    """The real ASGI app over a database holding the Fengning regions."""
    async with graphql_client(settings, demo_database_url) as client:
        yield client


@pytest.fixture
async def debug_sql_client(demo_database_url: str) -> AsyncIterator[GraphQLClient]:
    """Like ``client`` but every response reports ``extensions.sql.statements``."""
    settings = Settings(debug_sql=True)
    async with graphql_client(settings, demo_database_url) as client:
        yield client


@pytest.fixture
async def people_database_url(pg_url: str, people_template: str) -> AsyncIterator[str]:
    """A fresh database holding the whole demo at ``PEOPLE_SCALE``, for one test."""
    name = await databases.create_database_from_async(pg_url, people_template)
    yield with_database(pg_url, name)
    await databases.drop_database_async(pg_url, name)


@pytest.fixture
async def people_client(
    settings: Settings, people_database_url: str
) -> AsyncIterator[GraphQLClient]:
    """The real ASGI app over the whole demo, counting statements per response, signed in as
    the county admin (who sees the whole county; scoping itself is tested in tests/api/access)."""
    debug = Settings(debug_sql=True)
    async with graphql_client(debug, people_database_url) as client:
        token = (await credentials(client, "county.admin"))["accessToken"]
        client.http.headers.update(bearer(token))
        yield client
