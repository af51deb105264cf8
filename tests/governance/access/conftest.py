"""Fixtures for access-control domain tests: a session over the Fengning regions."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.passwords import Passwords
from kit.database import create_engine, create_session_factory
from kit.settings import Settings
from tests.support.auth import auth_settings


@pytest.fixture
def settings() -> Settings:
    return auth_settings()


@pytest.fixture
def passwords(settings: Settings) -> Passwords:
    return Passwords.from_settings(settings)


@pytest.fixture
async def demo_session(demo_database_url: str, settings: Settings) -> AsyncIterator[AsyncSession]:
    """A session over the demo regions; the test decides when to commit."""
    engine = create_engine(demo_database_url, settings)
    async with create_session_factory(engine)() as session:
        yield session
    await engine.dispose()
