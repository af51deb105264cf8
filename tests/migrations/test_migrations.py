"""Goal: migrations alone build the schema the models describe, and they run down and up again.

Method: compare the migrated template database with the models' metadata (what `alembic check`
does), then downgrade a fresh database to base and upgrade it back to head.
"""

from __future__ import annotations

import asyncio

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

import governance.models
import ledger.models
from kit.models import Base
from migrations import alembic_config, head_revisions

assert governance.models
assert ledger.models


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_models_match_migrations(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []


def test_single_head() -> None:
    assert len(head_revisions()) == 1


async def test_downgrade_to_base_and_back(database_url: str) -> None:
    config = alembic_config(database_url)
    await asyncio.to_thread(command.downgrade, config, "base")
    await asyncio.to_thread(command.upgrade, config, "head")
