"""The databases of ``grassroots bench scale``: one per size, loaded with ``grassroots load-demo``.

A database is named after its size (``Size.database``) or given by ``--database``; one that
already holds residents is reused as it is, never reloaded (loading millions of persons takes
long). Those a run creates are dropped at its end unless ``--keep``.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bench.scale_figures import Size
from kit.database import (
    admin_connection,
    create_engine,
    create_session_factory,
    resolve_database_url,
    session_scope,
    with_database,
)
from kit.settings import Settings
from migrations import upgrade_to_head

FENGNING = "fengning"
CLI = "from api.cli.main import app; app()"
COUNTY = "130826"
# A province's load is one long transaction: a county's residents are generated (idle in
# transaction meanwhile) and then copied (one long statement); the server's guards are for
# requests, not for this.
LOAD_ENV = {
    "GRASSROOTS_IDLE_IN_TRANSACTION_TIMEOUT_MS": "0",
    "GRASSROOTS_STATEMENT_TIMEOUT_MS": "0",
}
TOP_REGION_SQL = "SELECT code FROM regions WHERE parent_id IS NULL ORDER BY length(code), code"


@dataclass(frozen=True)
class Loaded:
    """A size's database, what it holds, and whether this run created it."""

    size: Size
    url: str
    created: bool
    persons: int
    households: int
    top_code: str


def prepare(settings: Settings, size: Size, name: str, base: str | None = None) -> Loaded:
    """The size's database, created (a copy of the database ``base`` if given: see
    ``Size.base``), migrated and loaded if it holds no residents of its own yet."""
    server_url = resolve_database_url(settings, create=True)
    url = with_database(server_url, name)
    created = not asyncio.run(_exists(server_url, name))
    if created:
        template = f' TEMPLATE "{base}"' if base is not None else ""
        asyncio.run(_admin(server_url, f'CREATE DATABASE "{name}"{template}'))
    upgrade_to_head(url)  # a kept database may predate a migration merged since
    _persons, _households, top = asyncio.run(_facts(url, settings))
    if needs_load(size, top):
        load_demo(url, size)
    persons, households, top = asyncio.run(_facts(url, settings))
    return Loaded(size, url, created, persons, households, top)


def needs_load(size: Size, top_code: str) -> bool:
    """No regions yet, or only a county's where a province is wanted (``load-demo`` writes in
    one transaction: a database never holds half a load)."""
    return top_code == "" or (size.divisions != FENGNING and len(top_code) == len(COUNTY))


def load_demo(url: str, size: Size) -> None:
    """``grassroots load-demo`` in its own process (its own progress bar), on this database."""
    command = [sys.executable, "-c", CLI, "load-demo", "--scale", f"{size.scale:g}"]
    if size.divisions != FENGNING:
        command += ["--divisions", size.divisions]
    env = {**os.environ, "GRASSROOTS_DATABASE_URL": url, **LOAD_ENV}
    subprocess.run(command, env=env, check=True)


def drop(settings: Settings, name: str) -> None:
    server_url = resolve_database_url(settings, create=True)
    asyncio.run(_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _exists(server_url: str, name: str) -> bool:
    async with admin_connection(server_url) as admin:
        found = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
    return found is not None


async def _admin(server_url: str, statement: str) -> None:
    async with admin_connection(server_url) as admin:
        await admin.execute(statement)


async def _facts(url: str, settings: Settings) -> tuple[int, int, str]:
    """Persons, households (estimates from the planner's statistics, exact when small) and
    the code of the top region (the county, or the province)."""
    engine = create_engine(url, settings)
    try:
        async with session_scope(create_session_factory(engine)) as session:
            await session.execute(text("ANALYZE persons, households"))
            persons = await _count(session, "persons")
            households = await _count(session, "households")
            top = (await session.execute(text(TOP_REGION_SQL))).scalars().first()
    finally:
        await engine.dispose()
    return persons, households, top or ""


async def _count(session: AsyncSession, table: str) -> int:
    found = await session.execute(
        text("SELECT reltuples::bigint FROM pg_class WHERE relname = :table"), {"table": table}
    )
    return max(int(found.scalar_one()), 0)
