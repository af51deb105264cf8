"""A scratch database for one benchmark run, created on the configured server and dropped after."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from kit.database import admin_connection, resolve_database_url, with_database
from kit.settings import Settings
from migrations import upgrade_to_head


@contextmanager
def scratch_database(settings: Settings, prefix: str) -> Iterator[str]:
    """Yield the URL of a fresh, migrated database; drop it afterwards, whatever happens."""
    server_url = resolve_database_url(settings, create=True)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(server_url, f'CREATE DATABASE "{name}"'))
    url = with_database(server_url, name)
    try:
        upgrade_to_head(url)
        yield url
    finally:
        asyncio.run(_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(url: str, statement: str) -> None:
    async with admin_connection(url) as admin:
        await admin.execute(statement)
