"""The reference: a bare Strawberry endpoint with the same caches and a trivial resolver.

Served by the same uvicorn setup as the real app, so the ratio real/bare isolates what our
schema, database work and middleware cost.
"""

from __future__ import annotations

import strawberry
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache

from api.schema import DOCUMENT_CACHE_SIZE_MAX


@strawberry.type
class Query:
    @strawberry.field
    async def hello(self) -> str:
        return "world"


def create_bare_app() -> Starlette:
    schema = strawberry.Schema(
        query=Query,
        extensions=[
            lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE_MAX),
            lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE_MAX),
        ],
    )
    return Starlette(routes=[Route("/graphql", GraphQL(schema, graphql_ide=None))])
