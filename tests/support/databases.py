"""Test databases: one migrated template per migration set, cloned per test (~0.1 s each).

``GRASSROOTS_TEST_DATABASE_URL`` points the suite at a real server (any database on it, used
only to create and drop others); otherwise an embedded PostgreSQL under ``.grassroots/`` runs.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from pathlib import Path

from kit.database import admin_connection, to_asyncpg_url, with_database
from kit.embedded import start_embedded
from migrations import MIGRATIONS_DIR, upgrade_to_head

TEMPLATE_PREFIX = "grassroots_tpl_"
TEST_PGDATA = Path(".grassroots") / "test-pgdata"


def server_url() -> str:
    configured = os.environ.get("GRASSROOTS_TEST_DATABASE_URL")
    if configured:
        return to_asyncpg_url(configured)
    return to_asyncpg_url(start_embedded(TEST_PGDATA.resolve()))


def migrations_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(MIGRATIONS_DIR.rglob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


async def _database_exists(url: str, name: str) -> bool:
    async with admin_connection(url) as admin:
        return bool(await admin.fetchval("SELECT 1 FROM pg_database WHERE datname=$1", name))


async def execute_admin(url: str, *statements: str) -> None:
    async with admin_connection(url) as admin:
        for statement in statements:
            await admin.execute(statement)


def ensure_migrated_template(url: str) -> str:
    """Name of a template database at migration head, created once per migration set."""
    name = TEMPLATE_PREFIX + migrations_fingerprint()
    if asyncio.run(_database_exists(url, name)):
        return name
    building = name + "_building"
    asyncio.run(
        execute_admin(
            url,
            f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)',
            f'CREATE DATABASE "{building}"',
        )
    )
    upgrade_to_head(with_database(url, building))
    asyncio.run(execute_admin(url, f'ALTER DATABASE "{building}" RENAME TO "{name}"'))
    return name


def create_database_from(url: str, template: str, prefix: str = "test_") -> str:
    name = prefix + uuid.uuid4().hex[:16]
    asyncio.run(execute_admin(url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    return name


async def create_database_from_async(url: str, template: str, prefix: str = "test_") -> str:
    name = prefix + uuid.uuid4().hex[:16]
    await execute_admin(url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return name


async def drop_database_async(url: str, name: str) -> None:
    await execute_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_database(url: str, name: str) -> None:
    asyncio.run(drop_database_async(url, name))
