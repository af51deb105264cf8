"""The Starlette application: routes, lifespan (engine and pool), body limits."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import Route

from api.auth.authentication import Authentication
from api.http.graphql_view import GraphQLView
from api.http.health import healthz, readyz
from api.http.sweeper import running_sweeper
from api.schema import schema
from kit import statement_counter
from kit.clock import Clock, SystemClock
from kit.database import create_engine, create_session_factory
from kit.settings import Settings, get_settings
from migrations import head_revisions


def create_app(settings: Settings, database_url: str, clock: Clock | None = None) -> Starlette:
    """An app bound to one database; the engine opens at startup and closes at shutdown.

    ``clock`` (default: the system's) is what deadlines read; tests pass a ``ManualClock``.
    """
    engine = create_engine(database_url, settings)
    if settings.debug_sql:
        statement_counter.install(engine)
    authentication = Authentication.from_settings(settings)
    clock = clock or SystemClock()
    session_factory = create_session_factory(engine)
    view = GraphQLView(schema, session_factory, settings, authentication, clock)
    interval_seconds = settings.escalation_sweep_interval_seconds

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.engine = engine
        app.state.migration_heads = head_revisions()
        async with running_sweeper(session_factory, clock, interval_seconds):
            yield
        await engine.dispose()

    routes = [
        Route("/graphql", view.handle, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def app_from_environment() -> Starlette:
    """Factory for uvicorn workers: ``serve`` resolved the database URL into the environment."""
    settings = get_settings()
    url = settings.database_url or os.environ["GRASSROOTS_DATABASE_URL"]
    return create_app(settings, url)
