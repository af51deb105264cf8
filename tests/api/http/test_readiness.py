"""Goal: /readyz answers 503 when the database is behind the code's migrations.

Method: an empty database that was never migrated, served by the real app.
"""

from __future__ import annotations

from kit.database import with_database
from kit.settings import Settings
from tests.support import databases
from tests.support.graphql import graphql_client


async def test_unmigrated_database_is_not_ready(pg_url: str) -> None:
    name = "test_unmigrated_readyz"
    await databases.drop_database_async(pg_url, name)
    await databases.execute_admin(pg_url, f'CREATE DATABASE "{name}"')
    try:
        async with graphql_client(Settings(), with_database(pg_url, name)) as client:
            response = await client.http.get("/readyz")
            assert response.status_code == 503
            assert response.json()["status"] == "migrations pending"
            assert (await client.http.get("/healthz")).status_code == 200
    finally:
        await databases.drop_database_async(pg_url, name)
