"""The Starlette application: routes, lifespan (engine and pool), body limits."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import Route

from api.auth.authentication import Authentication
from api.context import Clock, utc_now
from api.http.exports import Exports
from api.http.graphql_view import GraphQLView
from api.http.health import healthz, readyz
from api.http.settlement import settle_forever
from api.schema import schema
from kit import statement_counter
from kit.database import create_engine, create_session_factory
from kit.settings import Settings, get_settings
from migrations import head_revisions


def create_app(settings: Settings, database_url: str, clock: Clock = utc_now) -> Starlette:
    """An app bound to one database; the engine opens at startup and closes at shutdown.

    ``clock`` is the time business rules see (announcement deadlines); tests pass their own.
    """
    engine = create_engine(database_url, settings)
    if settings.debug_sql:
        statement_counter.install(engine)
    authentication = Authentication.from_settings(settings)
    session_factory = create_session_factory(engine)
    view = GraphQLView(schema, session_factory, settings, authentication, clock)
    exports = Exports(session_factory, authentication)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.engine = engine
        app.state.migration_heads = head_revisions()
        settling = asyncio.create_task(settle_forever(session_factory, clock))
        yield
        settling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await settling
        await engine.dispose()

    routes = [
        Route("/graphql", view.handle, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/exports/announcements/{id:int}.{format:str}", exports.announcement),
        Route("/exports/certificates/{number:str}.pdf", exports.certificate),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def app_from_environment() -> Starlette:
    """Factory for uvicorn workers: ``serve`` resolved the database URL into the environment."""
    settings = get_settings()
    url = settings.database_url or os.environ["GRASSROOTS_DATABASE_URL"]
    return create_app(settings, url)
