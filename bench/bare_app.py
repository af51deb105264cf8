"""The references: a bare Strawberry endpoint with the same caches and a trivial resolver, and
the same endpoint whose resolvers make one database round trip.

Served by the same uvicorn setup as the real app, so the ratio real/bare isolates what our
schema, database work and middleware cost. On a plain asyncpg pool and nothing else,
``{ one }`` (``SELECT 1``) is the ceiling for any request that must read the database, and
``mutation { write }`` (one INSERT, committed durably) for any request that must write.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import strawberry
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.types import Info

from api.schema import DOCUMENT_CACHE_SIZE_MAX
from kit.database import to_libpq_url
from kit.settings import Settings


@strawberry.type
class Query:
    @strawberry.field
    async def hello(self) -> str:
        return "world"

    @strawberry.field(description="One round trip to PostgreSQL: `SELECT 1`.")
    async def one(self, info: Info) -> int:
        pool: asyncpg.Pool = info.context["request"].app.state.pool
        async with pool.acquire() as connection:
            value: int = await connection.fetchval("SELECT 1")
        return value


@strawberry.type
class Mutation:
    @strawberry.mutation(description="One durable write: an INSERT committed on its own.")
    async def write(self, info: Info) -> int:
        pool: asyncpg.Pool = info.context["request"].app.state.pool
        async with pool.acquire() as connection:
            value: int = await connection.fetchval(WRITE_SQL)
        return value


WRITE_SQL = "INSERT INTO bare_writes DEFAULT VALUES RETURNING id"


def _schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE_MAX),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE_MAX),
        ],
    )


def create_bare_app() -> Starlette:
    return Starlette(routes=[Route("/graphql", GraphQL(_schema(), graphql_ide=None))])


def create_bare_db_app() -> Starlette:
    """The bare endpoint with a pool as large as the real app's, on ``GRASSROOTS_DATABASE_URL``."""
    settings = Settings()
    url = to_libpq_url(os.environ["GRASSROOTS_DATABASE_URL"])

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        size = settings.pool_size
        app.state.pool = await asyncpg.create_pool(url, min_size=size, max_size=size)
        await app.state.pool.execute(
            "CREATE TABLE IF NOT EXISTS bare_writes (id bigserial PRIMARY KEY, "
            "at timestamptz NOT NULL DEFAULT now())"
        )
        try:
            yield
        finally:
            await app.state.pool.close()

    route = Route("/graphql", GraphQL(_schema(), graphql_ide=None))
    return Starlette(routes=[route], lifespan=lifespan)
